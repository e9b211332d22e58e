import type { UserSummary } from '../../../shared/domain/types';
import type { Role } from '../../../shared/schemas/common';
import type { Db } from '../kernel/db/database';

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  disabled: number;
  has_key_slot: number;
  created_at: string;
  last_login_at: string | null;
}

export function rowToUser(row: UserRow): UserSummary {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled === 1,
    hasKeySlot: row.has_key_slot === 1,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

export function listUsers(db: Db): UserSummary[] {
  return (db.prepare('SELECT * FROM users ORDER BY disabled, role, username').all() as UserRow[]).map(rowToUser);
}

export function findUserById(db: Db, id: number): UserSummary | undefined {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row ? rowToUser(row) : undefined;
}

export function findUserByUsername(db: Db, username: string): UserSummary | undefined {
  const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  return row ? rowToUser(row) : undefined;
}

export function countActiveAdmins(db: Db): number {
  return (db.prepare(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0`).get() as { n: number }).n;
}

export function updateUser(db: Db, id: number, fields: { displayName: string; role: Role }, at: string): void {
  db.prepare('UPDATE users SET display_name = ?, role = ?, updated_at = ? WHERE id = ?').run(fields.displayName, fields.role, at, id);
}

export function setDisabled(db: Db, id: number, disabled: boolean, at: string): void {
  db.prepare('UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?').run(disabled ? 1 : 0, at, id);
}

export function touchLastLogin(db: Db, id: number, at: string): void {
  db.prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(at, id);
}

/** The key file is the truth about slots; the users table mirrors it for display. */
export function syncKeySlotFlags(db: Db, usernamesWithSlot: string[]): void {
  const withSlot = new Set(usernamesWithSlot);
  const update = db.prepare('UPDATE users SET has_key_slot = ? WHERE id = ? AND has_key_slot != ?');
  db.transaction(() => {
    for (const user of listUsers(db)) {
      const has = withSlot.has(user.username) ? 1 : 0;
      update.run(has, user.id, has);
    }
  })();
}
