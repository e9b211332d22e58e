import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

/**
 * minisign (https://jedisct1.github.io/minisign/) with Node's own Ed25519 and BLAKE2b-512, so
 * that `minisign -Vm payload.age -p station.pub` checks what Haven signs:
 * - public key: base64("Ed" ‖ key id (8 bytes) ‖ Ed25519 public key (32 bytes)), the `RW…` text;
 * - signature file: an untrusted comment line, base64("ED" ‖ key id ‖ Ed25519(BLAKE2b-512(file))),
 *   a trusted comment line, and base64(Ed25519(signature ‖ trusted comment)), the global
 *   signature that makes the trusted comment as binding as the file itself.
 * Only the prehashed algorithm `ED` is produced or accepted.
 */
export interface SigningPublicKey {
  keyId: Buffer;
  publicKey: Buffer;
}

export interface SigningSecretKey extends SigningPublicKey {
  /** The 32-byte Ed25519 seed. */
  seed: Buffer;
}

export interface ParsedSignature {
  untrustedComment: string;
  keyId: Buffer;
  signature: Buffer;
  trustedComment: string;
  globalSignature: Buffer;
}

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const KEY_ALG = Buffer.from('Ed');
const SIG_ALG = Buffer.from('ED');
const UNTRUSTED = 'untrusted comment: ';
const TRUSTED = 'trusted comment: ';
/** minisign's own limit for a comment line. */
const MAX_COMMENT = 1024;

export function generateSigningKey(): SigningSecretKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return {
    keyId: randomBytes(8),
    seed: Buffer.from(String(jwk.d), 'base64url'),
    publicKey: Buffer.from(String(jwk.x), 'base64url'),
  };
}

function privateKeyObject(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyObject(publicKey: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' });
}

/** The public key of a seed (to check a stored key pair). */
export function publicKeyOfSeed(seed: Buffer): Buffer {
  return Buffer.from(String(createPublicKey(privateKeyObject(seed)).export({ format: 'jwk' }).x), 'base64url');
}

/** The key id as minisign prints it: the 8 bytes read as a little-endian number, in hex. */
export function keyIdHex(keyId: Buffer): string {
  return Buffer.from(keyId).reverse().toString('hex').toUpperCase();
}

/** The `RW…` text of a public key. */
export function publicKeyText(key: SigningPublicKey): string {
  return Buffer.concat([KEY_ALG, key.keyId, key.publicKey]).toString('base64');
}

/** The bytes the fingerprint is made from: algorithm, key id and key, exactly as in `RW…`. */
export function publicKeyBlob(key: SigningPublicKey): Buffer {
  return Buffer.concat([KEY_ALG, key.keyId, key.publicKey]);
}

/** A minisign public key file (`minisign -p FILE`). */
export function publicKeyFile(key: SigningPublicKey, comment = `minisign public key ${keyIdHex(key.keyId)}`): string {
  return `${UNTRUSTED}${comment}\n${publicKeyText(key)}\n`;
}

/** Reads `RW…` alone or a public key file; null if it is neither. */
export function parsePublicKey(text: string): SigningPublicKey | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const candidate = lines.length === 1 ? lines[0] : lines.length === 2 && lines[0]?.startsWith(UNTRUSTED) ? lines[1] : undefined;
  if (!candidate || !/^[A-Za-z0-9+/]{56}$/.test(candidate)) return null;
  const blob = Buffer.from(candidate, 'base64');
  if (blob.length !== 42 || !blob.subarray(0, 2).equals(KEY_ALG)) return null;
  return { keyId: Buffer.from(blob.subarray(2, 10)), publicKey: Buffer.from(blob.subarray(10)) };
}

function checkComment(comment: string): void {
  if (/[\r\n]/.test(comment) || Buffer.byteLength(comment) > MAX_COMMENT) throw new Error('minisign comments are one line of at most 1024 bytes');
}

/** The digest a prehashed signature signs; `.update()` it chunk by chunk to sign a stream. */
export const prehash = () => createHash('blake2b512');

/** Signs `data` in the prehashed form; returns the text of the `.minisig` file. */
export function signPrehashed(key: SigningSecretKey, data: Uint8Array, trustedComment: string, untrustedComment: string): string {
  return signDigest(key, prehash().update(data).digest(), trustedComment, untrustedComment);
}

/** The same over a BLAKE2b-512 digest already made (`prehash()`), for data that was streamed. */
export function signDigest(key: SigningSecretKey, digest: Buffer, trustedComment: string, untrustedComment: string): string {
  checkComment(trustedComment);
  checkComment(untrustedComment);
  const privateKey = privateKeyObject(key.seed);
  const signature = sign(null, digest, privateKey);
  const globalSignature = sign(null, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), privateKey);
  return [
    `${UNTRUSTED}${untrustedComment}`,
    Buffer.concat([SIG_ALG, key.keyId, signature]).toString('base64'),
    `${TRUSTED}${trustedComment}`,
    globalSignature.toString('base64'),
    '',
  ].join('\n');
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses a `.minisig` file strictly (our own files: four lines, `ED` only); null if malformed. */
export function parseSignature(text: string): ParsedSignature | null {
  const lines = text.split('\n');
  if (lines.length === 5 && lines[4] === '') lines.pop();
  if (lines.length !== 4) return null;
  const [untrusted, sigLine, trusted, globalLine] = lines as [string, string, string, string];
  if (!untrusted.startsWith(UNTRUSTED) || !trusted.startsWith(TRUSTED)) return null;
  if (!BASE64.test(sigLine) || !BASE64.test(globalLine)) return null;
  const sig = Buffer.from(sigLine, 'base64');
  const global = Buffer.from(globalLine, 'base64');
  // Base64 that does not round-trip (stray bits in the last character) is not ours.
  if (sig.toString('base64') !== sigLine || global.toString('base64') !== globalLine) return null;
  if (sig.length !== 74 || !sig.subarray(0, 2).equals(SIG_ALG) || global.length !== 64) return null;
  const trustedComment = trusted.slice(TRUSTED.length);
  const untrustedComment = untrusted.slice(UNTRUSTED.length);
  if (Buffer.byteLength(trustedComment) > MAX_COMMENT || Buffer.byteLength(untrustedComment) > MAX_COMMENT) return null;
  return {
    untrustedComment,
    keyId: Buffer.from(sig.subarray(2, 10)),
    signature: Buffer.from(sig.subarray(10)),
    trustedComment,
    globalSignature: global,
  };
}

export type VerifyProblem = 'malformed' | 'key_id' | 'signature' | 'comment';

/**
 * Checks a `.minisig` text over `data` with a trusted key, as `minisign -V` does: key id, the
 * signature of the BLAKE2b-512 digest, then the global signature over the trusted comment.
 */
export function verifyPrehashed(
  key: SigningPublicKey,
  data: Uint8Array,
  signatureText: string,
): { ok: true; trustedComment: string } | { ok: false; problem: VerifyProblem } {
  return verifyDigest(key, prehash().update(data).digest(), signatureText);
}

/** The same over a digest already made (`prehash()` over streamed data). */
export function verifyDigest(
  key: SigningPublicKey,
  digest: Buffer,
  signatureText: string,
): { ok: true; trustedComment: string } | { ok: false; problem: VerifyProblem } {
  const parsed = parseSignature(signatureText);
  if (!parsed) return { ok: false, problem: 'malformed' };
  if (!parsed.keyId.equals(key.keyId)) return { ok: false, problem: 'key_id' };
  const publicKey = publicKeyObject(key.publicKey);
  if (!verify(null, digest, publicKey, parsed.signature)) return { ok: false, problem: 'signature' };
  const signed = Buffer.concat([parsed.signature, Buffer.from(parsed.trustedComment, 'utf8')]);
  if (!verify(null, signed, publicKey, parsed.globalSignature)) return { ok: false, problem: 'comment' };
  return { ok: true, trustedComment: parsed.trustedComment };
}

export function sameKey(a: SigningPublicKey, b: SigningPublicKey): boolean {
  return a.keyId.equals(b.keyId) && a.publicKey.equals(b.publicKey);
}
