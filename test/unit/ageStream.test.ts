import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decrypter, Encrypter } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { AGE_CHUNK, AgeDecryptor, AgeEncryptor, ageDecrypt, ageEncrypt } from '../../electron/core/kernel/identity/ageStream';
import { generateAgeIdentity } from '../../electron/core/kernel/identity/ageKeys';
import { tempDir } from './support/tmp';

/** The streaming age of the bundles: interoperable with `age` and `age-encryption`, strict on damage. */
const sizes = [0, 1, AGE_CHUNK - 1, AGE_CHUNK, AGE_CHUNK + 1, 3 * AGE_CHUNK, 3 * AGE_CHUNK + 17];
const content = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + (i >> 9)) & 0xff));

function decryptError(identity: string, data: Buffer): string {
  try {
    ageDecrypt(identity, data);
    return 'decrypted';
  } catch (error) {
    return (error as { problem?: string }).problem ?? String(error);
  }
}

describe('age stream', () => {
  it('round-trips every chunk boundary, pushed in odd pieces, and reads what age-encryption writes', async () => {
    const me = generateAgeIdentity();
    const other = generateAgeIdentity();
    for (const n of sizes) {
      const data = content(n);
      const parts: Buffer[] = [];
      const encryptor = new AgeEncryptor([other.recipient, me.recipient], (c) => parts.push(c));
      for (let i = 0; i < n; i += 7919) encryptor.push(data.subarray(i, i + 7919));
      encryptor.finish();
      const sealed = Buffer.concat(parts);
      const plain: Buffer[] = [];
      const decryptor = new AgeDecryptor(me.identity, (p) => plain.push(p));
      for (let i = 0; i < sealed.length; i += 4099) decryptor.push(sealed.subarray(i, i + 4099));
      decryptor.finish();
      expect(Buffer.concat(plain).equals(data)).toBe(true);

      const theirs = new Decrypter();
      theirs.addIdentity(me.identity);
      expect(Buffer.from(await theirs.decrypt(sealed)).equals(data)).toBe(true);
      const encrypter = new Encrypter();
      encrypter.addRecipient(me.recipient);
      expect(ageDecrypt(me.identity, Buffer.from(await encrypter.encrypt(data))).equals(data)).toBe(true);
    }
  });

  it('keeps nothing of a buffer the caller reuses after pushing it', () => {
    const me = generateAgeIdentity();
    const data = content(5 * AGE_CHUNK + 333);
    const parts: Buffer[] = [];
    const encryptor = new AgeEncryptor([me.recipient], (c) => parts.push(Buffer.from(c)));
    const scratch = Buffer.alloc(10_000);
    for (let i = 0; i < data.length; i += scratch.length) {
      const n = data.copy(scratch, 0, i, i + scratch.length);
      encryptor.push(scratch.subarray(0, n));
      scratch.fill(0xee);
    }
    encryptor.finish();
    const sealed = Buffer.concat(parts);
    const plain: Buffer[] = [];
    const decryptor = new AgeDecryptor(me.identity, (p) => plain.push(p));
    const read = Buffer.alloc(7_000);
    for (let i = 0; i < sealed.length; i += read.length) {
      const n = sealed.copy(read, 0, i, i + read.length);
      decryptor.push(read.subarray(0, n));
      read.fill(0xee);
    }
    decryptor.finish();
    expect(Buffer.concat(plain).equals(data)).toBe(true);
  });

  it('is read by the age command and reads it', () => {
    const me = generateAgeIdentity();
    const dir = tempDir();
    writeFileSync(join(dir, 'key.txt'), `${me.identity}\n`);
    const data = content(2 * AGE_CHUNK + 5);
    writeFileSync(join(dir, 'ours.age'), ageEncrypt([me.recipient], data));
    const decrypted = spawnSync('age', ['-d', '-i', join(dir, 'key.txt'), '-o', join(dir, 'ours.out'), join(dir, 'ours.age')]);
    expect(decrypted.status, String(decrypted.stderr)).toBe(0);
    expect(readFileSync(join(dir, 'ours.out')).equals(data)).toBe(true);
    writeFileSync(join(dir, 'plain'), data);
    expect(spawnSync('age', ['-r', me.recipient, '-o', join(dir, 'theirs.age'), join(dir, 'plain')]).status).toBe(0);
    expect(ageDecrypt(me.identity, readFileSync(join(dir, 'theirs.age'))).equals(data)).toBe(true);
  });

  it('tells a file for someone else from a damaged one, and refuses a cut, extended or altered stream', () => {
    const me = generateAgeIdentity();
    const other = generateAgeIdentity();
    const sealed = ageEncrypt([me.recipient], content(2 * AGE_CHUNK + 100));
    expect(decryptError(other.identity, sealed)).toBe('not_for_us');
    const flipped = Buffer.from(sealed);
    flipped[sealed.length - 50] = (flipped[sealed.length - 50] as number) ^ 1;
    expect(decryptError(me.identity, flipped)).toBe('corrupt');
    // Cut at a chunk boundary: the stream ends on a chunk not marked last.
    const headerAndNonce = sealed.length - (2 * (AGE_CHUNK + 16) + 100 + 16);
    expect(decryptError(me.identity, sealed.subarray(0, headerAndNonce + 2 * (AGE_CHUNK + 16)))).toBe('corrupt');
    expect(decryptError(me.identity, Buffer.concat([sealed, Buffer.alloc(16)]))).toBe('corrupt');
    const badMac = Buffer.from(sealed);
    const macAt = badMac.indexOf('\n--- ') + 6;
    badMac[macAt] = badMac[macAt] === 65 ? 66 : 65;
    expect(decryptError(me.identity, badMac)).toBe('corrupt');
    expect(decryptError(me.identity, Buffer.alloc(20_000, 65))).toBe('corrupt');
  });
});
