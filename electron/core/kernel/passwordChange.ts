import type { Db } from './db/database';

/**
 * Users who must set their own password before anything else: a password an admin gave (a new
 * user, a reset) is known to two people. Kept in the `settings` table (key
 * `passwordChangeRequired`, a JSON list of user ids) rather than a new `users` column: the
 * migration numbers 0010/0011 are being handed out to parallel work, and one settings row needs no
 * schema change (a later migration may move it to `users.must_change_password`).
 * Set by users:create and users:resetPassword; cleared by auth:changePassword and by a recovery
 * (auth:recover), where the user types the new password themselves.
 */
const KEY = 'passwordChangeRequired';

function read(db: Db): number[] {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return [];
  const parsed = JSON.parse(row.value) as unknown;
  return Array.isArray(parsed) ? parsed.filter((v): v is number => typeof v === 'number') : [];
}

export function mustChangePassword(db: Db, userId: number): boolean {
  return read(db).includes(userId);
}

export function setPasswordChangeRequired(db: Db, userId: number, required: boolean): void {
  const ids = new Set(read(db));
  if (required) ids.add(userId);
  else ids.delete(userId);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify([...ids].sort((a, b) => a - b)));
}
