import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli';
import { tempDir } from './support/tmp';
import { openWithOfficialSqlcipher } from './support/sqlcipher';

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
    expect(JSON.parse(ok.stdout)).toMatchObject({ integrity: 'ok', audit: { ok: true, events: 2 } });
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

    const official = await openWithOfficialSqlcipher(db, masterKey);
    expect(official.cipherVersion).toMatch(/^4\./);
    expect(official.station).toEqual({ code: 'JS-NJ-01', name: '某街道社区戒毒社区康复工作站' });

    await expect(openWithOfficialSqlcipher(db, 'ab'.repeat(32))).rejects.toThrow(/not a database|encrypted/i);
    await expect(openWithOfficialSqlcipher(db, null)).rejects.toThrow(/not a database|encrypted/i);

    const wrongKey = recoveryKey.replace(/^\d{6}/, '000000');
    const refused = runCli(['raw-key', '--db', db], { input: `${wrongKey}\n` });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
  });
});
