import type { MeasureDetail, MeasureEvent, WorkingGroupMember } from '../../../shared/domain/persons';
import {
  dayCount,
  plannedEnd,
  reportInDeadline,
  reportInObligations,
  suspensionsOf,
  suspendedDays,
  type MeasureKind,
  type MeasureStatus,
  type TermInput,
} from '../../../shared/domain/measures';
import type { Db } from '../kernel/db/database';
import { goodReasonIndex, goodReasonKey } from '../goodReasons/repo';

export interface MeasureRow {
  id: number;
  person_id: number;
  kind: MeasureKind;
  decision_number: string;
  decision_authority: string;
  decision_date: string;
  delivery_date: string;
  report_in_date: string | null;
  term_months: number;
  credited_days: number;
  status: MeasureStatus;
  planned_end: string | null;
  ended_on: string | null;
  discharge_notice_number: string | null;
  discharge_notice_date: string | null;
  discharge_notified_on: string | null;
  notes: string;
  created_at: string;
}

interface EventRow {
  id: number;
  action: MeasureEvent['action'];
  from_status: MeasureStatus | null;
  to_status: MeasureStatus;
  date: string;
  reason_code: string | null;
  reason: string;
  destination: string;
  user_name: string | null;
  created_at: string;
}

export function findMeasureRow(db: Db, id: number): MeasureRow | undefined {
  return db.prepare('SELECT * FROM measures WHERE id = ?').get(id) as MeasureRow | undefined;
}

export function measureEvents(db: Db, measureId: number): MeasureEvent[] {
  return (db.prepare('SELECT * FROM measure_events WHERE measure_id = ? ORDER BY date, id').all(measureId) as EventRow[]).map((e) => ({
    id: e.id,
    action: e.action,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    date: e.date,
    reasonCode: e.reason_code,
    reason: e.reason,
    destination: e.destination,
    userName: e.user_name,
    createdAt: e.created_at,
  }));
}

export function termOf(row: MeasureRow, events: readonly Pick<MeasureEvent, 'action' | 'date'>[]): TermInput {
  return {
    reportInDate: row.report_in_date,
    termMonths: row.term_months,
    suspensions: suspensionsOf(events),
    creditedDays: row.credited_days,
  };
}

export function workingGroup(db: Db, measureId: number): WorkingGroupMember[] {
  return db
    .prepare('SELECT id, role, name, phone FROM measure_group_members WHERE measure_id = ? ORDER BY position')
    .all(measureId) as WorkingGroupMember[];
}

/** The measure as shown: a running measure's term is computed as of `today`, an ended one as of its end. */
export function toMeasureDetail(db: Db, row: MeasureRow, today: string): MeasureDetail {
  const events = measureEvents(db, row.id);
  const term = termOf(row, events);
  const asOf = row.ended_on ?? today;
  const reasons = goodReasonIndex(db, row.person_id);
  const reportIns = reportInObligations(row.delivery_date, events, row.report_in_date).map((o) => ({
    ...o,
    late: (o.reportedOn ?? today) > o.deadline,
    goodReason: reasons.get(goodReasonKey({ subject: 'report_in', measureId: row.id, reportInFrom: o.from, testId: null, absenceId: null })) ?? null,
  }));
  return {
    id: row.id,
    personId: row.person_id,
    kind: row.kind,
    decisionNumber: row.decision_number,
    decisionAuthority: row.decision_authority,
    decisionDate: row.decision_date,
    deliveryDate: row.delivery_date,
    reportInDeadline: reportIns.at(-1)?.deadline ?? reportInDeadline(row.delivery_date),
    reportInDate: row.report_in_date,
    termMonths: row.term_months,
    creditedDays: row.credited_days,
    suspendedDays: suspendedDays(term.suspensions, asOf),
    status: row.status,
    plannedEnd: plannedEnd(term, asOf),
    dayCount: dayCount(term, asOf),
    endedOn: row.ended_on,
    reportIns,
    dischargeNotice:
      row.discharge_notice_number && row.discharge_notice_date && row.discharge_notified_on
        ? { number: row.discharge_notice_number, issuedOn: row.discharge_notice_date, notifiedOn: row.discharge_notified_on }
        : null,
    notes: row.notes,
    events,
    workingGroup: workingGroup(db, row.id),
    createdAt: row.created_at,
  };
}

export function measuresOfPerson(db: Db, personId: number): MeasureRow[] {
  return db.prepare('SELECT * FROM measures WHERE person_id = ? ORDER BY decision_date DESC, id DESC').all(personId) as MeasureRow[];
}
