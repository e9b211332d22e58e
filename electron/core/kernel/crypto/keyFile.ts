import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { HavenError } from '../../../../shared/ipc/errors';
import {
  deriveKeyFromPassword,
  deriveKeyFromRecovery,
  OWASP_SCRYPT,
  unwrapKey,
  wrapKey,
  type ScryptParams,
} from './crypto';

/**
 * The key file sits beside the database (as LUKS's header sits beside the data). It holds the
 * database's random master key wrapped once per user password and once by the recovery key.
 * It never holds the master key in the clear, and alone it opens nothing without a secret.
 */
const wrappedSchema = z.object({ iv: z.string(), ciphertext: z.string(), tag: z.string() });

/**
 * The most a slot's scrypt may cost (N·r·p: its time; 128·N·r bytes: its memory): four times
 * what the app itself asks (OWASP_SCRYPT, 128 MiB and about half a second), room for a later
 * release to raise it. Each bound alone still let a damaged or hostile key file — beside a
 * backup chosen for a restore — ask for 4 GiB and minutes (N=2^20, r=32).
 */
const MAX_SCRYPT_COST = 4 * OWASP_SCRYPT.N * OWASP_SCRYPT.r * OWASP_SCRYPT.p;

const scryptKdfSchema = z
  .object({
    name: z.literal('scrypt'),
    salt: z.string(),
    // Bounded: parameters read from disk must not let a damaged or hostile key file ask for
    // gigabytes or minutes (N=2^30 was a "malloc failure"). OWASP's are N=2^17, r=8, p=1.
    N: z
      .number()
      .int()
      .min(2)
      .max(2 ** 20)
      .refine((n) => (n & (n - 1)) === 0),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(4),
  })
  .refine((kdf) => kdf.N * kdf.r * kdf.p <= MAX_SCRYPT_COST);

const passwordSlotSchema = z.object({
  id: z.string(),
  type: z.literal('password'),
  username: z.string(),
  kdf: scryptKdfSchema,
  wrapped: wrappedSchema,
  createdAt: z.string(),
});

const recoverySlotSchema = z.object({
  id: z.string(),
  type: z.literal('recovery'),
  kdf: z.object({ name: z.literal('hkdf-sha256'), salt: z.string() }),
  wrapped: wrappedSchema,
  createdAt: z.string(),
});

const keyFileSchema = z.object({
  format: z.literal('haven-keys'),
  version: z.literal(1),
  /** Random id shared with the database's meta table, so a key file cannot be paired with the wrong database. */
  databaseId: z.string(),
  slots: z.array(z.discriminatedUnion('type', [passwordSlotSchema, recoverySlotSchema])),
});

export type PasswordSlot = z.infer<typeof passwordSlotSchema>;
export type RecoverySlot = z.infer<typeof recoverySlotSchema>;
export type KeyFileData = z.infer<typeof keyFileSchema>;

const slotAad = (databaseId: string, slotId: string, label: string) => `haven/${databaseId}/${slotId}/${label}`;

export function keyFilePathFor(databasePath: string): string {
  return `${databasePath}.keys`;
}

export function readKeyFile(path: string): KeyFileData {
  if (!existsSync(path)) throw new HavenError('NOT_INITIALIZED', { messageKey: 'errors.KEY_FILE_MISSING' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new HavenError('INTERNAL', { messageKey: 'errors.KEY_FILE_CORRUPT' });
  }
  const result = keyFileSchema.safeParse(parsed);
  if (!result.success) throw new HavenError('INTERNAL', { messageKey: 'errors.KEY_FILE_CORRUPT' });
  return result.data;
}

/** Write-then-rename with fsync, so a crash leaves the old file or the new one, never half. */
export function writeKeyFile(path: string, data: KeyFileData): void {
  const tmp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(data, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function makePasswordSlot(
  databaseId: string,
  username: string,
  password: string,
  masterKey: Buffer,
  now: Date,
  params: ScryptParams = OWASP_SCRYPT,
): PasswordSlot {
  // A slot the bounds above would refuse could never be read back: its user locked out at once.
  if (!scryptKdfSchema.safeParse({ name: 'scrypt', salt: '', ...params }).success) throw new Error('scrypt parameters beyond what a key file may hold');
  const id = randomUUID();
  const salt = randomBytes(16);
  const kek = deriveKeyFromPassword(password, salt, params);
  const wrapped = wrapKey(kek, masterKey, slotAad(databaseId, id, `password:${username}`));
  kek.fill(0);
  return {
    id,
    type: 'password',
    username,
    kdf: { name: 'scrypt', salt: salt.toString('base64'), ...params },
    wrapped,
    createdAt: now.toISOString(),
  };
}

export function makeRecoverySlot(databaseId: string, normalizedRecoveryKey: string, masterKey: Buffer, now: Date): RecoverySlot {
  const id = randomUUID();
  const salt = randomBytes(16);
  const kek = deriveKeyFromRecovery(normalizedRecoveryKey, salt);
  const wrapped = wrapKey(kek, masterKey, slotAad(databaseId, id, 'recovery'));
  kek.fill(0);
  return {
    id,
    type: 'recovery',
    kdf: { name: 'hkdf-sha256', salt: salt.toString('base64') },
    wrapped,
    createdAt: now.toISOString(),
  };
}

export function findPasswordSlot(data: KeyFileData, username: string): PasswordSlot | undefined {
  return data.slots.find((s): s is PasswordSlot => s.type === 'password' && s.username === username);
}

export function openPasswordSlot(data: KeyFileData, slot: PasswordSlot, password: string): Buffer | null {
  const kek = deriveKeyFromPassword(password, Buffer.from(slot.kdf.salt, 'base64'), slot.kdf);
  const key = unwrapKey(kek, slot.wrapped, slotAad(data.databaseId, slot.id, `password:${slot.username}`));
  kek.fill(0);
  return key;
}

export function openRecoverySlot(data: KeyFileData, normalizedRecoveryKey: string): Buffer | null {
  const slot = data.slots.find((s): s is RecoverySlot => s.type === 'recovery');
  if (!slot) return null;
  const kek = deriveKeyFromRecovery(normalizedRecoveryKey, Buffer.from(slot.kdf.salt, 'base64'));
  const key = unwrapKey(kek, slot.wrapped, slotAad(data.databaseId, slot.id, 'recovery'));
  kek.fill(0);
  return key;
}

/** Replaces (or adds) the user's password slot. */
export function withPasswordSlot(data: KeyFileData, slot: PasswordSlot): KeyFileData {
  return {
    ...data,
    slots: [...data.slots.filter((s) => !(s.type === 'password' && s.username === slot.username)), slot],
  };
}

export function withoutPasswordSlot(data: KeyFileData, username: string): KeyFileData {
  return { ...data, slots: data.slots.filter((s) => !(s.type === 'password' && s.username === username)) };
}

export function withRecoverySlot(data: KeyFileData, slot: RecoverySlot): KeyFileData {
  return { ...data, slots: [...data.slots.filter((s) => s.type !== 'recovery'), slot] };
}
