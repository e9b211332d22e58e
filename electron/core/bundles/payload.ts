import type { Db } from '../kernel/db/database';
import { refuse } from './errors';
import { FIGURES, MANIFEST, MANIFEST_SIG, parseManifest, type BundleHeader, type Manifest } from './format';
import { verifyPrehashed, type SigningPublicKey } from '../kernel/identity/minisign';
import { sha256 } from './seal';
import { isFigureRow, type FigureRow } from './stats';
import { ORIGIN_COLUMNS, ownerWhere, tableFile, tableOfFile, type BundleTable } from './tables';
import { readZip, writeZip, type ZipLimits } from './zip';

/**
 * The payload (BUNDLE.md "The payload"): manifest.json, its signature, and one NDJSON file per
 * table (or the figures). NDJSON is built and read line by line from buffers, so that a large
 * table (attachments) is never one JavaScript string.
 */
export type Row = Record<string, unknown>;

export interface PayloadFile {
  name: string;
  data: Buffer;
  rows: number;
}

/** BLOBs travel as `{ "$base64": "…" }`; every other SQLite value is a JSON scalar. */
function encodeValue(value: unknown): unknown {
  return Buffer.isBuffer(value) ? { $base64: value.toString('base64') } : value;
}

function ndjson(name: string, rows: Iterable<Row>): PayloadFile {
  const chunks: Buffer[] = [];
  let count = 0;
  for (const row of rows) {
    const encoded: Row = {};
    for (const [key, value] of Object.entries(row)) encoded[key] = encodeValue(value);
    chunks.push(Buffer.from(`${JSON.stringify(encoded)}\n`, 'utf8'));
    count++;
  }
  return { name, data: Buffer.concat(chunks), rows: count };
}

/**
 * Every carried table's rows for the persons `personWhere` selects. Persons leave with their
 * staff member's display name (the importer has no such user) and without origin columns.
 */
export function tableFiles(
  db: Db,
  tables: readonly BundleTable[],
  personWhere: string,
  params: Record<string, unknown>,
  onTable?: (table: string, done: number, total: number) => void,
): PayloadFile[] {
  const staffNames = new Map(
    (db.prepare('SELECT id, display_name FROM users').all() as { id: number; display_name: string }[]).map((u) => [u.id, u.display_name]),
  );
  return tables.map((spec, index) => {
    const sql = `SELECT * FROM ${spec.name} WHERE ${ownerWhere(db, spec, personWhere)} ORDER BY id`;
    const rows = db.prepare(sql).iterate(params) as IterableIterator<Row>;
    const shaped =
      spec.name === 'persons'
        ? (function* () {
            for (const row of rows) {
              const out: Row = { ...row };
              for (const column of ORIGIN_COLUMNS) delete out[column];
              out.origin_staff_name = typeof row.staff_user_id === 'number' ? (staffNames.get(row.staff_user_id) ?? null) : null;
              yield out;
            }
          })()
        : rows;
    const file = ndjson(tableFile(spec.name), shaped);
    onTable?.(spec.name, index + 1, tables.length);
    return file;
  });
}

export function figuresFileOf(figures: FigureRow[]): PayloadFile {
  return ndjson(FIGURES, figures);
}

export function manifestBytes(manifest: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

export function filesOfManifest(files: PayloadFile[]): Manifest['files'] {
  return files.map((f) => ({ name: f.name, sha256: sha256(f.data), rows: f.rows }));
}

export function writePayload(manifest: Buffer, manifestSignature: string, files: PayloadFile[], createdAt: string): Buffer {
  return writeZip(
    [{ name: MANIFEST, data: manifest }, { name: MANIFEST_SIG, data: Buffer.from(manifestSignature, 'utf8') }, ...files],
    { compress: true, modified: new Date(createdAt) },
  );
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

/** Splits NDJSON into objects, checking the count the manifest promised. */
function parseNdjson(name: string, data: Buffer, expectedRows: number): Row[] {
  const rows: Row[] = [];
  let start = 0;
  while (start < data.length) {
    const end = data.indexOf(10, start);
    if (end < 0) refuse('BUNDLE_INVALID_ROWS', { file: name, line: rows.length + 1 });
    if (rows.length >= expectedRows) refuse('BUNDLE_ROW_COUNT', { file: name, expected: expectedRows, found: rows.length + 1 });
    let row: Row;
    try {
      const parsed: unknown = JSON.parse(data.toString('utf8', start, end));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('row');
      // fromEntries defines keys (even `__proto__`) as plain data; the importer then refuses unknown ones.
      row = Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, decodeValue(value)]));
    } catch {
      return refuse('BUNDLE_INVALID_ROWS', { file: name, line: rows.length + 1 });
    }
    rows.push(row);
    start = end + 1;
  }
  if (rows.length !== expectedRows) refuse('BUNDLE_ROW_COUNT', { file: name, expected: expectedRows, found: rows.length });
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
  const manifest = parseManifest(manifestData);
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
