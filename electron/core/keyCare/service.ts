import { HavenError } from '../../../shared/ipc/errors';
import type { CareCategory, CareFlag } from '../../../shared/domain/care';
import type { TimelineEntry } from '../../../shared/domain/persons';
import type { careFlagSchema } from '../../../shared/schemas/care';
import type { z } from 'zod';
import { requireOpenFile, requireRecord, writeFor } from '../kernel/records';
import type { Db } from '../kernel/db/database';
import { countedPerson } from '../kernel/counted';
import { fieldChanges, type Ops } from '../kernel/ops';

interface Row {
  id: number;
  person_id: number;
  category: CareCategory;
  since: string;
  until: string | null;
  note: string;
  created_by: string | null;
}

const toFlag = (r: Row): CareFlag => ({ id: r.id, category: r.category, since: r.since, until: r.until, note: r.note, createdBy: r.created_by });

export function listCareFlags(db: Db, personId: number): CareFlag[] {
  return (db.prepare('SELECT * FROM care_flags WHERE person_id = ? ORDER BY until IS NOT NULL, since DESC').all(personId) as Row[]).map(toFlag);
}

/**
 * The rules a flag must meet, whether added or corrected: a file not archived (kept as it was, view
 * and print only), no other flag of its category still open on its first day.
 */
function checkFlag(ops: Ops, personId: number, flag: z.output<typeof careFlagSchema>, exceptId: number | null): void {
  requireOpenFile(ops, personId);
  const open = ops.db
    .prepare('SELECT id FROM care_flags WHERE person_id = ? AND category = ? AND (until IS NULL OR until >= ?) AND id IS NOT ?')
    .get(personId, flag.category, flag.since, exceptId);
  if (open) throw new HavenError('CONFLICT', { messageKey: 'errors.CARE_FLAG_OPEN' });
}

/** 重点关爱对象: a category with since/until dates; one open flag per category. */
export function addCareFlag(ops: Ops, personId: number, flag: z.output<typeof careFlagSchema>): CareFlag {
  checkFlag(ops, personId, flag, null);
  const id = writeFor(ops, personId, () => {
    const newId = Number(
      ops.db
        .prepare('INSERT INTO care_flags (person_id, category, since, until, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(personId, flag.category, flag.since, flag.until, flag.note, ops.now.toISOString(), ops.actor.displayName ?? ops.actor.username).lastInsertRowid,
    );
    ops.audit({ action: 'care.add', entity: 'person', entityId: personId, details: { flagId: newId, category: flag.category } });
    return newId;
  });
  return toFlag(ops.db.prepare('SELECT * FROM care_flags WHERE id = ?').get(id) as Row);
}

/**
 * 更正 of a care flag, with a reason: the same rules as adding one; the audit keeps each changed
 * field's old and new value. It is the only way a flag changes (ending one too: its until date),
 * so every change has a reason.
 */
export function correctCareFlag(ops: Ops, flagId: number, flag: z.output<typeof careFlagSchema>, reason: string): CareFlag {
  const row = requireRecord<Row>(ops, 'care_flags', flagId, 'errors.RECORD_NOT_FOUND');
  checkFlag(ops, row.person_id, flag, flagId);
  const changes = fieldChanges({ category: row.category, since: row.since, until: row.until, note: row.note }, flag);
  if (Object.keys(changes).length === 0) throw new HavenError('VALIDATION', { messageKey: 'errors.NOTHING_CHANGED' });
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('UPDATE care_flags SET category = ?, since = ?, until = ?, note = ? WHERE id = ?').run(flag.category, flag.since, flag.until, flag.note, flagId);
    ops.audit({ action: 'care.correct', entity: 'person', entityId: row.person_id, details: { flagId, reason, changes } });
  });
  return toFlag(ops.db.prepare('SELECT * FROM care_flags WHERE id = ?').get(flagId) as Row);
}

export function removeCareFlag(ops: Ops, flagId: number, reason: string): void {
  const row = requireRecord<Row>(ops, 'care_flags', flagId, 'errors.RECORD_NOT_FOUND');
  requireOpenFile(ops, row.person_id);
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('DELETE FROM care_flags WHERE id = ?').run(flagId);
    ops.audit({ action: 'care.remove', entity: 'person', entityId: row.person_id, details: { flagId, category: row.category, reason } });
  });
}

/** Persons per category with a flag in force on `day` (not archived). */
export function careCounts(db: Db, day: string): Partial<Record<CareCategory, number>> {
  const rows = db
    .prepare(
      `SELECT f.category, count(DISTINCT f.person_id) AS n FROM care_flags f JOIN persons p ON p.id = f.person_id
       WHERE p.archived_at IS NULL AND ${countedPerson('p')} AND f.since <= @day AND (f.until IS NULL OR f.until >= @day) GROUP BY f.category`,
    )
    .all({ day }) as { category: CareCategory; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.category, r.n]));
}

export function careTimeline(db: Db, personId: number): TimelineEntry[] {
  return listCareFlags(db, personId).map((f) => ({
    key: `care:${String(f.id).padStart(10, '0')}`,
    date: f.since,
    kind: 'care.flagged',
    params: { category: f.category, until: f.until ?? '' },
    detail: f.note,
    by: f.createdBy,
  }));
}
