import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { Decrypter, Encrypter } from 'age-encryption';
import { bech32Decode, bech32Encode } from './bech32';

/**
 * age v1 X25519 keys and encryption. Keys are made here synchronously with Node's X25519 (they
 * are created inside the setup transaction); `age-encryption` (async) encrypts and decrypts.
 * An identity is `AGE-SECRET-KEY-1…` (the 32-byte scalar), a recipient `age1…` (its public key).
 */
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const IDENTITY_HRP = 'age-secret-key-';
const RECIPIENT_HRP = 'age';

function publicOfScalar(scalar: Buffer): Buffer {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_X25519, scalar]), format: 'der', type: 'pkcs8' });
  return Buffer.from(String(createPublicKey(privateKey).export({ format: 'jwk' }).x), 'base64url');
}

export function generateAgeIdentity(): { identity: string; recipient: string } {
  const scalar = randomBytes(32);
  try {
    return { identity: bech32Encode(IDENTITY_HRP, scalar).toUpperCase(), recipient: bech32Encode(RECIPIENT_HRP, publicOfScalar(scalar)) };
  } finally {
    scalar.fill(0);
  }
}

/** The recipient of an identity, or null if the text is not an X25519 identity. */
export function recipientOfIdentity(identity: string): string | null {
  const decoded = bech32Decode(identity.trim());
  if (!decoded || decoded.hrp !== IDENTITY_HRP || decoded.bytes.length !== 32) return null;
  return bech32Encode(RECIPIENT_HRP, publicOfScalar(decoded.bytes));
}

/** The canonical (lower-case) form of an X25519 recipient, or null if the text is not one. */
export function parseRecipient(text: string): string | null {
  const decoded = bech32Decode(text.trim());
  if (!decoded || decoded.hrp !== RECIPIENT_HRP || decoded.bytes.length !== 32) return null;
  return bech32Encode(RECIPIENT_HRP, decoded.bytes);
}

export async function encryptTo(recipients: readonly string[], data: Uint8Array): Promise<Buffer> {
  const encrypter = new Encrypter();
  for (const r of recipients) encrypter.addRecipient(r);
  return Buffer.from(await encrypter.encrypt(data));
}

export class AgeDecryptError extends Error {
  constructor(readonly problem: 'not_for_us' | 'corrupt') {
    super(problem);
  }
}

/** Decrypts with one identity; a file for someone else and a damaged file fail differently. */
export async function decryptWith(identity: string, data: Uint8Array): Promise<Buffer> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  try {
    return Buffer.from(await decrypter.decrypt(data));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AgeDecryptError(/no identity matched/i.test(message) ? 'not_for_us' : 'corrupt');
  }
}
