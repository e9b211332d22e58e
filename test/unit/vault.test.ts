import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connect } from '../../electron/core/kernel/db/driver';
import { integrityCheck, openDatabase } from '../../electron/core/kernel/db/database';
import { OWASP_SCRYPT } from '../../electron/core/kernel/crypto/crypto';
import { readKeyFile } from '../../electron/core/kernel/crypto/keyFile';
import {
  createVault,
  pathsForDatabase,
  unlockWithPassword,
  unlockWithRecoveryKey,
  VaultKeys,
  type VaultPaths,
} from '../../electron/core/kernel/vault';
import { normalizeRecoveryKey } from '../../shared/schemas/recoveryKey';
import { FAST_SCRYPT, tempDir } from './support/tmp';

const NOW = new Date('2026-03-01T08:00:00Z');
const options = { scrypt: FAST_SCRYPT };

function newVault(): { paths: VaultPaths; recoveryKey: string } {
  const paths = pathsForDatabase(`${tempDir()}/haven.db`);
  const { recoveryKey } = createVault(
    paths,
    {
      station: { code: 'TEST-01', name: '测试街道工作站', mode: 'station' },
      admin: { username: 'admin', displayName: '站长', password: 'correct horse' },
    },
    NOW,
    options,
  );
  return { paths, recoveryKey };
}

function expectCode(fn: () => unknown, code: string) {
  expect(fn).toThrowError(expect.objectContaining({ code }));
}

describe('key slots', () => {
  it('opens with the right password and refuses a wrong one or an unknown user', () => {
    const { paths } = newVault();
    const opened = unlockWithPassword(paths, 'admin', 'correct horse', options);
    expect(opened.db.prepare('SELECT name FROM station').get()).toEqual({ name: '测试街道工作站' });
    opened.db.close();
    expectCode(() => unlockWithPassword(paths, 'admin', 'wrong horse', options), 'INVALID_CREDENTIALS');
    expectCode(() => unlockWithPassword(paths, 'nobody', 'correct horse', options), 'INVALID_CREDENTIALS');
  });

  it('opens with the recovery key, typed with spaces or without dashes, and refuses typos', () => {
    const { paths, recoveryKey } = newVault();
    expect(recoveryKey).toMatch(/^(\d{6}-){7}\d{6}$/);
    const spaced = recoveryKey.replaceAll('-', ' ');
    unlockWithRecoveryKey(paths, spaced, options).db.close();
    unlockWithRecoveryKey(paths, recoveryKey.replaceAll('-', ''), options).db.close();
    // One digit changed breaks that group's multiple-of-11 check before any decryption.
    const typo = `${(Number(recoveryKey[0]) + 1) % 10}${recoveryKey.slice(1)}`;
    expect(normalizeRecoveryKey(typo)).toBeNull();
    expectCode(() => unlockWithRecoveryKey(paths, typo, options), 'VALIDATION');
    // A well-formed key of another vault is refused as wrong.
    const other = newVault();
    expectCode(() => unlockWithRecoveryKey(paths, other.recoveryKey, options), 'INVALID_CREDENTIALS');
  });

  it('changes a password by rewrapping one slot; the old password stops working', () => {
    const { paths } = newVault();
    const opened = unlockWithPassword(paths, 'admin', 'correct horse', options);
    const keys = new VaultKeys(paths, opened.masterKey, opened.keyFile, options);
    const before = readKeyFile(paths.keyFilePath).slots.find((s) => s.type === 'recovery');
    keys.setPassword('admin', 'battery staple', NOW);
    opened.db.close();
    expectCode(() => unlockWithPassword(paths, 'admin', 'correct horse', options), 'INVALID_CREDENTIALS');
    unlockWithPassword(paths, 'admin', 'battery staple', options).db.close();
    expect(readKeyFile(paths.keyFilePath).slots.find((s) => s.type === 'recovery')).toEqual(before);
  });

  it('removes the slot of a disabled user so their password opens nothing', () => {
    const { paths } = newVault();
    const opened = unlockWithPassword(paths, 'admin', 'correct horse', options);
    const keys = new VaultKeys(paths, opened.masterKey, opened.keyFile, options);
    keys.setPassword('li.si', 'staff password', NOW);
    unlockWithPassword(paths, 'li.si', 'staff password', options).db.close();
    keys.removePassword('li.si');
    opened.db.close();
    expectCode(() => unlockWithPassword(paths, 'li.si', 'staff password', options), 'INVALID_CREDENTIALS');
    expect(readKeyFile(paths.keyFilePath).slots.map((s) => s.type).sort()).toEqual(['password', 'recovery']);
  });

  it('rotates the master key: the file reopens with the new key only; other slots and the old recovery key are gone', () => {
    const { paths, recoveryKey } = newVault();
    const opened = unlockWithPassword(paths, 'admin', 'correct horse', options);
    const oldKey = Buffer.from(opened.masterKey);
    const keys = new VaultKeys(paths, opened.masterKey, opened.keyFile, options);
    keys.setPassword('wang.wu', 'staff password', NOW);
    opened.db.prepare(`INSERT INTO settings (key, value) VALUES ('marker', '"kept"')`).run();
    const rotated = keys.rotateMasterKey(opened.db, 'admin', 'correct horse', NOW);
    expect(rotated.dropped).toEqual(['wang.wu']);
    expect(rotated.masterKey.equals(oldKey)).toBe(false);
    opened.db.close();

    const again = unlockWithPassword(paths, 'admin', 'correct horse', options);
    expect(again.db.prepare(`SELECT value FROM settings WHERE key = 'marker'`).get()).toEqual({ value: '"kept"' });
    expect(integrityCheck(again.db)).toEqual(['ok']);
    again.db.close();
    expectCode(() => openDatabase(paths.databasePath, oldKey), 'INVALID_CREDENTIALS');
    expectCode(() => unlockWithPassword(paths, 'wang.wu', 'staff password', options), 'INVALID_CREDENTIALS');
    expectCode(() => unlockWithRecoveryKey(paths, recoveryKey, options), 'INVALID_CREDENTIALS');
    unlockWithRecoveryKey(paths, rotated.recoveryKey, options).db.close();
  });

  it('survives a crash between the rekey and the key-file swap', () => {
    const { paths } = newVault();
    const opened = unlockWithPassword(paths, 'admin', 'correct horse', options);
    const keys = new VaultKeys(paths, opened.masterKey, opened.keyFile, options);
    const oldKeyFile = readFileSync(paths.keyFilePath);
    keys.rotateMasterKey(opened.db, 'admin', 'correct horse', NOW);
    opened.db.close();
    // Simulate the crash: the new key file is still pending, the old one is in place.
    writeFileSync(`${paths.keyFilePath}.next`, readFileSync(paths.keyFilePath));
    writeFileSync(paths.keyFilePath, oldKeyFile);
    unlockWithPassword(paths, 'admin', 'correct horse', options).db.close();
    expect(existsSync(`${paths.keyFilePath}.next`)).toBe(false);
    unlockWithPassword(paths, 'admin', 'correct horse', options).db.close();
  });

  it('uses OWASP scrypt parameters by default', () => {
    const paths = pathsForDatabase(`${tempDir()}/haven.db`);
    createVault(
      paths,
      { station: { code: 'T2', name: '默认参数', mode: 'station' }, admin: { username: 'admin', displayName: 'A', password: 'long enough' } },
      NOW,
    );
    const slot = readKeyFile(paths.keyFilePath).slots.find((s) => s.type === 'password');
    expect(slot?.kdf).toMatchObject({ name: 'scrypt', N: OWASP_SCRYPT.N, r: 8, p: 1 });
    expect(OWASP_SCRYPT.N).toBeGreaterThanOrEqual(2 ** 17);
  });

  it('refuses to overwrite an existing vault', () => {
    const { paths } = newVault();
    expectCode(
      () =>
        createVault(
          paths,
          { station: { code: 'X1', name: '重复', mode: 'station' }, admin: { username: 'a', displayName: 'A', password: '12345678' } },
          NOW,
          options,
        ),
      'ALREADY_INITIALIZED',
    );
  });
});

describe('the database file', () => {
  it('is not readable as plain SQLite nor with a wrong key, and contains no plaintext', () => {
    const { paths } = newVault();
    const bytes = readFileSync(paths.databasePath);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\u0000');
    expect(bytes.includes(Buffer.from('测试街道工作站'))).toBe(false);
    expect(bytes.includes(Buffer.from('CREATE TABLE'))).toBe(false);

    const plain = connect(paths.databasePath);
    expect(() => plain.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow();
    plain.close();

    expectCode(() => openDatabase(paths.databasePath, Buffer.alloc(32, 7)), 'INVALID_CREDENTIALS');
  });

  it('uses SQLCipher 4 settings: WAL, synchronous FULL, foreign keys', () => {
    const { paths } = newVault();
    const { db } = unlockWithPassword(paths, 'admin', 'correct horse', options);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('cipher', { simple: true })).toBe('sqlcipher');
    db.close();
  });
});
