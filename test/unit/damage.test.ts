import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, firstLogin, loggedIn, makeCore, refusal, SETUP } from './support/core';
import { runCli } from './support/cli';
import { tempDir } from './support/tmp';
import { scanWal } from '../../electron/core/kernel/db/wal';

/**
 * A damaged or foreign data file is never replaced, migrated or written, and says so in its own
 * words — not "wrong password", and not counted by the login throttle (issue 12, first part).
 */
const LOGIN = { username: 'admin', password: SETUP.password };
const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function closedStation() {
  const ctx = await loggedIn();
  await call(ctx.core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
  await call(ctx.core, 'auth:logout', {});
  ctx.core.close();
  return { dir: ctx.dataDir, db: join(ctx.dataDir, 'haven.db'), keys: join(ctx.dataDir, 'haven.db.keys') };
}

async function expectDamaged(dir: string, messageKey: string) {
  const file = join(dir, 'haven.db');
  const before = hash(file);
  const { core } = makeCore(dir);
  // Six tries: never throttled, never "wrong password", the file untouched each time.
  for (let i = 0; i < 6; i++) {
    expect(await refusal(core, 'auth:login', LOGIN)).toMatchObject({ code: 'DATABASE_DAMAGED', messageKey });
    expect(hash(file)).toBe(before);
  }
  core.close();
}

describe('a damaged data file', () => {
  it('empty: refused as empty, left at 0 bytes, never a fresh database in its place', async () => {
    const s = await closedStation();
    truncateSync(s.db, 0);
    await expectDamaged(s.dir, 'errors.DATABASE_DAMAGED_EMPTY');
    expect(readFileSync(s.db).length).toBe(0);
  });

  it('cut short, zeroed salt, random bytes: each refused as such, byte for byte unchanged', async () => {
    const cut = await closedStation();
    truncateSync(cut.db, readFileSync(cut.db).length - 100);
    await expectDamaged(cut.dir, 'errors.DATABASE_DAMAGED_CUT');

    const salt = await closedStation();
    const bytes = readFileSync(salt.db);
    bytes.fill(0, 0, 16);
    writeFileSync(salt.db, bytes);
    await expectDamaged(salt.dir, 'errors.DATABASE_DAMAGED_KEY');

    const noise = await closedStation();
    writeFileSync(noise.db, Buffer.alloc(8192, 0x5a));
    await expectDamaged(noise.dir, 'errors.DATABASE_DAMAGED_KEY');
  });

  it('a key file of another database: the password opens its slot, the data file then says it does not match', async () => {
    const mine = await closedStation();
    const other = await closedStation();
    copyFileSync(other.keys, mine.keys);
    await expectDamaged(mine.dir, 'errors.DATABASE_DAMAGED_KEY');
  });

  it('a key file asking for an unbounded key derivation is refused as damaged, without trying it', async () => {
    const s = await closedStation();
    const original = readFileSync(s.keys, 'utf8');
    // N=2^30 alone; N=2^20 with r=32, each within its own bound but 4 GiB and minutes together.
    for (const outsized of [{ N: 2 ** 30 }, { N: 2 ** 20, r: 32 }]) {
      const keyFile = JSON.parse(original) as { slots: { type: string; kdf: object }[] };
      for (const slot of keyFile.slots) if (slot.type === 'password') Object.assign(slot.kdf, outsized);
      writeFileSync(s.keys, JSON.stringify(keyFile));
      const { core } = makeCore(s.dir);
      const started = Date.now();
      expect(await refusal(core, 'auth:login', LOGIN)).toMatchObject({ messageKey: 'errors.KEY_FILE_CORRUPT' });
      expect(Date.now() - started).toBeLessThan(2_000);
      core.close();
    }
  });

  it('a wrong password is still a wrong password, and throttled', async () => {
    const s = await closedStation();
    const { core } = makeCore(s.dir);
    for (let i = 0; i < 5; i++) expect((await refusal(core, 'auth:login', { ...LOGIN, password: 'not the password' })).code).toBe('INVALID_CREDENTIALS');
    expect((await refusal(core, 'auth:login', { ...LOGIN, password: 'not the password' })).messageKey).toMatch(/THROTTLED/);
    core.close();
  });

  it('a WAL garbled part-way is reported before SQLite would drop the committed frames after it; recover-wal keeps copies and the frames before', async () => {
    const ctx = await loggedIn();
    for (let i = 0; i < 40; i++) {
      await call(ctx.core, 'persons:create', { person: { name: `人员${i}`, idNumber: composeIdNumber('320102', '1988-05-17', 100 + i) } });
    }
    // A crash: the files as they are on disk while the app still has them open.
    const dir = tempDir();
    for (const name of ['haven.db', 'haven.db-wal', 'haven.db.keys']) copyFileSync(join(ctx.dataDir, name), join(dir, name));
    ctx.core.close();
    const wal = join(dir, 'haven.db-wal');
    const scan = scanWal(wal)!;
    expect(scan.damagedAt).toBeNull();
    expect(scan.validFrames).toBeGreaterThan(20);
    const bytes = readFileSync(wal);
    const frameSize = 24 + 4096;
    const middle = 32 + Math.floor(scan.frames / 2) * frameSize + 24 + 1000;
    bytes.writeUInt32BE(0xdeadbeef, middle);
    writeFileSync(wal, bytes);
    expect(scanWal(wal)).toMatchObject({ damagedAt: Math.floor(scan.frames / 2) });

    const walBefore = hash(wal);
    await expectDamaged(dir, 'errors.DATABASE_DAMAGED_WAL');
    expect(hash(wal)).toBe(walBefore);

    const env = { HAVEN_PASSWORD: SETUP.password };
    const run = runCli(['recover-wal', '--db', join(dir, 'haven.db'), '--user', 'admin', '--json'], { env });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { damaged: boolean; droppedFrames: number; kept: { wal: string; database: string }; integrity: string };
    expect(report).toMatchObject({ damaged: true, integrity: 'ok' });
    expect(report.droppedFrames).toBeGreaterThan(0);
    expect(hash(report.kept.wal)).toBe(walBefore);
    expect(runCli(['recover-wal', '--db', join(dir, 'haven.db'), '--user', 'admin', '--json'], { env }).stdout).toContain('"damaged":false');

    const { core } = makeCore(dir);
    await call(core, 'auth:login', LOGIN);
    const persons = await call(core, 'persons:list', {});
    expect(persons.total).toBeLessThan(41);
    expect((await call(core, 'audit:list', { limit: 20 })).map((e) => e.action)).toContain('db.recoverWal');
    core.close();
  });

  it('recover-wal refuses a wrong password and a non-admin before it copies or writes anything: the files stay byte for byte', async () => {
    const ctx = await loggedIn();
    await call(ctx.core, 'users:create', { username: 'staff1', displayName: '小张', role: 'staff', password: 'staff password 1' });
    await call(ctx.core, 'auth:logout', {});
    await firstLogin(ctx.core, 'staff1', 'staff password 1');
    await call(ctx.core, 'auth:logout', {});
    await call(ctx.core, 'auth:login', LOGIN);
    for (let i = 0; i < 40; i++) {
      await call(ctx.core, 'persons:create', { person: { name: `人员${i}`, idNumber: composeIdNumber('320102', '1988-05-17', 100 + i) } });
    }
    const dir = tempDir();
    for (const name of ['haven.db', 'haven.db-wal', 'haven.db.keys']) copyFileSync(join(ctx.dataDir, name), join(dir, name));
    ctx.core.close();
    const wal = join(dir, 'haven.db-wal');
    const scan = scanWal(wal)!;
    const bytes = readFileSync(wal);
    bytes.writeUInt32BE(0xdeadbeef, 32 + Math.floor(scan.frames / 2) * (24 + 4096) + 24 + 1000);
    writeFileSync(wal, bytes);
    const validFrames = scanWal(wal)!.validFrames;

    const files = ['haven.db', 'haven.db-wal', 'haven.db.keys'].map((n) => join(dir, n));
    const before = files.map(hash);
    const copies = () => readdirSync(dir).filter((n) => n.includes('.damaged-') || n.includes('.before-recover-wal-'));
    const recover = (user: string, password: string) => runCli(['recover-wal', '--db', join(dir, 'haven.db'), '--user', user, '--json'], { env: { HAVEN_PASSWORD: password } });

    // Each refused with nothing copied and nothing written: the frames after the damage are still there for an admin to decide on.
    for (const [user, password, message] of [
      ['admin', 'not the password', '用户名或密码不正确'],
      ['staff1', 'staff password 1', '只有管理员可以恢复预写日志'],
      ['nobody', 'staff password 1', '用户名或密码不正确'],
    ] as const) {
      const refused = recover(user, password);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(message);
      expect(copies()).toEqual([]);
      expect(files.map(hash)).toEqual(before);
      expect(scanWal(wal)).toMatchObject({ validFrames, damagedAt: Math.floor(scan.frames / 2) });
    }

    // The admin recovers as before: the frames before the damage, and the copies.
    const run = recover('admin', SETUP.password);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ damaged: true, validFrames, integrity: 'ok' });
    expect(copies()).toHaveLength(2);
    expect(existsSync(wal) ? scanWal(wal)?.damagedAt ?? null : null).toBeNull();
  });

  it('a damaged page found by the check after login: the app says so and refuses every change, reads still answer', async () => {
    const ctx = await loggedIn();
    for (let i = 0; i < 300; i++) {
      await call(ctx.core, 'persons:create', {
        person: { name: `人员${i}`, idNumber: composeIdNumber('320102', '1988-05-17', 100 + i), residenceAddress: `江苏省南京市玄武区某某街道某某社区${'某'.repeat(40)}${i}号` },
      });
    }
    await call(ctx.core, 'auth:logout', {});
    ctx.core.close();
    const file = join(ctx.dataDir, 'haven.db');
    const bytes = readFileSync(file);
    const pages = bytes.length / 4096;
    expect(pages).toBeGreaterThan(40);
    // One flipped byte inside a page of the persons table, far from what login reads.
    const page = Math.floor(pages * 0.5);
    bytes[page * 4096 + 2000] = bytes[page * 4096 + 2000]! ^ 0x01;
    writeFileSync(file, bytes);

    const again = makeCore(ctx.dataDir);
    const session = await call(again.core, 'auth:login', LOGIN);
    expect(session.databaseDamage).toBeNull();
    await vi.waitFor(() => expect(again.events.some((e) => e.type === 'databaseDamaged')).toBe(true), { timeout: 30_000, interval: 50 });
    const refused = await refusal(again.core, 'persons:create', { person: { name: '新人', idNumber: composeIdNumber('320102', '1990-01-01', 11) } });
    expect(refused).toMatchObject({ code: 'DATABASE_DAMAGED', messageKey: 'errors.DATABASE_DAMAGED_PAGE' });
    expect((await refusal(again.core, 'settings:update', { idleLockMinutes: 10 })).messageKey).toBe('errors.DATABASE_DAMAGED_PAGE');
    expect((await call(again.core, 'app:status', {})).session?.databaseDamage?.length).toBeGreaterThan(0);
    // Reading goes on (a page the damage does not touch), and logging out still works.
    expect((await call(again.core, 'settings:get', {})).idleLockMinutes).toBeGreaterThan(0);
    await call(again.core, 'auth:logout', {});
    again.core.close();
  });

  it('a sound file passes the check after login and nothing is refused', async () => {
    const ctx = await loggedIn();
    await vi.waitFor(async () => {
      // The check has reported when its worker is gone; a sound file never sends the event.
      await call(ctx.core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ctx.events.some((e) => e.type === 'databaseDamaged')).toBe(false);
    expect((await call(ctx.core, 'app:status', {})).session?.databaseDamage).toBeNull();
    ctx.core.close();
  });
});
