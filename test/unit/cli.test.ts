import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli';
import { tempDir } from './support/tmp';
import { officialSqlcipherAvailable, openWithOfficialSqlcipher } from './support/sqlcipher';
import { pathsForDatabase, unlockWithPassword } from '../../electron/core/kernel/vault';

const INIT = ['init', '--station-code', 'JS-NJ-01', '--station-name', '某街道社区戒毒社区康复工作站', '--admin', 'admin', '--password-stdin'];

function init(db: string) {
  const run = runCli([...INIT, '--db', db, '--json'], { input: 'a long password\n' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as { recoveryKey: string };
}

describe('haven CLI', () => {
  it('init creates the encrypted database and key file and prints the recovery key once as JSON', () => {
    const db = `${tempDir()}/data/haven.db`;
    const { recoveryKey } = init(db);
    expect(recoveryKey).toMatch(/^(\d{6}-){7}\d{6}$/);
    expect(existsSync(db) && existsSync(`${db}.keys`)).toBe(true);
    const again = runCli([...INIT, '--db', db], { input: 'a long password\n' });
    expect(again.status).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('已经初始化');
  });

  it('refuses bad arguments with one line and changes nothing', () => {
    const dir = tempDir();
    const bad = runCli(['init', '--db', `${dir}/h.db`, '--station-code', '!!', '--station-name', '站', '--admin', 'a', '--password-stdin'], {
      input: 'short\n',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('站点代码');
    expect(bad.stderr).toContain('密码至少需要');
    expect(existsSync(`${dir}/h.db`)).toBe(false);
    expect(runCli(['init', '--db', `${dir}/h.db`]).status).toBe(2);
    expect(runCli(['frobnicate']).status).toBe(2);
    expect(runCli(['init', '--no-such-flag']).status).toBe(2);
    const english = runCli(['raw-key', '--db', `${dir}/h.db`], { input: '12\n', env: { HAVEN_LANG: 'en' } });
    expect(english.status).toBe(1);
    expect(english.stderr).toMatch(/recovery key/i);
  });

  it('check reports integrity and an unbroken audit chain', () => {
    const db = `${tempDir()}/haven.db`;
    init(db);
    const ok = runCli(['check', '--db', db, '--user', 'admin', '--json'], { env: { HAVEN_PASSWORD: 'a long password' } });
    expect(ok.status).toBe(0);
    // Setup's two events, and this command's own login.
    expect(JSON.parse(ok.stdout)).toMatchObject({ integrity: 'ok', audit: { ok: true, events: 3 } });
    const wrong = runCli(['check', '--db', db, '--user', 'admin'], { env: { HAVEN_PASSWORD: 'wrong password' } });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('用户名或密码不正确');
  });

  it('raw-key turns the recovery key into the master key, which opens the file in official SQLCipher 4', async () => {
    const db = `${tempDir()}/haven.db`;
    const { recoveryKey } = init(db);
    const run = runCli(['raw-key', '--db', db], { input: `${recoveryKey}\n` });
    expect(run.status).toBe(0);
    const masterKey = run.stdout.trim();
    expect(masterKey).toMatch(/^[0-9a-f]{64}$/);

    // Official SQLCipher 4 is an optional dependency (support/sqlcipher.ts): always there on CI.
    if (officialSqlcipherAvailable) {
      const official = await openWithOfficialSqlcipher(db, masterKey);
      expect(official.cipherVersion).toMatch(/^4\./);
      expect(official.station).toEqual({ code: 'JS-NJ-01', name: '某街道社区戒毒社区康复工作站' });
      await expect(openWithOfficialSqlcipher(db, 'ab'.repeat(32))).rejects.toThrow(/not a database|encrypted/i);
      await expect(openWithOfficialSqlcipher(db, null)).rejects.toThrow(/not a database|encrypted/i);
    } else {
      console.warn('official SQLCipher 4 (@journeyapps/sqlcipher) is not installed here: its interop check was skipped');
    }

    // Printing the master key and every command-line login are in the audit log.
    const { db: opened } = unlockWithPassword(pathsForDatabase(db), 'admin', 'a long password');
    const actions = opened.prepare('SELECT action, details FROM audit_events ORDER BY id').all() as { action: string; details: string }[];
    opened.close();
    expect(actions.map((a) => a.action)).toContain('keys.rawKey');
    const check = runCli(['check', '--db', db, '--user', 'admin', '--json'], { env: { HAVEN_PASSWORD: 'a long password' } });
    expect(check.status).toBe(0);
    const { db: again } = unlockWithPassword(pathsForDatabase(db), 'admin', 'a long password');
    const last = again.prepare('SELECT action, details FROM audit_events ORDER BY id DESC LIMIT 1').get() as { action: string; details: string };
    again.close();
    expect(last.action).toBe('auth.cliLogin');
    expect(JSON.parse(last.details)).toEqual({ command: 'check' });

    const wrongKey = recoveryKey.replace(/^\d{6}/, '000000');
    const refused = runCli(['raw-key', '--db', db], { input: `${wrongKey}\n` });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
  });
});

describe('haven alerts', () => {
  it('prints the worklist as of a chosen day as JSON, for scripted daily reports', async () => {
    const { call, loggedIn } = await import('./support/core');
    const { composeIdNumber } = await import('../../shared/domain/idNumber');
    const ctx = await loggedIn('2026-01-10T09:00:00+08:00');
    const { personId } = await call(ctx.core, 'persons:create', { person: { name: '李四', idNumber: composeIdNumber('320104', '1979-11-02', 42) } });
    await call(ctx.core, 'measures:create', {
      personId,
      decision: { kind: 'community_detox', decisionNumber: '1号', decisionAuthority: '玄武分局', decisionDate: '2026-01-01', deliveryDate: '2026-01-01', termMonths: 36 },
    });
    ctx.core.close();
    const db = `${ctx.dataDir}/haven.db`;
    const run = (at: string) => runCli(['alerts', '--db', db, '--user', 'admin', '--at', at, '--json'], { env: { HAVEN_PASSWORD: 'admin password' } });
    const onTime = run('2026-01-16');
    expect(onTime.status).toBe(0);
    expect(JSON.parse(onTime.stdout)).toEqual([
      { ruleId: 'report_in_due', severity: 'info', personId, facts: { from: '2026-01-01', basis: 'delivery', deadline: '2026-01-16', daysLeft: 0, goodReason: false }, article: 'RR-14', dueDate: '2026-01-16' },
    ]);
    const late = JSON.parse(run('2026-01-17').stdout) as { ruleId: string; article: string }[];
    expect(late).toEqual([expect.objectContaining({ ruleId: 'report_in_overdue', article: 'RR-14', severity: 'critical' })]);
    const text = runCli(['alerts', '--db', db, '--user', 'admin', '--at', '2026-01-17'], { env: { HAVEN_PASSWORD: 'admin password' } });
    expect(text.stdout).toContain('内报到，且无正当理由');
    expect(text.stdout).toContain('李四');
    const bad = runCli(['alerts', '--db', db, '--user', 'admin', '--at', '2026-13-01'], { env: { HAVEN_PASSWORD: 'admin password' } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('YYYY-MM-DD');
  });
});

describe('haven backup and restore', () => {
  it('makes a checked encrypted copy with its key file, and restores it only for an admin', async () => {
    const { readFileSync, existsSync: exists } = await import('node:fs');
    const dir = tempDir();
    const db = `${dir}/haven.db`;
    init(db);
    const env = { HAVEN_PASSWORD: 'a long password' };
    const backup = runCli(['backup', '--db', db, '--user', 'admin', '--out', `${dir}/b/haven-2026-03-02.db`, '--json'], { env });
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(exists(`${dir}/b/haven-2026-03-02.db.keys`)).toBe(true);
    expect(readFileSync(`${dir}/b/haven-2026-03-02.db`).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(runCli(['backup', '--db', db, '--user', 'admin', '--out', `${dir}/b/haven-2026-03-02.db`], { env }).status).toBe(1);
    expect(runCli(['check', '--db', `${dir}/b/haven-2026-03-02.db`, '--user', 'admin'], { env }).status).toBe(0);

    // A file added after the backup (as if sent upward under its id since): the restore keeps its id taken.
    const later = unlockWithPassword(pathsForDatabase(db), 'admin', 'a long password');
    later.db.prepare(`INSERT INTO persons (id, name, name_pinyin, name_initials, id_number, birth_date, gender, created_at, updated_at)
      VALUES (7, '李二', 'lier', 'le', '110101199003070011', '1990-03-07', 'male', '2026-03-02', '2026-03-02')`).run();
    later.db.close();
    const wrong = runCli(['restore', '--db', db, '--user', 'admin', '--from', `${dir}/b/haven-2026-03-02.db`], { env: { HAVEN_PASSWORD: 'nope nope' } });
    expect(wrong.status).toBe(1);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).filter((n) => n.includes('before-restore') || n.includes('restoring'))).toEqual([]);
    const restored = runCli(['restore', '--db', db, '--user', 'admin', '--from', `${dir}/b/haven-2026-03-02.db`], { env });
    expect(restored.status).toBe(0);
    const kept = readdirSync(dir).filter((n) => n.includes('before-restore')).sort();
    expect(kept).toEqual([expect.stringMatching(/^haven-before-restore-\d{8}-\d{6}\.db$/), expect.stringMatching(/^haven-before-restore-\d{8}-\d{6}\.db\.keys$/)]);
    expect(restored.stdout).toContain(kept[0]);
    const afterRestore = unlockWithPassword(pathsForDatabase(db), 'admin', 'a long password');
    expect(afterRestore.db.prepare('SELECT count(*) FROM persons').pluck().get()).toBe(0);
    expect(afterRestore.db.prepare(`SELECT value FROM meta WHERE key = 'personIdHighWater'`).pluck().get()).toBe('7');
    afterRestore.db.close();
    // A second restore keeps the first one's files: a new name, nothing overwritten.
    expect(runCli(['restore', '--db', db, '--user', 'admin', '--from', `${dir}/b/haven-2026-03-02.db`], { env }).status).toBe(0);
    expect(readdirSync(dir).filter((n) => n.includes('before-restore'))).toHaveLength(4);
    // The backup itself was only read: no WAL or index left beside it.
    expect(readdirSync(`${dir}/b`).sort()).toEqual(['haven-2026-03-02.db', 'haven-2026-03-02.db.keys']);
    const check = runCli(['check', '--db', db, '--user', 'admin', '--json'], { env });
    expect(JSON.parse(check.stdout)).toMatchObject({ integrity: 'ok', audit: { ok: true } });
  });

  it('check --against only reads the backup: not a byte of it changes, no WAL or index beside it, a write-protected stick will do', async () => {
    const { chmodSync, readFileSync, readdirSync } = await import('node:fs');
    const { createHash } = await import('node:crypto');
    const dir = tempDir();
    const db = `${dir}/haven.db`;
    init(db);
    const env = { HAVEN_PASSWORD: 'a long password' };
    const backup = `${dir}/stick/haven-20260302-090000.db`;
    expect(runCli(['backup', '--db', db, '--user', 'admin', '--out', backup], { env }).status).toBe(0);
    const hash = () => createHash('sha256').update(readFileSync(backup)).digest('hex');
    const before = hash();
    // The stick's folder and files write-protected (as far as this user is refused: root is not).
    chmodSync(backup, 0o444);
    chmodSync(`${backup}.keys`, 0o444);
    chmodSync(`${dir}/stick`, 0o555);
    try {
      const run = runCli(['check', '--db', db, '--user', 'admin', '--against', backup, '--json'], { env });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout).anchors.map((a: { outcome: string }) => a.outcome)).toEqual(['holds']);
    } finally {
      chmodSync(`${dir}/stick`, 0o755);
    }
    expect(hash()).toBe(before);
    expect(readdirSync(`${dir}/stick`).sort()).toEqual(['haven-20260302-090000.db', 'haven-20260302-090000.db.keys']);
  });
});

describe('haven as a user the app would refuse', () => {
  /** A closed station database with an admin whose password an admin reset, and a staff member with their own password. */
  async function station() {
    const { call, firstLogin, loggedIn } = await import('./support/core');
    const ctx = await loggedIn();
    const other = await call(ctx.core, 'users:create', { username: 'zhou', displayName: '周站长', role: 'admin', password: 'zhou password' });
    await call(ctx.core, 'users:create', { username: 'qian', displayName: '钱社工', role: 'staff', password: 'staff password' });
    await call(ctx.core, 'auth:logout', {});
    await firstLogin(ctx.core, 'zhou', 'zhou password');
    await call(ctx.core, 'auth:logout', {});
    await firstLogin(ctx.core, 'qian', 'staff password');
    await call(ctx.core, 'auth:logout', {});
    await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
    // The reset: the password is now known to two people until zhou sets one of their own.
    await call(ctx.core, 'users:resetPassword', { userId: other.id, newPassword: 'reset password' });
    await ctx.core.close();
    const db = `${ctx.dataDir}/haven.db`;
    const events = () => {
      const { db: opened } = unlockWithPassword(pathsForDatabase(db), 'admin', 'admin password');
      const count = opened.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
      opened.close();
      return count;
    };
    return { db, dir: ctx.dataDir, events };
  }

  it('refuses a user who must first set their own password in the app, in either language, and changes nothing', async () => {
    const { db, dir, events } = await station();
    const before = events();
    const env = { HAVEN_PASSWORD: 'reset password' };
    const refused = runCli(['backup', '--db', db, '--user', 'zhou', '--out', `${dir}/b/copy.db`], { env });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('请先在应用中设置您自己的密码');
    const english = runCli(['check', '--db', db, '--user', 'zhou'], { env: { ...env, HAVEN_LANG: 'en' } });
    expect(english.status).not.toBe(0);
    expect(english.stderr).toMatch(/set your own password in the app/i);
    expect(english.stdout).toBe('');
    expect(existsSync(`${dir}/b/copy.db`)).toBe(false);
    // Not even the command-line login is written: the audit would name a person who did not act alone.
    expect(events()).toBe(before);
  });

  it('makes a backup only for an admin, as the app does (backups:run)', async () => {
    const { db, dir, events } = await station();
    const before = events();
    const refused = runCli(['backup', '--db', db, '--user', 'qian', '--out', `${dir}/b/copy.db`], { env: { HAVEN_PASSWORD: 'staff password' } });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('只有管理员可以备份');
    expect(existsSync(`${dir}/b/copy.db`)).toBe(false);
    expect(existsSync(`${dir}/b/copy.db.keys`)).toBe(false);
    // Only the login is in the log (as for every command), no backup.
    expect(events()).toBe(before + 1);
    const english = runCli(['backup', '--db', db, '--user', 'qian', '--out', `${dir}/b/copy.db`], { env: { HAVEN_PASSWORD: 'staff password', HAVEN_LANG: 'en' } });
    expect(english.stderr).toMatch(/only an administrator can make a backup/i);
  });

  it('adds demonstration files only for an admin: fictional files travel upward like real ones', async () => {
    const { db, events } = await station();
    const before = events();
    const refused = runCli(['demo', '--db', db, '--user', 'qian', '--persons', '5', '--append'], { env: { HAVEN_PASSWORD: 'staff password' } });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('您没有执行此操作的权限');
    const { db: opened } = unlockWithPassword(pathsForDatabase(db), 'admin', 'admin password');
    expect(opened.prepare('SELECT count(*) FROM persons').pluck().get()).toBe(0);
    opened.close();
    expect(events()).toBe(before + 1);
  });
});
