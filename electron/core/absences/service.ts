import { HavenError } from '../../../shared/ipc/errors';
import { addDays, isIsoDate } from '../../../shared/domain/dates';
import type { Absence, GoodReason } from '../../../shared/domain/supervision';
import { goodReasonIndex } from '../goodReasons/repo';
import type { TimelineEntry } from '../../../shared/domain/persons';
import type { absenceSchema } from '../../../shared/schemas/supervision';
import { absenceDays } from '../../../shared/rules/engine';
import type { z } from 'zod';
import { notAfterToday, requireOpenFile, requireRecord, writeFor } from '../kernel/records';
import type { Db } from '../kernel/db/database';
import { fieldChanges, type Ops } from '../kernel/ops';

interface Row {
  id: number;
  person_id: number;
  measure_id: number | null;
  from_date: string;
  to_date: string | null;
  discovered: Absence['discovered'];
  leave_id: number | null;
  notes: string;
  created_by: string | null;
}

const toAbsence = (r: Row, today: string, reasons: Map<string, GoodReason> = new Map()): Absence => ({
  id: r.id,
  measureId: r.measure_id,
  fromDate: r.from_date,
  toDate: r.to_date,
  days: absenceDays(r.from_date, r.to_date, today),
  discovered: r.discovered,
  leaveId: r.leave_id,
  notes: r.notes,
  createdBy: r.created_by,
  goodReason: reasons.get(`absence:${r.id}`) ?? null,
});

interface UnreturnedLeave {
  id: number;
  measure_id: number | null;
  end_date: string;
  /** The end of the measure the leave was granted under, once it has ended: the overstay stops there. */
  measure_ended_on: string | null;
}

/**
 * Approved or registered leave past its end with no 销假: the person is away without permission
 * from the next day, until the measure it was granted under ends (a later measure does not
 * inherit it; the rules read it the same way, `absenceRanges`).
 */
function unreturnedLeaves(db: Db, personId: number, today: string): UnreturnedLeave[] {
  return db
    .prepare(
      `SELECT l.id, l.measure_id, l.end_date,
              CASE WHEN m.status IN ('pending_report', 'active', 'suspended') THEN NULL ELSE m.ended_on END AS measure_ended_on
       FROM leaves l LEFT JOIN measures m ON m.id = l.measure_id
       WHERE l.person_id = ? AND l.status IN ('approved', 'registered') AND l.returned_on IS NULL AND l.end_date < ?
       ORDER BY l.end_date`,
    )
    .all(personId, today)
    .filter((l) => {
      const ended = (l as UnreturnedLeave).measure_ended_on;
      return ended === null || ended > (l as UnreturnedLeave).end_date;
    }) as UnreturnedLeave[];
}

/**
 * The absence that opens by itself the day after an approved leave ends without 销假 (rule 3
 * counts it from then on). It is shown, not stored: 销假 stores it with its end.
 */
function overstayAbsence(l: UnreturnedLeave, today: string): Absence {
  const fromDate = addDays(l.end_date, 1);
  const toDate = l.measure_ended_on !== null && l.measure_ended_on < today ? l.measure_ended_on : null;
  return { id: null, measureId: l.measure_id, fromDate, toDate, days: absenceDays(fromDate, toDate, today), discovered: 'leave_overstay', leaveId: l.id, notes: '', createdBy: null, goodReason: null };
}

/**
 * Refuses an absence that shares a day with another one or with a leave overstay: rule 3 counts
 * days of the union, and two records of the same days would only confuse the file.
 */
function refuseOverlap(ops: Ops, personId: number, fromDate: string, toDate: string | null, exceptId: number | null): void {
  const end = toDate ?? '9999-12-31';
  const clash = ops.db
    .prepare(
      `SELECT from_date, to_date FROM absences WHERE person_id = ? AND id IS NOT ? AND from_date <= ? AND coalesce(to_date, '9999-12-31') >= ?
       ORDER BY from_date LIMIT 1`,
    )
    .get(personId, exceptId, end, fromDate) as { from_date: string; to_date: string | null } | undefined;
  if (clash) {
    throw new HavenError('CONFLICT', { messageKey: 'errors.ABSENCE_OVERLAP', params: { from: clash.from_date, to: clash.to_date ?? '' }, fields: { 'absence.fromDate': 'errors.ABSENCE_OVERLAP' } });
  }
  const overstay = unreturnedLeaves(ops.db, personId, ops.today).find((l) => addDays(l.end_date, 1) <= end && (l.measure_ended_on === null || l.measure_ended_on >= fromDate));
  if (overstay) {
    throw new HavenError('CONFLICT', { messageKey: 'errors.ABSENCE_OVERLAPS_LEAVE', params: { from: addDays(overstay.end_date, 1) }, fields: { 'absence.fromDate': 'errors.ABSENCE_OVERLAPS_LEAVE' } });
  }
}

export function listAbsences(db: Db, personId: number, today: string): Absence[] {
  const reasons = goodReasonIndex(db, personId);
  const stored = (db.prepare('SELECT * FROM absences WHERE person_id = ?').all(personId) as Row[]).map((r) => toAbsence(r, today, reasons));
  const opened = unreturnedLeaves(db, personId, today).map((l) => overstayAbsence(l, today));
  return [...stored, ...opened].sort((a, b) => (a.fromDate < b.fromDate ? 1 : a.fromDate > b.fromDate ? -1 : (b.id ?? 0) - (a.id ?? 0)));
}

/** Inserts an absence (also used by a late leave return); the caller holds the transaction. */
export function insertAbsence(ops: Ops, personId: number, measureId: number | null, absence: z.output<typeof absenceSchema>, leaveId: number | null = null): number {
  return Number(
    ops.db
      .prepare(
        `INSERT INTO absences (person_id, measure_id, from_date, to_date, discovered, leave_id, notes, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(personId, measureId, absence.fromDate, absence.toDate, absence.discovered, leaveId, absence.notes, ops.now.toISOString(), ops.actor.displayName ?? ops.actor.username)
      .lastInsertRowid,
  );
}

/** The rules an absence must meet, whether recorded or corrected: a running measure, past dates, no overlap. */
function checkAbsence(ops: Ops, personId: number, absence: z.output<typeof absenceSchema>, exceptId: number | null): number {
  const { measureId } = requireOpenFile(ops, personId);
  if (measureId === null) throw new HavenError('CONFLICT', { messageKey: 'errors.NO_OPEN_MEASURE' });
  notAfterToday(ops, absence.fromDate, 'absence.fromDate');
  if (absence.toDate) notAfterToday(ops, absence.toDate, 'absence.toDate');
  refuseOverlap(ops, personId, absence.fromDate, absence.toDate, exceptId);
  return measureId;
}

export function createAbsence(ops: Ops, personId: number, absence: z.output<typeof absenceSchema>): Absence {
  const measureId = checkAbsence(ops, personId, absence, null);
  const id = writeFor(ops, personId, () => {
    const newId = insertAbsence(ops, personId, measureId, absence);
    ops.audit({ action: 'absences.create', entity: 'person', entityId: personId, details: { absenceId: newId, from: absence.fromDate, to: absence.toDate } });
    return newId;
  });
  return toAbsence(ops.db.prepare('SELECT * FROM absences WHERE id = ?').get(id) as Row, ops.today, goodReasonIndex(ops.db, personId));
}

export function endAbsence(ops: Ops, absenceId: number, toDate: string): Absence {
  const row = requireRecord<Row>(ops, 'absences', absenceId, 'errors.RECORD_NOT_FOUND');
  if (!isIsoDate(toDate)) throw new HavenError('VALIDATION', { fields: { toDate: 'validation.date' } });
  notAfterToday(ops, toDate, 'toDate');
  if (toDate < row.from_date) throw new HavenError('VALIDATION', { fields: { toDate: 'validation.endBeforeStart' } });
  if (row.to_date) throw new HavenError('CONFLICT', { messageKey: 'errors.ABSENCE_ALREADY_ENDED' });
  refuseOverlap(ops, row.person_id, row.from_date, toDate, row.id);
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('UPDATE absences SET to_date = ? WHERE id = ?').run(toDate, absenceId);
    ops.audit({ action: 'absences.end', entity: 'person', entityId: row.person_id, details: { absenceId, toDate } });
  });
  return toAbsence(ops.db.prepare('SELECT * FROM absences WHERE id = ?').get(absenceId) as Row, ops.today, goodReasonIndex(ops.db, row.person_id));
}

/**
 * 更正: an absence corrected with a reason (the same rules as recording it); the audit keeps each
 * changed field's old and new value. One a late 销假 recorded is corrected through its leave.
 */
export function correctAbsence(ops: Ops, absenceId: number, absence: z.output<typeof absenceSchema>, reason: string): Absence {
  const row = requireRecord<Row>(ops, 'absences', absenceId, 'errors.RECORD_NOT_FOUND');
  if (row.leave_id !== null) throw new HavenError('CONFLICT', { messageKey: 'errors.ABSENCE_FROM_LEAVE' });
  checkAbsence(ops, row.person_id, absence, row.id);
  const changes = fieldChanges({ fromDate: row.from_date, toDate: row.to_date, discovered: row.discovered, notes: row.notes }, absence);
  if (Object.keys(changes).length === 0) throw new HavenError('VALIDATION', { messageKey: 'errors.NOTHING_CHANGED' });
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('UPDATE absences SET from_date = ?, to_date = ?, discovered = ?, notes = ? WHERE id = ?').run(absence.fromDate, absence.toDate, absence.discovered, absence.notes, absenceId);
    ops.audit({ action: 'absences.correct', entity: 'person', entityId: row.person_id, details: { absenceId, reason, changes } });
  });
  return toAbsence(ops.db.prepare('SELECT * FROM absences WHERE id = ?').get(absenceId) as Row, ops.today, goodReasonIndex(ops.db, row.person_id));
}

export function removeAbsence(ops: Ops, absenceId: number, reason: string): void {
  const row = requireRecord<Row>(ops, 'absences', absenceId, 'errors.RECORD_NOT_FOUND');
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('DELETE FROM absences WHERE id = ?').run(absenceId);
    ops.audit({ action: 'absences.remove', entity: 'person', entityId: row.person_id, details: { absenceId, reason } });
  });
}

export function absenceTimeline(db: Db, personId: number): TimelineEntry[] {
  return (db.prepare('SELECT * FROM absences WHERE person_id = ?').all(personId) as Row[]).map((a) => ({
    key: `absence:${String(a.id).padStart(10, '0')}`,
    date: a.from_date,
    kind: 'absence.recorded',
    params: { from: a.from_date, to: a.to_date ?? '' },
    detail: a.notes,
    by: a.created_by,
  }));
}
