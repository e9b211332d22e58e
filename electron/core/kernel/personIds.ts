import type { Db } from './db/database';

/**
 * Person ids are never reused: the audit log keeps a deleted file's events under its id, and a new
 * file given that id would inherit them (migration 0017). The meta key holds the highest id a purge
 * has freed; every place that adds a file takes its id from here.
 */
const HIGH_WATER = 'personIdHighWater';

/** The highest person id this database has used, whether the file still exists or not. */
export function highestPersonId(db: Db): number {
  const live = (db.prepare('SELECT max(id) FROM persons').pluck().get() as number | null) ?? 0;
  const freed = Number(db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(HIGH_WATER) ?? 0);
  return Math.max(live, Number.isSafeInteger(freed) ? freed : 0);
}

/** The id for the next file added here. */
export function nextPersonId(db: Db): number {
  return highestPersonId(db) + 1;
}

/** Called in the purge's transaction: the id stays taken after its row is gone. */
export function retirePersonId(db: Db, personId: number): void {
  db.prepare(
    `INSERT INTO meta (key, value) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET value = CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)`,
  ).run(HIGH_WATER, String(personId));
}
