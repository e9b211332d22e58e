import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate';
import { backupDatabase } from '../../electron/core/kernel/db/backup';
import type { Db } from '../../electron/core/kernel/db/database';
import { createVault, pathsForDatabase, unlockWithPassword, vaultPaths, VaultKeys } from '../../electron/core/kernel/vault';
import { stageRestore, swapIntoPlace } from '../../electron/core/backups/restore';
import { createShellDispatcher } from '../../electron/core/shell';
import { inThisThread } from '../../electron/core/host/protocol';
import { call, firstLogin, loggedIn, makeCore, refusal } from './support/core';
import { FAST_SCRYPT, tempDir } from './support/tmp';

/** Every table's rows, as counts and a hash independent of row order (what a restore must give back). */
function tableDigests(db: Db, auditUpTo?: number): Record<string, { rows: number; hash: string }> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  const out: Record<string, { rows: number; hash: string }> = {};
  for (const table of tables) {
    let rows = db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][];
    if (table === 'audit_events' && auditUpTo !== undefined) rows = rows.filter((r) => (r[0] as number) <= auditUpTo);
    // A backup file carries its own label (meta 'backup'), which the restore removes; the restore
    // raises the person id mark to the replaced database's highest id (checked on its own).
    if (table === 'meta') rows = rows.filter((r) => r[0] !== 'backup' && r[0] !== 'personIdHighWater');
    const lines = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v))).sort();
    out[table] = { rows: rows.length, hash: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return out;
}

const fileHash = (path: string) => (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null);

/** A station with demo data in every table, its admin logged in again. */
async function filledStation() {
  const first = await loggedIn('2026-03-02T09:00:00+08:00');
  await call(first.core, 'auth:logout', {});
  first.core.close();
  const opened = unlockWithPassword(vaultPaths(first.dataDir), 'admin', 'admin password', { scrypt: FAST_SCRYPT });
  generateDemo(opened.db, { persons: 12, seed: 'restore round trip', at: '2026-03-02', now: new Date('2026-03-02T09:00:00+08:00'), actor: { userId: 1, username: 'admin', displayName: '王站长' } });
  opened.db.close();
  const ctx = makeCore(first.dataDir, '2026-03-02T10:00:00+08:00');
  await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
  return { ...ctx, recoveryKey: first.recoveryKey };
}

function openDirect(dataDir: string) {
  return unlockWithPassword(vaultPaths(dataDir), 'admin', 'admin password', { scrypt: FAST_SCRYPT, migrate: false });
}

describe('restore in the app', () => {
  it('backup → changes → restore gives back every table as it was (counts and a hash of each), keeps the current files aside, ends the session, and is audited in the restored database', async () => {
    const ctx = await filledStation();
    // The state the backup holds: its tables just before the backup is made.
    await call(ctx.core, 'auth:logout', {});
    const before = openDirect(ctx.dataDir);
    const original = tableDigests(before.db);
    const lastAuditId = before.db.prepare('SELECT max(id) FROM audit_events').pluck().get() as number;
    before.db.close();
    await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
    const lastAuditAfterLogin = (await call(ctx.core, 'audit:list', { limit: 1 }))[0]!.id;
    const made = await call(ctx.core, 'backups:run', {});
    const file = made.last!.file;

    // Changes after the backup: a new person, a person deleted.
    ctx.clock.advance(3600_000);
    await call(ctx.core, 'persons:create', { person: { name: '新来的', idNumber: '110101199003070011' } });
    expect(Object.keys(original).length).toBeGreaterThan(20);
    expect(original.persons!.rows).toBe(12);

    const listed = await call(ctx.core, 'backups:list', {});
    // Newest first: this one, then the one made at the logout above (automatic, due).
    expect(listed.map((b) => [b.file, b.madeBy, b.opens, b.at])).toEqual([
      [file, 'admin', 'ok', '2026-03-02T02:00:00.000Z'],
      ['haven-20260302-090000.db', 'admin', 'ok', '2026-03-02T01:00:00.000Z'],
    ]);

    ctx.events.length = 0;
    const preview = await call(ctx.core, 'backups:inspect', { source: { file }, credential: { password: 'admin password' } });
    expect(preview).toMatchObject({ file, madeBy: 'admin', persons: 12, confirmWord: 'JS-NJ-01', current: { persons: 13 } });
    // A job with its bar: the whole backup is read and checked in a thread.
    expect(ctx.events.filter((e) => e.type === 'jobEnded')).toEqual([{ type: 'jobEnded', job: 'backups:inspect', outcome: 'done' }]);
    // A wrong secret, and a wrong confirmation: refused, nothing replaced.
    expect((await refusal(ctx.core, 'backups:inspect', { source: { file }, credential: { password: 'not it' } })).messageKey).toBe('errors.RESTORE_CREDENTIALS');
    expect((await refusal(ctx.core, 'backups:restore', { source: { file }, credential: { password: 'admin password' }, confirm: '恢复' })).fields).toEqual({ confirm: 'validation.restoreConfirm' });
    expect((await call(ctx.core, 'persons:list', {})).total).toBe(13);

    // 停止 while the backup is being copied: refused as cancelled, nothing staged left, nothing replaced.
    const stopped = ctx.core.invoke('backups:restore', { source: { file }, credential: { password: 'admin password' }, confirm: 'JS-NJ-01' });
    ctx.core.cancelJob();
    expect(await stopped).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(readdirSync(ctx.dataDir).filter((n) => n.includes('restoring') || n.includes('before-restore'))).toEqual([]);
    expect((await call(ctx.core, 'persons:list', {})).total).toBe(13);

    // 停止 while the thread checks the copy: the same, the staged copy removed.
    const stopInCheck = ctx.core.onEvent((e) => {
      if (e.type === 'progress' && e.progress.phase === 'restoreCheck') setImmediate(() => ctx.core.cancelJob());
    });
    const stoppedInCheck = await ctx.core.invoke('backups:restore', { source: { file }, credential: { password: 'admin password' }, confirm: 'JS-NJ-01' });
    stopInCheck();
    expect(stoppedInCheck).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(readdirSync(ctx.dataDir).filter((n) => n.includes('restoring') || n.includes('before-restore'))).toEqual([]);

    ctx.events.length = 0;
    const restored = await call(ctx.core, 'backups:restore', { source: { file }, credential: { password: 'admin password' }, confirm: 'JS-NJ-01' });
    expect(restored.keptAs).toBe('haven-before-restore-20260302-110000.db');
    expect(ctx.events).toContainEqual({ type: 'locked', reason: 'restored' });
    expect(ctx.events.filter((e) => e.type === 'progress').map((e) => (e.type === 'progress' ? e.progress.phase : ''))).toEqual(
      expect.arrayContaining(['restoreCopy', 'restoreCheck', 'restoreSwap']),
    );
    // The copy counts megabytes to the whole file.
    const copying = ctx.events.flatMap((e) => (e.type === 'progress' && e.progress.phase === 'restoreCopy' ? [e.progress] : []));
    expect(copying.at(-1)).toMatchObject({ done: copying.at(-1)!.total });
    expect((await call(ctx.core, 'app:status', {})).lockReason).toBe('restored');
    expect((await refusal(ctx.core, 'persons:list', {})).code).toBe('LOCKED');

    // The files: the restored pair in place, the current pair kept, nothing staged left.
    const names = readdirSync(ctx.dataDir);
    expect(names).toEqual(expect.arrayContaining(['haven.db', 'haven.db.keys', 'haven-before-restore-20260302-110000.db', 'haven-before-restore-20260302-110000.db.keys', 'restore-log.txt']));
    expect(names.filter((n) => n.includes('restoring'))).toEqual([]);
    const log = readFileSync(join(ctx.dataDir, 'restore-log.txt'), 'utf8');
    expect(log).toContain(`restored ${file}; previous files kept as haven-before-restore-20260302-110000.db`);
    expect(log).not.toMatch(/admin|张|王/);

    // Every table as it was at the backup, but the audit log, which goes on: the events up to
    // the backup's own, then the restore.
    const after = openDirect(ctx.dataDir);
    const now = tableDigests(after.db, lastAuditAfterLogin);
    const then = (() => {
      // The backup holds the login's events too; compare the audit log up to the same event.
      return tableDigests(openedBackupDb(join(made.folder, file)), lastAuditAfterLogin);
    })();
    expect(now).toEqual(then);
    const { audit_events: _a, settings: _s, ...rest } = now;
    const { audit_events: _b, settings: _t, ...restOriginal } = original;
    expect(rest).toEqual(restOriginal);
    expect(now.audit_events!.rows).toBe(lastAuditAfterLogin);
    expect(lastAuditAfterLogin).toBeGreaterThan(lastAuditId);
    const lastEvent = after.db.prepare('SELECT action, actor_username, details FROM audit_events ORDER BY id DESC LIMIT 1').get() as { action: string; actor_username: string; details: string };
    expect(lastEvent).toMatchObject({ action: 'backup.restore', actor_username: 'admin' });
    expect(JSON.parse(lastEvent.details)).toMatchObject({ file });
    expect(after.db.prepare(`SELECT count(*) FROM meta WHERE key = 'backup'`).pluck().get()).toBe(0);
    // 新来的 (id 13), created after the backup, keeps its id taken.
    expect(after.db.prepare(`SELECT value FROM meta WHERE key = 'personIdHighWater'`).pluck().get()).toBe('13');
    after.db.close();

    // Log in again: the restored data; the audit chain holds.
    await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect((await call(ctx.core, 'persons:list', {})).total).toBe(12);
    expect((await call(ctx.core, 'audit:chain', {})).ok).toBe(true);
    expect((await call(ctx.core, 'audit:list', { action: 'backup.restore', limit: 5 })).map((e) => e.action)).toEqual(['backup.restore']);
  });

  it('refuses a damaged backup and leaves the current files byte for byte as they were', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    await call(ctx.core, 'persons:create', { person: { name: '张三', idNumber: '110101199003070011' } });
    const made = await call(ctx.core, 'backups:run', {});
    const file = made.last!.file;
    const path = join(made.folder, file);
    // A page in the middle of the backup overwritten (a bad sector, a stick pulled mid-copy).
    const bytes = readFileSync(path).length;
    expect(bytes).toBeGreaterThan(4096 * 4);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 3);
    closeSync(fd);

    const current = ['haven.db', 'haven.db-wal', 'haven.db.keys'].map((n) => join(ctx.dataDir, n));
    const hashes = current.map(fileHash);
    const listing = readdirSync(ctx.dataDir).sort();

    expect((await refusal(ctx.core, 'backups:inspect', { source: { file }, credential: { password: 'admin password' } })).messageKey).toBe('errors.RESTORE_DAMAGED');
    const refused = await refusal(ctx.core, 'backups:restore', { source: { file }, credential: { password: 'admin password' }, confirm: 'JS-NJ-01' });
    expect(refused).toMatchObject({ code: 'DATABASE_DAMAGED', messageKey: 'errors.RESTORE_DAMAGED' });

    expect(current.map(fileHash)).toEqual(hashes);
    expect(readdirSync(ctx.dataDir).sort()).toEqual([...listing, 'restore-log.txt'].sort());
    expect(readFileSync(join(ctx.dataDir, 'restore-log.txt'), 'utf8')).toContain(`refused ${file}: errors.RESTORE_DAMAGED`);
    // The session goes on with the same data.
    expect((await call(ctx.core, 'persons:list', {})).total).toBe(1);

    // A backup whose key file is missing: said as such.
    rmSync(`${path}.keys`);
    expect((await refusal(ctx.core, 'backups:inspect', { source: { file }, credential: { password: 'admin password' } })).messageKey).toBe('errors.RESTORE_FILE_MISSING');
  });

  it('opens a backup with the recovery key, and only an admin may restore', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    const made = await call(ctx.core, 'backups:run', {});
    const file = made.last!.file;
    const preview = await call(ctx.core, 'backups:inspect', { source: { file }, credential: { recoveryKey: ctx.recoveryKey } });
    expect(preview.confirmWord).toBe('JS-NJ-01');

    await call(ctx.core, 'users:create', { username: 'staff1', displayName: '小张', role: 'staff', password: 'staff password 1' });
    await call(ctx.core, 'auth:logout', {});
    await firstLogin(ctx.core, 'staff1', 'staff password 1');
    for (const [channel, input] of [
      ['backups:list', {}],
      ['backups:inspect', { source: { file }, credential: { password: 'staff password 1' } }],
      ['backups:restore', { source: { file }, credential: { password: 'staff password 1' }, confirm: 'JS-NJ-01' }],
      ['backups:setFolder', { folderId: null }],
    ] as const) {
      expect((await refusal(ctx.core, channel, input)).code).toBe('FORBIDDEN');
    }
    // A path is never an input: only a name of ours, or an id the open dialog granted.
    await call(ctx.core, 'auth:logout', {});
    await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect((await refusal(ctx.core, 'backups:inspect', { source: { file: '../haven.db' }, credential: { password: 'admin password' } })).code).toBe('VALIDATION');
  });
});

describe('putting the current files back', () => {
  it('when the copy in place does not open, the current files are renamed back exactly and nothing is left over', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    await call(ctx.core, 'auth:logout', {});
    ctx.core.close();
    const databasePath = join(ctx.dataDir, 'haven.db');
    const current = ['haven.db', 'haven.db-wal', 'haven.db-shm', 'haven.db.keys'].map((n) => join(ctx.dataDir, n));
    const hashes = current.map(fileHash);
    const listing = readdirSync(ctx.dataDir).sort();
    // A staged "backup" that is not a database of this key: the check after the swap fails.
    const staged = `${databasePath}.restoring`;
    writeFileSync(staged, Buffer.alloc(4096 * 2, 0x33));
    writeFileSync(`${staged}.keys`, readFileSync(`${databasePath}.keys`));
    const masterKey = Buffer.alloc(32, 7);
    const discard = () => ['', '-wal', '-shm', '.keys'].forEach((s) => rmSync(`${staged}${s}`, { force: true }));
    expect(() => swapIntoPlace({ preview: {} as never, staged, masterKey, discard }, databasePath, new Date('2026-03-02T10:00:00+08:00'), { scrypt: FAST_SCRYPT })).toThrow();
    expect(current.map(fileHash)).toEqual(hashes);
    expect(readdirSync(ctx.dataDir).sort()).toEqual(listing);
    expect(masterKey.equals(Buffer.alloc(32))).toBe(true);
  });
});

describe('a restore over what a crash left: an interrupted rotation, a hot journal', () => {
  const NOW = new Date('2026-03-01T08:00:00Z');
  const scrypt = FAST_SCRYPT;
  const restore = async (source: string, databasePath: string, now: Date) => {
    const staged = await stageRestore(
      { source: { path: source, name: basename(source) }, username: 'admin', credential: { password: 'admin password' }, currentDb: null, currentMode: null, databasePath, vaultOptions: { scrypt }, confirm: null, now, actor: { username: 'admin' } },
      () => {},
    );
    return swapIntoPlace(staged, databasePath, now, { scrypt });
  };

  it('sets the pending key file aside with the files it opens: the kept files still open, and a restore from them takes them back', async () => {
    const dir = tempDir();
    const paths = pathsForDatabase(join(dir, 'haven.db'));
    createVault(paths, { station: { code: 'T-1', name: '测试站', mode: 'station' }, admin: { username: 'admin', displayName: '站长', password: 'admin password' } }, NOW, { scrypt });
    const opened = unlockWithPassword(paths, 'admin', 'admin password', { scrypt });
    const backup = join(dir, 'backups', 'haven-20260301-160000.db');
    backupDatabase(opened.db, opened.masterKey, paths.databasePath, backup);
    opened.db.prepare(`INSERT INTO settings (key, value) VALUES ('work', '"a month of records after the backup"')`).run();
    const oldKeyFile = readFileSync(paths.keyFilePath);
    new VaultKeys(paths, opened.masterKey, opened.keyFile, { scrypt }).rotateMasterKey(opened.db, 'admin', 'admin password', NOW);
    opened.db.close();
    // The crash between the rekey and the promotion, as vault.test.ts simulates it: only the pending key file opens the data.
    writeFileSync(`${paths.keyFilePath}.next`, readFileSync(paths.keyFilePath));
    writeFileSync(paths.keyFilePath, oldKeyFile);
    const pending = readFileSync(`${paths.keyFilePath}.next`);

    const kept = await restore(backup, paths.databasePath, NOW);
    expect(kept).toBe('haven-before-restore-20260301-160000.db');
    expect(readdirSync(dir).sort()).toEqual(['backups', 'haven-before-restore-20260301-160000.db', 'haven-before-restore-20260301-160000.db.keys', 'haven-before-restore-20260301-160000.db.keys.next', 'haven.db', 'haven.db.keys']);
    expect(readFileSync(join(dir, `${kept}.keys.next`)).equals(pending)).toBe(true);
    // The restored database's first login has no pending key file of its own to remove, and the kept one stays.
    const restored = unlockWithPassword(paths, 'admin', 'admin password', { scrypt });
    expect(restored.db.prepare(`SELECT value FROM settings WHERE key = 'work'`).pluck().get()).toBeUndefined();
    restored.db.close();
    expect(readFileSync(join(dir, `${kept}.keys.next`)).equals(pending)).toBe(true);

    // The kept files restored in turn (`haven restore --from` them): the month of records is back.
    const keptAgain = await restore(join(dir, kept), paths.databasePath, NOW);
    expect(keptAgain).toBe('haven-before-restore-20260301-160000-2.db');
    const back = unlockWithPassword(paths, 'admin', 'admin password', { scrypt });
    expect(back.db.prepare(`SELECT value FROM settings WHERE key = 'work'`).pluck().get()).toBe('"a month of records after the backup"');
    back.db.close();
    expect(existsSync(`${paths.keyFilePath}.next`)).toBe(false);
    // And the kept files open as they are, their pending key file settling the rotation as a login does.
    const aside = unlockWithPassword(pathsForDatabase(join(dir, kept)), 'admin', 'admin password', { scrypt, migrate: false });
    expect(aside.db.prepare(`SELECT value FROM settings WHERE key = 'work'`).pluck().get()).toBe('"a month of records after the backup"');
    aside.db.close();
  });

  it('a hot journal (a rekey or a bundle killed mid-way) moves aside with its database, never played into the restored one; restoring the kept files rolls it back', async () => {
    const source = tempDir();
    const paths = pathsForDatabase(join(source, 'haven.db'));
    createVault(paths, { station: { code: 'T-1', name: '测试站', mode: 'station' }, admin: { username: 'admin', displayName: '站长', password: 'admin password' } }, NOW, { scrypt });
    const opened = unlockWithPassword(paths, 'admin', 'admin password', { scrypt });
    const backup = join(source, 'backups', 'haven-20260301-160000.db');
    backupDatabase(opened.db, opened.masterKey, paths.databasePath, backup);
    opened.db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, b BLOB)');
    opened.db.transaction(() => {
      for (let i = 0; i < 300; i++) opened.db.prepare('INSERT INTO filler (b) VALUES (randomblob(1000))').run();
    })();
    opened.db.pragma('wal_checkpoint(TRUNCATE)');
    // A transaction in rollback-journal mode whose pages spill into the file before it commits; the
    // power is cut: the files as they are on disk at that moment.
    opened.db.pragma('journal_mode = DELETE');
    opened.db.pragma('cache_size = 10');
    opened.db.exec('BEGIN');
    opened.db.exec('UPDATE filler SET b = randomblob(1000)');
    const dir = tempDir();
    for (const name of ['haven.db', 'haven.db-journal', 'haven.db.keys']) writeFileSync(join(dir, name), readFileSync(join(source, name)));
    opened.db.exec('ROLLBACK');
    opened.db.close();
    const databasePath = join(dir, 'haven.db');
    const journal = readFileSync(`${databasePath}-journal`);
    expect(journal.length).toBeGreaterThan(4096);

    const kept = await restore(backup, databasePath, NOW);
    expect(readdirSync(dir).sort()).toEqual([kept, `${kept}-journal`, `${kept}.keys`, 'haven.db', 'haven.db.keys']);
    expect(readFileSync(join(dir, `${kept}-journal`)).equals(journal)).toBe(true);
    const restored = unlockWithPassword(pathsForDatabase(databasePath), 'admin', 'admin password', { scrypt });
    expect(restored.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(restored.db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'filler'`).pluck().get()).toBe(0);
    restored.db.close();

    // The kept files restored in turn: their journal goes with them and is rolled back — the 300 rows as committed.
    await restore(join(dir, kept), databasePath, NOW);
    const back = unlockWithPassword(pathsForDatabase(databasePath), 'admin', 'admin password', { scrypt });
    expect(back.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(back.db.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(300);
    back.db.close();
    expect(readdirSync(dir).filter((n) => n.includes('restoring'))).toEqual([]);
  });

  it('a backup whose key file asks for an outsized key derivation is refused as damaged at once, and nothing is staged', async () => {
    const dir = tempDir();
    const paths = pathsForDatabase(join(dir, 'haven.db'));
    createVault(paths, { station: { code: 'T-1', name: '测试站', mode: 'station' }, admin: { username: 'admin', displayName: '站长', password: 'admin password' } }, NOW, { scrypt });
    const opened = unlockWithPassword(paths, 'admin', 'admin password', { scrypt });
    const backup = join(dir, 'stick', 'haven-20260301-160000.db');
    backupDatabase(opened.db, opened.masterKey, paths.databasePath, backup);
    opened.db.close();
    // 4 GiB and minutes of scrypt (N=2^20, r=32): a damaged or hostile key file beside a chosen backup.
    const keyFile = JSON.parse(readFileSync(`${backup}.keys`, 'utf8')) as { slots: { type: string; kdf: { N?: number; r?: number } }[] };
    for (const slot of keyFile.slots) if (slot.type === 'password') Object.assign(slot.kdf, { N: 2 ** 20, r: 32 });
    writeFileSync(`${backup}.keys`, JSON.stringify(keyFile));
    const listing = readdirSync(dir).sort();
    const hashes = ['haven.db', 'haven.db.keys'].map((n) => fileHash(join(dir, n)));
    const started = Date.now();
    await expect(restore(backup, paths.databasePath, NOW)).rejects.toMatchObject({ code: 'DATABASE_DAMAGED', messageKey: 'errors.RESTORE_DAMAGED' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readdirSync(dir).sort()).toEqual(listing);
    expect(['haven.db', 'haven.db.keys'].map((n) => fileHash(join(dir, n)))).toEqual(hashes);
  });
});

describe('the backup folder chosen by the admin', () => {
  it('is checked before it is saved, audited, used; when unplugged the backup fails clearly and nothing else changes', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    const stick = join(tempDir('haven-stick-'), 'HAVEN');
    mkdirSync(stick);
    // The outbox (emptied by the app) is refused.
    mkdirSync(join(ctx.dataDir, 'outbox', 'x'), { recursive: true });
    const outboxId = ctx.core.grantFolder(join(ctx.dataDir, 'outbox', 'x'))!;
    expect((await refusal(ctx.core, 'backups:setFolder', { folderId: outboxId })).messageKey).toBe('errors.BACKUP_FOLDER_EMPTIED');
    expect(ctx.core.grantFolder(join(stick, 'nope'))).toBeNull();
    expect((await refusal(ctx.core, 'backups:setFolder', { folderId: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');

    const chosen = await call(ctx.core, 'backups:setFolder', { folderId: ctx.core.grantFolder(stick)! });
    expect(chosen).toMatchObject({ folder: stick, folderMissing: false, settings: { folder: stick } });
    expect(readdirSync(stick)).toEqual([]);
    expect((await call(ctx.core, 'audit:list', { action: 'backups.setFolder', limit: 1 }))[0]!.details).toMatchObject({ folder: stick, before: null });
    // Settings saved later keep the folder.
    await call(ctx.core, 'backups:configure', { keep: 5, everyDays: 1, warnDays: 7 });
    const made = await call(ctx.core, 'backups:run', {});
    expect(made.folder).toBe(stick);
    expect(readdirSync(stick).sort()).toEqual(['haven-20260302-090000.db', 'haven-20260302-090000.db.keys']);

    // The stick is unplugged.
    rmSync(stick, { recursive: true });
    ctx.clock.advance(3600_000);
    expect((await call(ctx.core, 'backups:status', {})).folderMissing).toBe(true);
    const failed = await refusal(ctx.core, 'backups:run', {});
    expect(failed).toMatchObject({ code: 'NOT_FOUND', messageKey: 'errors.BACKUP_FOLDER_MISSING', params: { folder: stick } });
    expect(existsSync(stick)).toBe(false);
    const status = await call(ctx.core, 'backups:status', {});
    expect(status.last).toEqual({ at: made.last!.at, file: 'haven-20260302-090000.db' });
    expect((await call(ctx.core, 'audit:list', { action: 'backup.failed', limit: 1 }))[0]!.details).toMatchObject({ automatic: false, reason: 'errors.BACKUP_FOLDER_MISSING' });

    // The automatic backup at logout (due a day on) fails the same way: audited, and the session ends all the same.
    ctx.clock.advance(86_400_000);
    await call(ctx.core, 'auth:logout', {});
    expect(existsSync(stick)).toBe(false);
    await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect((await call(ctx.core, 'audit:list', { action: 'backup.failed', limit: 1 }))[0]!.details).toMatchObject({ automatic: true, when: 'exit', reason: 'errors.BACKUP_FOLDER_MISSING' });
    expect((await call(ctx.core, 'backups:status', {})).last!.file).toBe('haven-20260302-090000.db');

    // Back to the default folder.
    expect((await call(ctx.core, 'backups:setFolder', { folderId: null })).folder).toBe(join(ctx.dataDir, 'backups'));
  });
});

describe('the shell\'s folder and file dialogs', () => {
  it('a staff member never reaches the dialog; the admin\'s chosen folder is checked and saved, a cancel changes nothing', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    const stick = tempDir('haven-stick-');
    const calls: string[] = [];
    const answers: string[][] = [];
    const backend = {
      print: async () => ({ printed: true }),
      savePdf: async () => ({ path: null }),
      saveFile: async () => ({ path: null }),
      chooseBundles: async () => [],
      chooseSpreadsheet: async () => [],
      chooseBackupFolder: async () => {
        calls.push('folder');
        return answers.shift() ?? [];
      },
      chooseBackupFile: async () => {
        calls.push('file');
        return answers.shift() ?? [];
      },
    };
    const shell = createShellDispatcher(inThisThread(ctx.core), backend);
    answers.push([]);
    expect(await shell('shell:chooseBackupFolder', {})).toEqual({ ok: true, value: { status: null } });
    answers.push([stick]);
    const chosen = await shell('shell:chooseBackupFolder', {});
    expect(chosen).toMatchObject({ ok: true, value: { status: { folder: stick, settings: { folder: stick } } } });
    answers.push([join(stick, 'gone')]);
    expect(await shell('shell:chooseBackupFolder', {})).toMatchObject({ ok: false });
    expect((await call(ctx.core, 'backups:status', {})).folder).toBe(stick);
    const made = await call(ctx.core, 'backups:run', {});
    answers.push([join(stick, made.last!.file)]);
    const file = await shell('shell:chooseBackupFile', {});
    expect(file).toMatchObject({ ok: true, value: { files: [{ name: made.last!.file }] } });

    await call(ctx.core, 'users:create', { username: 'staff1', displayName: '小张', role: 'staff', password: 'staff password 1' });
    await call(ctx.core, 'auth:logout', {});
    await firstLogin(ctx.core, 'staff1', 'staff password 1');
    calls.length = 0;
    expect(await shell('shell:chooseBackupFolder', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await shell('shell:chooseBackupFile', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });
});

describe('the scheduled backup', () => {
  it('a scheduled backup that fails (the stick unplugged) ends as a failed job, is audited, and leaves nothing', async () => {
    const ctx = await loggedIn('2026-03-02T17:59:00+08:00');
    const stick = join(ctx.dataDir, 'stick');
    mkdirSync(stick);
    await call(ctx.core, 'backups:setFolder', { folderId: ctx.core.grantFolder(stick)! });
    await call(ctx.core, 'backups:configure', { keep: 5, everyDays: 1, warnDays: 7, dailyAt: '18:00' });
    rmSync(stick, { recursive: true });
    ctx.clock.set('2026-03-02T18:00:00+08:00');
    await call(ctx.core, 'auth:activity', {});
    ctx.events.length = 0;
    await ctx.core.tick();
    expect(ctx.events.filter((e) => e.type === 'jobEnded')).toEqual([{ type: 'jobEnded', job: 'backups:scheduled', outcome: 'failed' }]);
    expect((await call(ctx.core, 'audit:list', { action: 'backup.failed', limit: 1 }))[0]!.details).toMatchObject({ automatic: true, when: 'scheduled', reason: 'errors.BACKUP_FOLDER_MISSING' });
    expect(existsSync(stick)).toBe(false);
    expect((await call(ctx.core, 'backups:status', {})).last).toBeNull();
  });

  it('runs at its daily time under a hand-set clock, not before, and once', async () => {
    const ctx = await loggedIn('2026-03-02T17:00:00+08:00');
    await call(ctx.core, 'backups:configure', { keep: 5, everyDays: 1, warnDays: 7, dailyAt: '18:00' });
    expect((await refusal(ctx.core, 'backups:configure', { keep: 5, everyDays: 1, warnDays: 7, dailyAt: '25:00' })).code).toBe('VALIDATION');
    // A backup made by hand in the morning does not stand in for the evening's.
    ctx.clock.set('2026-03-02T17:59:00+08:00');
    await call(ctx.core, 'auth:activity', {});
    await ctx.core.tick();
    expect((await call(ctx.core, 'backups:status', {})).files).toEqual([]);

    ctx.clock.set('2026-03-02T18:00:00+08:00');
    await call(ctx.core, 'auth:activity', {});
    await ctx.core.tick();
    const after = await call(ctx.core, 'backups:status', {});
    expect(after.files.map((f) => f.file)).toEqual(['haven-20260302-180000.db']);
    expect((await call(ctx.core, 'audit:list', { action: 'backup.create', limit: 1 }))[0]!.details).toMatchObject({ automatic: true, when: 'scheduled' });
    // A job with its bar (the copy runs in its own thread while people work).
    expect(ctx.events.filter((e) => e.type === 'jobEnded')).toContainEqual({ type: 'jobEnded', job: 'backups:scheduled', outcome: 'done' });
    expect(ctx.events.some((e) => e.type === 'progress' && e.progress.job === 'backups:scheduled' && e.progress.phase === 'backupCheck')).toBe(true);

    // Once that day; the next day at its time again.
    ctx.clock.set('2026-03-02T18:30:00+08:00');
    await call(ctx.core, 'auth:activity', {});
    await ctx.core.tick();
    expect((await call(ctx.core, 'backups:status', {})).files).toHaveLength(1);
    ctx.clock.set('2026-03-03T17:59:59+08:00');
    await call(ctx.core, 'auth:activity', {});
    await ctx.core.tick();
    expect((await call(ctx.core, 'backups:status', {})).files).toHaveLength(1);
    ctx.clock.set('2026-03-03T18:01:00+08:00');
    await call(ctx.core, 'auth:activity', {});
    await ctx.core.tick();
    expect((await call(ctx.core, 'backups:status', {})).files.map((f) => f.file)).toEqual(['haven-20260303-180100.db', 'haven-20260302-180000.db']);
  });
});

/** The backup file opened read-only with the current key, for the comparison above. */
function openedBackupDb(path: string): Db {
  const opened = unlockWithPassword({ databasePath: path, keyFilePath: `${path}.keys` }, 'admin', 'admin password', { scrypt: FAST_SCRYPT, migrate: false, readOnly: true });
  return opened.db;
}

describe('restore and the bundles already sent', () => {
  it('numbers the next bundle after the last one sent, not after the backup: the supervisor takes it, chained to the last', async () => {
    const { loggedInSupervisor } = await import('./support/core');
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    const sup = await loggedInSupervisor();
    const keys = await call(sup.core, 'bundles:keys', {});
    const recipientId = (await call(ctx.core, 'bundles:addRecipient', { name: '', recipient: keys.recipientFile, confirmFingerprint: keys.recipientFingerprint })).id;
    const stationFingerprint = (await call(ctx.core, 'bundles:keys', {})).fingerprint;
    const file = (await call(ctx.core, 'backups:run', {})).last!.file;
    // A file created after the backup, sent upward under its id.
    const { personId: sentUpward } = await call(ctx.core, 'persons:create', { person: { name: '李二', idNumber: '110101199003070011' } });
    const sendOne = async () => {
      const made = await call(ctx.core, 'bundles:export', { recipientId, kind: 'full' });
      await call(ctx.core, 'bundles:confirmSaved', { jobId: made.jobId });
      return ctx.core.fileJob(made.jobId)!.path;
    };
    const importAtSupervisor = async (path: string) =>
      (await call(sup.core, 'bundles:import', { fileIds: sup.core.grantFiles([path]).map((g) => g.fileId), confirmFingerprints: [stationFingerprint] }))[0];
    // Two bundles sent and taken after the backup was made.
    for (const seq of [1, 2]) {
      ctx.clock.advance(3600_000);
      expect(await importAtSupervisor(await sendOne())).toMatchObject({ outcome: 'accepted', seq });
    }
    ctx.clock.advance(3600_000);
    await call(ctx.core, 'backups:restore', { source: { file }, credential: { password: 'admin password' }, confirm: 'JS-NJ-01' });
    await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
    // The restored database knows what was sent since its backup, and says so in its audit log.
    expect((await call(ctx.core, 'bundles:sent', {})).map((b) => b.seq).sort()).toEqual([1, 2]);
    expect((await call(ctx.core, 'audit:list', { action: 'backup.restore', limit: 1 }))[0]?.details).toMatchObject({ bundlesKept: 2 });
    ctx.clock.advance(3600_000);
    const third = await importAtSupervisor(await sendOne());
    expect(third).toMatchObject({ outcome: 'accepted', seq: 3 });
    // Not stale, and chained: only the audit events made between the backup and the restore are
    // gone from the station's log, and the supervisor, which anchored them, says so.
    // (shorter or rewritten, as the restored log's length falls).
    expect(third?.warnings.map((w) => w.code)).toEqual([expect.stringMatching(/^BUNDLE_AUDIT_(SHORTER|REWRITTEN)$/)]);
    // The supervisor knows 李二 under that id: the next file created here takes another.
    const { personId: next } = await call(ctx.core, 'persons:create', { person: { name: '王三', idNumber: '110101199003070038' } });
    expect(next).toBeGreaterThan(sentUpward);
  });

  it('takes nothing from a database of another station (a backup of another station restored here on purpose)', async () => {
    const { carryOver } = await import('../../electron/core/backups/restore');
    const { openDatabase } = await import('../../electron/core/kernel/db/database');
    const { randomBytes } = await import('node:crypto');
    const station = (code: string) => {
      const db = openDatabase(`${tempDir()}/s.db`, randomBytes(32), { create: true });
      db.prepare(`INSERT INTO station (id, code, name, mode, created_at) VALUES (1, ?, ?, 'station', '2026-01-01')`).run(code, code);
      return db;
    };
    const current = station('JS-NJ-01');
    current.prepare(`INSERT INTO bundle_recipients (name, recipient, fingerprint, confirmed_at, next_seq) VALUES ('县禁毒办', 'age1xyz', 'fp', '2026-01-01', 4)`).run();
    current.prepare(`INSERT INTO persons (id, name, name_pinyin, name_initials, id_number, birth_date, gender, created_at, updated_at) VALUES (40, '张三', 'zhangsan', 'zs', '320102198805172311', '1988-05-17', 'male', '2026-01-01', '2026-01-01')`).run();
    const restored = station('JS-NJ-02');
    expect(carryOver(restored, current)).toBe(0);
    expect(restored.prepare('SELECT count(*) FROM bundle_recipients').pluck().get()).toBe(0);
    const { nextPersonId } = await import('../../electron/core/kernel/personIds');
    expect(nextPersonId(restored)).toBe(1);
    // The same station's: its numbering and its highest id come along.
    const same = station('JS-NJ-01');
    carryOver(same, current);
    expect(same.prepare('SELECT next_seq FROM bundle_recipients').pluck().get()).toBe(4);
    expect(nextPersonId(same)).toBe(41);
    for (const db of [current, restored, same]) db.close();
  });
});
