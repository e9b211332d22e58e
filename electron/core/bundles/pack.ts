import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A part of the payload made ready for the ZIP: the SHA-256 the manifest lists, the CRC-32 and
 * size the ZIP headers carry, and the deflated body. At county scale this is most of an export's
 * work besides reading the rows (three quarters of a gigabyte of NDJSON), so a `full` export does
 * it in the bundles' helper thread (helper.ts) while the core's thread reads the next part.
 */
export interface PackedPart {
  name: string;
  rows: number;
  sha256: string;
  crc: number;
  size: number;
  body: Buffer;
}

/** Deflate's fastest level: a third of the time of the default for a fifth more bytes. */
export const PAYLOAD_DEFLATE_LEVEL = 1;

/** `rows` for a part whose rows the packer counts (its lines), checking that their ids ascend. */
export const COUNT_ROWS = -1;

const ID_PREFIX = Buffer.from('{"id":');

/**
 * The lines of a part made by SQLite (export.ts tableChunks), each `{"id":<n>,…}`: counted, and
 * their ids checked to ascend (the importer refuses a part whose ids do not), across a table's
 * parts too (`after`: the last id of the part before, or null for a table's first part).
 */
export function countRows(data: Uint8Array, after: number | null): { rows: number; last: number | null } {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let rows = 0;
  let last = after;
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(10, start);
    if (end < 0) break;
    let id = 0;
    let at = start + ID_PREFIX.length;
    const digits = at;
    if (bytes.compare(ID_PREFIX, 0, ID_PREFIX.length, start, at) === 0) for (; at < end && bytes[at]! >= 0x30 && bytes[at]! <= 0x39; at++) id = id * 10 + bytes[at]! - 0x30;
    if (at === digits || (last !== null && id <= last)) throw new Error(`rows out of order in a part of the payload, line ${rows + 1}`);
    last = id;
    rows++;
    start = end + 1;
  }
  return { rows, last };
}

/** The last id of the last counted part of each table (see countRows). */
const lastIds = new Map<string, number | null>();

export function packPart(name: string, data: Uint8Array, rows: number): PackedPart {
  if (rows === COUNT_ROWS) {
    const table = name.replace(/\.\d{4}\.ndjson$/, '');
    const counted = countRows(data, name.endsWith('.0001.ndjson') ? null : (lastIds.get(table) ?? null));
    lastIds.set(table, counted.last);
    rows = counted.rows;
  }
  return {
    name,
    rows,
    sha256: createHash('sha256').update(data).digest('hex'),
    crc: crc32(data),
    size: data.byteLength,
    body: deflateRawSync(data, { level: PAYLOAD_DEFLATE_LEVEL }),
  };
}

/** Packs parts in the order given and hands them back in that order. */
export interface Packer {
  /** `data` is the packer's from now on (a helper thread takes it over). */
  pack(name: string, data: Buffer, rows: number): void;
  /** The parts packed so far (every part given, with `all`), in order. */
  take(all: boolean): PackedPart[];
  close(): void;
}

/** Packs in this thread (small bundles: a transfer, the figures). */
export function inlinePacker(): Packer {
  let done: PackedPart[] = [];
  return {
    pack: (name, data, rows) => {
      done.push(packPart(name, data, rows));
    },
    take: () => {
      const out = done;
      done = [];
      return out;
    },
    close: () => {},
  };
}
