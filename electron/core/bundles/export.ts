import { existsSync, linkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { SCHEMA_VERSION } from '../kernel/db/migrate';
import type { Ops } from '../kernel/ops';
import { parseRecipient } from '../kernel/identity/ageKeys';
import { refuse } from './errors';
import { recipientFingerprint } from '../kernel/identity/fingerprint';
import { bundleFileName, trustedComment, type BundleHeader, type BundleKind, type Manifest } from './format';
import { ownKeys, stationInfo } from '../kernel/identity/ownKeys';
import { signPrehashed } from '../kernel/identity/minisign';
import { figuresFileOf, filesOfManifest, manifestBytes, tableFiles, writePayload, type PayloadFile } from './payload';
import { findRecipient } from './recipients';
import { sealBundle, sha256, untrustedComment } from './seal';
import { stationFigures } from './stats';
import { BUNDLE_TABLES } from './tables';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip';

/**
 * Export at a station (BUNDLE.md): `full` (every record), `stats` (figures only) or `transfer`
 * (one person's whole file, RR art. 22), to one registered recipient, numbered in that
 * recipient's sequence. The file is written first, then the sending is recorded (bundle_sent,
 * the recipient's next number, an audit event) in one transaction.
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

/** Writes beside the target, then links it into place: never a half file, never over an existing one. */
function writeNew(path: string, data: Buffer): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(tmp, data, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(tmp, path);
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') refuse('BUNDLE_OUT_EXISTS', { path });
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Exports to a file (the CLI): `out` is the file or a directory to write the named file into. */
export async function exportBundle(ops: Ops, options: ExportOptions): Promise<ExportResult> {
  const { out, ...rest } = options;
  let path = '';
  const made = await makeBundle(ops, rest, {
    write(fileName, bundle) {
      path = targetPath(out, fileName);
      writeNew(path, bundle);
      return basename(path);
    },
    undo: () => rmSync(path, { force: true }),
  });
  return { ...made, path };
}

export type MemoryExportResult = Omit<ExportResult, 'path'> & { data: Buffer };

/**
 * Exports into memory (the screens): the bytes come back to be saved where the user chooses.
 * The sending is recorded now; a bundle never saved leaves a gap the supervisor is warned of.
 */
export async function exportBundleToMemory(ops: Ops, options: Omit<ExportOptions, 'out'>): Promise<MemoryExportResult> {
  let data: Buffer = Buffer.alloc(0);
  const made = await makeBundle(ops, options, {
    write(fileName, bundle) {
      data = bundle;
      return fileName;
    },
    undo: () => {},
  });
  return { ...made, data };
}

interface BundleSink {
  /** Puts the bytes somewhere; returns the file name they go by. */
  write(fileName: string, bundle: Buffer): string;
  /** Takes them back when the sending cannot be recorded. */
  undo(): void;
}

async function makeBundle(ops: Ops, options: Omit<ExportOptions, 'out'>, sink: BundleSink): Promise<Omit<ExportResult, 'path'>> {
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
  const header: BundleHeader = { station: station.code, kind: options.kind, seq, createdAt: ops.now.toISOString() };

  // One read transaction: every table as of the same moment.
  const files: PayloadFile[] = ops.db.transaction(() => {
    if (options.kind === 'stats') {
      progress({ phase: 'read', done: 0, total: 1 });
      return [figuresFileOf(stationFigures(ops.db, ops.today))];
    }
    const where = options.kind === 'transfer' ? 'id = @personId' : 'origin_station IS NULL';
    const tables = BUNDLE_TABLES.filter((t) => options.kind !== 'transfer' || t.transfer !== false);
    return tableFiles(ops.db, tables, where, options.kind === 'transfer' ? { personId } : {}, (table, done, total) =>
      progress({ phase: 'read', done, total, table }),
    );
  }).deferred();

  progress({ phase: 'pack', done: 0, total: 1 });
  const manifest: Manifest = {
    format: 'haven-bundle',
    version: 1,
    kind: options.kind,
    station: { code: station.code, name: station.name },
    seq,
    createdAt: header.createdAt,
    createdBy: ops.actor.username ?? '',
    schemaVersion: SCHEMA_VERSION,
    previousSha256: previous ?? null,
    files: filesOfManifest(files),
  };
  const manifestData = manifestBytes(manifest);
  const manifestSignature = signPrehashed(keys.signing, manifestData, trustedComment(header), untrustedComment(header));
  const total = files.reduce((sum, f) => sum + f.data.length, manifestData.length);
  if (total > limits.maxTotalBytes || files.some((f) => f.data.length > limits.maxEntryBytes)) refuse('BUNDLE_TOO_LARGE');
  const payload = writePayload(manifestData, manifestSignature, files, header.createdAt);

  progress({ phase: 'encrypt', done: 0, total: 1 });
  const bundle = await sealBundle({ header, stationName: station.name, signing: keys.signing, recipients: [recipient.recipient], payloadZip: payload });
  const fileName = bundleFileName(header);
  const digest = sha256(bundle);

  progress({ phase: 'write', done: 0, total: 1 });
  const savedName = sink.write(fileName, bundle);
  const rows = Object.fromEntries(files.map((f) => [f.name, f.rows]));
  try {
    ops.db.transaction(() => {
      const taken = ops.db.prepare('UPDATE bundle_recipients SET next_seq = ? WHERE id = ? AND next_seq = ?').run(seq + 1, recipient.id, seq);
      if (taken.changes !== 1) throw new Error('bundle sequence number taken by another export');
      ops.db
        .prepare(
          `INSERT INTO bundle_sent (recipient_id, recipient, kind, seq, file_name, sha256, person_id, details, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(recipient.id, recipient.recipient, options.kind, seq, savedName, digest, personId, JSON.stringify({ rows, bytes: bundle.length }), header.createdAt, ops.actor.username);
      ops.audit({
        action: 'bundles.export',
        entity: 'bundle',
        entityId: `${station.code}-${options.kind}-${seq}`,
        details: { kind: options.kind, seq, recipient: recipient.name, fingerprint: recipient.fingerprint, file: savedName, sha256: digest, personId, rows },
      });
    })();
  } catch (error) {
    sink.undo();
    throw error;
  }
  progress({ phase: 'done', done: 1, total: 1 });
  return {
    fileName: savedName,
    sha256: digest,
    bytes: bundle.length,
    kind: options.kind,
    seq,
    recipient: recipient.recipient,
    recipientName: recipient.name,
    personId,
    rows,
  };
}
