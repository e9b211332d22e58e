import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { publishExclusive } from '../kernel/publish';
import { BULK_PAGE_CACHE_KIB, withPageCache } from '../kernel/db/pageCache';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Ops } from '../kernel/ops';
import { parseRecipient } from '../kernel/identity/ageKeys';
import { refuse } from './errors';
import { recipientFingerprint } from '../kernel/identity/fingerprint';
import { BUNDLE_SCHEMA_VERSION, bundleFileName, FIGURES, trustedComment, type BundleHeader, type BundleKind } from './format';
import { ownKeys, stationInfo } from '../kernel/identity/ownKeys';
import { signPrehashed } from '../kernel/identity/minisign';
import { AgeEncryptor } from '../kernel/identity/ageStream';
import { PayloadWriter, type Row } from './payload';
import { helperPacker, readyHelper } from './helper';
import { inlinePacker, type Packer } from './pack';
import { findRecipient } from './recipients';
import { auditAnchorForExport } from './auditAnchor';
import { OuterWriter, readRange, untrustedComment } from './seal';
import { stationFigures } from './stats';
import { BUNDLE_TABLES, ORIGIN_COLUMNS, ownerWhere, tableFile, type BundleTable } from './tables';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip';

/**
 * Export at a station (BUNDLE.md): `full` (every record), `stats` (figures only) or `transfer`
 * (one person's whole file, RR art. 22), to one registered recipient, numbered in that
 * recipient's sequence. The file is written first, then the sending is recorded (bundle_sent,
 * the recipient's next number, an audit event) in one transaction: at once by the CLI, after the
 * user saved it for the screens (`recordSent`, from `bundles:confirmSaved`).
 */
export interface ExportProgress {
  phase: 'read' | 'pack' | 'encrypt' | 'write' | 'done';
  done: number;
  total: number;
  table?: string;
}

export interface ExportOptions {
  kind: BundleKind;
  /** `age1…` of a registered recipient. */
  recipient: string;
  /** For `transfer`: the person whose file moves. */
  personId?: number | null;
  /** A file path, or an existing directory to write `<code>-<kind>-<seq>-<date>.haven` into. */
  out: string;
  /** Refuses to make a bundle the importer's default limits would refuse. */
  limits?: ZipLimits;
  onProgress?: (progress: ExportProgress) => void;
}

export interface ExportResult {
  path: string;
  fileName: string;
  sha256: string;
  bytes: number;
  kind: BundleKind;
  seq: number;
  recipient: string;
  recipientName: string;
  personId: number | null;
  /** File name → rows. */
  rows: Record<string, number>;
  /** The sending to record (already recorded by `exportBundle`; after the save for the outbox). */
  pending: PendingSend;
}

export interface SentBundle {
  id: number;
  recipient: string;
  recipientName: string;
  kind: BundleKind;
  seq: number;
  fileName: string;
  sha256: string;
  personId: number | null;
  createdAt: string;
  createdBy: string | null;
}

/** The "sent" history, newest first. */
export function listSent(ops: Pick<Ops, 'db'>): SentBundle[] {
  return (
    ops.db
      .prepare(
        `SELECT s.id, s.recipient, r.name AS recipient_name, s.kind, s.seq, s.file_name, s.sha256, s.person_id, s.created_at, s.created_by
         FROM bundle_sent s JOIN bundle_recipients r ON r.id = s.recipient_id ORDER BY s.id DESC`,
      )
      .all() as {
      id: number;
      recipient: string;
      recipient_name: string;
      kind: BundleKind;
      seq: number;
      file_name: string;
      sha256: string;
      person_id: number | null;
      created_at: string;
      created_by: string | null;
    }[]
  ).map((r) => ({
    id: r.id,
    recipient: r.recipient,
    recipientName: r.recipient_name,
    kind: r.kind,
    seq: r.seq,
    fileName: r.file_name,
    sha256: r.sha256,
    personId: r.person_id,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }));
}

function transferPerson(ops: Ops, personId: number | null | undefined): number {
  if (typeof personId !== 'number') return refuse('BUNDLE_TRANSFER_PERSON');
  const person = ops.db
    .prepare(
      `SELECT p.id, p.name, m.status FROM persons p LEFT JOIN measures m ON m.id = p.current_measure_id
       WHERE p.id = ? AND p.origin_station IS NULL`,
    )
    .get(personId) as { id: number; name: string; status: string | null } | undefined;
  if (!person) return refuse('BUNDLE_TRANSFER_PERSON');
  // The file moves when the measure's place changes (RR art. 22): record the transfer-out first.
  if (person.status !== 'transferred_out') return refuse('BUNDLE_TRANSFER_NOT_OUT', { name: person.name });
  return person.id;
}

function targetPath(out: string, fileName: string): string {
  const path = existsSync(out) && statSync(out).isDirectory() ? join(out, fileName) : out;
  if (existsSync(path)) refuse('BUNDLE_OUT_EXISTS', { path });
  return path;
}

/** Exports to a file (the CLI): `out` is the file or a directory to write the named file into. */
export async function exportBundle(ops: Ops, options: ExportOptions): Promise<ExportResult> {
  const { out, ...rest } = options;
  return makeBundle(ops, rest, (fileName) => targetPath(out, fileName), true);
}

/**
 * Exports into a folder of its own under `outbox` (the screens): the file waits there, as a file
 * job, to be saved where the user chooses; it is removed when the job ends or the session locks.
 * The sending is not recorded here: the result's `pending` is recorded when the shell has saved
 * the file; a bundle never saved uses up no number.
 */
export async function exportBundleToOutbox(ops: Ops, options: Omit<ExportOptions, 'out'>, outbox: string): Promise<ExportResult> {
  return makeBundle(ops, options, (fileName) => {
    const folder = join(outbox, randomUUID());
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    return join(folder, fileName);
  }, false);
}

/**
 * A made bundle's sending, recorded once the file is where it goes: at once for the CLI, after the
 * shell's save for the screens. The recipient's number is taken only here (never by a bundle
 * that was not saved), and only if still free.
 */
export interface PendingSend {
  recipientId: number;
  recipient: string;
  recipientName: string;
  fingerprint: string;
  station: string;
  kind: BundleKind;
  seq: number;
  fileName: string;
  sha256: string;
  personId: number | null;
  rows: Record<string, number>;
  bytes: number;
  createdAt: string;
  auditHeadId: number | null;
}

export function recordSent(ops: Ops, p: PendingSend): void {
  ops.db.transaction(() => {
    const taken = ops.db.prepare('UPDATE bundle_recipients SET next_seq = ? WHERE id = ? AND next_seq = ?').run(p.seq + 1, p.recipientId, p.seq);
    if (taken.changes !== 1) refuse('BUNDLE_SEQ_TAKEN', { seq: p.seq });
    ops.db
      .prepare(
        `INSERT INTO bundle_sent (recipient_id, recipient, kind, seq, file_name, sha256, person_id, details, created_at, created_by, audit_head_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(p.recipientId, p.recipient, p.kind, p.seq, p.fileName, p.sha256, p.personId, JSON.stringify({ rows: p.rows, bytes: p.bytes }), p.createdAt, ops.actor.username, p.auditHeadId);
    ops.audit({
      action: 'bundles.export',
      entity: 'bundle',
      entityId: `${p.station}-${p.kind}-${p.seq}`,
      details: { kind: p.kind, seq: p.seq, recipient: p.recipientName, fingerprint: p.fingerprint, file: p.fileName, sha256: p.sha256, personId: p.personId, rows: p.rows },
    });
  })();
}

/**
 * The rows of a carried table as NDJSON made by SQLite itself (json_object: the same JSON a row
 * object would give, at a fraction of the cost): for a station's `full` bundle (every row of
 * every table), a few thousand rows at a time as one buffer of lines, so that no row becomes a
 * JavaScript string on the way (SQLite's UTF-8 would be decoded into one and encoded back); else
 * (a transfer, or a database that also holds others' files) one line per row. A table with BLOB
 * columns (attachments) goes through `tableRows`, since JSON holds no BLOB.
 */
type TableText = { lines: Iterable<string> } | { chunks: Iterable<{ text: Buffer; rows: number }> };

function tableJson(ops: Ops, spec: BundleTable, personWhere: string, params: Record<string, unknown>, everyRow: boolean): TableText | null {
  const columns = ops.db.prepare('SELECT name, upper(type) AS type FROM pragma_table_info(?) ORDER BY cid').all(spec.name) as { name: string; type: string }[];
  if (columns.some((c) => c.type === 'BLOB')) return null;
  const fields = columns
    .filter((c) => spec.name !== 'persons' || !(ORIGIN_COLUMNS as readonly string[]).includes(c.name))
    .map((c) => `'${c.name}', t."${c.name}"`);
  // Persons leave with their staff member's display name (the importer has no such user).
  if (spec.name === 'persons') fields.push(`'origin_staff_name', (SELECT display_name FROM users u WHERE u.id = t.staff_user_id)`);
  if (everyRow) return { chunks: tableChunks(ops, spec.name, fields) };
  const sql = `SELECT json_object(${fields.join(', ')}) FROM ${spec.name} t WHERE ${ownerWhere(ops.db, spec, personWhere)} ORDER BY t.id`;
  return { lines: ops.db.prepare(sql).pluck().iterate(params) as IterableIterator<string> };
}

/** NDJSON bytes per query of tableChunks, about (the rows per query follow the table's row size). */
const CHUNK_BYTES = 1024 * 1024;

/** Every row of a table in id order, about CHUNK_BYTES at a time, as NDJSON bytes (each line ends with its newline). */
function* tableChunks(ops: Ops, table: string, fields: string[]): Generator<{ text: Buffer; rows: number }> {
  const chunk = ops.db
    .prepare(
      // The rows come to the aggregate in the subquery's order (an ORDER BY inside string_agg, which
      // SQLite documents, would sort them again: a quarter more time). The packer checks that the
      // ids of every part ascend, so an export never sends them out of order.
      `SELECT CAST(string_agg(j, char(10)) || char(10) AS BLOB), count(*), max(id)
       FROM (SELECT t.id AS id, json_object(${fields.join(', ')}) AS j FROM ${table} t WHERE t.id > ? ORDER BY t.id LIMIT ?)`,
    )
    .raw();
  let after: number | bigint = -(2n ** 63n);
  let limit = 256;
  for (;;) {
    const [text, rows, last] = chunk.get(after, limit) as [Buffer | null, number, number | null];
    if (rows === 0 || text === null || last === null) return;
    yield { text, rows };
    after = last;
    limit = Math.max(16, Math.min(8192, Math.round((CHUNK_BYTES * rows) / text.length)));
  }
}

/** A station's own files are every file it has (it imports only transfers, which become its own): checked all the same. */
function onlyOwnFiles(ops: Ops): boolean {
  return ops.db.prepare('SELECT 1 FROM persons WHERE origin_station IS NOT NULL LIMIT 1').get() === undefined;
}

/** The rows of a carried table for the persons `personWhere` selects, as they travel. */
function* tableRows(ops: Ops, spec: BundleTable, personWhere: string, params: Record<string, unknown>, staffNames: Map<number, string>): Generator<Row> {
  const rows = ops.db.prepare(`SELECT * FROM ${spec.name} WHERE ${ownerWhere(ops.db, spec, personWhere)} ORDER BY id`).iterate(params) as IterableIterator<Row>;
  if (spec.name !== 'persons') return yield* rows;
  // Persons leave with their staff member's display name (the importer has no such user) and without origin columns.
  for (const row of rows) {
    const out: Row = { ...row };
    for (const column of ORIGIN_COLUMNS) delete out[column];
    out.origin_staff_name = typeof row.staff_user_id === 'number' ? (staffNames.get(row.staff_user_id) ?? null) : null;
    yield out;
  }
}

/** SHA-256 of a file, read a megabyte at a time. */
function fileSha256(path: string): string {
  const hash = createHash('sha256');
  readRange(path, 0, statSync(path).size, (chunk) => hash.update(chunk));
  return hash.digest('hex');
}

/**
 * Makes the bundle as a stream (format 2): rows are read in one read transaction, a part of a table
 * at a time, NDJSON, deflated into the payload ZIP, encrypted 64 KiB at a time and written with
 * the outer ZIP to a new file beside the target, signed over the digest taken on the way; then the
 * file is linked into place (never over another) and the sending recorded. Memory stays the same
 * whatever the number of persons. Synchronous: nothing else runs in the core meanwhile.
 */
async function makeBundle(ops: Ops, options: Omit<ExportOptions, 'out'>, target: (fileName: string) => string, record: boolean): Promise<ExportResult> {
  // Before anything is read: a `full` bundle's helper loaded, so that nothing below awaits (SyncWorker.ready).
  if (options.kind === 'full') await readyHelper();
  return withPageCache(ops.db, BULK_PAGE_CACHE_KIB, () => writeBundle(ops, options, target, record));
}

async function writeBundle(ops: Ops, options: Omit<ExportOptions, 'out'>, target: (fileName: string) => string, record: boolean): Promise<ExportResult> {
  const progress = options.onProgress ?? (() => {});
  const limits = options.limits ?? DEFAULT_ZIP_LIMITS;
  const station = stationInfo(ops.db);
  if (station.mode !== 'station') refuse('BUNDLE_NOT_A_STATION');
  const canonical = parseRecipient(options.recipient);
  if (!canonical) refuse('BUNDLE_RECIPIENT_INVALID');
  const recipient = findRecipient(ops.db, canonical);
  if (!recipient) refuse('BUNDLE_RECIPIENT_UNKNOWN', { fingerprint: recipientFingerprint(canonical) });
  const personId = options.kind === 'transfer' ? transferPerson(ops, options.personId) : null;
  const keys = ownKeys(ops);

  const seq = recipient.nextSeq;
  const previous = ops.db.prepare('SELECT sha256 FROM bundle_sent WHERE recipient_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(recipient.id) as
    | string
    | undefined;
  // The audit chain's head goes with every bundle (bundles/auditAnchor.ts).
  const audit = auditAnchorForExport(ops.db, recipient.id);
  const header: BundleHeader = { station: station.code, kind: options.kind, seq, createdAt: ops.now.toISOString() };
  const fileName = bundleFileName(header);
  const path = target(fileName);
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const comment = trustedComment(header, BUNDLE_SCHEMA_VERSION);

  const outer = new OuterWriter(tmp, header, BUNDLE_SCHEMA_VERSION);
  const rows: Record<string, number> = {};
  let bytes: number;
  let packer: Packer | null = null;
  try {
    const encryptor = new AgeEncryptor([recipient.recipient], (chunk) => outer.write(chunk));
    // A `full` bundle's parts are hashed and deflated in the helper thread while the next part is read.
    packer = options.kind === 'full' ? helperPacker() : inlinePacker();
    const payload = new PayloadWriter((chunk) => encryptor.push(chunk), header.createdAt, packer);
    const tables = BUNDLE_TABLES.filter((t) => options.kind !== 'transfer' || t.transfer !== false);
    // One read transaction: every table as of the same moment.
    ops.db.transaction(() => {
      if (options.kind === 'stats') {
        progress({ phase: 'read', done: 0, total: 1 });
        const figures = stationFigures(ops.db, ops.today);
        payload.figures(figures);
        rows[FIGURES] = figures.length;
        return;
      }
      const where = options.kind === 'transfer' ? 'id = @personId' : 'origin_station IS NULL';
      const everyRow = options.kind === 'full' && onlyOwnFiles(ops);
      const params = options.kind === 'transfer' ? { personId } : {};
      const staffNames = new Map(
        (ops.db.prepare('SELECT id, display_name FROM users').all() as { id: number; display_name: string }[]).map((u) => [u.id, u.display_name]),
      );
      tables.forEach((spec, index) => {
        progress({ phase: 'read', done: index, total: tables.length, table: spec.name });
        // After each part: progress, and a stop asked for is honoured here.
        const onPart = () => progress({ phase: 'read', done: index, total: tables.length, table: spec.name });
        const text = tableJson(ops, spec, where, params, everyRow);
        rows[tableFile(spec.name)] = !text
          ? payload.table(spec.name, tableRows(ops, spec, where, params, staffNames), onPart)
          : 'lines' in text
            ? payload.tableLines(spec.name, text.lines, onPart)
            : payload.tableChunks(spec.name, text.chunks, onPart);
      });
    }).deferred();
    if (payload.plainBytes > limits.maxTotalBytes) refuse('BUNDLE_TOO_LARGE');
    progress({ phase: 'pack', done: 0, total: 1 });
    payload.finish(
      {
        format: 'haven-bundle',
        version: 2,
        kind: options.kind,
        station: { code: station.code, name: station.name },
        seq,
        createdAt: header.createdAt,
        createdBy: ops.actor.username ?? '',
        schemaVersion: BUNDLE_SCHEMA_VERSION,
        previousSha256: previous ?? null,
        ...(audit ? { audit } : {}),
        readmeSha256: createHash('sha256').update(OuterWriter.readme(header, station.name, keys.signing)).digest('hex'),
      },
      (manifest) => signPrehashed(keys.signing, manifest, comment, untrustedComment(header)),
    );
    progress({ phase: 'encrypt', done: 0, total: 1 });
    encryptor.finish();
    bytes = outer.finish(station.name, keys.signing);
  } catch (error) {
    outer.abort();
    throw error;
  } finally {
    packer?.close();
  }

  progress({ phase: 'write', done: 0, total: 1 });
  try {
    // Never over a file there; on a USB stick without hard links, an exclusive copy.
    publishExclusive(tmp, path);
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') refuse('BUNDLE_OUT_EXISTS', { path });
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
  const savedName = basename(path);
  try {
    const digest = fileSha256(path);
    const pending: PendingSend = {
      recipientId: recipient.id,
      recipient: recipient.recipient,
      recipientName: recipient.name,
      fingerprint: recipient.fingerprint,
      station: station.code,
      kind: options.kind,
      seq,
      fileName: savedName,
      sha256: digest,
      personId,
      rows,
      bytes,
      createdAt: header.createdAt,
      auditHeadId: audit?.head.id ?? null,
    };
    if (record) recordSent(ops, pending);
    progress({ phase: 'done', done: 1, total: 1 });
    return {
      path,
      fileName: savedName,
      sha256: digest,
      bytes,
      kind: options.kind,
      seq,
      recipient: recipient.recipient,
      recipientName: recipient.name,
      personId,
      rows,
      pending,
    };
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
}
