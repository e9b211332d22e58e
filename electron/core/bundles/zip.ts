import { crc32, deflateRawSync } from 'node:zlib';
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

const GiB = 1024 ** 3;
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 64, maxEntryBytes: 1 * GiB, maxTotalBytes: 2 * GiB };

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

/** A ZIP of the entries in the given order; stored or deflated; no extra fields, no comments. */
export function writeZip(entries: readonly ZipInput[], options: { compress: boolean; modified: Date }): Buffer {
  const { date, time } = dosDateTime(options.modified);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const body = options.compress ? deflateRawSync(entry.data) : Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    const crc = crc32(entry.data);
    if (entry.data.byteLength > U32_MAX || body.length > U32_MAX || offset > U32_MAX) throw new Error('zip: entry too large for a ZIP without ZIP64');
    const method = options.compress ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(UTF8_FLAG, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.byteLength, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(VERSION, 4);
    central.writeUInt16LE(VERSION, 6);
    central.writeUInt16LE(UTF8_FLAG, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.byteLength, 24);
    central.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal and external attributes: all zero
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const centralSize = centrals.reduce((sum, b) => sum + b.length, 0);
  if (offset > U32_MAX || entries.length > 0xffff) throw new Error('zip: archive too large for a ZIP without ZIP64');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
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
      if (name.length === 0 || name.length > 100 || /[/\\:\0]/.test(name) || name === '.' || name === '..') refuse('BUNDLE_BAD_ENTRIES');
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
