import { HavenError } from '../../../shared/ipc/errors';
import { addDays, chinaDay } from '../../../shared/domain/dates';
import { leaveDays, type Leave, type LeaveStatus } from '../../../shared/domain/supervision';
import type { TimelineEntry } from '../../../shared/domain/persons';
import type { leaveCorrectionSchema, leaveDecisionSchema, leaveRequestSchema, leaveReturnSchema } from '../../../shared/schemas/supervision';
import type { z } from 'zod';
import { insertAbsence } from '../absences/service';
import { notAfterToday, requireOpenFile, requireRecord, writeFor } from '../kernel/records';
import type { Db } from '../kernel/db/database';
import { fieldChanges, type Ops } from '../kernel/ops';
import { getSupervisionSettings } from '../kernel/supervisionSettings';

interface Row {
  id: number;
  person_id: number;
  measure_id: number | null;
  reason: string;
  province: string;
  city: string;
  county: string;
  address: string;
  start_date: string;
  end_date: string;
  days: number;
  status: LeaveStatus;
  decision_note: string;
  decided_by: string | null;
  decided_on: string | null;
  returned_on: string | null;
  return_note: string;
  cancelled_on: string | null;
  cancelled_by: string | null;
  cancel_reason: string;
  created_at: string;
  created_by: string | null;
}

/**
 * A leave withdrawn before migration 0016 (or at a station not yet updated, in its bundle) has no
 * withdrawal date and its reason in decision_note, where withdrawing used to write it.
 */
const withdrawnWithoutDate = (r: Row) => r.status === 'cancelled' && r.cancelled_on === null;

const toLeave = (r: Row): Leave => ({
  id: r.id,
  measureId: r.measure_id,
  reason: r.reason,
  province: r.province,
  city: r.city,
  county: r.county,
  address: r.address,
  startDate: r.start_date,
  endDate: r.end_date,
  days: r.days,
  status: r.status,
  decisionNote: withdrawnWithoutDate(r) ? '' : r.decision_note,
  decidedBy: r.decided_by,
  decidedOn: r.decided_on,
  returnedOn: r.returned_on,
  returnNote: r.return_note,
  cancelledOn: r.cancelled_on,
  cancelledBy: r.cancelled_by,
  cancelReason: withdrawnWithoutDate(r) ? r.decision_note : r.cancel_reason,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

const get = (ops: Ops, id: number) => toLeave(ops.db.prepare('SELECT * FROM leaves WHERE id = ?').get(id) as Row);
const requireLeave = (ops: Ops, id: number) => requireRecord<Row>(ops, 'leaves', id, 'errors.RECORD_NOT_FOUND');

function refuseIn(row: Row, allowed: LeaveStatus[]): void {
  if (!allowed.includes(row.status)) throw new HavenError('CONFLICT', { messageKey: 'errors.LEAVE_STATE', params: { status: row.status } });
}

export function listLeaves(db: Db, personId: number): Leave[] {
  return (db.prepare('SELECT * FROM leaves WHERE person_id = ? ORDER BY start_date DESC, id DESC').all(personId) as Row[]).map(toLeave);
}

/**
 * A leave request (请假): when the station requires approval it waits for a decision, otherwise
 * it is the registration of the written report RR art. 19 asks for.
 */
/**
 * The rules a leave's request must meet, whether recorded or corrected: a running measure, and a
 * live leave (`live`) overlaps no other live leave (a withdrawn or finished one blocks nothing).
 */
function checkLeave(ops: Ops, personId: number, leave: z.output<typeof leaveRequestSchema>, exceptId: number | null, live = true): number {
  const { measureId } = requireOpenFile(ops, personId);
  if (measureId === null) throw new HavenError('CONFLICT', { messageKey: 'errors.NO_OPEN_MEASURE' });
  if (!live) return measureId;
  const overlapping = ops.db
    .prepare(
      `SELECT id FROM leaves WHERE person_id = ? AND status IN ('requested', 'approved', 'registered')
       AND start_date <= ? AND end_date >= ? AND id IS NOT ?`,
    )
    .get(personId, leave.endDate, leave.startDate, exceptId);
  if (overlapping) throw new HavenError('CONFLICT', { messageKey: 'errors.LEAVE_OVERLAP' });
  return measureId;
}

export function createLeave(ops: Ops, personId: number, leave: z.output<typeof leaveRequestSchema>): Leave {
  const measureId = checkLeave(ops, personId, leave, null);
  const status: LeaveStatus = getSupervisionSettings(ops.db).leaveApprovalRequired ? 'requested' : 'registered';
  const id = writeFor(ops, personId, () => {
    const newId = Number(
      ops.db
        .prepare(
          `INSERT INTO leaves (person_id, measure_id, reason, province, city, county, address, start_date, end_date, days, status, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(personId, measureId, leave.reason, leave.province, leave.city, leave.county, leave.address, leave.startDate, leave.endDate, leaveDays(leave.startDate, leave.endDate), status, ops.now.toISOString(), ops.actor.displayName ?? ops.actor.username)
        .lastInsertRowid,
    );
    ops.audit({ action: `leaves.${status === 'requested' ? 'request' : 'register'}`, entity: 'person', entityId: personId, details: { leaveId: newId, start: leave.startDate, end: leave.endDate } });
    return newId;
  });
  return get(ops, id);
}

export function decideLeave(ops: Ops, input: z.output<typeof leaveDecisionSchema>): Leave {
  const row = requireLeave(ops, input.leaveId);
  refuseIn(row, ['requested']);
  const status: LeaveStatus = input.decision === 'approve' ? 'approved' : 'rejected';
  writeFor(ops, row.person_id, () => {
    ops.db
      .prepare('UPDATE leaves SET status = ?, decision_note = ?, decided_by = ?, decided_on = ? WHERE id = ?')
      .run(status, input.note, ops.actor.displayName ?? ops.actor.username, ops.today, row.id);
    ops.audit({ action: `leaves.${input.decision}`, entity: 'person', entityId: row.person_id, details: { leaveId: row.id, note: input.note } });
  });
  return get(ops, row.id);
}

/**
 * 销假. From the day after the approved end the person was away without permission: that
 * absence opened by itself (see absences) and is stored here with its end, once.
 */
export function returnFromLeave(ops: Ops, input: z.output<typeof leaveReturnSchema>): Leave {
  const row = requireLeave(ops, input.leaveId);
  refuseIn(row, ['approved', 'registered']);
  notAfterToday(ops, input.returnedOn, 'returnedOn');
  if (input.returnedOn < row.start_date) throw new HavenError('VALIDATION', { fields: { returnedOn: 'validation.returnBeforeStart' } });
  writeFor(ops, row.person_id, () => {
    ops.db.prepare(`UPDATE leaves SET status = 'returned', returned_on = ?, return_note = ? WHERE id = ?`).run(input.returnedOn, input.note, row.id);
    let absenceId: number | null = null;
    if (input.returnedOn > row.end_date) {
      absenceId = insertAbsence(
        ops,
        row.person_id,
        row.measure_id,
        { fromDate: addDays(row.end_date, 1), toDate: input.returnedOn, discovered: 'leave_overstay', notes: input.note },
        row.id,
      );
    }
    ops.audit({ action: 'leaves.return', entity: 'person', entityId: row.person_id, details: { leaveId: row.id, returnedOn: input.returnedOn, late: absenceId !== null, absenceId } });
  });
  return get(ops, row.id);
}

export function cancelLeave(ops: Ops, leaveId: number, reason: string): Leave {
  const row = requireLeave(ops, leaveId);
  refuseIn(row, ['requested', 'approved', 'registered']);
  // Past its end the person is away without permission until 销假: cancelling would erase those days.
  if (row.status !== 'requested' && row.end_date < ops.today) throw new HavenError('CONFLICT', { messageKey: 'errors.LEAVE_ENDED_RETURN_FIRST', params: { endDate: row.end_date } });
  writeFor(ops, row.person_id, () => {
    ops.db
      .prepare(`UPDATE leaves SET status = 'cancelled', cancelled_on = ?, cancelled_by = ?, cancel_reason = ? WHERE id = ?`)
      .run(ops.today, ops.actor.displayName ?? ops.actor.username, reason, row.id);
    ops.audit({ action: 'leaves.cancel', entity: 'person', entityId: row.person_id, details: { leaveId: row.id, reason } });
  });
  return get(ops, row.id);
}

/** Whether a leave's period (start and end) may still be corrected in its state; see correctLeave. */
const PERIOD_CORRECTABLE: readonly LeaveStatus[] = ['requested', 'registered'];
const LIVE: readonly LeaveStatus[] = ['requested', 'approved', 'registered'];

/**
 * 更正 of a leave, with a reason; the audit keeps each changed field's old and new value. What may
 * change depends on where the leave stands, so that a correction never leaves a record that
 * recording would refuse, nor a decision nobody took:
 * - requested, registered: all the request carries (reason, place, period). Nobody has decided on
 *   the period yet, or a written report (RR art. 19) needs no decision; the period meets the
 *   request's rules (a running measure, end not before start, no overlap with another live leave).
 * - approved, rejected, cancelled: the reason and the place only. The period is what was decided
 *   on; another period is a new request (withdraw this one), or the correction would make an
 *   approval nobody gave.
 * - returned: the reason, the place and the 销假 (return day and note) under 销假's own rules (not
 *   in the future, not before the start). The period stays: its end decides whether the return was
 *   late. The overstay the 销假 recorded as an absence follows the corrected return day (made,
 *   moved or dropped), so the serious-breach rule (RR art. 20) counts the corrected days.
 */
export function correctLeave(ops: Ops, input: z.output<typeof leaveCorrectionSchema>): Leave {
  const row = requireLeave(ops, input.leaveId);
  const { leave, returned, reason } = input;
  checkLeave(ops, row.person_id, leave, row.id, LIVE.includes(row.status));
  const periodChanged = leave.startDate !== row.start_date || leave.endDate !== row.end_date;
  if (periodChanged && !PERIOD_CORRECTABLE.includes(row.status)) {
    throw new HavenError('CONFLICT', { messageKey: 'errors.LEAVE_PERIOD_FIXED', fields: { 'leave.startDate': 'errors.LEAVE_PERIOD_FIXED' } });
  }
  if (row.status === 'returned') {
    if (returned === null) throw new HavenError('VALIDATION', { fields: { returnedOn: 'validation.required' } });
    notAfterToday(ops, returned.returnedOn, 'returnedOn');
    if (returned.returnedOn < row.start_date) throw new HavenError('VALIDATION', { fields: { returnedOn: 'validation.returnBeforeStart' } });
  } else if (returned !== null) {
    refuseIn(row, ['returned']);
  }
  const before = toLeave(row);
  const next = { ...leave, returnedOn: returned?.returnedOn ?? before.returnedOn, returnNote: returned?.note ?? before.returnNote };
  const changes = fieldChanges(
    { reason: before.reason, province: before.province, city: before.city, county: before.county, address: before.address, startDate: before.startDate, endDate: before.endDate, returnedOn: before.returnedOn, returnNote: before.returnNote },
    next,
  );
  if (Object.keys(changes).length === 0) throw new HavenError('VALIDATION', { messageKey: 'errors.NOTHING_CHANGED' });
  writeFor(ops, row.person_id, () => {
    ops.db
      .prepare('UPDATE leaves SET reason = ?, province = ?, city = ?, county = ?, address = ?, start_date = ?, end_date = ?, days = ?, returned_on = ?, return_note = ? WHERE id = ?')
      .run(next.reason, next.province, next.city, next.county, next.address, next.startDate, next.endDate, leaveDays(next.startDate, next.endDate), next.returnedOn, next.returnNote, row.id);
    let overstay: { absenceId: number | null; from: string | null; to: string | null } | undefined;
    if (row.status === 'returned' && next.returnedOn !== null && next.returnedOn !== row.returned_on) overstay = followReturn(ops, row, next.returnedOn, next.returnNote);
    ops.audit({ action: 'leaves.correct', entity: 'person', entityId: row.person_id, details: { leaveId: row.id, reason, changes, ...(overstay ? { overstay } : {}) } });
  });
  return get(ops, row.id);
}

/**
 * The overstay absence of a returned leave after its return day was corrected: from the day after
 * the end to the return, made if now late, moved if still late, dropped if no longer late (with
 * any 正当理由 given for it, by the foreign key). Returns what it became, for the audit.
 */
function followReturn(ops: Ops, row: Row, returnedOn: string, note: string): { absenceId: number | null; from: string | null; to: string | null } {
  const existing = ops.db.prepare('SELECT id FROM absences WHERE leave_id = ?').pluck().get(row.id) as number | undefined;
  if (returnedOn <= row.end_date) {
    if (existing !== undefined) ops.db.prepare('DELETE FROM absences WHERE id = ?').run(existing);
    return { absenceId: null, from: null, to: null };
  }
  const from = addDays(row.end_date, 1);
  if (existing !== undefined) {
    ops.db.prepare('UPDATE absences SET to_date = ? WHERE id = ?').run(returnedOn, existing);
    return { absenceId: existing, from, to: returnedOn };
  }
  const absenceId = insertAbsence(ops, row.person_id, row.measure_id, { fromDate: from, toDate: returnedOn, discovered: 'leave_overstay', notes: note }, row.id);
  return { absenceId, from, to: returnedOn };
}

export function leaveTimeline(db: Db, personId: number): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const l of listLeaves(db, personId)) {
    const place = [l.province, l.city, l.county].filter(Boolean).join('');
    const id = String(l.id).padStart(10, '0');
    entries.push({ key: `leave:${id}:a`, date: chinaDay(new Date(l.createdAt)), kind: `leave.${l.status === 'registered' || l.status === 'requested' ? l.status : 'requested'}`, params: { start: l.startDate, end: l.endDate, days: l.days, place }, detail: l.reason, by: l.createdBy });
    // A withdrawn leave may have been approved first (only requested, approved or registered leaves
    // are withdrawn); one withdrawn before its day was kept shows no approval, which would read as standing.
    if (l.decidedOn && (l.status === 'approved' || l.status === 'rejected' || l.status === 'returned' || (l.status === 'cancelled' && l.cancelledOn !== null))) {
      entries.push({ key: `leave:${id}:b`, date: l.decidedOn, kind: l.status === 'rejected' ? 'leave.rejected' : 'leave.approved', params: { start: l.startDate, end: l.endDate, days: l.days, place }, detail: l.decisionNote, by: l.decidedBy });
    }
    if (l.returnedOn) {
      entries.push({ key: `leave:${id}:c`, date: l.returnedOn, kind: l.returnedOn > l.endDate ? 'leave.returnedLate' : 'leave.returned', params: { end: l.endDate }, detail: l.returnNote, by: null });
    }
    if (l.cancelledOn) {
      entries.push({ key: `leave:${id}:d`, date: l.cancelledOn, kind: 'leave.cancelled', params: { start: l.startDate, end: l.endDate }, detail: l.cancelReason, by: l.cancelledBy });
    }
  }
  return entries;
}
