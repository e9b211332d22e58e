import { HavenError } from '../../../shared/ipc/errors';
import type { Ops } from './ops';
import { invalidateAlerts } from './invalidate';

/** The person a call names; NOT_FOUND otherwise. Archived files are returned (reads still work on them). */
export function requirePerson(ops: Pick<Ops, 'db'>, personId: number): { id: number; name: string; archived_at: string | null } {
  const row = ops.db.prepare('SELECT id, name, archived_at FROM persons WHERE id = ?').get(personId) as { id: number; name: string; archived_at: string | null } | undefined;
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.PERSON_NOT_FOUND' });
  return row;
}

/**
 * Shared steps of every supervision record: the person must exist and not be archived, the
 * record attaches to the running measure (if any), dates are not in the future, and the
 * person's alerts are re-evaluated after the write.
 */
export function requireOpenFile(ops: Ops, personId: number): { measureId: number | null } {
  const row = ops.db
    .prepare(
      `SELECT p.archived_at, m.id AS measure_id, m.status FROM persons p LEFT JOIN measures m ON m.id = p.current_measure_id WHERE p.id = ?`,
    )
    .get(personId) as { archived_at: string | null; measure_id: number | null; status: string | null } | undefined;
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.PERSON_NOT_FOUND' });
  if (row.archived_at) throw new HavenError('CONFLICT', { messageKey: 'errors.PERSON_ARCHIVED' });
  const open = row.status === 'pending_report' || row.status === 'active' || row.status === 'suspended';
  return { measureId: open ? row.measure_id : null };
}

export function notAfterToday(ops: Ops, date: string, field: string): void {
  if (date > ops.today) throw new HavenError('VALIDATION', { fields: { [field]: 'validation.dateInFuture' } });
}

/** Runs a write for a person in one transaction and marks their alerts stale. */
export function writeFor<T>(ops: Ops, personId: number, write: () => T): T {
  return ops.db.transaction(() => {
    const result = write();
    invalidateAlerts(ops.db, personId);
    ops.db.prepare('UPDATE persons SET updated_at = ?, updated_by = ? WHERE id = ?').run(ops.now.toISOString(), ops.actor.username, personId);
    return result;
  })();
}

/** Finds a record of a table by id, with its person; NOT_FOUND with the given key otherwise. */
export function requireRecord<T extends { person_id: number }>(ops: Ops, table: string, id: number, messageKey: string): T {
  const row = ops.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as T | undefined;
  if (!row) throw new HavenError('NOT_FOUND', { messageKey });
  return row;
}
