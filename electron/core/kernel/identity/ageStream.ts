import { createCipheriv, createDecipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { AgeDecryptError } from './ageKeys';
import { bech32Decode } from './bech32';

/**
 * age v1 (https://age-encryption.org/v1) with X25519 recipients, as a synchronous stream over
 * Node's own crypto (X25519, HKDF-SHA256, HMAC-SHA256, ChaCha20-Poly1305). Bundles of any size are
 * encrypted and decrypted 64 KiB at a time, in the core's worker, inside one database transaction
 * (nothing awaits, so no other request can slip into it). The output is read by `age -d` and the
 * `age-encryption` package, and reads theirs (tests check both ways).
 */
const INTRO = 'age-encryption.org/v1';
const X25519_INFO = 'age-encryption.org/v1/X25519';
/** Plaintext bytes per STREAM chunk. */
export const AGE_CHUNK = 64 * 1024;
const TAG = 16;
const SEALED_CHUNK = AGE_CHUNK + TAG;
/** A header longer than this is not one of ours (a handful of recipients take a few hundred bytes). */
const MAX_HEADER = 16 * 1024;
const ZERO_NONCE = Buffer.alloc(12);

const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');

/** age's base64: the standard alphabet without padding. */
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
function unb64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]*$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return b64(bytes) === text ? bytes : null;
}

const hkdf = (ikm: Buffer, salt: Buffer, info: string) => Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));
const publicKeyOf = (point: Buffer) => createPublicKey({ key: Buffer.concat([SPKI_X25519, point]), format: 'der', type: 'spki' });
const rawPublic = (key: KeyObject) => Buffer.from(String(key.export({ format: 'jwk' }).x), 'base64url');

function sharedSecret(privateKey: KeyObject, point: Buffer): Buffer {
  const shared = diffieHellman({ privateKey, publicKey: publicKeyOf(point) });
  // A low-order point gives all zeros: age requires refusing it.
  if (shared.every((b) => b === 0)) throw new AgeDecryptError('corrupt');
  return shared;
}

function seal(key: Buffer, nonce: Buffer, plaintext: Buffer): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function open(key: Buffer, nonce: Buffer, sealed: Buffer): Buffer | null {
  if (sealed.length < TAG) return null;
  const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG)), decipher.final()]);
  } catch {
    return null;
  }
}

/** STREAM nonce: an 11-byte big-endian counter and the last-chunk flag. */
function chunkNonce(counter: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(Math.floor(counter / 2 ** 32), 3, 4);
  nonce.writeUInt32BE(counter % 2 ** 32, 7);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** A stanza body in 64-column lines; the last line is always shorter than 64 (empty if need be). */
function bodyLines(body: Buffer): string[] {
  const text = b64(body);
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 64) lines.push(text.slice(i, i + 64));
  if (text.length % 64 === 0) lines.push('');
  return lines;
}

function recipientPoint(recipient: string): Buffer {
  const decoded = bech32Decode(recipient.trim());
  if (!decoded || decoded.hrp !== 'age' || decoded.bytes.length !== 32) throw new Error('not an age X25519 recipient');
  return Buffer.from(decoded.bytes);
}

/** Encrypts to the recipients, calling `out` with the ciphertext as it is made. */
export class AgeEncryptor {
  private readonly payloadKey: Buffer;
  private counter = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private finished = false;

  constructor(
    recipients: readonly string[],
    private readonly out: (chunk: Buffer) => void,
  ) {
    if (recipients.length === 0) throw new Error('no recipients');
    const fileKey = randomBytes(16);
    const lines = [INTRO];
    for (const recipient of recipients) {
      const point = recipientPoint(recipient);
      const ephemeral = generateKeyPairSync('x25519');
      const share = rawPublic(ephemeral.publicKey);
      const wrapKey = hkdf(sharedSecret(ephemeral.privateKey, point), Buffer.concat([share, point]), X25519_INFO);
      lines.push(`-> X25519 ${b64(share)}`, ...bodyLines(seal(wrapKey, ZERO_NONCE, fileKey)));
    }
    const unsigned = `${lines.join('\n')}\n---`;
    const mac = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(unsigned, 'latin1').digest();
    const nonce = randomBytes(16);
    this.payloadKey = hkdf(fileKey, nonce, 'payload');
    fileKey.fill(0);
    out(Buffer.concat([Buffer.from(`${unsigned} ${b64(mac)}\n`, 'latin1'), nonce]));
  }

  push(data: Uint8Array): void {
    if (this.finished) throw new Error('age: push after finish');
    if (data.byteLength === 0) return;
    // A copy: callers reuse their read buffers.
    this.pending.push(Buffer.from(data));
    this.pendingBytes += data.byteLength;
    // A full chunk goes out only once more data follows it: the last chunk carries the flag.
    while (this.pendingBytes > AGE_CHUNK) this.emit(this.take(AGE_CHUNK), false);
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.emit(this.take(this.pendingBytes), true);
    this.payloadKey.fill(0);
  }

  private take(n: number): Buffer {
    const all = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    return head;
  }

  private emit(plaintext: Buffer, last: boolean): void {
    this.out(seal(this.payloadKey, chunkNonce(this.counter++, last), plaintext));
  }
}

/** Encrypts a whole buffer (small files; the same code as the stream). */
export function ageEncrypt(recipients: readonly string[], data: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  const encryptor = new AgeEncryptor(recipients, (chunk) => parts.push(chunk));
  encryptor.push(data);
  encryptor.finish();
  return Buffer.concat(parts);
}

interface Identity {
  privateKey: KeyObject;
  point: Buffer;
}

function identityOf(text: string): Identity {
  const decoded = bech32Decode(text.trim());
  if (!decoded || decoded.hrp !== 'age-secret-key-' || decoded.bytes.length !== 32) throw new Error('not an age X25519 identity');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_X25519, decoded.bytes]), format: 'der', type: 'pkcs8' });
  return { privateKey, point: rawPublic(createPublicKey(privateKey)) };
}

/**
 * Decrypts with one identity, calling `out` with plaintext as chunks authenticate. Throws
 * AgeDecryptError: `not_for_us` when no stanza opens with the identity, `corrupt` for anything
 * else (bad header, MAC, a chunk that does not authenticate, a cut or extended stream).
 */
export class AgeDecryptor {
  private readonly identity: Identity;
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private payloadKey: Buffer | null = null;
  private counter = 0;
  private finished = false;

  constructor(
    identity: string,
    private readonly out: (plaintext: Buffer) => void,
  ) {
    this.identity = identityOf(identity);
  }

  push(data: Uint8Array): void {
    if (this.finished) throw new Error('age: push after finish');
    if (data.byteLength === 0) return;
    // A copy: callers reuse their read buffers (readRange does).
    this.buffered.push(Buffer.from(data));
    this.bufferedBytes += data.byteLength;
    if (this.payloadKey === null && !this.readHeader()) return;
    while (this.bufferedBytes > SEALED_CHUNK) this.openChunk(this.take(SEALED_CHUNK), false);
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.payloadKey === null) throw new AgeDecryptError('corrupt');
    const last = this.take(this.bufferedBytes);
    // The last chunk exists even for empty content; it is empty only when it is the only one.
    if (last.length < TAG || (last.length === TAG && this.counter > 0)) throw new AgeDecryptError('corrupt');
    this.openChunk(last, true);
    this.payloadKey.fill(0);
  }

  private all(): Buffer {
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered, this.bufferedBytes)];
    return this.buffered[0] ?? Buffer.alloc(0);
  }

  private take(n: number): Buffer {
    const all = this.all();
    const rest = all.subarray(n);
    this.buffered = rest.length > 0 ? [rest] : [];
    this.bufferedBytes = rest.length;
    return all.subarray(0, n);
  }

  /** Parses the header once it is all there (and the payload nonce after it); false: need more. */
  private readHeader(): boolean {
    const all = this.all();
    const end = findHeaderEnd(all);
    if (end < 0) {
      if (all.length > MAX_HEADER) throw new AgeDecryptError('corrupt');
      return false;
    }
    if (all.length < end + 16) return false;
    const text = all.subarray(0, end).toString('latin1');
    const lines = text.split('\n');
    lines.pop(); // the text ends with '\n'
    const macLine = lines.pop() ?? '';
    if (lines[0] !== INTRO || !macLine.startsWith('--- ')) throw new AgeDecryptError('corrupt');
    const mac = unb64(macLine.slice(4));
    if (!mac || mac.length !== 32) throw new AgeDecryptError('corrupt');
    let fileKey: Buffer | null = null;
    let i = 1;
    while (i < lines.length) {
      const stanza = lines[i++] as string;
      if (!stanza.startsWith('-> ')) throw new AgeDecryptError('corrupt');
      const args = stanza.slice(3).split(' ');
      const body: string[] = [];
      for (;;) {
        const line = lines[i++];
        if (line === undefined || line.length > 64) throw new AgeDecryptError('corrupt');
        body.push(line);
        if (line.length < 64) break;
      }
      if (args[0] !== 'X25519' || fileKey) continue;
      const share = args.length === 2 ? unb64(args[1] as string) : null;
      const sealed = unb64(body.join(''));
      if (!share || share.length !== 32 || !sealed || sealed.length !== 32) throw new AgeDecryptError('corrupt');
      const wrapKey = hkdf(sharedSecret(this.identity.privateKey, share), Buffer.concat([share, this.identity.point]), X25519_INFO);
      fileKey = open(wrapKey, ZERO_NONCE, sealed);
    }
    if (!fileKey) throw new AgeDecryptError('not_for_us');
    const unsigned = `${lines.join('\n')}\n---`;
    const expected = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(unsigned, 'latin1').digest();
    if (!timingSafeEqual(expected, mac)) throw new AgeDecryptError('corrupt');
    this.payloadKey = hkdf(fileKey, all.subarray(end, end + 16), 'payload');
    fileKey.fill(0);
    this.take(end + 16);
    return true;
  }

  private openChunk(sealed: Buffer, last: boolean): void {
    const plaintext = open(this.payloadKey as Buffer, chunkNonce(this.counter++, last), sealed);
    if (!plaintext) throw new AgeDecryptError('corrupt');
    if (plaintext.length > 0) this.out(plaintext);
  }
}

/** The end of the header: just after the newline of the `--- ` line; -1 if not yet seen. */
function findHeaderEnd(data: Buffer): number {
  const at = data.indexOf('\n--- ', 0, 'latin1');
  if (at < 0) return -1;
  const newline = data.indexOf(10, at + 5);
  return newline < 0 ? -1 : newline + 1;
}

/** Decrypts a whole buffer. */
export function ageDecrypt(identity: string, data: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  const decryptor = new AgeDecryptor(identity, (plain) => parts.push(plain));
  decryptor.push(data);
  decryptor.finish();
  return Buffer.concat(parts);
}
