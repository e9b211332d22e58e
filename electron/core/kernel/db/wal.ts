import { closeSync, openSync, readSync, statSync } from 'node:fs';

/**
 * Reads a WAL file's frame headers (SQLite's format: a 32-byte header, then frames of a 24-byte
 * header and one page) and checks their running checksums, as SQLite's own recovery does. The
 * checksums cover the page as written — encrypted by SQLCipher — so no key is needed.
 *
 * SQLite's recovery stops at the first frame that does not validate and silently drops every
 * frame after it, committed or not. A torn last write (power cut mid-transaction) looks like that
 * and is harmless: the transaction never returned. But a bad frame *followed by frames of the
 * same WAL generation* means committed data lies beyond the damage, and opening would lose it
 * for good at the next checkpoint. That is reported instead (`damagedAt`), before SQLite opens
 * the file.
 */
export interface WalScan {
  /** Frames that validate, from the start. */
  validFrames: number;
  /** Frames in the file (whole frames only). */
  frames: number;
  /** Index of the first bad frame when frames of the same generation follow it; else null. */
  damagedAt: number | null;
  /** Frames of the same generation after the first bad one (what opening would drop). */
  framesBeyond: number;
}

const WAL_HEADER = 32;
const FRAME_HEADER = 24;
const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;

function checksum(data: Buffer, start: number, end: number, bigEndian: boolean, s: [number, number]): [number, number] {
  let [s0, s1] = s;
  for (let i = start; i < end; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/** Null when there is no WAL, or one too short or too foreign to hold a frame. */
export function scanWal(walPath: string): WalScan | null {
  let size: number;
  try {
    size = statSync(walPath).size;
  } catch {
    return null;
  }
  if (size < WAL_HEADER) return null;
  const fd = openSync(walPath, 'r');
  try {
    const header = Buffer.alloc(WAL_HEADER);
    readSync(fd, header, 0, WAL_HEADER, 0);
    const magic = header.readUInt32BE(0);
    if (magic !== MAGIC_LE && magic !== MAGIC_BE) return null;
    const bigEndian = magic === MAGIC_BE;
    const pageSize = header.readUInt32BE(8) || 65536;
    const salt1 = header.readUInt32BE(16);
    const salt2 = header.readUInt32BE(20);
    let sums = checksum(header, 0, 24, bigEndian, [0, 0]);
    // A header that does not validate: SQLite ignores the whole file (an empty WAL).
    if (sums[0] !== header.readUInt32BE(24) || sums[1] !== header.readUInt32BE(28)) return null;
    const frameSize = FRAME_HEADER + pageSize;
    const frames = Math.floor((size - WAL_HEADER) / frameSize);
    const frame = Buffer.alloc(frameSize);
    let validFrames = 0;
    let firstBad: number | null = null;
    let framesBeyond = 0;
    for (let i = 0; i < frames; i++) {
      readSync(fd, frame, 0, frameSize, WAL_HEADER + i * frameSize);
      const sameGeneration = frame.readUInt32BE(8) === salt1 && frame.readUInt32BE(12) === salt2;
      if (firstBad !== null) {
        if (sameGeneration) framesBeyond++;
        continue;
      }
      let next: [number, number] = [0, 0];
      if (sameGeneration) {
        next = checksum(frame, 0, 8, bigEndian, sums);
        next = checksum(frame, FRAME_HEADER, frameSize, bigEndian, next);
      }
      if (sameGeneration && next[0] === frame.readUInt32BE(16) && next[1] === frame.readUInt32BE(20)) {
        sums = next;
        validFrames++;
      } else {
        firstBad = i;
      }
    }
    return { validFrames, frames, damagedAt: framesBeyond > 0 ? firstBad : null, framesBeyond };
  } finally {
    closeSync(fd);
  }
}
