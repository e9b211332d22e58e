import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { refuse } from './errors';
import { OUTER_ENTRIES, parseTrustedComment, readmeText, trustedComment, type BundleHeader, type ClaimedHeader } from './format';
import {
  keyIdHex,
  parsePublicKey,
  parseSignature,
  publicKeyFile,
  publicKeyText,
  prehash,
  signDigest,
  signPrehashed,
  verifyDigest,
  verifyPrehashed,
  type SigningPublicKey,
  type SigningSecretKey,
} from '../kernel/identity/minisign';
import { centralDirectory, DEFAULT_ZIP_LIMITS, localHeader, LOCAL_HEADER_BYTES, readZip, writeZip, type ZipEntryInfo, type ZipLimits } from './zip';

/**
 * The outer bundle (BUNDLE.md "The file"): the encrypted payload, its signature, the station's
 * public key and a README in a canonical ZIP. And the reverse, without decrypting: read the outer
 * ZIP strictly and check the signature. Version 2 bundles are written and read as files, streamed
 * (OuterWriter, readOuterFile); a version 1 bundle is read whole (readOuter).
 */
export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

export function untrustedComment(h: BundleHeader): string {
  return `signature from Haven station ${h.station}`;
}

/**
 * The outer ZIP around an already encrypted payload, in memory, signed with the given trusted
 * comment (tests use it to make old-format bundles and to sign what they tamper with).
 */
export function assembleOuter(header: BundleHeader, comment: string, stationName: string, signing: SigningSecretKey, payloadAge: Uint8Array): Buffer {
  const signature = signPrehashed(signing, payloadAge, comment, untrustedComment(header));
  return writeOuter(header.createdAt, {
    'payload.age': payloadAge,
    'payload.age.minisig': Buffer.from(signature, 'utf8'),
    'station.pub': Buffer.from(publicKeyFile(signing, `Haven station ${header.station} minisign public key ${keyIdHex(signing.keyId)}`), 'utf8'),
    'README.txt': Buffer.from(readmeText(header, stationName, publicKeyText(signing)), 'utf8'),
  });
}

function writeOuter(createdAt: string, files: Record<(typeof OUTER_ENTRIES)[number], Uint8Array>): Buffer {
  return writeZip(
    OUTER_ENTRIES.map((name) => ({ name, data: files[name] })),
    { compress: false, modified: new Date(createdAt) },
  );
}

export interface OuterBundle {
  /** From the trusted comment, not yet verified. */
  claimed: BundleHeader;
  stationKey: SigningPublicKey;
  payloadAge: Buffer;
  signatureText: string;
}

/**
 * Reads the outer ZIP: exactly the four entries, within the limits, a well-formed signature file
 * and public key, and the canonical byte layout (our writer, given what was read, must give back
 * the very same bytes). Nothing is trusted yet.
 */
export async function readOuter(bytes: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<OuterBundle> {
  if (bytes.length > limits.maxTotalBytes) refuse('BUNDLE_TOO_LARGE');
  const entries = await readZip(bytes, {
    allowed: (name) => (OUTER_ENTRIES as readonly string[]).includes(name),
    limits: { ...limits, maxEntries: OUTER_ENTRIES.length },
  });
  const get = (name: (typeof OUTER_ENTRIES)[number]) => entries.get(name) ?? refuse('BUNDLE_BAD_ENTRIES');
  const payloadAge = get('payload.age');
  const signatureBytes = get('payload.age.minisig');
  const signatureText = signatureBytes.toString('utf8');
  const stationPub = get('station.pub');
  const readme = get('README.txt');
  const signature = parseSignature(signatureText);
  if (!signature) refuse('BUNDLE_BAD_SIGNATURE');
  const stationKey = parsePublicKey(stationPub.toString('utf8'));
  if (!stationKey) refuse('BUNDLE_BAD_ENTRIES');
  const claimed = parseTrustedComment(signature.trustedComment);
  const canonical = writeOuter(claimed.createdAt, {
    'payload.age': payloadAge,
    'payload.age.minisig': signatureBytes,
    'station.pub': stationPub,
    'README.txt': readme,
  });
  if (!canonical.equals(bytes)) refuse('BUNDLE_UNREADABLE');
  return { claimed, stationKey, payloadAge, signatureText };
}

/** The outer signature with a trusted key; returns the header its trusted comment binds. */
export function verifyOuter(outer: OuterBundle, key: SigningPublicKey): BundleHeader {
  const result = verifyPrehashed(key, outer.payloadAge, outer.signatureText);
  if (!result.ok) return refuse('BUNDLE_BAD_SIGNATURE');
  return parseTrustedComment(result.trustedComment);
}

/**
 * Version 2, streamed: the outer ZIP is written to a new file as the encrypted payload comes (its
 * local header is written first with zero size and CRC and rewritten once they are known), and
 * the signature is made over the BLAKE2b-512 digest taken on the way. Memory stays the same
 * whatever the size of the bundle.
 */
export class OuterWriter {
  private readonly fd: number;
  private readonly hash = prehash();
  private crc = 0;
  private size = 0;
  private closed = false;
  private readonly payloadHeaderBytes: number;

  constructor(
    readonly path: string,
    private readonly header: BundleHeader,
    private readonly schemaVersion: number,
  ) {
    // 'wx': a new file or nothing; never over an existing one.
    this.fd = openSync(path, 'wx', 0o600);
    this.payloadHeaderBytes = localHeader({ name: 'payload.age', method: 0, crc: 0, compressedSize: 0, size: 0 }, new Date(header.createdAt)).length;
    writeSync(this.fd, Buffer.alloc(this.payloadHeaderBytes));
  }

  /** The encrypted payload, as it is made. */
  write(chunk: Buffer): void {
    writeSync(this.fd, chunk);
    this.hash.update(chunk);
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
  }

  /** The README.txt this bundle carries (its SHA-256 goes into the signed manifest). */
  static readme(header: BundleHeader, stationName: string, signing: SigningSecretKey): Buffer {
    return Buffer.from(readmeText(header, stationName, publicKeyText(signing)), 'utf8');
  }

  /** Signs, writes the other entries and the directory, and closes; returns the file's size. */
  finish(stationName: string, signing: SigningSecretKey): number {
    const modified = new Date(this.header.createdAt);
    const signature = signDigest(signing, this.hash.digest(), trustedComment(this.header, this.schemaVersion), untrustedComment(this.header));
    const payload: ZipEntryInfo = { name: 'payload.age', method: 0, crc: this.crc, compressedSize: this.size, size: this.size, offset: 0 };
    writeSync(this.fd, localHeader(payload, modified), 0, this.payloadHeaderBytes, 0);
    const entries = [payload];
    let offset = this.payloadHeaderBytes + this.size;
    const small: [string, Buffer][] = [
      ['payload.age.minisig', Buffer.from(signature, 'utf8')],
      ['station.pub', Buffer.from(publicKeyFile(signing, `Haven station ${this.header.station} minisign public key ${keyIdHex(signing.keyId)}`), 'utf8')],
      ['README.txt', OuterWriter.readme(this.header, stationName, signing)],
    ];
    for (const [name, data] of small) {
      const entry: ZipEntryInfo = { name, method: 0, crc: crc32(data), compressedSize: data.length, size: data.length, offset };
      const local = localHeader(entry, modified);
      writeSync(this.fd, local, 0, local.length, offset);
      writeSync(this.fd, data, 0, data.length, offset + local.length);
      offset += local.length + data.length;
      entries.push(entry);
    }
    const central = centralDirectory(entries, modified);
    writeSync(this.fd, central, 0, central.length, offset);
    fsyncSync(this.fd);
    this.close();
    return offset + central.length;
  }

  /** Closes and removes the unfinished file. */
  abort(): void {
    this.close();
    rmSync(this.path, { force: true });
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** A bundle file's outer layer, read and checked without trusting or decrypting anything. */
export interface OuterFile {
  path: string;
  /** From the trusted comment, not yet verified. */
  claimed: ClaimedHeader;
  stationKey: SigningPublicKey;
  signatureText: string;
  /** Where payload.age lies in the file. */
  payload: { offset: number; length: number };
}

const SMALL_ENTRY_MAX = 64 * 1024;
const READ_CHUNK = 1024 * 1024;

function openZipFile(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: true }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('zip')) : resolve(zip),
    );
  });
}

function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      if (entries.length > OUTER_ENTRIES.length) return reject(new Error('entries'));
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? out : out.subarray(0, done);
}

/** Calls `each` with the bytes of [offset, offset + length) of the file, a megabyte at a time. */
export function readRange(path: string, offset: number, length: number, each: (chunk: Buffer, done: number) => void): void {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(READ_CHUNK, Math.max(length, 1)));
    let done = 0;
    while (done < length) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, length - done), offset + done);
      if (n === 0) refuse('BUNDLE_UNREADABLE');
      done += n;
      each(buffer.subarray(0, n), done);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the outer ZIP of a bundle file: exactly the four entries in order, stored (so nothing is
 * inflated and no declared size can exceed the file), small entries small, a well-formed signature
 * file and public key. The payload is not read here; `checkOuterFile` then checks the canonical
 * layout once its CRC is known.
 */
export async function readOuterFile(path: string, maxBytes: number): Promise<OuterFile & { small: Map<string, Buffer>; size: number; yauzlOffsets: number[] }> {
  const size = statSync(path).size;
  if (size > maxBytes) refuse('BUNDLE_TOO_LARGE');
  let entries: yauzl.Entry[];
  let zip: yauzl.ZipFile | null = null;
  try {
    zip = await openZipFile(path);
    if (zip.entryCount !== OUTER_ENTRIES.length) throw new Error('entries');
    entries = await listEntries(zip);
  } catch {
    return refuse('BUNDLE_UNREADABLE');
  } finally {
    zip?.close();
  }
  if (entries.length !== OUTER_ENTRIES.length || entries.some((e, i) => e.fileName !== OUTER_ENTRIES[i])) refuse('BUNDLE_BAD_ENTRIES');
  for (const e of entries) {
    if (e.isEncrypted() || e.compressionMethod !== 0 || e.compressedSize !== e.uncompressedSize) refuse('BUNDLE_UNREADABLE');
    if (e.fileName !== 'payload.age' && e.uncompressedSize > SMALL_ENTRY_MAX) refuse('BUNDLE_BAD_ENTRIES');
  }
  const dataOffset = (e: yauzl.Entry) => e.relativeOffsetOfLocalHeader + LOCAL_HEADER_BYTES + Buffer.byteLength(e.fileName);
  const small = new Map<string, Buffer>();
  const fd = openSync(path, 'r');
  try {
    for (const e of entries.slice(1)) {
      const data = readAt(fd, dataOffset(e), e.uncompressedSize);
      if (data.length !== e.uncompressedSize || crc32(data) !== e.crc32) refuse('BUNDLE_UNREADABLE');
      small.set(e.fileName, data);
    }
  } finally {
    closeSync(fd);
  }
  const signatureText = (small.get('payload.age.minisig') as Buffer).toString('utf8');
  const signature = parseSignature(signatureText);
  if (!signature) refuse('BUNDLE_BAD_SIGNATURE');
  const stationKey = parsePublicKey((small.get('station.pub') as Buffer).toString('utf8'));
  if (!stationKey) refuse('BUNDLE_BAD_ENTRIES');
  const claimed = parseTrustedComment(signature.trustedComment);
  const payloadEntry = entries[0] as yauzl.Entry;
  return {
    path,
    claimed,
    stationKey,
    signatureText,
    payload: { offset: dataOffset(payloadEntry), length: payloadEntry.uncompressedSize },
    small,
    size,
    yauzlOffsets: entries.map((e) => e.relativeOffsetOfLocalHeader),
  };
}

/**
 * The payload's digest (for the signature) and CRC in one pass, then the canonical layout: every
 * header, the directory and the file's length must be exactly what our writer makes of these
 * entries, so that every changed byte of the file is a refusal, not only the signed ones.
 */
export function digestAndCheckOuter(outer: Awaited<ReturnType<typeof readOuterFile>>, onProgress?: (done: number, total: number) => void): Buffer {
  const hash = prehash();
  let crc = 0;
  readRange(outer.path, outer.payload.offset, outer.payload.length, (chunk, done) => {
    hash.update(chunk);
    crc = crc32(chunk, crc);
    onProgress?.(done, outer.payload.length);
  });
  const modified = new Date(outer.claimed.createdAt);
  const infos: ZipEntryInfo[] = [];
  let offset = 0;
  const headers: Buffer[] = [];
  for (const name of OUTER_ENTRIES) {
    const data = outer.small.get(name);
    const length = data ? data.length : outer.payload.length;
    const info: ZipEntryInfo = { name, method: 0, crc: data ? crc32(data) : crc, compressedSize: length, size: length, offset };
    const header = localHeader(info, modified);
    headers.push(header);
    infos.push(info);
    offset += header.length + length;
  }
  const central = centralDirectory(infos, modified);
  if (outer.size !== offset + central.length || infos.some((info, i) => info.offset !== outer.yauzlOffsets[i])) refuse('BUNDLE_UNREADABLE');
  const fd = openSync(outer.path, 'r');
  try {
    infos.forEach((info, i) => {
      const header = headers[i] as Buffer;
      if (!readAt(fd, info.offset, header.length).equals(header)) refuse('BUNDLE_UNREADABLE');
    });
    if (!readAt(fd, offset, central.length).equals(central)) refuse('BUNDLE_UNREADABLE');
  } finally {
    closeSync(fd);
  }
  return hash.digest();
}

/** The outer signature over the payload's digest with a trusted key; returns the header its trusted comment binds. */
export function verifyOuterDigest(outer: OuterFile, key: SigningPublicKey, digest: Buffer): ClaimedHeader & { comment: string } {
  const result = verifyDigest(key, digest, outer.signatureText);
  if (!result.ok) return refuse('BUNDLE_BAD_SIGNATURE');
  return { ...parseTrustedComment(result.trustedComment), comment: result.trustedComment };
}
