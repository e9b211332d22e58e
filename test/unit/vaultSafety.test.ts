import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { integrityCheck } from '../../electron/core/kernel/db/database';
import { createVault, unlockWithPassword, unlockWithRecoveryKey, vaultPaths } from '../../electron/core/kernel/vault';
import type { HavenCore } from '../../electron/core/app';
import { call, loggedIn, makeCore, refusal, SETUP } from './support/core';
import { FAST_SCRYPT, tempDir } from './support/tmp';

const options = { scrypt: FAST_SCRYPT, migrate: false };

/**
 * Runs `step` while the database refuses to record `action` in its audit log (a trigger made over
 * a second connection): the step's own audit event fails inside its transaction, as a full disk
 * or an I/O error at that point would.
 */
async function withAuditRefused<T>(dataDir: string, password: string, action: string, step: () => Promise<T>): Promise<T> {
  const side = unlockWithPassword(vaultPaths(dataDir), 'admin', password, options);
  side.db.exec(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events WHEN NEW.action = '${action}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
  side.db.close();
  try {
    return await step();
  } finally {
    const again = unlockWithPassword(vaultPaths(dataDir), 'admin', password, options);
    again.db.exec('DROP TRIGGER refuse_audit');
    again.db.close();
  }
}

const keyFileOf = (dataDir: string) => readFileSync(vaultPaths(dataDir).keyFilePath);

async function opensWith(core: HavenCore, username: string, password: string): Promise<boolean> {
  const result = await core.invoke('auth:login', { username, password });
  if (result.ok) await call(core, 'auth:logout', {});
  return result.ok;
}

describe('a refused key-slot step leaves the key file as it was', () => {
  it('auth:changePassword: refused when its audit fails; the key file is byte for byte the same and the old password still opens', async () => {
    const { core, dataDir } = await loggedIn();
    const before = keyFileOf(dataDir);
    const refused = await withAuditRefused(dataDir, 'admin password', 'auth.changePassword', () =>
      refusal(core, 'auth:changePassword', { currentPassword: 'admin password', newPassword: 'a new password' }),
    );
    expect(refused.code).toBe('INTERNAL');
    expect(keyFileOf(dataDir).equals(before)).toBe(true);
    expect(readdirSync(dataDir).filter((n) => n.startsWith('haven.db.keys'))).toEqual(['haven.db.keys']);
    await call(core, 'auth:logout', {});
    expect(await opensWith(core, 'admin', 'a new password')).toBe(false);
    expect(await opensWith(core, 'admin', 'admin password')).toBe(true);
  });

  it('users:create, users:resetPassword, users:disable, users:enable and keys:newRecoveryKey: the same', async () => {
    const { core, dataDir, recoveryKey } = await loggedIn();
    const li = await call(core, 'users:create', { username: 'li.si', displayName: '李四', role: 'staff', password: 'given password' });
    const zhao = await call(core, 'users:create', { username: 'zhao', displayName: '赵社工', role: 'staff', password: 'zhao password' });
    await call(core, 'users:disable', { userId: zhao.id });
    const steps: [string, string, unknown][] = [
      ['users.create', 'users:create', { username: 'wang', displayName: '王五', role: 'staff', password: 'wang password' }],
      ['users.resetPassword', 'users:resetPassword', { userId: li.id, newPassword: 'reset password' }],
      ['users.disable', 'users:disable', { userId: li.id }],
      ['users.enable', 'users:enable', { userId: zhao.id, newPassword: 'zhao again' }],
      ['keys.newRecoveryKey', 'keys:newRecoveryKey', { currentPassword: 'admin password' }],
    ];
    for (const [action, channel, input] of steps) {
      const before = keyFileOf(dataDir);
      const refused = await withAuditRefused(dataDir, 'admin password', action, () => refusal(core, channel, input));
      expect(refused.code, channel).toBe('INTERNAL');
      expect(keyFileOf(dataDir).equals(before), channel).toBe(true);
    }
    const users = await call(core, 'users:list', {});
    expect(users.map((u) => [u.username, u.disabled, u.hasKeySlot])).toEqual(
      expect.arrayContaining([
        ['li.si', false, true],
        ['zhao', true, false],
      ]),
    );
    expect(users.some((u) => u.username === 'wang')).toBe(false);
    await call(core, 'auth:logout', {});
    expect(await opensWith(core, 'wang', 'wang password')).toBe(false);
    expect(await opensWith(core, 'li.si', 'reset password')).toBe(false);
    expect(await opensWith(core, 'li.si', 'given password')).toBe(true);
    expect(await opensWith(core, 'zhao', 'zhao again')).toBe(false);
    // The printed recovery key still opens (a new one was never shown).
    unlockWithRecoveryKey(vaultPaths(dataDir), recoveryKey, options).db.close();
  });

  it('auth:recover: refused when its audit fails; the old password still opens, and the recovery works afterwards', async () => {
    const { core, dataDir, recoveryKey } = await loggedIn();
    await call(core, 'auth:logout', {});
    const before = keyFileOf(dataDir);
    const refused = await withAuditRefused(dataDir, 'admin password', 'auth.recover', () =>
      refusal(core, 'auth:recover', { recoveryKey, username: 'admin', newPassword: 'recovered password' }),
    );
    expect(refused.code).toBe('INTERNAL');
    expect(keyFileOf(dataDir).equals(before)).toBe(true);
    expect(await call(core, 'app:status', {})).toMatchObject({ state: 'locked', session: null });
    expect(await opensWith(core, 'admin', 'admin password')).toBe(true);
    await call(core, 'auth:recover', { recoveryKey, username: 'admin', newPassword: 'recovered password' });
    await call(core, 'auth:logout', {});
    expect(await opensWith(core, 'admin', 'recovered password')).toBe(true);
  });

  it('keys:rotateMasterKey: refused when its audit fails, before the rekey; nothing changed and the session goes on', async () => {
    const { core, dataDir, recoveryKey } = await loggedIn();
    const before = keyFileOf(dataDir);
    const refused = await withAuditRefused(dataDir, 'admin password', 'keys.rotateMasterKey', () =>
      refusal(core, 'keys:rotateMasterKey', { currentPassword: 'admin password' }),
    );
    expect(refused.code).toBe('INTERNAL');
    expect(keyFileOf(dataDir).equals(before)).toBe(true);
    expect(readdirSync(dataDir).filter((n) => n.startsWith('haven.db.'))).toEqual(['haven.db.keys']);
    await call(core, 'settings:update', { idleLockMinutes: 7 });
    await call(core, 'auth:logout', {});
    unlockWithRecoveryKey(vaultPaths(dataDir), recoveryKey, options).db.close();
    expect(await opensWith(core, 'admin', 'admin password')).toBe(true);
  });
});

describe('a rekey that fails part-way, through the core', () => {
  const repo = fileURLToPath(new URL('../..', import.meta.url));

  it.skipIf(process.platform === 'win32')('puts the copy back, opens it again and the session goes on; the key file is unchanged', () => {
    const dataDir = tempDir();
    const paths = vaultPaths(dataDir);
    createVault(
      paths,
      { station: { code: 'T-1', name: '测试站', mode: 'station' }, admin: { username: 'admin', displayName: '站长', password: 'correct horse' } },
      new Date('2026-03-01T08:00:00Z'),
      { scrypt: FAST_SCRYPT },
    );
    const opened = unlockWithPassword(paths, 'admin', 'correct horse', { scrypt: FAST_SCRYPT });
    opened.db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, b BLOB)');
    const insert = opened.db.prepare('INSERT INTO filler (b) VALUES (randomblob(1000))');
    opened.db.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run();
    })();
    opened.db.close();
    const keyFileBefore = readFileSync(paths.keyFilePath);
    // The copy (at most the file) fits under the limit; the rekey's journal (the file, 8 bytes a page and a header) does not.
    const limitKib = statSync(paths.databasePath).size / 1024 + 4;
    const child = spawnSync(
      'bash',
      ['-c', `trap '' XFSZ; ulimit -f ${limitKib}; exec "$0" --import tsx test/unit/support/rotateCoreChild.ts "$1"`, process.execPath, dataDir],
      { cwd: repo, encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.stderr).toBe('');
    const outcome = JSON.parse(child.stdout.trim()) as { login: boolean; rotate: { messageKey?: string }; state: string; write: boolean; actions: string[] };
    expect(outcome).toMatchObject({ login: true, rotate: { code: 'INTERNAL', messageKey: 'errors.KEY_ROTATION_FAILED' }, state: 'unlocked', write: true });
    // The rotation's audit event went with the file it was written in.
    expect(outcome.actions).not.toContain('keys.rotateMasterKey');
    expect(outcome.actions).toContain('settings.update');
    expect(readFileSync(paths.keyFilePath).equals(keyFileBefore)).toBe(true);
    expect(readdirSync(dataDir).filter((n) => n.startsWith('haven.db'))).toEqual(['haven.db', 'haven.db.keys']);
    const again = unlockWithPassword(paths, 'admin', 'correct horse', options);
    expect(integrityCheck(again.db)).toEqual(['ok']);
    expect(again.db.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(3000);
    again.db.close();
  });
});

describe('a data folder with only part of a vault never offers setup', () => {
  it('a database without its key file: the login, which says what is missing; setup refused; nothing written', async () => {
    const { core, dataDir } = await loggedIn();
    await call(core, 'auth:logout', {});
    rmSync(vaultPaths(dataDir).keyFilePath);
    const bytes = readFileSync(vaultPaths(dataDir).databasePath);
    const files = readdirSync(dataDir).sort();
    const fresh = makeCore(dataDir).core;
    expect(await call(fresh, 'app:status', {})).toMatchObject({ state: 'locked' });
    expect(await refusal(fresh, 'setup:create', SETUP)).toMatchObject({
      code: 'DATABASE_DAMAGED',
      messageKey: 'errors.VAULT_INCOMPLETE',
      params: { found: 'haven.db', missing: 'haven.db.keys' },
    });
    expect(await refusal(fresh, 'auth:login', { username: 'admin', password: 'admin password' })).toMatchObject({
      code: 'DATABASE_DAMAGED',
      messageKey: 'errors.VAULT_INCOMPLETE',
    });
    expect(readdirSync(dataDir).sort()).toEqual(files);
    expect(readFileSync(vaultPaths(dataDir).databasePath).equals(bytes)).toBe(true);
  });

  it('a restore whose swap stopped half-way (the current files set aside, the backup not yet in place): no new station over it', async () => {
    const { core, dataDir } = await loggedIn();
    await call(core, 'auth:logout', {});
    const paths = vaultPaths(dataDir);
    // As backups/restore.ts stageRestore and swapIntoPlace leave them when the process dies between their renames.
    copyFileSync(paths.databasePath, join(dataDir, 'haven.db.restoring'));
    copyFileSync(paths.keyFilePath, join(dataDir, 'haven.db.restoring.keys'));
    renameSync(paths.databasePath, join(dataDir, 'haven-before-restore-20260302-090000.db'));
    renameSync(paths.keyFilePath, join(dataDir, 'haven-before-restore-20260302-090000.db.keys'));
    const files = readdirSync(dataDir).sort();
    const fresh = makeCore(dataDir).core;
    expect(await call(fresh, 'app:status', {})).toMatchObject({ state: 'locked' });
    const refused = await refusal(fresh, 'setup:create', SETUP);
    expect(refused).toMatchObject({ code: 'DATABASE_DAMAGED', messageKey: 'errors.RESTORE_INTERRUPTED' });
    expect(String(refused.params?.found)).toContain('haven.db.restoring');
    expect(await refusal(fresh, 'auth:login', { username: 'admin', password: 'admin password' })).toMatchObject({
      messageKey: 'errors.RESTORE_INTERRUPTED',
    });
    expect(readdirSync(dataDir).sort()).toEqual(files);
  });

  it('an empty folder is still set up', async () => {
    const { core } = makeCore();
    expect(await call(core, 'app:status', {})).toMatchObject({ state: 'uninitialized' });
    await call(core, 'setup:create', SETUP);
    expect(await call(core, 'app:status', {})).toMatchObject({ state: 'locked' });
    expect((await refusal(core, 'setup:create', SETUP)).code).toBe('ALREADY_INITIALIZED');
  });
});
