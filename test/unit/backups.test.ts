import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { JobProgress } from '../../shared/domain/types';
import { HavenError } from '../../shared/ipc/errors';
import { backupDatabaseInThread } from '../../electron/core/kernel/db/backup';
import { integrityCheck, openDatabase } from '../../electron/core/kernel/db/database';
import { integrityCheckInThread } from '../../electron/core/kernel/db/dbThread';
import { pathsForDatabase, unlockWithPassword } from '../../electron/core/kernel/vault';
import { call, firstLogin, loggedIn, refusal } from './support/core';
import { FAST_SCRYPT, tempDir } from './support/tmp';

describe('backups in the app', () => {
  it('backs up now (encrypted, checked, opened by the password), keeps N, warns when old, and backs up at logout when due', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    await call(ctx.core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
    const fresh = await call(ctx.core, 'backups:status', {});
    expect(fresh).toMatchObject({ last: null, overdue: true, files: [], settings: { keep: 10, everyDays: 1, warnDays: 7 } });

    const first = await call(ctx.core, 'backups:run', {});
    expect(first.overdue).toBe(false);
    expect(first.last?.file).toMatch(/^haven-20260302-090000\.db$/);
    const file = join(first.folder, first.last!.file);
    expect(existsSync(`${file}.keys`)).toBe(true);
    // Opened with the admin's password, as a restore would; the person is there; the file is sound.
    const opened = unlockWithPassword(pathsForDatabase(file), 'admin', 'admin password', { scrypt: FAST_SCRYPT, migrate: false });
    expect(opened.db.prepare('SELECT name FROM persons').pluck().all()).toEqual(['张三']);
    expect(integrityCheck(opened.db)).toEqual(['ok']);
    opened.db.close();

    await call(ctx.core, 'backups:configure', { keep: 2, everyDays: 1, warnDays: 3 });
    for (let i = 0; i < 2; i++) {
      ctx.clock.advance(3600_000);
      await call(ctx.core, 'backups:run', {});
    }
    const kept = await call(ctx.core, 'backups:status', {});
    expect(kept.files.map((f) => f.file)).toEqual(['haven-20260302-110000.db', 'haven-20260302-100000.db']);
    expect(readdirSync(kept.folder).sort()).toEqual(['haven-20260302-100000.db', 'haven-20260302-100000.db.keys', 'haven-20260302-110000.db', 'haven-20260302-110000.db.keys']);

    // Four days on: the dashboard's warning; at logout the automatic backup (one day passed) is made.
    ctx.clock.advance(4 * 86_400_000);
    expect((await call(ctx.core, 'backups:status', {})).overdue).toBe(true);
    // The window is told it is locked before the backup is made (seconds at county scale), not after.
    let atLock: string[] | null = null;
    const offLock = ctx.core.onEvent((e) => {
      if (e.type === 'locked') atLock = readdirSync(kept.folder).sort();
    });
    await call(ctx.core, 'auth:logout', {});
    offLock();
    expect(atLock).toEqual(['haven-20260302-100000.db', 'haven-20260302-100000.db.keys', 'haven-20260302-110000.db', 'haven-20260302-110000.db.keys']);
    await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
    const after = await call(ctx.core, 'backups:status', {});
    expect(after).toMatchObject({ overdue: false, last: { file: 'haven-20260306-110000.db' } });
    const actions = (await call(ctx.core, 'audit:list', { action: 'backup', limit: 10 })).map((e) => [e.action, e.details?.automatic]);
    expect(actions[0]).toEqual(['backup.create', true]);
    expect(actions.filter(([, automatic]) => automatic === false)).toHaveLength(3);

    // Not due again the same day: logging out makes none.
    await call(ctx.core, 'auth:logout', {});
    await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect((await call(ctx.core, 'backups:status', {})).files).toHaveLength(2);

    for (const bad of [{ keep: 0, everyDays: 1, warnDays: 7 }, { keep: 3, everyDays: 31, warnDays: 7 }, { keep: 3, everyDays: 1, warnDays: 0 }, { keep: 3, everyDays: 1 }]) {
      expect((await refusal(ctx.core, 'backups:configure', bad)).code).toBe('VALIDATION');
    }
    await call(ctx.core, 'users:create', { username: 'staff1', displayName: '小张', role: 'staff', password: 'staff password 1' });
    await call(ctx.core, 'auth:logout', {});
    await firstLogin(ctx.core, 'staff1', 'staff password 1');
    expect((await refusal(ctx.core, 'backups:run', {})).code).toBe('FORBIDDEN');
    expect((await call(ctx.core, 'backups:status', {})).overdue).toBe(false);
  });

  it('a PC clock set back (a flat CMOS battery) never prunes the backup just made: it is kept, recorded and listed', async () => {
    // A backup made while the clock ran a year ahead, then the clock is back in 2026.
    const ctx = await loggedIn('2027-01-01T09:00:00+08:00');
    await call(ctx.core, 'backups:configure', { keep: 1, everyDays: 1, warnDays: 7 });
    const future = await call(ctx.core, 'backups:run', {});
    expect(future.last?.file).toBe('haven-20270101-090000.db');
    ctx.clock.set('2026-03-05T09:00:00+08:00');
    await call(ctx.core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });

    // 立即备份 (in its thread): today's data survives; keep 1 means the new one alone.
    const now = await call(ctx.core, 'backups:run', {});
    expect(now.last).toMatchObject({ file: 'haven-20260305-090000.db' });
    expect(now.files.map((f) => f.file)).toEqual(['haven-20260305-090000.db']);
    expect(readdirSync(now.folder).sort()).toEqual(['haven-20260305-090000.db', 'haven-20260305-090000.db.keys']);
    const opened = unlockWithPassword(pathsForDatabase(join(now.folder, now.last!.file)), 'admin', 'admin password', { scrypt: FAST_SCRYPT, migrate: false, readOnly: true });
    expect(opened.db.prepare('SELECT name FROM persons').pluck().all()).toEqual(['张三']);
    opened.db.close();

    // The backup at logout (on the core's connection) after the clock went back again: the same.
    ctx.clock.set('2028-01-01T09:00:00+08:00');
    await call(ctx.core, 'backups:run', {});
    ctx.clock.set('2026-03-07T09:00:00+08:00');
    await call(ctx.core, 'auth:logout', {});
    await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
    const after = await call(ctx.core, 'backups:status', {});
    expect(after.last).toMatchObject({ file: 'haven-20260307-090000.db' });
    expect(after.files.map((f) => f.file)).toEqual(['haven-20260307-090000.db']);
  });

  it('an old backup that cannot be deleted does not fail the new one: it is made, recorded, and the old one goes next time', async () => {
    const ctx = await loggedIn('2026-03-05T09:00:00+08:00');
    await call(ctx.core, 'backups:configure', { keep: 1, everyDays: 1, warnDays: 7 });
    const first = await call(ctx.core, 'backups:run', {});
    // Something holds the old name so that deleting it fails (here a folder in its place: rm without recursive refuses).
    const stuck = join(first.folder, 'haven-20260101-090000.db');
    mkdirSync(stuck);
    writeFileSync(join(stuck, 'x'), 'x');
    ctx.clock.set('2026-03-06T09:00:00+08:00');
    const next = await call(ctx.core, 'backups:run', {});
    expect(next.last).toMatchObject({ file: 'haven-20260306-090000.db' });
    expect(next.overdue).toBe(false);
    expect(existsSync(join(first.folder, first.last!.file))).toBe(false);
    rmSync(stuck, { recursive: true });
    // A key file left without its backup (its deletion failed half-way once) goes at the next backup.
    writeFileSync(join(first.folder, 'haven-20260101-080000.db.keys'), '{}');
    ctx.clock.set('2026-03-07T09:00:00+08:00');
    await call(ctx.core, 'backups:run', {});
    expect(readdirSync(first.folder).sort()).toEqual(['haven-20260307-090000.db', 'haven-20260307-090000.db.keys']);
  });

  it('after a master-key rotation, the backups made under the old key are deleted on request, once one under the new key exists', async () => {
    const ctx = await loggedIn('2026-03-05T09:00:00+08:00');
    const old = await call(ctx.core, 'backups:run', {});
    await call(ctx.core, 'keys:rotateMasterKey', { currentPassword: 'admin password' });
    // The old backup still opens with the old password: it is listed as made under another key.
    expect((await call(ctx.core, 'backups:list', {})).map((b) => b.opens)).toEqual(['otherKey']);
    // Not before a backup under the new key exists: the folder is never left without one.
    expect((await refusal(ctx.core, 'backups:removeOtherKey', {})).messageKey).toBe('errors.BACKUP_NONE_UNDER_CURRENT_KEY');
    expect(existsSync(join(old.folder, old.last!.file))).toBe(true);
    ctx.clock.set('2026-03-05T09:10:00+08:00');
    await call(ctx.core, 'backups:run', {});
    const { removed, status } = await call(ctx.core, 'backups:removeOtherKey', {});
    expect(removed).toEqual([old.last!.file]);
    expect(status.files.map((f) => f.file)).toEqual(['haven-20260305-091000.db']);
    expect(readdirSync(old.folder).sort()).toEqual(['haven-20260305-091000.db', 'haven-20260305-091000.db.keys']);
    const audit = await call(ctx.core, 'audit:list', { action: 'backups.removeOtherKey', limit: 5 });
    expect(audit).toHaveLength(1);
    // A staff member may not.
    await call(ctx.core, 'users:create', { username: 'qian', displayName: '钱社工', role: 'staff', password: 'staff password' });
    await call(ctx.core, 'auth:logout', {});
    await firstLogin(ctx.core, 'qian', 'staff password');
    expect((await refusal(ctx.core, 'backups:removeOtherKey', {})).code).toBe('FORBIDDEN');
  });

  it('with automatic backups off, logging out makes none', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    await call(ctx.core, 'backups:configure', { keep: 3, everyDays: 0, warnDays: 7 });
    await call(ctx.core, 'auth:logout', {});
    await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect((await call(ctx.core, 'backups:status', {})).files).toEqual([]);
  });

  it('makes the copy in a thread of its own: the core answers meanwhile, the bar counts megabytes and then the check', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    await call(ctx.core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
    ctx.events.length = 0;
    let backupEnded = false;
    const running = call(ctx.core, 'backups:run', {}).then((status) => {
      backupEnded = true;
      return status;
    });
    // A save during the copy is answered at once (the copy reads the last committed state on its own connection).
    await call(ctx.core, 'persons:create', { person: { name: '李四', idNumber: composeIdNumber('320102', '1990-01-01', 233) } });
    expect(backupEnded).toBe(false);
    const status = await running;
    const phases = ctx.events.flatMap((e) => (e.type === 'progress' && e.progress.job === 'backups:run' ? [e.progress] : [])) as JobProgress[];
    expect(phases.map((p) => p.phase).filter((p, i, all) => all.indexOf(p) === i)).toEqual(['backupCopy', 'backupCheck']);
    for (const p of phases.filter((p) => p.phase === 'backupCopy')) expect(p.done).toBeLessThanOrEqual(p.total);
    expect(ctx.events.filter((e) => e.type === 'jobEnded')).toEqual([{ type: 'jobEnded', job: 'backups:run', outcome: 'done' }]);
    // Whole, checked, renamed into place, nothing temporary left beside it.
    const file = join(status.folder, status.last!.file);
    expect(readdirSync(status.folder).sort()).toEqual([status.last!.file, `${status.last!.file}.keys`]);
    const opened = unlockWithPassword(pathsForDatabase(file), 'admin', 'admin password', { scrypt: FAST_SCRYPT, migrate: false });
    expect(opened.db.prepare('SELECT name FROM persons').pluck().all()).toContain('张三');
    expect(integrityCheck(opened.db)).toEqual(['ok']);
    expect(JSON.parse(opened.db.prepare(`SELECT value FROM meta WHERE key = 'backup'`).pluck().get() as string)).toMatchObject({ by: 'admin', automatic: false });
    opened.db.close();
  });

  it('a copy that fails in its thread leaves neither the backup nor a temporary file, and says why', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const db = openDatabase(join(dir, 'haven.db'), key, { create: true });
    db.exec('CREATE TABLE t (a)');
    const out = join(dir, 'backups', 'haven-20260302-090000.db');
    // A key that does not open the file: the thread's copy fails, as a damaged or unplugged source would.
    const error = await backupDatabaseInThread(db, randomBytes(32), join(dir, 'haven.db'), out, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HavenError);
    expect((error as HavenError).messageKey).toBe('errors.BACKUP_FAILED');
    expect(readdirSync(join(dir, 'backups'))).toEqual([]);
    db.close();
  });

  it('quitting during 立即备份 waits for the copy, which is finished, recorded and alone in the folder', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    await call(ctx.core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
    const folder = join(ctx.dataDir, 'backups');
    // Left by a backup killed last week (removed), and one a moment old (never touched: it may be being written).
    mkdirSync(folder, { recursive: true });
    const stale = join(folder, 'haven-20260223-090000.db.tmp-4242-0a1b2c3d');
    const fresh = join(folder, 'haven-20260302-085959.db.keys.tmp');
    writeFileSync(stale, 'x');
    writeFileSync(fresh, 'x');
    utimesSync(stale, new Date(Date.now() - 7 * 86_400_000), new Date(Date.now() - 7 * 86_400_000));
    const running = ctx.core.invoke('backups:run', {});
    await ctx.core.close();
    expect(await running).toMatchObject({ ok: true });
    expect(readdirSync(folder).sort()).toEqual(['haven-20260302-085959.db.keys.tmp', 'haven-20260302-090000.db', 'haven-20260302-090000.db.keys']);
    // The database was closed after the backup was recorded, not under it.
    await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect((await call(ctx.core, 'backups:status', {})).last).toMatchObject({ file: 'haven-20260302-090000.db' });
  });

  it("the thread opens files with the installed app's driver named in the environment, as the core does", async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    openDatabase(join(dir, 'haven.db'), key, { create: true }).close();
    expect(await integrityCheckInThread(join(dir, 'haven.db'), key, undefined)).toEqual(['ok']);
    const before = process.env.HAVEN_NATIVE_BINDING;
    process.env.HAVEN_NATIVE_BINDING = join(dir, 'electron-build-of-the-addon.node');
    try {
      // That file is not there: the thread tried to load it (the Node build would have answered ok).
      expect(await integrityCheckInThread(join(dir, 'haven.db'), key, undefined)).toEqual(['MODULE_NOT_FOUND']);
    } finally {
      if (before === undefined) delete process.env.HAVEN_NATIVE_BINDING;
      else process.env.HAVEN_NATIVE_BINDING = before;
    }
  });
});

