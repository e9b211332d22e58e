import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomInt, scryptSync } from 'node:crypto';
import { RECOVERY_GROUPS } from '../../../../shared/schemas/recoveryKey';

export const MASTER_KEY_BYTES = 32;

/**
 * scrypt at OWASP's recommended cost (N=2^17, r=8, p=1: 128 MiB, about half a second here),
 * so that a copied key file cannot be brute-forced cheaply. Stored per slot, so a later
 * release can raise it without breaking old slots.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
export const OWASP_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

export function generateMasterKey(): Buffer {
  return randomBytes(MASTER_KEY_BYTES);
}

export function deriveKeyFromPassword(password: string, salt: Buffer, params: ScryptParams): Buffer {
  // maxmem must exceed 128·N·r, or Node refuses the OWASP parameters.
  return scryptSync(password.normalize('NFC'), salt, 32, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  });
}

/** The recovery key already carries ~131 bits of entropy, so a plain HKDF suffices. */
export function deriveKeyFromRecovery(normalizedRecoveryKey: string, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(normalizedRecoveryKey, 'utf8'), salt, 'haven recovery slot v1', 32));
}

export interface WrappedKey {
  iv: string;
  ciphertext: string;
  tag: string;
}

/** AES-256-GCM; `aad` binds the wrap to its slot so slots cannot be swapped between users. */
export function wrapKey(kek: Buffer, key: Buffer, aad: string): WrappedKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Returns null when the KEK is wrong (authentication fails) rather than throwing. */
export function unwrapKey(kek: Buffer, wrapped: WrappedKey, aad: string): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(wrapped.iv, 'base64'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(wrapped.ciphertext, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

/** 8 groups of 6 digits, each a multiple of 11 (see shared/schemas/recoveryKey.ts). */
export function generateRecoveryKey(): string {
  const groups: string[] = [];
  for (let i = 0; i < RECOVERY_GROUPS; i++) {
    groups.push(String(11 * randomInt(0, 90910)).padStart(6, '0'));
  }
  return groups.join('-');
}
