import { refuse } from './errors';
import {
  FIGURES,
  MANIFEST,
  MANIFEST_SIG,
  MAX_PARTS,
  PART_BYTES,
  parseManifest,
  parsePartName,
  partName,
  type BundleHeader,
  type ClaimedHeader,
  type Manifest,
} from './format';
import { verifyPrehashed, type SigningPublicKey } from '../kernel/identity/minisign';
import { sha256 } from './seal';
import { isFigureRow, type FigureRow } from './stats';
import { BUNDLE_TABLES, tableOfFile } from './tables';
import { readZip, ZipStreamReader, ZipStreamWriter, type ZipLimits } from './zip';
import { COUNT_ROWS, inlinePacker, PAYLOAD_DEFLATE_LEVEL, type PackedPart, type Packer } from './pack';

/**
 * The payload (BUNDLE.md "The payload"): NDJSON rows of each carried table (or the figures), the
 * manifest and its signature. Version 2 is written and read a part at a time (PayloadWriter,
 * PayloadReader); version 1 (one file per table, manifest first) is read whole (openPayload).
 * NDJSON is built and read line by line from buffers, so a large row is never one long string.
 */
export type Row = Record<string, unknown>;

/** BLOBs travel as `{ "$base64": "…" }`; every other SQLite value is a JSON scalar. */
function encodeValue(value: unknown): unknown {
  return Buffer.isBuffer(value) ? { $base64: value.toString('base64') } : value;
}

/** One row as a line of NDJSON (without its newline). */
export function rowJson(row: Row): string {
  const encoded: Row = {};
  for (const [key, value] of Object.entries(row)) encoded[key] = encodeValue(value);
  return JSON.stringify(encoded);
}

export function manifestBytes(manifest: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

export type ManifestFile = Manifest['files'][number];

/**
 * Writes a version 2 payload into `out` (the encryption): each table's rows in parts of at most
 * PART_BYTES (a table with no rows still has its one empty part, so the manifest names every
 * table carried), then the manifest and its signature, then the ZIP directory. Rows are written
 * as UTF-8 straight into the part's buffer; the parts are hashed and deflated by the packer (in
 * the bundles' helper thread for a `full` export) and written in order as they come back.
 */
export class PayloadWriter {
  private readonly zip: ZipStreamWriter;
  readonly files: ManifestFile[] = [];
  /** NDJSON bytes written so far (before compression). */
  plainBytes = 0;

  constructor(
    out: (chunk: Buffer) => void,
    createdAt: string,
    private readonly packer: Packer = inlinePacker(),
  ) {
    this.zip = new ZipStreamWriter(out, { compress: true, modified: new Date(createdAt), level: PAYLOAD_DEFLATE_LEVEL });
  }

  /** Writes a table's rows; `onPart` after each part (progress, a stop). Returns the row count. */
  table(name: string, rows: Iterable<Row>, onPart?: (rows: number) => void): number {
    const lines = function* () {
      for (const row of rows) yield rowJson(row);
    };
    return this.tableLines(name, lines(), onPart);
  }

  /**
   * The same from rows already as JSON text, one object per string (SQLite's json_object makes
   * them). A part takes lines while they fit in PART_BYTES (newlines included); the line that
   * does not fit starts the next part, and a line longer than that is a part alone.
   */
  tableLines(name: string, lines: Iterable<string>, onPart?: (rows: number) => void): number {
    let part = 0;
    let total = 0;
    let rows = 0;
    let buffer: Buffer = Buffer.allocUnsafeSlow(FIRST_BUFFER);
    let used = 0;
    const flush = (end: number) => {
      this.add(partName(name, ++part), buffer.subarray(0, end), rows);
      onPart?.(total);
    };
    for (const line of lines) {
      // Room for the line at its longest (three bytes per UTF-16 unit) and its newline.
      const room = used + line.length * 3 + 1;
      if (room > buffer.length) buffer = grown(buffer, used, room);
      const start = used;
      used += buffer.write(line, start, 'utf8');
      buffer[used++] = 10;
      total++;
      if (start > 0 && used > PART_BYTES) {
        const next = Buffer.allocUnsafeSlow(Math.max(buffer.length, used - start));
        buffer.copy(next, 0, start, used);
        flush(start);
        buffer = next;
        used -= start;
        rows = 1;
      } else {
        rows++;
      }
    }
    if (rows > 0 || part === 0) flush(used);
    return total;
  }

  /**
   * The same from NDJSON bytes a few thousand rows at a time (each chunk ends with a newline):
   * cut into parts as tableLines cuts them, each byte copied once; the packer counts each part's
   * rows (and checks that their ids ascend).
   */
  tableChunks(name: string, chunks: Iterable<{ text: Buffer; rows: number }>, onPart?: (rows: number) => void): number {
    let part = 0;
    let total = 0;
    let held: Buffer[] = [];
    let size = 0;
    /** Sends the first `end` bytes held as the next part. */
    const flush = (end: number) => {
      const data = Buffer.allocUnsafeSlow(end);
      let at = 0;
      while (at < end) {
        const first = held[0] as Buffer;
        const take = Math.min(first.length, end - at);
        first.copy(data, at, 0, take);
        at += take;
        if (take === first.length) held.shift();
        else held[0] = first.subarray(take);
      }
      size -= end;
      this.add(partName(name, ++part), data, COUNT_ROWS);
      onPart?.(total);
    };
    /** The end of the last whole line within the first `limit` bytes held (0: none). */
    const lastLineEnd = (limit: number): number => {
      let offset = 0;
      const ends: [number, Buffer][] = [];
      for (const b of held) {
        if (offset >= limit) break;
        ends.push([offset, b]);
        offset += b.length;
      }
      for (let i = ends.length - 1; i >= 0; i--) {
        const [start, b] = ends[i] as [number, Buffer];
        const at = b.lastIndexOf(10, Math.min(b.length, limit - start) - 1);
        if (at >= 0) return start + at + 1;
      }
      return 0;
    };
    /** The end of the first line held. */
    const firstLineEnd = (): number => {
      let offset = 0;
      for (const b of held) {
        const at = b.indexOf(10);
        if (at >= 0) return offset + at + 1;
        offset += b.length;
      }
      return size;
    };
    for (const chunk of chunks) {
      held.push(chunk.text);
      size += chunk.text.length;
      total += chunk.rows;
      while (size > PART_BYTES) {
        // The lines that fit whole; a line longer than a part is a part alone.
        const fit = lastLineEnd(PART_BYTES);
        flush(fit > 0 ? fit : firstLineEnd());
      }
    }
    if (size > 0 || part === 0) flush(size);
    held = [];
    return total;
  }

  figures(rows: readonly FigureRow[]): void {
    const data = Buffer.from(rows.map((r) => `${rowJson(r as unknown as Row)}\n`).join(''), 'utf8');
    this.add(FIGURES, data, rows.length);
  }

  /** The manifest (its `files` filled in here) and its signature; then the directory. */
  finish(manifest: Omit<Manifest, 'files'>, sign: (manifest: Buffer) => string): Manifest {
    this.write(this.packer.take(true));
    if (this.files.length > MAX_PARTS) refuse('BUNDLE_TOO_LARGE');
    const full: Manifest = { ...manifest, files: this.files };
    const bytes = manifestBytes(full);
    this.zip.add(MANIFEST, bytes);
    this.zip.add(MANIFEST_SIG, Buffer.from(sign(bytes), 'utf8'));
    this.zip.finish();
    return full;
  }

  private add(name: string, data: Buffer, rows: number): void {
    this.plainBytes += data.length;
    this.packer.pack(name, data, rows);
    this.write(this.packer.take(false));
  }

  private write(parts: readonly PackedPart[]): void {
    for (const p of parts) {
      this.zip.addPacked(p);
      this.files.push({ name: p.name, sha256: p.sha256, rows: p.rows });
    }
  }
}

/** A table's first part buffer; the next ones start at the size the last one reached. */
const FIRST_BUFFER = 64 * 1024;

function grown(buffer: Buffer, used: number, room: number): Buffer {
  const bigger = Buffer.allocUnsafeSlow(Math.max(room, Math.min(buffer.length * 2, PART_BYTES + FIRST_BUFFER)));
  buffer.copy(bigger, 0, 0, used);
  return bigger;
}

export interface ReadPart<S = never> {
  /** A carried table's rows (full, transfer), in the order written; or, read by a scanner, what it made of them. */
  table?: { name: string; rows: Row[]; scanned?: S };
  /** The figures (stats). */
  figures?: FigureRow[];
}

/**
 * Reads a part of a table instead of parseNdjson (the import's helper thread reads rows straight
 * from the bytes, rows.ts): it must refuse what parseNdjson refuses (BUNDLE_INVALID_ROWS naming
 * the part and its line) and count the rows the same. `table` is null for a name that is no table.
 */
export interface PartScanner<S> {
  scan(table: string | null, file: string, data: Buffer): { rows: number; scanned: S };
}

/**
 * Reads a version 2 payload as it is decrypted: parts of the carried tables in order (each table's
 * parts numbered from 1, tables in BUNDLE_TABLES order), handed on as they come; then the manifest,
 * whose signature must be by the same key with the same trusted comment as the outer one, agree
 * with the header, and list exactly the parts read, with their SHA-256 and row counts. The caller
 * applies parts inside its transaction and rolls back if `finish` refuses.
 */
export class PayloadReader<S = never> {
  private readonly zip: ZipStreamReader;
  private readonly read: ManifestFile[] = [];
  private manifestData: Buffer | null = null;
  private manifest: Manifest | null = null;
  private tableIndex = -1;
  private lastPart = 0;
  private tableOrder: Map<string, number>;

  constructor(
    private readonly header: ClaimedHeader & { comment: string },
    private readonly key: SigningPublicKey,
    limits: ZipLimits,
    /** SHA-256 of the outer README.txt, which the manifest must name. */
    private readonly readmeSha256: string,
    private readonly onPart: (part: ReadPart<S>) => void,
    private readonly scanner?: PartScanner<S>,
  ) {
    this.tableOrder = new Map(BUNDLE_TABLES.map((t, i) => [t.name, i]));
    this.zip = new ZipStreamReader(limits, new Date(header.createdAt), (name) => this.allowed(name), (name, data) => this.entry(name, data));
  }

  push(plaintext: Buffer): void {
    this.zip.push(plaintext);
  }

  finish(): Manifest {
    this.zip.finish();
    if (!this.manifest) refuse('BUNDLE_BAD_ENTRIES');
    const listed = this.manifest.files;
    if (listed.length !== this.read.length || listed.some((f, i) => f.name !== this.read[i]?.name)) refuse('BUNDLE_BAD_ENTRIES');
    listed.forEach((f, i) => {
      const got = this.read[i] as ManifestFile;
      if (f.sha256 !== got.sha256) refuse('BUNDLE_FILE_HASH', { file: f.name });
      if (f.rows !== got.rows) refuse('BUNDLE_ROW_COUNT', { file: f.name, expected: f.rows, found: got.rows });
    });
    return this.manifest;
  }

  private allowed(name: string): boolean {
    if (this.manifest) return false;
    if (this.manifestData) return name === MANIFEST_SIG;
    return name === MANIFEST || (this.header.kind === 'stats' ? name === FIGURES : parsePartName(name) !== null);
  }

  private entry(name: string, data: Buffer): void {
    if (name === MANIFEST) {
      this.manifestData = data;
      return;
    }
    if (name === MANIFEST_SIG) {
      const manifestData = this.manifestData as Buffer;
      const verified = verifyPrehashed(this.key, manifestData, data.toString('utf8'));
      if (!verified.ok) refuse('BUNDLE_MANIFEST_SIGNATURE');
      if (verified.trustedComment !== this.header.comment) refuse('BUNDLE_MANIFEST_MISMATCH');
      const manifest = parseManifest(manifestData, 2);
      const h = this.header;
      if (
        manifest.kind !== h.kind ||
        manifest.station.code !== h.station ||
        manifest.seq !== h.seq ||
        manifest.createdAt !== h.createdAt ||
        manifest.schemaVersion !== h.schemaVersion ||
        manifest.readmeSha256 !== this.readmeSha256
      ) {
        refuse('BUNDLE_MANIFEST_MISMATCH');
      }
      this.manifest = manifest;
      return;
    }
    const scanned = this.scanner && name !== FIGURES ? this.scanner.scan(parsePartName(name)?.table ?? null, name, data) : null;
    const rows = scanned ? [] : parseNdjson(name, data);
    this.read.push({ name, sha256: sha256(data), rows: scanned ? scanned.rows : rows.length });
    if (name === FIGURES) {
      if (this.read.length !== 1) refuse('BUNDLE_BAD_ENTRIES');
      const bad = rows.findIndex((r) => !isFigureRow(r));
      if (bad >= 0) refuse('BUNDLE_INVALID_ROWS', { file: name, line: bad + 1 });
      this.onPart({ figures: rows as FigureRow[] });
      return;
    }
    const { table, part } = parsePartName(name) as { table: string; part: number };
    const index = this.tableOrder.get(table);
    if (index === undefined) refuse('BUNDLE_BAD_ENTRIES');
    // Parts come table by table, in order, each table's numbered from 1 without a gap. A table may
    // be missing (a bundle from a Haven before that table existed), never out of order.
    const next = index === this.tableIndex ? part === this.lastPart + 1 : index > this.tableIndex && part === 1;
    if (!next) refuse('BUNDLE_BAD_ENTRIES');
    this.tableIndex = index;
    this.lastPart = part;
    this.onPart({ table: scanned ? { name: table, rows, scanned: scanned.scanned } : { name: table, rows } });
  }
}

export interface OpenedPayload {
  manifest: Manifest;
  /** Table → rows, for full and transfer. */
  tables: Map<string, Row[]>;
  /** For stats. */
  figures: FigureRow[] | null;
}

function decodeValue(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const b64 = (value as { $base64?: unknown }).$base64;
    if (keys.length === 1 && typeof b64 === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return Buffer.from(b64, 'base64');
  }
  throw new Error('value');
}

/** One line of NDJSON as a row; null if it is not one. */
export function parseRow(text: string): Row | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    // JSON.parse makes every key (even `__proto__`) an own data property; the importer then
    // refuses unknown ones. Values are checked in place: scalars, or a BLOB as { $base64 }.
    const row = parsed as Row;
    for (const key in row) {
      const value = row[key];
      if (value !== null && typeof value !== 'string' && typeof value !== 'number') row[key] = decodeValue(value);
    }
    return row;
  } catch {
    return null;
  }
}

/** Splits NDJSON into objects, checking the count the manifest promised (version 1, where it is known first). */
export function parseNdjson(name: string, data: Buffer, expectedRows = Infinity): Row[] {
  const rows: Row[] = [];
  let start = 0;
  while (start < data.length) {
    const end = data.indexOf(10, start);
    if (end < 0) refuse('BUNDLE_INVALID_ROWS', { file: name, line: rows.length + 1 });
    if (rows.length >= expectedRows) refuse('BUNDLE_ROW_COUNT', { file: name, expected: expectedRows, found: rows.length + 1 });
    const row = parseRow(data.toString('utf8', start, end));
    if (row === null) return refuse('BUNDLE_INVALID_ROWS', { file: name, line: rows.length + 1 });
    rows.push(row);
    start = end + 1;
  }
  if (expectedRows !== Infinity && rows.length !== expectedRows) refuse('BUNDLE_ROW_COUNT', { file: name, expected: expectedRows, found: rows.length });
  return rows;
}

/**
 * The decrypted payload, checked: the entries, the manifest's signature by the same station key
 * and with the same trusted comment as the outer one, the manifest agreeing with that comment,
 * then every file's SHA-256 and row count. Files must be exactly those the manifest lists, and
 * of the kind: tables for full and transfer, the figures for stats.
 */
export async function openPayload(payloadZip: Buffer, key: SigningPublicKey, header: BundleHeader, outerComment: string, limits: ZipLimits): Promise<OpenedPayload> {
  const entries = await readZip(payloadZip, {
    allowed: (name) => name === MANIFEST || name === MANIFEST_SIG || /^[a-z0-9_]{1,64}\.ndjson$/.test(name),
    limits,
  });
  const manifestData = entries.get(MANIFEST) ?? refuse('BUNDLE_BAD_ENTRIES');
  const signature = entries.get(MANIFEST_SIG) ?? refuse('BUNDLE_BAD_ENTRIES');
  const verified = verifyPrehashed(key, manifestData, signature.toString('utf8'));
  if (!verified.ok) refuse('BUNDLE_MANIFEST_SIGNATURE');
  if (verified.trustedComment !== outerComment) refuse('BUNDLE_MANIFEST_MISMATCH');
  const manifest = parseManifest(manifestData, 1);
  if (manifest.kind !== header.kind || manifest.station.code !== header.station || manifest.seq !== header.seq || manifest.createdAt !== header.createdAt) {
    refuse('BUNDLE_MANIFEST_MISMATCH');
  }
  const listed = new Set(manifest.files.map((f) => f.name));
  const present = [...entries.keys()].filter((n) => n !== MANIFEST && n !== MANIFEST_SIG);
  if (listed.size !== manifest.files.length || present.length !== listed.size || present.some((n) => !listed.has(n))) refuse('BUNDLE_BAD_ENTRIES');
  if (header.kind === 'stats' ? manifest.files.length !== 1 || manifest.files[0]?.name !== FIGURES : manifest.files.some((f) => !tableOfFile(f.name))) {
    refuse('BUNDLE_BAD_ENTRIES');
  }
  const tables = new Map<string, Row[]>();
  let figures: FigureRow[] | null = null;
  for (const file of manifest.files) {
    const data = entries.get(file.name) as Buffer;
    if (sha256(data) !== file.sha256) refuse('BUNDLE_FILE_HASH', { file: file.name });
    const rows = parseNdjson(file.name, data, file.rows);
    if (header.kind === 'stats') {
      if (!rows.every(isFigureRow)) refuse('BUNDLE_INVALID_ROWS', { file: file.name, line: rows.findIndex((r) => !isFigureRow(r)) + 1 });
      figures = rows as FigureRow[];
    } else {
      tables.set((tableOfFile(file.name) as { name: string }).name, rows);
    }
  }
  return { manifest, tables, figures };
}
