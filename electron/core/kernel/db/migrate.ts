import { HavenError } from '../../../../shared/ipc/errors';
import type { Db } from './database';
import { migrations } from './migrations';

/** The schema version this build writes; a database with a higher one is refused. */
export const SCHEMA_VERSION = migrations.length;

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies pending migrations in order, all in one transaction with the user_version bump, so a
 * failure leaves the database exactly at its old version. `upTo` exists for migration tests.
 */
export function applyMigrations(db: Db, upTo: number = SCHEMA_VERSION): number {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new HavenError('DATABASE_TOO_NEW', { params: { found: current, supported: SCHEMA_VERSION } });
  }
  const pending = migrations.filter((m) => m.version > current && m.version <= upTo);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
  return schemaVersion(db);
}
