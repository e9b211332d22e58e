import { HavenError } from '../../../shared/ipc/errors';
import { canApply, plannedEnd, reportInObligations, TRANSITIONS } from '../../../shared/domain/measures';
import { refuseWhileBreachUnreported } from '../kernel/breaches';
import { insertGoodReason, requireOwnAttachment } from '../goodReasons/write';
import type { dischargeNoticeFieldsSchema, measureDecisionSchema, measureTransitionSchema, workingGroupMemberSchema } from '../../../shared/schemas/measure';
import type { z } from 'zod';
import { invalidateAlerts } from '../kernel/invalidate';
import { fieldChanges, type Ops } from '../kernel/ops';
import { findMeasureRow, measureEvents, termOf, type MeasureRow } from './repo';

type Decision = z.output<typeof measureDecisionSchema>;
type Transition = z.output<typeof measureTransitionSchema>;
type Member = z.output<typeof workingGroupMemberSchema>;
type Notice = z.output<typeof dischargeNoticeFieldsSchema>;

function requireMeasure(ops: Ops, id: number): MeasureRow {
  const row = findMeasureRow(ops.db, id);
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.MEASURE_NOT_FOUND' });
  return row;
}

function notInFuture(ops: Ops, date: string, field: string): void {
  if (date > ops.today) throw new HavenError('VALIDATION', { fields: { [field]: 'validation.dateInFuture' } });
}

/** Re-reads the events and stores the planned end as of `asOf`, so lists can sort and filter by it. */
function storePlannedEnd(ops: Ops, measureId: number, asOf: string): void {
  const row = requireMeasure(ops, measureId);
  const end = plannedEnd(termOf(row, measureEvents(ops.db, measureId)), row.ended_on ?? asOf);
  ops.db.prepare('UPDATE measures SET planned_end = ?, updated_at = ? WHERE id = ?').run(end, ops.now.toISOString(), measureId);
}

/** Every measure change touches the person's file and makes their alerts stale. */
function touchPerson(ops: Ops, personId: number): void {
  invalidateAlerts(ops.db, personId);
  ops.db.prepare('UPDATE persons SET updated_at = ?, updated_by = ? WHERE id = ?').run(ops.now.toISOString(), ops.actor.username, personId);
}

/** Registers a decision: a new measure waiting for report-in; at most one measure runs at a time. */
export function registerMeasure(ops: Ops, personId: number, decision: Decision): number {
  notInFuture(ops, decision.decisionDate, 'decision.decisionDate');
  notInFuture(ops, decision.deliveryDate, 'decision.deliveryDate');
  const person = ops.db.prepare('SELECT id, archived_at FROM persons WHERE id = ?').get(personId) as { archived_at: string | null } | undefined;
  if (!person) throw new HavenError('NOT_FOUND', { messageKey: 'errors.PERSON_NOT_FOUND' });
  if (person.archived_at) throw new HavenError('CONFLICT', { messageKey: 'errors.PERSON_ARCHIVED' });
  const open = ops.db
    .prepare(`SELECT id FROM measures WHERE person_id = ? AND status IN ('pending_report', 'active', 'suspended')`)
    .get(personId);
  if (open) throw new HavenError('CONFLICT', { messageKey: 'errors.MEASURE_ALREADY_OPEN' });
  return ops.db.transaction(() => {
    const at = ops.now.toISOString();
    const id = Number(
      ops.db
        .prepare(
          `INSERT INTO measures (person_id, kind, decision_number, decision_authority, decision_date, delivery_date,
             term_months, credited_days, status, notes, created_at, updated_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending_report', ?, ?, ?, ?)`,
        )
        .run(
          personId,
          decision.kind,
          decision.decisionNumber,
          decision.decisionAuthority,
          decision.decisionDate,
          decision.deliveryDate,
          decision.termMonths,
          decision.creditedDays,
          decision.notes,
          at,
          at,
          ops.actor.username,
        ).lastInsertRowid,
    );
    insertEvent(ops, id, { action: 'register', from: null, to: 'pending_report', date: decision.deliveryDate });
    ops.db.prepare('UPDATE persons SET current_measure_id = ? WHERE id = ?').run(id, personId);
    touchPerson(ops, personId);
    ops.audit({ action: 'measures.create', entity: 'measure', entityId: id, details: { personId, kind: decision.kind, decisionNumber: decision.decisionNumber } });
    return id;
  })();
}

function insertEvent(
  ops: Ops,
  measureId: number,
  event: { action: string; from: string | null; to: string; date: string; reasonCode?: string | null; reason?: string; destination?: string },
): void {
  ops.db
    .prepare(
      `INSERT INTO measure_events (measure_id, action, from_status, to_status, date, reason_code, reason, destination, user_id, user_name, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      measureId,
      event.action,
      event.from,
      event.to,
      event.date,
      event.reasonCode ?? null,
      event.reason ?? '',
      event.destination ?? '',
      ops.actor.userId,
      ops.actor.displayName ?? ops.actor.username,
      ops.now.toISOString(),
    );
}

/** One legal move of the state machine, dated, reasoned and attributed. */
export function transitionMeasure(ops: Ops, input: Transition): void {
  const row = requireMeasure(ops, input.measureId);
  if (!canApply(input.action, row.status)) {
    throw new HavenError('CONFLICT', { messageKey: 'errors.ILLEGAL_TRANSITION', params: { action: input.action, status: row.status } });
  }
  notInFuture(ops, input.date, 'date');
  if (input.action === 'report_in' && input.date < row.delivery_date) {
    throw new HavenError('VALIDATION', { fields: { date: 'validation.reportInBeforeDelivery' } });
  }
  const events = measureEvents(ops.db, row.id);
  const last = events.at(-1);
  if (last && input.date < last.date) {
    throw new HavenError('VALIDATION', { messageKey: 'errors.DATE_BEFORE_LAST_EVENT', params: { date: last.date }, fields: { date: 'validation.dateBeforeLastEvent' } });
  }
  if (input.action === 'complete') {
    const end = plannedEnd(termOf(row, events), input.date);
    if (end === null || input.date < end) {
      throw new HavenError('CONFLICT', { messageKey: 'errors.TERM_NOT_ENDED', params: { plannedEnd: end ?? '' } });
    }
    // 解除 does not answer a serious breach: it is reported first (RR art. 21).
    refuseWhileBreachUnreported(ops.db, row.person_id, ops.today, 'errors.COMPLETE_WITH_UNREPORTED_BREACH');
    if (input.dischargeNotice) checkNotice(ops, input.dischargeNotice, 'dischargeNotice');
  }
  // A late report-in is accepted (it is a fact) but counts as refusal unless a 正当理由 answers it.
  const obligation = input.action === 'report_in' ? reportInObligations(row.delivery_date, events).at(-1) : undefined;
  if (input.goodReason) {
    if (!obligation || input.date <= obligation.deadline) throw new HavenError('VALIDATION', { fields: { goodReason: 'validation.goodReasonNotLate' } });
    notInFuture(ops, input.goodReason.decidedOn, 'goodReason.decidedOn');
    requireOwnAttachment(ops, row.person_id, input.goodReason.attachmentId);
  }
  const to = TRANSITIONS[input.action].to;
  // After a transfer (RR art. 22) report-in at the new station does not restart the term.
  const keepsReportIn = input.action === 'report_in' && row.report_in_date !== null && events.some((e) => e.action === 'transfer_in');
  const ends = to === 'completed' || to === 'terminated' || to === 'transferred_out';
  ops.db.transaction(() => {
    ops.db
      .prepare(
        `UPDATE measures SET status = ?, report_in_date = CASE WHEN ? THEN ? ELSE report_in_date END,
           ended_on = CASE WHEN ? THEN ? ELSE ended_on END, updated_at = ? WHERE id = ?`,
      )
      .run(to, input.action === 'report_in' && !keepsReportIn ? 1 : 0, input.date, ends ? 1 : 0, input.date, ops.now.toISOString(), row.id);
    insertEvent(ops, row.id, {
      action: input.action,
      from: row.status,
      to,
      date: input.date,
      reasonCode: input.reasonCode,
      reason: input.reason,
      destination: input.destination,
    });
    if (input.action === 'complete' && input.dischargeNotice) writeNotice(ops, row.id, input.dischargeNotice);
    let goodReasonId: number | null = null;
    if (input.goodReason && obligation) {
      goodReasonId = insertGoodReason(ops, { personId: row.person_id, subject: 'report_in', measureId: row.id, reportInFrom: obligation.from, testId: null, absenceId: null }, input.goodReason);
    }
    storePlannedEnd(ops, row.id, input.date);
    touchPerson(ops, row.person_id);
    ops.audit({
      action: `measures.${input.action}`,
      entity: 'measure',
      entityId: row.id,
      details: {
        personId: row.person_id,
        from: row.status,
        to,
        date: input.date,
        reasonCode: input.reasonCode,
        reason: input.reason,
        ...(obligation ? { deadline: obligation.deadline, late: input.date > obligation.deadline, goodReasonId } : {}),
        ...(input.dischargeNotice ? { dischargeNotice: input.dischargeNotice } : {}),
      },
    });
  })();
}

/** `path`: where the notice sits in the call's input, so the form marks the right field. */
function checkNotice(ops: Ops, notice: Notice, path: 'dischargeNotice' | 'notice'): void {
  notInFuture(ops, notice.issuedOn, `${path}.issuedOn`);
  notInFuture(ops, notice.notifiedOn, `${path}.notifiedOn`);
}

function writeNotice(ops: Ops, measureId: number, notice: Notice): void {
  ops.db
    .prepare('UPDATE measures SET discharge_notice_number = ?, discharge_notice_date = ?, discharge_notified_on = ?, updated_at = ? WHERE id = ?')
    .run(notice.number, notice.issuedOn, notice.notifiedOn, ops.now.toISOString(), measureId);
}

/**
 * The police 解除社区戒毒/康复通知书 (RR art. 23, 40), issued at the term's end and sent to the
 * station within 7 days; the worklist reminds until it is recorded.
 */
export function recordDischargeNotice(ops: Ops, measureId: number, notice: Notice): void {
  const row = requireMeasure(ops, measureId);
  const end = plannedEnd(termOf(row, measureEvents(ops.db, row.id)), row.ended_on ?? ops.today);
  if (!(row.status === 'completed' || (row.status === 'active' && end !== null && end < ops.today))) {
    throw new HavenError('CONFLICT', { messageKey: 'errors.NOTICE_BEFORE_TERM_END', params: { plannedEnd: end ?? '' } });
  }
  checkNotice(ops, notice, 'notice');
  ops.db.transaction(() => {
    writeNotice(ops, measureId, notice);
    touchPerson(ops, row.person_id);
    ops.audit({ action: 'measures.recordDischargeNotice', entity: 'measure', entityId: measureId, details: { personId: row.person_id, ...notice } });
  })();
}

/** Corrects a decision's details; the kind is fixed once the person has reported in. */
export function updateDecision(ops: Ops, measureId: number, decision: Decision): void {
  const row = requireMeasure(ops, measureId);
  if (row.kind !== decision.kind && row.status !== 'pending_report') {
    throw new HavenError('CONFLICT', { messageKey: 'errors.MEASURE_KIND_FIXED' });
  }
  notInFuture(ops, decision.deliveryDate, 'decision.deliveryDate');
  if (row.report_in_date && decision.deliveryDate > row.report_in_date) {
    throw new HavenError('VALIDATION', { fields: { 'decision.deliveryDate': 'validation.reportInBeforeDelivery' } });
  }
  const before = {
    kind: row.kind,
    decisionNumber: row.decision_number,
    decisionAuthority: row.decision_authority,
    decisionDate: row.decision_date,
    deliveryDate: row.delivery_date,
    termMonths: row.term_months,
    creditedDays: row.credited_days,
    notes: row.notes,
  };
  const changes = fieldChanges(before, decision);
  if (Object.keys(changes).length === 0) return;
  ops.db.transaction(() => {
    ops.db
      .prepare(
        `UPDATE measures SET kind = ?, decision_number = ?, decision_authority = ?, decision_date = ?, delivery_date = ?,
           term_months = ?, credited_days = ?, notes = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        decision.kind,
        decision.decisionNumber,
        decision.decisionAuthority,
        decision.decisionDate,
        decision.deliveryDate,
        decision.termMonths,
        decision.creditedDays,
        decision.notes,
        ops.now.toISOString(),
        measureId,
      );
    storePlannedEnd(ops, measureId, ops.today);
    touchPerson(ops, row.person_id);
    ops.audit({ action: 'measures.update', entity: 'measure', entityId: measureId, details: { personId: row.person_id, changes } });
  })();
}

export function setWorkingGroup(ops: Ops, measureId: number, members: Member[]): void {
  const row = requireMeasure(ops, measureId);
  ops.db.transaction(() => {
    ops.db.prepare('DELETE FROM measure_group_members WHERE measure_id = ?').run(measureId);
    const insert = ops.db.prepare('INSERT INTO measure_group_members (measure_id, position, role, name, phone) VALUES (?, ?, ?, ?, ?)');
    members.forEach((m, i) => insert.run(measureId, i, m.role, m.name, m.phone));
    touchPerson(ops, row.person_id);
    ops.audit({ action: 'measures.setWorkingGroup', entity: 'measure', entityId: measureId, details: { personId: row.person_id, members: members.length } });
  })();
}
