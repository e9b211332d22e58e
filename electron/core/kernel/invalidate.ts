import type { Db } from './db/database';

/**
 * A person's records changed: forget their stored evaluation, so the next read of the worklist
 * re-evaluates them. Cheap enough to call inside every write's transaction.
 */
export function invalidateAlerts(db: Db, personId: number): void {
  db.prepare('DELETE FROM alert_state WHERE person_id = ?').run(personId);
}

/** Settings changed: every evaluation is stale. */
export function invalidateAllAlerts(db: Db): void {
  db.prepare('DELETE FROM alert_state').run();
}
