import { HavenError } from '../../../shared/ipc/errors';
import { isIsoDate } from '../../../shared/domain/dates';
import type { Absence } from '../../../shared/domain/supervision';
import type { TimelineEntry } from '../../../shared/domain/persons';
import type { absenceSchema } from '../../../shared/schemas/supervision';
import { absenceDays } from '../../../shared/rules/engine';
import type { z } from 'zod';
import { notAfterToday, requireOpenFile, requireRecord, writeFor } from '../alerts/records';
import type { Db } from '../db/database';
import type { Ops } from '../ops';

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

const toAbsence = (r: Row, today: string): Absence => ({
  id: r.id,
  measureId: r.measure_id,
  fromDate: r.from_date,
  toDate: r.to_date,
  days: absenceDays(r.from_date, r.to_date, today),
  discovered: r.discovered,
  leaveId: r.leave_id,
  notes: r.notes,
  createdBy: r.created_by,
});

export function listAbsences(db: Db, personId: number, today: string): Absence[] {
  return (db.prepare('SELECT * FROM absences WHERE person_id = ? ORDER BY from_date DESC, id DESC').all(personId) as Row[]).map((r) => toAbsence(r, today));
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

export function createAbsence(ops: Ops, personId: number, absence: z.output<typeof absenceSchema>): Absence {
  const { measureId } = requireOpenFile(ops, personId);
  notAfterToday(ops, absence.fromDate, 'absence.fromDate');
  if (absence.toDate) notAfterToday(ops, absence.toDate, 'absence.toDate');
  const id = writeFor(ops, personId, () => {
    const newId = insertAbsence(ops, personId, measureId, absence);
    ops.audit({ action: 'absences.create', entity: 'person', entityId: personId, details: { absenceId: newId, from: absence.fromDate, to: absence.toDate } });
    return newId;
  });
  return toAbsence(ops.db.prepare('SELECT * FROM absences WHERE id = ?').get(id) as Row, ops.today);
}

export function endAbsence(ops: Ops, absenceId: number, toDate: string): Absence {
  const row = requireRecord<Row>(ops, 'absences', absenceId, 'errors.RECORD_NOT_FOUND');
  if (!isIsoDate(toDate)) throw new HavenError('VALIDATION', { fields: { toDate: 'validation.date' } });
  notAfterToday(ops, toDate, 'toDate');
  if (toDate < row.from_date) throw new HavenError('VALIDATION', { fields: { toDate: 'validation.endBeforeStart' } });
  if (row.to_date) throw new HavenError('CONFLICT', { messageKey: 'errors.ABSENCE_ALREADY_ENDED' });
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('UPDATE absences SET to_date = ? WHERE id = ?').run(toDate, absenceId);
    ops.audit({ action: 'absences.end', entity: 'person', entityId: row.person_id, details: { absenceId, toDate } });
  });
  return toAbsence(ops.db.prepare('SELECT * FROM absences WHERE id = ?').get(absenceId) as Row, ops.today);
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
