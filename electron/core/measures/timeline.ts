import type { TimelineEntry } from '../../../shared/domain/persons';
import type { Db } from '../kernel/db/database';

/** Timeline: every event of every measure of the person (registration, report-in, suspensions, end). */
export function measureTimeline(db: Db, personId: number): TimelineEntry[] {
  const rows = db
    .prepare(
      `SELECT e.id, e.action, e.date, e.reason_code, e.reason, e.destination, e.user_name, m.kind, m.decision_number
       FROM measure_events e JOIN measures m ON m.id = e.measure_id WHERE m.person_id = ?`,
    )
    .all(personId) as {
    id: number;
    action: string;
    date: string;
    reason_code: string | null;
    reason: string;
    destination: string;
    user_name: string | null;
    kind: string;
    decision_number: string;
  }[];
  return rows.map((r) => ({
    key: `measure-event:${String(r.id).padStart(10, '0')}`,
    date: r.date,
    kind: `measure.${r.action}`,
    params: { kind: r.kind, decisionNumber: r.decision_number, reasonCode: r.reason_code ?? '', destination: r.destination },
    detail: r.reason,
    by: r.user_name,
  }));
}
