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

export function packPart(name: string, data: Uint8Array, rows: number): PackedPart {
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
