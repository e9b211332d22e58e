import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAgeIdentity } from '../../electron/core/kernel/identity/ageKeys';
import { recipientFingerprint } from '../../electron/core/kernel/identity/fingerprint';
import { keySheet } from '../../electron/core/kernel/identity/ownKeys';
import { BUNDLE_TABLES } from '../../electron/core/bundles/tables';
import type { Db } from '../../electron/core/kernel/db/database';
import { generateDemo } from '../../electron/core/demo/generate';
import { createVault, pathsForDatabase, unlockWithPassword } from '../../electron/core/kernel/vault';
import { opsFor } from '../../electron/core/kernel/ops';
import { runCli } from './support/cli';
import { FAST_SCRYPT, tempDir } from './support/tmp';

const PASSWORD = 'a long password';
const env = { HAVEN_PASSWORD: PASSWORD };

function run(command: string, args: string[], options: { input?: string } = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', input: options.input ?? '', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Python's zipfile: a ZIP reader that is not ours. */
function unzip(file: string, into: string): string[] {
  mkdirSync(into, { recursive: true });
  const r = run('python3', ['-m', 'zipfile', '-e', file, into]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return readdirSync(into).sort();
}

function withDb<T>(path: string, fn: (db: Db) => T): T {
  const { db } = unlockWithPassword(pathsForDatabase(path), 'admin', PASSWORD);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function counts(dbPath: string): Record<string, number> {
  return withDb(dbPath, (db) => Object.fromEntries(BUNDLE_TABLES.map((t) => [t.name, db.prepare(`SELECT count(*) FROM ${t.name}`).pluck().get() as number])));
}

/** A station with demo data, made in-process (cheap key slots: every CLI call below opens it quickly). */
function station(dir: string, persons = 8): string {
  const path = join(dir, 'station.db');
  const now = new Date();
  createVault(pathsForDatabase(path), { station: { code: 'JS-NJ-01', name: '某街道工作站', mode: 'station' }, admin: { username: 'admin', displayName: '王站长', password: PASSWORD } }, now, {
    scrypt: FAST_SCRYPT,
  });
  const { db } = unlockWithPassword(pathsForDatabase(path), 'admin', PASSWORD);
  try {
    generateDemo(db, { persons, seed: 'cli', at: new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10), now, actor: { userId: 1, username: 'admin', displayName: '王站长' } });
  } finally {
    db.close();
  }
  return path;
}

const oneLine = (text: string) => text.trim().split('\n').length === 1;

describe('haven keys, export, verify, import', () => {
  it('init --mode supervisor makes a supervisor database; keys prints its keys', () => {
    const dir = tempDir();
    const v = join(dir, 'supervisor.db');
    const init = runCli(['init', '--db', v, '--station-code', 'SUP-01', '--station-name', '某县禁毒办', '--admin', 'admin', '--mode', 'supervisor', '--json'], { env });
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    const keys = runCli(['keys', '--db', v, '--user', 'admin', '--out', dir], { env });
    expect(keys.status).toBe(0);
    expect(keys.stdout).toContain('某县禁毒办（SUP-01，督导）');
    const recipientFile = readFileSync(join(dir, 'SUP-01.recipient.txt'), 'utf8');
    const recipient = recipientFile.trim().split('\n').at(-1) as string;
    expect(recipient).toMatch(/^age1/);
    expect(keys.stdout).toContain(recipient);
    expect(keys.stdout).toContain(readFileSync(join(dir, 'SUP-01.pub'), 'utf8').split('\n')[1]);
    expect(recipientFile).toContain(`fingerprint: ${recipientFingerprint(recipient)}`);
  });

  it('a station exports to a supervisor; verify checks the outer signature; import trusts a station once and says what it did', () => {
    const dir = tempDir();
    const s = station(dir);
    const v = join(dir, 'supervisor.db');
    createVault(pathsForDatabase(v), { station: { code: 'SUP-01', name: '某县禁毒办', mode: 'supervisor' }, admin: { username: 'admin', displayName: '李主任', password: PASSWORD } }, new Date(), {
      scrypt: FAST_SCRYPT,
    });
    const supervisor = withDb(v, (db) => keySheet(opsFor(db, new Date(), { userId: 1, username: 'admin', displayName: '李主任' })));
    writeFileSync(join(dir, 'SUP-01.recipient.txt'), supervisor.recipientFile);
    writeFileSync(join(dir, 'SUP-01.pub'), supervisor.publicKeyFile);

    const sKeys = runCli(['keys', '--db', s, '--user', 'admin', '--out', dir, '--json'], { env });
    expect(sKeys.status).toBe(0);
    const stationKeys = JSON.parse(sKeys.stdout) as { publicKey: string; fingerprint: string; files: { publicKey: string } };
    expect(readFileSync(stationKeys.files.publicKey, 'utf8')).toContain(stationKeys.publicKey);

    const out = join(dir, 'out');
    mkdirSync(out);
    const exportArgs = ['export', '--db', s, '--user', 'admin', '--to', join(dir, 'SUP-01.recipient.txt'), '--out', out, '--json'];
    const unconfirmed = runCli(exportArgs, { env });
    expect(unconfirmed.status).toBe(1);
    expect(oneLine(unconfirmed.stderr)).toBe(true);
    expect(unconfirmed.stderr).toContain(supervisor.recipientFingerprint);
    const exported = runCli([...exportArgs, '--confirm-fingerprint', supervisor.recipientFingerprint], { env });
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    const result = JSON.parse(exported.stdout) as { path: string; fileName: string; seq: number; recipientName: string };
    expect(result).toMatchObject({ seq: 1, recipientName: '某县禁毒办 (SUP-01)' });
    expect(result.fileName).toMatch(/^JS-NJ-01-full-1-\d{4}-\d{2}-\d{2}\.haven$/);

    const verified = runCli(['verify', result.path, '--trust', stationKeys.files.publicKey, '--json']);
    expect(verified.status).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, station: 'JS-NJ-01', kind: 'full', seq: 1, stationPubMatches: true, fingerprint: stationKeys.fingerprint });
    const wrongKey = runCli(['verify', result.path, '--trust', join(dir, 'SUP-01.pub')]);
    expect(wrongKey.status).toBe(1);
    expect(oneLine(wrongKey.stderr) && wrongKey.stderr.includes('签名无效')).toBe(true);

    const unknown = runCli(['import', '--db', v, '--user', 'admin', result.path], { env });
    expect(unknown.status).toBe(1);
    expect(oneLine(unknown.stderr)).toBe(true);
    expect(unknown.stderr).toContain(stationKeys.fingerprint);
    const imported = runCli(['import', '--db', v, '--user', 'admin', result.path, '--confirm-fingerprint', stationKeys.fingerprint], { env });
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('已导入');
    expect(imported.stdout).toContain('已核对指纹，登记站点 JS-NJ-01。');
    expect(counts(v)).toEqual(counts(s));

    const damaged = join(dir, 'damaged.haven');
    const bytes = readFileSync(result.path);
    bytes[100] = (bytes[100] as number) ^ 0xff;
    writeFileSync(damaged, bytes);
    const again = runCli(['import', '--db', v, '--user', 'admin', result.path, damaged, '--json'], { env: { ...env, HAVEN_LANG: 'en' } });
    expect(again.status).toBe(1);
    expect((JSON.parse(again.stdout) as { outcome: string }[]).map((r) => r.outcome).sort()).toEqual(['duplicate', 'refused']);
    expect(oneLine(again.stderr) && again.stderr.includes('damaged.haven') && again.stderr.includes('cannot be read')).toBe(true);
    expect(counts(v)).toEqual(counts(s));

    // The station reinstalled (a new database, a new key, the same code): only the explicit replacement lets it in.
    const dir2 = tempDir();
    const s2 = station(dir2, 3);
    const out2 = join(dir2, 'out');
    mkdirSync(out2);
    const exported2 = runCli(['export', '--db', s2, '--user', 'admin', '--to', join(dir, 'SUP-01.recipient.txt'), '--out', out2, '--confirm-fingerprint', supervisor.recipientFingerprint, '--json'], { env });
    const result2 = JSON.parse(exported2.stdout) as { path: string };
    const newKey = (JSON.parse(runCli(['keys', '--db', s2, '--user', 'admin', '--json'], { env }).stdout) as { fingerprint: string }).fingerprint;
    const confirmedOnly = runCli(['import', '--db', v, '--user', 'admin', result2.path, '--confirm-fingerprint', newKey], { env });
    expect(confirmedOnly.status).toBe(1);
    expect(confirmedOnly.stderr).toContain('--replace-station-key');
    expect(confirmedOnly.stderr).not.toContain(`--replace-station-key JS-NJ-01:${newKey}`);
    const noReason = runCli(['import', '--db', v, '--user', 'admin', result2.path, '--replace-station-key', `JS-NJ-01:${newKey}`], { env });
    expect(noReason.status).toBe(2);
    expect(noReason.stderr).toContain('--reason');
    expect(counts(v)).toEqual(counts(s));
    const replaced = runCli(['import', '--db', v, '--user', 'admin', result2.path, '--replace-station-key', `JS-NJ-01:${newKey}`, '--reason', '工作站电脑更换，重新安装', '--restart-numbering'], { env });
    expect(replaced.stderr).toBe('');
    expect(replaced.status).toBe(0);
    expect(replaced.stdout).toContain('序号从 1 重新开始');
    expect(counts(v)).toEqual(counts(s2));
  });

  it('interop: Debian minisign accepts the signatures, Debian age decrypts for an age-keygen identity, Python reads both ZIPs', () => {
    const dir = tempDir();
    const s = station(dir, 6);
    const keygen = run('age-keygen', ['-o', join(dir, 'identity.txt')]);
    expect(keygen.status).toBe(0);
    const recipient = run('age-keygen', ['-y', join(dir, 'identity.txt')]).stdout.trim();
    expect(recipient).toMatch(/^age1/);
    // Our own X25519 identities give the recipient age-keygen computes.
    const ours = generateAgeIdentity();
    writeFileSync(join(dir, 'ours.txt'), `${ours.identity}\n`);
    expect(run('age-keygen', ['-y', join(dir, 'ours.txt')]).stdout.trim()).toBe(ours.recipient);

    const exported = runCli(['export', '--db', s, '--user', 'admin', '--to', recipient, '--confirm-fingerprint', recipientFingerprint(recipient), '--out', join(dir, 'b.haven'), '--json'], {
      env,
    });
    expect(exported.stderr).toBe('');
    const { path, rows } = JSON.parse(exported.stdout) as { path: string; rows: Record<string, number> };
    expect(runCli(['keys', '--db', s, '--user', 'admin', '--out', dir], { env }).status).toBe(0);

    const outer = join(dir, 'outer');
    expect(unzip(path, outer)).toEqual(['README.txt', 'payload.age', 'payload.age.minisig', 'station.pub']);
    for (const pub of [join(outer, 'station.pub'), join(dir, 'JS-NJ-01.pub')]) {
      const verified = run('minisign', ['-Vm', join(outer, 'payload.age'), '-p', pub]);
      expect(verified.stderr).toBe('');
      expect(verified.status).toBe(0);
      expect(verified.stdout).toMatch(/Trusted comment: haven-bundle\/2 station=JS-NJ-01 kind=full seq=1 created=\d{4}-\S+ schema=\d+/);
    }
    const readme = readFileSync(join(outer, 'README.txt'), 'utf8');
    expect(readme).toContain('minisign -Vm payload.age -p station.pub');
    expect(readme).toContain('age -d -i <identity> payload.age > payload.zip');

    const tampered = readFileSync(join(outer, 'payload.age'));
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] as number) ^ 1;
    writeFileSync(join(dir, 'tampered.age'), tampered);
    writeFileSync(join(dir, 'tampered.age.minisig'), readFileSync(join(outer, 'payload.age.minisig')));
    expect(run('minisign', ['-Vm', join(dir, 'tampered.age'), '-p', join(dir, 'JS-NJ-01.pub')]).status).not.toBe(0);

    const decrypted = run('age', ['-d', '-i', join(dir, 'identity.txt'), '-o', join(dir, 'payload.zip'), join(outer, 'payload.age')]);
    expect(decrypted.stderr).toBe('');
    expect(decrypted.status).toBe(0);
    expect(run('age-keygen', ['-o', join(dir, 'other.txt')]).status).toBe(0);
    expect(run('age', ['-d', '-i', join(dir, 'other.txt'), '-o', join(dir, 'nope.zip'), join(outer, 'payload.age')]).status).not.toBe(0);

    const inner = join(dir, 'inner');
    const names = unzip(join(dir, 'payload.zip'), inner);
    // Format 2: each table in parts (one part each at this size), the manifest after them.
    expect(names).toEqual(['manifest.json', 'manifest.json.minisig', ...BUNDLE_TABLES.map((t) => `${t.name}.0001.ndjson`)].sort());
    const manifestCheck = run('minisign', ['-Vm', join(inner, 'manifest.json'), '-x', join(inner, 'manifest.json.minisig'), '-p', join(dir, 'JS-NJ-01.pub')]);
    expect(manifestCheck.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(inner, 'manifest.json'), 'utf8')) as {
      format: string;
      version: number;
      kind: string;
      station: { code: string };
      seq: number;
      files: { name: string; sha256: string; rows: number }[];
    };
    expect(manifest).toMatchObject({ format: 'haven-bundle', version: 2, kind: 'full', station: { code: 'JS-NJ-01' }, seq: 1 });
    for (const file of manifest.files) {
      const data = readFileSync(join(inner, file.name));
      expect(createHash('sha256').update(data).digest('hex'), file.name).toBe(file.sha256);
      expect(data.toString('utf8').split('\n').length - 1, file.name).toBe(file.rows);
      expect(rows[file.name.replace('.0001.', '.')]).toBe(file.rows);
    }
    expect(manifest.files.find((f) => f.name === 'persons.0001.ndjson')?.rows).toBe(6);
  });
});

describe('haven import: what a refusal says', () => {
  it('names a kind the database does not take in words, not by its code', async () => {
    const { describeImport } = await import('../../electron/cli/commands/import');
    const { translate } = await import('../../shared/i18n/translate');
    const refusal = { file: 'a.haven', sha256: '', outcome: 'refused', reason: 'BUNDLE_WRONG_KIND', messageKey: 'errors.BUNDLE_WRONG_KIND', params: { kind: 'transfer' }, station: null, kind: null, seq: null, warnings: [], rows: {}, personId: null } as const;
    const zh = describeImport((key, params) => translate('zh-CN', key, params), { ...refusal, params: { ...refusal.params }, warnings: [], rows: {} });
    expect(zh).toContain('转出档案');
    expect(zh).not.toContain('transfer');
  });
});
