import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { refuse } from './errors';

/**
 * ZIP for bundles. Writing is ours (a few fixed header fields, no extra fields), so that the
 * outer container is canonical: the importer re-writes what it read and refuses any difference,
 * which makes every changed byte of a bundle a refusal, not only the bytes the signature covers.
 * Reading goes through yauzl (central directory, file-name validation, size validation while
 * inflating) plus our own limits, checked on the declared sizes first and again while inflating.
 */
export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
/**
 * What an import accepts: entries (a table's parts, see format.ts MAX_PARTS), the bytes of one
 * entry inflated (a part is 4 MiB, a single row with a 10 MB scan in base64 a little over 13), and
 * the bytes of all of them, which also bounds the outer file (a ZIP without ZIP64 stops at 4 GiB).
 * Memory does not depend on these: a part at a time is held.
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 10_002, maxEntryBytes: 256 * MiB, maxTotalBytes: 16 * GiB };

export interface ZipInput {
  name: string;
  data: Uint8Array;
}

/** DOS date and time fields of an instant, in China time (UTC+8), so every machine writes the same bytes. */
function dosDateTime(at: Date): { date: number; time: number } {
  const t = new Date(at.getTime() + 8 * 3600_000);
  const year = Math.min(Math.max(t.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate(),
    time: (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | (t.getUTCSeconds() >> 1),
  };
}

const UTF8_FLAG = 0x0800;
const VERSION = 20;
const U32_MAX = 0xffffffff;
const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
export const LOCAL_HEADER_BYTES = 30;

/** What the central directory says of an entry written at `offset`. */
export interface ZipEntryInfo {
  name: string;
  method: 0 | 8;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** Past 4 GiB a ZIP needs ZIP64, which our canonical form leaves out: a bundle that large is refused. */
function tooLargeForZip(): never {
  return refuse('BUNDLE_TOO_LARGE');
}

/** The local header and name of an entry, exactly as our writer puts them. */
export function localHeader(entry: Omit<ZipEntryInfo, 'offset'>, modified: Date): Buffer {
  const { date, time } = dosDateTime(modified);
  const name = Buffer.from(entry.name, 'utf8');
  if (entry.size > U32_MAX || entry.compressedSize > U32_MAX) tooLargeForZip();
  const local = Buffer.alloc(LOCAL_HEADER_BYTES);
  local.writeUInt32LE(LOCAL_SIG, 0);
  local.writeUInt16LE(VERSION, 4);
  local.writeUInt16LE(UTF8_FLAG, 6);
  local.writeUInt16LE(entry.method, 8);
  local.writeUInt16LE(time, 10);
  local.writeUInt16LE(date, 12);
  local.writeUInt32LE(entry.crc, 14);
  local.writeUInt32LE(entry.compressedSize, 18);
  local.writeUInt32LE(entry.size, 22);
  local.writeUInt16LE(name.length, 26);
  local.writeUInt16LE(0, 28);
  return Buffer.concat([local, name]);
}

/** The central directory and its end record for entries written from offset 0 on. */
export function centralDirectory(entries: readonly ZipEntryInfo[], modified: Date): Buffer {
  const { date, time } = dosDateTime(modified);
  const parts: Buffer[] = [];
  let end = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    if (entry.offset > U32_MAX) tooLargeForZip();
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_SIG, 0);
    central.writeUInt16LE(VERSION, 4);
    central.writeUInt16LE(VERSION, 6);
    central.writeUInt16LE(UTF8_FLAG, 8);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(entry.crc, 16);
    central.writeUInt32LE(entry.compressedSize, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal and external attributes: all zero
    central.writeUInt32LE(entry.offset, 42);
    parts.push(central, name);
    end = Math.max(end, entry.offset + LOCAL_HEADER_BYTES + name.length + entry.compressedSize);
  }
  const centralSize = parts.reduce((sum, b) => sum + b.length, 0);
  if (end > U32_MAX || entries.length > 0xffff) tooLargeForZip();
  const record = Buffer.alloc(22);
  record.writeUInt32LE(END_SIG, 0);
  record.writeUInt16LE(entries.length, 8);
  record.writeUInt16LE(entries.length, 10);
  record.writeUInt32LE(centralSize, 12);
  record.writeUInt32LE(end, 16);
  return Buffer.concat([...parts, record]);
}

/**
 * Writes a ZIP entry by entry to `out` (each entry whole, so its header is exact: no data
 * descriptors); the central directory at `finish`. The inner payload of a bundle is written this
 * way straight into the encryption, a part of a table at a time.
 */
export class ZipStreamWriter {
  private readonly entries: ZipEntryInfo[] = [];
  private offset = 0;

  constructor(
    private readonly out: (chunk: Buffer) => void,
    private readonly options: { compress: boolean; modified: Date; level?: number },
  ) {}

  add(name: string, data: Uint8Array): ZipEntryInfo {
    const body = this.options.compress ? deflateRawSync(data, { level: this.options.level ?? 6 }) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return this.addPacked({ name, crc: crc32(data), size: data.byteLength, body });
  }

  /** An entry already compressed as this writer would (deflated or stored, as its options say), with the CRC-32 and size of its data. */
  addPacked(packed: { name: string; crc: number; size: number; body: Uint8Array }): ZipEntryInfo {
    const { name, body } = packed;
    const entry: ZipEntryInfo = { name, method: this.options.compress ? 8 : 0, crc: packed.crc, compressedSize: body.byteLength, size: packed.size, offset: this.offset };
    const header = localHeader(entry, this.options.modified);
    this.out(header);
    this.out(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    this.offset += header.length + body.byteLength;
    if (this.offset > U32_MAX) tooLargeForZip();
    this.entries.push(entry);
    return entry;
  }

  get written(): number {
    return this.offset;
  }

  finish(): void {
    this.out(centralDirectory(this.entries, this.options.modified));
  }
}

/** A ZIP of the entries in the given order; stored or deflated; no extra fields, no comments. */
export function writeZip(entries: readonly ZipInput[], options: { compress: boolean; modified: Date }): Buffer {
  const parts: Buffer[] = [];
  const writer = new ZipStreamWriter((chunk) => parts.push(chunk), options);
  for (const entry of entries) writer.add(entry.name, entry.data);
  writer.finish();
  return Buffer.concat(parts);
}

/**
 * Reads a ZIP our writer made, as it streams by (the decrypted payload of a bundle is never
 * whole in memory, nor on disk): local header, name and body of each entry in turn, each entry
 * inflated on its own under the limits (declared sizes first, then the inflated bytes, then its
 * CRC-32), then a central directory that must be exactly the one our writer would write for
 * what was read. Anything else is refused as unreadable or too large.
 */
export class ZipStreamReader {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private readonly entries: ZipEntryInfo[] = [];
  private readonly names = new Set<string>();
  private offset = 0;
  private total = 0;
  private central: Buffer | null = null;
  private centralMatched = 0;

  constructor(
    private readonly limits: ZipLimits,
    private readonly modified: Date,
    private readonly allowed: (name: string) => boolean,
    private readonly onEntry: (name: string, data: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.central) return this.matchCentral(chunk);
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    for (;;) {
      if (this.bytes < 4) return;
      const head = this.peek(Math.min(this.bytes, LOCAL_HEADER_BYTES));
      const signature = head.readUInt32LE(0);
      if (signature === CENTRAL_SIG) {
        this.central = centralDirectory(this.entries, this.modified);
        const rest = this.peek(this.bytes);
        this.chunks = [];
        this.bytes = 0;
        return this.matchCentral(rest);
      }
      if (signature !== LOCAL_SIG) refuse('BUNDLE_UNREADABLE');
      if (this.bytes < LOCAL_HEADER_BYTES) return;
      const method = head.readUInt16LE(8);
      const compressedSize = head.readUInt32LE(18);
      const size = head.readUInt32LE(22);
      const nameLength = head.readUInt16LE(26);
      if (head.readUInt16LE(28) !== 0 || head.readUInt16LE(6) !== UTF8_FLAG || (method !== 0 && method !== 8)) refuse('BUNDLE_UNREADABLE');
      if (this.entries.length >= this.limits.maxEntries) refuse('BUNDLE_TOO_LARGE');
      // Declared sizes first: nothing is buffered or inflated beyond the limits.
      if (size > this.limits.maxEntryBytes || compressedSize > this.limits.maxEntryBytes + 1024 || this.total + size > this.limits.maxTotalBytes) refuse('BUNDLE_TOO_LARGE');
      const length = LOCAL_HEADER_BYTES + nameLength + compressedSize;
      if (this.bytes < length) return;
      const whole = this.peek(length);
      const name = whole.toString('utf8', LOCAL_HEADER_BYTES, LOCAL_HEADER_BYTES + nameLength);
      if (!safeName(name) || !this.allowed(name) || this.names.has(name)) refuse('BUNDLE_BAD_ENTRIES');
      this.names.add(name);
      const entry: ZipEntryInfo = { name, method: method as 0 | 8, crc: head.readUInt32LE(14), compressedSize, size, offset: this.offset };
      if (!localHeader(entry, this.modified).equals(whole.subarray(0, LOCAL_HEADER_BYTES + nameLength))) refuse('BUNDLE_UNREADABLE');
      const body = whole.subarray(LOCAL_HEADER_BYTES + nameLength);
      let data: Buffer;
      try {
        data = method === 8 ? inflateRawSync(body, { maxOutputLength: Math.max(size, 1) }) : Buffer.from(body);
      } catch (error) {
        return refuse(error instanceof RangeError ? 'BUNDLE_TOO_LARGE' : 'BUNDLE_UNREADABLE');
      }
      if (data.length !== size || crc32(data) !== entry.crc) refuse('BUNDLE_UNREADABLE');
      this.consume(length);
      this.offset += length;
      this.total += size;
      this.entries.push(entry);
      this.onEntry(name, data);
    }
  }

  /** The whole ZIP was read: its directory matched to the last byte, nothing after it. */
  finish(): void {
    if (!this.central || this.centralMatched !== this.central.length) refuse('BUNDLE_UNREADABLE');
  }

  private matchCentral(chunk: Buffer): void {
    const central = this.central as Buffer;
    if (this.centralMatched + chunk.length > central.length) refuse('BUNDLE_UNREADABLE');
    if (!central.subarray(this.centralMatched, this.centralMatched + chunk.length).equals(chunk)) refuse('BUNDLE_UNREADABLE');
    this.centralMatched += chunk.length;
  }

  /** The first n bytes held, joining only the chunks they span. */
  private peek(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) return first.subarray(0, n);
    let total = 0;
    let count = 0;
    while (total < n && count < this.chunks.length) total += (this.chunks[count++] as Buffer).length;
    const joined = Buffer.concat(this.chunks.slice(0, count), total);
    this.chunks.splice(0, count, joined);
    return joined.subarray(0, n);
  }

  /** Drops the first n bytes held (no copy). */
  private consume(n: number): void {
    let left = n;
    while (left > 0) {
      const first = this.chunks[0] as Buffer;
      if (first.length <= left) {
        this.chunks.shift();
        left -= first.length;
      } else {
        this.chunks[0] = first.subarray(left);
        left = 0;
      }
    }
    this.bytes -= n;
  }
}

function safeName(name: string): boolean {
  return name.length > 0 && name.length <= 100 && !/[/\\:\0]/.test(name) && name !== '.' && name !== '..';
}

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: true }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('zip')) : resolve(zip),
    );
  });
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: yauzl.Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

class LimitExceeded extends Error {}

/** Inflates one entry, counting bytes as they come: more than `limit` stops it at once. */
function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('zip stream'));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          stream.destroy(new LimitExceeded());
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks, size)));
    });
  });
}

export interface ReadZipOptions {
  /** Names that may appear; anything else is refused. */
  allowed: (name: string) => boolean;
  limits: ZipLimits;
}

/**
 * Reads every entry into memory, in archive order. Refuses: anything yauzl cannot parse
 * (truncated, garbage, bad offsets), encryption, methods other than stored/deflate, names with
 * a path (directories, `..`, absolute), names not allowed, duplicates, more entries or bytes
 * than the limits (declared or actual), and a CRC-32 that does not match.
 */
export async function readZip(buffer: Buffer, options: ReadZipOptions): Promise<Map<string, Buffer>> {
  const { limits } = options;
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(buffer);
  } catch {
    return refuse('BUNDLE_UNREADABLE');
  }
  try {
    if (zip.entryCount > limits.maxEntries) refuse('BUNDLE_TOO_LARGE');
    const files = new Map<string, Buffer>();
    let declaredTotal = 0;
    let actualTotal = 0;
    for (;;) {
      let entry: yauzl.Entry | null;
      try {
        entry = await nextEntry(zip);
      } catch {
        return refuse('BUNDLE_UNREADABLE');
      }
      if (!entry) break;
      const name = entry.fileName;
      if (!safeName(name)) refuse('BUNDLE_BAD_ENTRIES');
      if (!options.allowed(name) || files.has(name)) refuse('BUNDLE_BAD_ENTRIES');
      if (entry.isEncrypted() || (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)) refuse('BUNDLE_UNREADABLE');
      declaredTotal += entry.uncompressedSize;
      if (entry.uncompressedSize > limits.maxEntryBytes || declaredTotal > limits.maxTotalBytes) refuse('BUNDLE_TOO_LARGE');
      let data: Buffer;
      try {
        data = await readEntry(zip, entry, Math.min(limits.maxEntryBytes, limits.maxTotalBytes - actualTotal));
      } catch (error) {
        return refuse(error instanceof LimitExceeded ? 'BUNDLE_TOO_LARGE' : 'BUNDLE_UNREADABLE');
      }
      actualTotal += data.length;
      if (data.length !== entry.uncompressedSize || crc32(data) !== entry.crc32) refuse('BUNDLE_UNREADABLE');
      files.set(name, data);
    }
    return files;
  } finally {
    zip.close();
  }
}
