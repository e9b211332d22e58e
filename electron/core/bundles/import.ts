import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SCHEMA_VERSION } from '../kernel/db/migrate';
import { chinaTime } from '../../../shared/domain/dates';
import type { Ops } from '../kernel/ops';
import { AgeDecryptError } from '../kernel/identity/ageKeys';
import { AgeDecryptor, ageDecrypt } from '../kernel/identity/ageStream';
import { applyStats, bundleSchema, finishTransfer, fullInserter, insertAll, removeSnapshot, snapshotWritten, transferInserter, type BundleInserter } from './apply';
import { FileIdsReused, filesMadeAt, refuseReusedIds, renewStationBlock, stationBlock } from './blocks';
import { importInHelper, readyHelper } from './helper';
import { withoutForeignKeys, withRollbackJournal } from '../kernel/db/database';
import { BULK_PAGE_CACHE_KIB, withPageCache } from '../kernel/db/pageCache';
import { BackgroundSync } from '../kernel/db/backgroundSync';
import { cascadePlan } from '../kernel/db/cascade';
import { HavenError } from '../../../shared/ipc/errors';
import { BundleRefusal, refuse, type BundleReason, type BundleWarning } from './errors';
import { sameFingerprint, signingFingerprint } from '../kernel/identity/fingerprint';
import { checkAuditAnchor, type AuditAnchorFlag } from './auditAnchor';
import { parsePartName, trustedCommentV1, type BundleHeader, type BundleKind, type Manifest } from './format';
import { ownKeys, stationInfo } from '../kernel/identity/ownKeys';
import { keyIdHex, parsePublicKey, publicKeyText, sameKey, type SigningPublicKey } from '../kernel/identity/minisign';
import { openPayload, PayloadReader } from './payload';
import { digestAndCheckOuter, readOuter, readOuterFile, readRange, verifyOuter, verifyOuterDigest } from './seal';
import type { FigureRow } from './stats';
import { tableFile } from './tables';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip';

/**
 * Import (BUNDLE.md "Import rules"): the outer signature against the registry of stations
 * (a new station only after its fingerprint was confirmed), decryption with this database's
 * identity, the inner manifest, hashes and counts, the sequence (duplicate, stale, gap), then
 * one transaction. Every attempt, whatever its outcome, is written to bundle_log and audited;
 * nothing else changes unless the bundle is accepted.
 */
export type ImportOutcome = 'accepted' | 'refused' | 'duplicate';

export interface ImportResult {
  file: string;
  sha256: string;
  outcome: ImportOutcome;
  reason: BundleReason | null;
  /** The refusal's message key and parameters (the reason's words). */
  messageKey: string | null;
  params: Record<string, string | number>;
  station: string | null;
  kind: BundleKind | null;
  seq: number | null;
  warnings: BundleWarning[];
  /** File name → rows written (accepted full/transfer), or figures.ndjson → rows (stats). */
  rows: Record<string, number>;
  /** Transfer: the person's id in this database. */
  personId: number | null;
}

export interface ImportProgress {
  file: string;
  index: number;
  total: number;
  /**
   * `commit`: the rows are in and the transaction is about to end, the last moment a stop undoes
   * the file whole; `done`: it is committed, and no stop can undo it any more.
   */
  phase: 'read' | 'verify' | 'decrypt' | 'check' | 'apply' | 'commit' | 'done';
  /** Within a phase that reads the file: bytes done of the payload's. */
  bytesDone?: number;
  bytesTotal?: number;
}

/**
 * Replacing the key of a station already registered: its own explicit action (an admin, the
 * fingerprint typed from the station's NEW key sheet, a reason), never a side effect of
 * confirming a fingerprint. Numbering continues unless the admin says the station was set up
 * anew (`restartNumbering`).
 */
export interface StationKeyReplacement {
  code: string;
  fingerprint: string;
  reason: string;
  restartNumbering: boolean;
}

/**
 * A registered station, same key, whose numbering went back (restored from a backup made before
 * its last bundles, when the database it replaced could not be read): its next bundle is taken
 * under the number it carries, as the admin's explicit act with a reason, never by itself.
 */
export interface StationRenumbering {
  code: string;
  reason: string;
}

export interface ImportOptions {
  /** Fingerprints read off printed key sheets: a station not yet registered is trusted if its key has one of them. */
  confirmFingerprints?: readonly string[];
  /** Key replacements for stations already registered (admins only; see the handler). */
  replaceStationKeys?: readonly StationKeyReplacement[];
  /** Stations whose numbering an admin accepts anew (BUNDLE_RENUMBERED; admins only). */
  renumberStations?: readonly StationRenumbering[];
  limits?: Partial<ZipLimits>;
  onProgress?: (progress: ImportProgress) => void;
}

interface StationRow {
  code: string;
  name: string;
  public_key: string;
  key_id: string;
  fingerprint: string;
  confirmed_at: string;
  confirmed_by: string | null;
  last_seq: number;
  last_imported_at: string | null;
  last_bundle_sha256: string | null;
  audit_events: number | null;
  audit_flag: AuditAnchorFlag | null;
  audit_flag_at: string | null;
}

export interface RegisteredStation {
  code: string;
  name: string;
  publicKey: string;
  keyId: string;
  fingerprint: string;
  confirmedAt: string;
  confirmedBy: string | null;
  lastSeq: number;
  lastImportedAt: string | null;
  /** Events in the station's audit log as of its last bundle; a flag when its chain did not extend the one seen before. */
  auditEvents: number | null;
  auditFlag: AuditAnchorFlag | null;
  auditFlagAt: string | null;
}

export function listStations(ops: Pick<Ops, 'db'>): RegisteredStation[] {
  return (ops.db.prepare('SELECT * FROM stations ORDER BY code').all() as StationRow[]).map((r) => ({
    code: r.code,
    name: r.name,
    publicKey: r.public_key,
    keyId: r.key_id,
    fingerprint: r.fingerprint,
    confirmedAt: r.confirmed_at,
    confirmedBy: r.confirmed_by,
    lastSeq: r.last_seq,
    lastImportedAt: r.last_imported_at,
    auditEvents: r.audit_events,
    auditFlag: r.audit_flag,
    auditFlagAt: r.audit_flag_at,
  }));
}

export interface BundleLogEntry {
  id: number;
  fileName: string;
  sha256: string;
  station: string | null;
  kind: BundleKind | null;
  seq: number | null;
  outcome: ImportOutcome;
  reason: string | null;
  details: Record<string, unknown>;
  warnings: BundleWarning[];
  at: string;
  by: string | null;
}

/** Every import attempt, newest first. */
export function listBundleLog(ops: Pick<Ops, 'db'>, limit = 200): BundleLogEntry[] {
  return (
    ops.db.prepare('SELECT * FROM bundle_log ORDER BY id DESC LIMIT ?').all(limit) as {
      id: number;
      file_name: string;
      sha256: string;
      station_code: string | null;
      kind: BundleKind | null;
      seq: number | null;
      outcome: ImportOutcome;
      reason_code: string | null;
      details: string;
      warnings: string;
      at: string;
      by_user: string | null;
    }[]
  ).map((r) => ({
    id: r.id,
    fileName: r.file_name,
    sha256: r.sha256,
    station: r.station_code,
    kind: r.kind,
    seq: r.seq,
    outcome: r.outcome,
    reason: r.reason_code,
    details: JSON.parse(r.details) as Record<string, unknown>,
    warnings: JSON.parse(r.warnings) as BundleWarning[],
    at: r.at,
    by: r.by_user,
  }));
}

/** Missing sequence numbers as short text: `2, 3` or `2–40`. */
function missingText(from: number, to: number): string {
  if (to - from >= 3) return `${from}–${to}`;
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i)).join(', ');
}

/** Which kinds each kind of database takes: the supervisor full and stats, a station transfers. */
const ACCEPTS: Record<'station' | 'supervisor', readonly BundleKind[]> = { supervisor: ['full', 'stats'], station: ['transfer'] };

interface Attempt {
  file: string;
  sha256: string;
  header: BundleHeader | null;
}

/** The log's line and the audit event, both or neither (a savepoint inside an accepted import's transaction). */
function logAttempt(ops: Ops, attempt: Attempt, outcome: ImportOutcome, reason: string | null, details: Record<string, unknown>, warnings: BundleWarning[]): void {
  const h = attempt.header;
  ops.db.transaction(() => {
    ops.db
      .prepare(
        `INSERT INTO bundle_log (file_name, sha256, station_code, kind, seq, outcome, reason_code, details, warnings, at, by_user)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(attempt.file, attempt.sha256, h?.station ?? null, h?.kind ?? null, h?.seq ?? null, outcome, reason, JSON.stringify(details), JSON.stringify(warnings), ops.now.toISOString(), ops.actor.username);
    ops.audit({
      action: `bundles.import.${outcome}`,
      entity: 'bundle',
      entityId: h ? `${h.station}-${h.kind}-${h.seq}` : attempt.sha256.slice(0, 16),
      details: { file: attempt.file, sha256: attempt.sha256, reason, ...details, warnings: warnings.map((w) => w.code) },
    });
  })();
}

/** Decides which key to trust for the bundle's station, or refuses. `checkSelf` lets a damaged file say so first. */
interface Trust {
  key: SigningPublicKey;
  registry: StationRow | undefined;
  confirmed: boolean;
  /** Set when this import replaces a registered station's key (explicitly). */
  replacement: StationKeyReplacement | null;
}

function trustedKey(ops: Ops, claimed: { station: string }, stationKey: SigningPublicKey, options: ImportOptions, checkSelf: () => void): Trust {
  const code = claimed.station;
  const registry = ops.db.prepare('SELECT * FROM stations WHERE code = ?').get(code) as StationRow | undefined;
  const fingerprint = signingFingerprint(stationKey);
  const registered = registry ? parsePublicKey(registry.public_key) : null;
  if (registered && sameKey(registered, stationKey)) return { key: registered, registry, confirmed: false, replacement: null };
  // A key is one station's: registered under another code, it registers no second one, whatever
  // fingerprint was confirmed (a confirmation names a key, not a code) or replacement asked for.
  const other = stationOfKey(ops, stationKey, code);
  if (other !== null) {
    checkSelf();
    return refuse('BUNDLE_KEY_OF_OTHER_STATION', { code, other });
  }
  if (registry) {
    // A registered station with another key: only the explicit replacement, for this station, with this fingerprint.
    const replacement = (options.replaceStationKeys ?? []).find((r) => r.code === code) ?? null;
    if (replacement && sameFingerprint(replacement.fingerprint, fingerprint)) return { key: stationKey, registry, confirmed: true, replacement };
    checkSelf();
    if (replacement) return refuse('BUNDLE_FINGERPRINT_MISMATCH', { code, fingerprint });
    return refuse('BUNDLE_STATION_KEY_MISMATCH', { code, fingerprint });
  }
  const confirm = options.confirmFingerprints ?? [];
  if (confirm.some((fp) => sameFingerprint(fp, fingerprint))) return { key: stationKey, registry, confirmed: true, replacement: null };
  // Let a damaged file say so before asking anyone to compare fingerprints.
  checkSelf();
  if (confirm.length > 0) return refuse('BUNDLE_FINGERPRINT_MISMATCH', { code, fingerprint });
  return refuse('BUNDLE_UNKNOWN_STATION', { code, fingerprint });
}

/** The registered station other than `except` whose signing key is `key` (the Ed25519 key, whatever key id it is given), if any. */
function stationOfKey(ops: Ops, key: SigningPublicKey, except: string): string | null {
  const rows = ops.db.prepare('SELECT code, public_key FROM stations WHERE code <> ? ORDER BY code').all(except) as Pick<StationRow, 'code' | 'public_key'>[];
  return rows.find((r) => parsePublicKey(r.public_key)?.publicKey.equals(key.publicKey) === true)?.code ?? null;
}

/** SHA-256 of a file, a megabyte at a time. */
function fileSha256(path: string): string {
  const hash = createHash('sha256');
  readRange(path, 0, statSync(path).size, (chunk) => hash.update(chunk));
  return hash.digest('hex');
}

interface Accepted extends Trust {
  header: BundleHeader;
  warnings: BundleWarning[];
  /** Set when the admin accepted this station's numbering anew (same key). */
  renumbered: StationRenumbering | null;
}

/** The registry row of the station as of this bundle (inside the import's transaction). */
function recordStation(ops: Ops, a: Accepted, stationName: string, sha: string): void {
  ops.db
    .prepare(
      `INSERT INTO stations (code, name, public_key, key_id, fingerprint, confirmed_at, confirmed_by, last_seq, last_imported_at, last_bundle_sha256)
       VALUES (@code, @name, @publicKey, @keyId, @fingerprint, @at, @by, @seq, @at, @sha)
       ON CONFLICT (code) DO UPDATE SET name = @name, public_key = @publicKey, key_id = @keyId, fingerprint = @fingerprint,
         confirmed_at = CASE WHEN @confirmed THEN @at ELSE confirmed_at END,
         confirmed_by = CASE WHEN @confirmed THEN @by ELSE confirmed_by END,
         last_seq = @seq, last_imported_at = @at, last_bundle_sha256 = @sha`,
    )
    .run({
      code: a.header.station,
      name: stationName,
      publicKey: publicKeyText(a.key),
      keyId: keyIdHex(a.key.keyId),
      fingerprint: signingFingerprint(a.key),
      at: ops.now.toISOString(),
      by: ops.actor.username,
      seq: a.header.seq,
      sha,
      confirmed: a.confirmed ? 1 : 0,
    });
  if (a.renumbered && a.registry) {
    // Its figures under the numbers now given again would meet the new ones (one set per station
    // and number): they go; the log keeps every import of them.
    const figuresRemoved = ops.db.prepare('DELETE FROM bundle_figures WHERE station_code = ? AND seq >= ?').run(a.header.station, a.header.seq).changes;
    ops.audit({
      action: 'bundles.stationRenumbered',
      entity: 'station',
      entityId: a.header.station,
      details: { reason: a.renumbered.reason, lastSeqBefore: a.registry.last_seq, seq: a.header.seq, figuresRemoved },
    });
  }
  if (a.replacement && a.registry) {
    // Numbered again from 1, the station's figures would meet the old installation's under the
    // same numbers (one set per station and number): those go with the numbering they had, as
    // its snapshot goes with its next full bundle; the log keeps every import of them.
    const figuresRemoved = a.replacement.restartNumbering ? ops.db.prepare('DELETE FROM bundle_figures WHERE station_code = ?').run(a.header.station).changes : 0;
    ops.audit({
      action: 'bundles.stationKeyReplaced',
      entity: 'station',
      entityId: a.header.station,
      details: {
        oldFingerprint: a.registry.fingerprint,
        newFingerprint: signingFingerprint(a.key),
        reason: a.replacement.reason,
        restartNumbering: a.replacement.restartNumbering,
        lastSeqBefore: a.registry.last_seq,
        seq: a.header.seq,
        figuresRemoved,
      },
    });
  }
}

/** The checks on the verified header that need no decryption: kind, sequence, warnings on trust and gaps. */
function acceptHeader(ops: Ops, header: BundleHeader, trust: Trust, options: ImportOptions): Accepted & { last: number } {
  const { key, registry, confirmed, replacement } = trust;
  const self = stationInfo(ops.db);
  if (!ACCEPTS[self.mode].includes(header.kind)) refuse('BUNDLE_WRONG_KIND', { kind: header.kind });
  // Numbering starts again only when the admin replacing the key said the station was set up anew.
  let last = registry && !replacement?.restartNumbering ? registry.last_seq : 0;
  let renumbered: StationRenumbering | null = null;
  if (header.seq <= last && registry) {
    // A number already taken, in a bundle made after the last one taken: not an old bundle but a
    // station whose numbering went back (a restore from a backup); taken only when the admin says so.
    const lastMade = ops.db
      .prepare(`SELECT max(json_extract(details, '$.createdAt')) FROM bundle_log WHERE station_code = ? AND outcome = 'accepted'`)
      .pluck()
      .get(header.station) as string | null;
    const later = lastMade !== null && header.createdAt > lastMade;
    renumbered = later ? ((options.renumberStations ?? []).find((r) => r.code === header.station) ?? null) : null;
    if (!renumbered) {
      if (later) refuse('BUNDLE_RENUMBERED', { seq: header.seq, last, code: header.station, made: chinaTime(header.createdAt), lastMade: chinaTime(lastMade) });
      refuse('BUNDLE_STALE', { seq: header.seq, last });
    }
    last = header.seq - 1;
  }
  const warnings: BundleWarning[] = [];
  if (renumbered) warnings.push({ code: 'BUNDLE_NUMBERING_RESTARTED', params: { code: header.station, seq: header.seq, last: registry?.last_seq ?? 0 } });
  const fingerprint = signingFingerprint(key);
  if (replacement) {
    warnings.push({ code: replacement.restartNumbering ? 'BUNDLE_STATION_KEY_REPLACED_RESTARTED' : 'BUNDLE_STATION_KEY_REPLACED', params: { code: header.station, fingerprint } });
  } else if (confirmed) {
    warnings.push({ code: 'BUNDLE_STATION_CONFIRMED', params: { code: header.station, fingerprint } });
  }
  if (header.seq > last + 1) warnings.push({ code: 'BUNDLE_GAP', params: { missing: missingText(last + 1, header.seq - 1) } });
  return { ...trust, header, warnings, last, renumbered };
}

/** The chain to the previous bundle (its SHA-256, named in the manifest) is only known once the manifest is read. */
function chainWarning(a: Accepted & { last: number }, manifest: Manifest): BundleWarning[] {
  // Renumbered: the bundle before it is one the supervisor never had (the restored station's).
  if (!a.renumbered && a.header.seq === a.last + 1 && a.last > 0 && a.registry?.last_bundle_sha256 && manifest.previousSha256 !== a.registry.last_bundle_sha256) {
    return [{ code: 'BUNDLE_CHAIN_MISMATCH', params: { seq: a.header.seq } }];
  }
  return [];
}

/** A supervisor keeps each station's audit head (bundles/auditAnchor.ts); transfers go station to station. */
function anchorWarnings(ops: Ops, a: Accepted, manifest: Manifest): BundleWarning[] {
  if (stationInfo(ops.db).mode !== 'supervisor') return [];
  return checkAuditAnchor(ops, a.header.station, manifest.audit, a.replacement?.restartNumbering === true);
}

/** Rows per table as the screens show them (`persons.ndjson` → n), whatever the parts. */
function rowsByTable(manifest: Manifest): Record<string, number> {
  const rows: Record<string, number> = {};
  for (const f of manifest.files) {
    const part = parsePartName(f.name);
    const key = part ? tableFile(part.table) : f.name;
    rows[key] = (rows[key] ?? 0) + f.rows;
  }
  return rows;
}

type Report = (phase: ImportProgress['phase'], done?: number, total?: number) => void;

/**
 * Format 2, streamed: the outer signature over the payload's digest (one pass, nothing decrypted),
 * then in one transaction the payload decrypted, unzipped, checked and written a part at a time;
 * the manifest, its signature and every part's hash and count are checked at the end, and any
 * refusal (or a stop) rolls the whole transaction back.
 */
async function importV2(ops: Ops, attempt: Attempt, outer: Awaited<ReturnType<typeof readOuterFile>>, options: ImportOptions, limits: ZipLimits, report: Report): Promise<Omit<ImportResult, 'file' | 'sha256' | 'outcome' | 'reason' | 'messageKey' | 'params' | 'station' | 'kind' | 'seq'>> {
  // A `full` bundle's helper loads in its thread while this one checks the signature, and is
  // awaited before the transaction, so that nothing inside it awaits (SyncWorker.ready). Handled
  // at once: a refusal below must not leave its failure unhandled (it is thrown where awaited).
  const helperReady = outer.claimed.kind === 'full' ? readyHelper() : null;
  helperReady?.catch(() => {});
  const self = stationInfo(ops.db);
  if (outer.claimed.station === self.code) refuse('BUNDLE_OWN_STATION', { code: self.code });
  let digest: Buffer | null = null;
  const digestOnce = () => (digest ??= digestAndCheckOuter(outer, (done, total) => report('verify', done, total)));
  const trust = trustedKey(ops, outer.claimed, outer.stationKey, options, () => {
    verifyOuterDigest(outer, outer.stationKey, digestOnce());
  });
  const { key } = trust;
  const header = verifyOuterDigest(outer, key, digestOnce());
  attempt.header = header;
  const accepted = acceptHeader(ops, header, trust, options);
  if ((header.schemaVersion ?? 0) > SCHEMA_VERSION) refuse('BUNDLE_SCHEMA_TOO_NEW', { found: header.schemaVersion ?? 0, supported: SCHEMA_VERSION });

  await helperReady;
  const identity = ownKeys(ops).identity;
  const readmeSha256 = createHash('sha256').update(outer.small.get('README.txt') as Buffer).digest('hex');
  report('apply', 0, outer.payload.length);
  const decryptFailure = (error: unknown) => {
    if (error instanceof AgeDecryptError) refuse(error.problem === 'not_for_us' ? 'BUNDLE_NOT_FOR_US' : 'BUNDLE_DECRYPT_FAILED');
    throw error;
  };
  /** Once the rows are in: the registry, then what the kind still needs (`then`), then the log. */
  const finishWith = (manifest: Manifest, then: () => number | null) => {
    recordStation(ops, accepted, manifest.station.name, attempt.sha256);
    const warnings = [...accepted.warnings, ...chainWarning(accepted, manifest), ...anchorWarnings(ops, accepted, manifest)];
    const personId = then();
    const rows = rowsByTable(manifest);
    logAttempt(ops, attempt, 'accepted', null, { rows, personId, station: manifest.station.name, createdAt: header.createdAt }, warnings);
    // The last moment a stop undoes all of it (the transaction rolls back); after this, it stands.
    report('commit', outer.payload.length, outer.payload.length);
    return { warnings, rows, personId };
  };

  if (header.kind === 'full') {
    // A station's whole snapshot: taken apart in the helper thread while this one writes, with a
    // rollback journal for the one large transaction (kernel/db/database.ts withRollbackJournal),
    // and without SQLite checking each row's foreign keys (two lookups a row, a sixth of the
    // writing): every reference the planner writes is to a row of the snapshot or is refused
    // (rows.ts), and what goes is cascaded set by set (kernel/db/cascade.ts). The rows keep
    // their ids in the station's block (blocks.ts): its last snapshot's rows that did not change
    // stay as they are, and only a snapshot imported before blocks is removed first.
    const cascade = cascadePlan(ops.db, 'persons');
    const flusher = new BackgroundSync(ops.db.name);
    const write = (renew: FileIdsReused | null) => withPageCache(ops.db, BULK_PAGE_CACHE_KIB, () => withRollbackJournal(ops.db, () =>
      ops.db.transaction(() => {
        const blockBefore = renew ? stationBlock(ops.db, header.station) : null;
        const block = renew ? renewStationBlock(ops.db, header.station) : stationBlock(ops.db, header.station);
        removeSnapshot(ops.db, header.station, cascade, block);
        const filesBefore = filesMadeAt(ops.db, block);
        let manifest: Manifest;
        try {
          manifest = importInHelper(ops.db, {
            path: outer.path,
            payload: outer.payload,
            identity,
            start: { role: 'import', header, key, limits, readmeSha256, schema: bundleSchema(ops.db, block.base), station: header.station },
            onRead: (done, total) => {
              report('apply', done, total);
              flusher.tick();
            },
          });
        } catch (error) {
          return decryptFailure(error);
        }
        // Thrown here, the transaction rolls back and the import runs again in a new block (below).
        refuseReusedIds(ops.db, block, filesBefore);
        if (renew && blockBefore) {
          accepted.warnings.push({ code: 'BUNDLE_FILE_IDS_REUSED', params: { code: header.station, count: renew.count } });
          ops.audit({ action: 'bundles.stationBlockRenewed', entity: 'station', entityId: header.station, details: { reused: renew.count, blockBefore: blockBefore.base, block: block.base } });
        }
        snapshotWritten(ops.db, block);
        return finishWith(manifest, () => null);
      })(),
    ));
    const run = (renew: FileIdsReused | null) => (cascade ? withoutForeignKeys(ops.db, () => write(renew)) : write(renew));
    try {
      try {
        return run(null);
      } catch (error) {
        if (!(error instanceof FileIdsReused)) throw error;
        return run(error);
      }
    } finally {
      flusher.close();
    }
  }

  return ops.db.transaction(() => {
    const inserter = header.kind === 'transfer' ? transferInserter(ops) : null;
    let figures: FigureRow[] | null = null;
    const reader = new PayloadReader(header, key, limits, readmeSha256, (part) => {
      if (part.table) (inserter ?? refuse('BUNDLE_BAD_ENTRIES')).rows(part.table.name, part.table.rows);
      if (part.figures) figures = part.figures;
    });
    const decryptor = new AgeDecryptor(identity, (plain) => reader.push(plain));
    try {
      readRange(outer.path, outer.payload.offset, outer.payload.length, (chunk, done) => {
        decryptor.push(chunk);
        report('apply', done, outer.payload.length);
      });
      decryptor.finish();
    } catch (error) {
      decryptFailure(error);
    }
    const manifest = reader.finish();
    inserter?.finish();
    return finishWith(manifest, () => {
      if (header.kind !== 'stats') return finishTransfer(ops, manifest, inserter as BundleInserter);
      applyStats(ops.db, header, figures ?? [], ops.now);
      return null;
    });
  })();
}

/** Format 1 (one file per table, read whole): still imported, through the same checks and inserter. */
async function importV1(ops: Ops, attempt: Attempt, bytes: Buffer, options: ImportOptions, limits: ZipLimits, report: Report): Promise<Omit<ImportResult, 'file' | 'sha256' | 'outcome' | 'reason' | 'messageKey' | 'params' | 'station' | 'kind' | 'seq'>> {
  const outer = await readOuter(bytes, limits);
  const self = stationInfo(ops.db);
  if (outer.claimed.station === self.code) refuse('BUNDLE_OWN_STATION', { code: self.code });
  const trust = trustedKey(ops, outer.claimed, outer.stationKey, options, () => verifyOuter(outer, outer.stationKey));
  const { key } = trust;
  const header = verifyOuter(outer, key);
  attempt.header = header;
  const accepted = acceptHeader(ops, header, trust, options);

  report('decrypt');
  let payloadZip: Buffer;
  try {
    payloadZip = ageDecrypt(ownKeys(ops).identity, outer.payloadAge);
  } catch (error) {
    if (error instanceof AgeDecryptError) refuse(error.problem === 'not_for_us' ? 'BUNDLE_NOT_FOR_US' : 'BUNDLE_DECRYPT_FAILED');
    throw error;
  }
  report('check');
  const payload = await openPayload(payloadZip, key, header, trustedCommentV1(header), limits);
  const { manifest } = payload;
  if (manifest.schemaVersion > SCHEMA_VERSION) refuse('BUNDLE_SCHEMA_TOO_NEW', { found: manifest.schemaVersion, supported: SCHEMA_VERSION });
  const warnings = [...accepted.warnings, ...chainWarning(accepted, manifest)];

  report('apply');
  const rows = Object.fromEntries(manifest.files.map((f) => [f.name, f.rows]));
  const apply = (renew: FileIdsReused | null) => ops.db.transaction(() => {
    const written = [...warnings];
    recordStation(ops, accepted, manifest.station.name, attempt.sha256);
    // Format 1 carried no audit anchor: a station that sent one before and now sends none is flagged.
    written.push(...anchorWarnings(ops, accepted, manifest));
    let personId: number | null = null;
    if (header.kind === 'full') {
      // As in format 2 (FileIdsReused): a file under an id an earlier file had here takes a new block.
      const blockBefore = stationBlock(ops.db, header.station);
      const block = renew ? renewStationBlock(ops.db, header.station) : blockBefore;
      const filesBefore = filesMadeAt(ops.db, block);
      insertAll(fullInserter(ops.db, header.station), payload.tables);
      refuseReusedIds(ops.db, block, filesBefore);
      if (renew) {
        written.push({ code: 'BUNDLE_FILE_IDS_REUSED', params: { code: header.station, count: renew.count } });
        ops.audit({ action: 'bundles.stationBlockRenewed', entity: 'station', entityId: header.station, details: { reused: renew.count, blockBefore: blockBefore.base, block: block.base } });
      }
    } else if (header.kind === 'stats') applyStats(ops.db, header, payload.figures ?? [], ops.now);
    else {
      const inserter = transferInserter(ops);
      insertAll(inserter, payload.tables);
      personId = finishTransfer(ops, manifest, inserter);
    }
    logAttempt(ops, attempt, 'accepted', null, { rows, personId, station: manifest.station.name, createdAt: header.createdAt }, written);
    // The last moment a stop undoes all of it (the transaction rolls back); after this, it stands.
    report('commit', bytes.length, bytes.length);
    return { warnings: written, rows, personId };
  })();
  try {
    return apply(null);
  } catch (error) {
    if (!(error instanceof FileIdsReused)) throw error;
    return apply(error);
  }
}

/** A version 1 bundle was made whole in memory by its exporter: one larger than this is not one. */
const V1_MAX_BYTES = 200 * 1024 * 1024;

async function importOne(ops: Ops, file: string, path: string, options: ImportOptions, report: Report): Promise<ImportResult> {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const attempt: Attempt = { file, sha256: '', header: null };
  const result = (outcome: ImportOutcome, extra: Partial<ImportResult> = {}): ImportResult => ({
    file,
    sha256: attempt.sha256,
    outcome,
    reason: null,
    messageKey: null,
    params: {},
    station: attempt.header?.station ?? null,
    kind: attempt.header?.kind ?? null,
    seq: attempt.header?.seq ?? null,
    warnings: [],
    rows: {},
    personId: null,
    ...extra,
  });
  try {
    report('read');
    let size: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      return refuse('BUNDLE_UNREADABLE');
    }
    if (size > limits.maxTotalBytes) refuse('BUNDLE_TOO_LARGE');
    attempt.sha256 = fileSha256(path);
    const done = ops.db.prepare(`SELECT station_code, kind, seq FROM bundle_log WHERE sha256 = ? AND outcome = 'accepted' LIMIT 1`).get(attempt.sha256) as
      | { station_code: string; kind: BundleKind; seq: number }
      | undefined;
    if (done) {
      attempt.header = { station: done.station_code, kind: done.kind, seq: done.seq, createdAt: '' };
      logAttempt(ops, attempt, 'duplicate', null, {}, []);
      return result('duplicate');
    }

    report('verify');
    const outer = await readOuterFile(path, limits.maxTotalBytes);
    let accepted;
    if (outer.claimed.version === 1) {
      if (size > V1_MAX_BYTES) refuse('BUNDLE_TOO_LARGE');
      accepted = await importV1(ops, attempt, readFileSync(path), options, limits, report);
    } else {
      accepted = await importV2(ops, attempt, outer, options, limits, report);
    }
    report('done');
    return result('accepted', accepted);
  } catch (error) {
    // A stop (the user's, or the session closing) ends the whole job; this file's transaction is rolled back.
    if (error instanceof HavenError && error.code === 'CANCELLED') throw error;
    // Anything else this file met (its transaction rolled back too) is refused like the rest:
    // logged and audited with a reason in the user's words (the error's code kept for whoever
    // looks into it, never its text), and the files after it still go.
    const refusal = error instanceof BundleRefusal ? error : new BundleRefusal('BUNDLE_FAILED', { cause: causeOf(error) });
    logAttempt(ops, attempt, 'refused', refusal.reason, refusal.params ?? {}, []);
    return result('refused', { reason: refusal.reason, messageKey: refusal.messageKey, params: refusal.params ?? {} });
  }
}

/** What kind of failure it was, as a code (`SQLITE_FULL`, `INTERNAL`): no message text, which may name the database's insides. */
function causeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code)) return code;
  return error instanceof Error ? error.name : 'unknown';
}

/** Imports one bundle given as bytes (tests): written to a private temporary file, imported from there. */
export async function importBundle(ops: Ops, file: string, bytes: Buffer, options: ImportOptions = {}): Promise<ImportResult> {
  const dir = mkdtempSync(join(tmpdir(), 'haven-import-'));
  try {
    const path = join(dir, basename(file) || 'bundle.haven');
    writeFileSync(path, bytes, { mode: 0o600 });
    return await importOne(ops, file, path, options, (phase, done, total) => options.onProgress?.({ file, index: 0, total: 1, phase, bytesDone: done, bytesTotal: total }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The order to import several files in: per station by sequence number, so none is stale only because it came later in the list. */
export async function importOrder<T extends { path: string }>(files: T[]): Promise<T[]> {
  const keyed = await Promise.all(
    files.map(async (f) => {
      try {
        const outer = await readOuterFile(f.path, Number.MAX_SAFE_INTEGER);
        return { f, station: outer.claimed.station, seq: outer.claimed.seq };
      } catch {
        return { f, station: '', seq: 0 };
      }
    }),
  );
  return keyed.sort((a, b) => a.station.localeCompare(b.station) || a.seq - b.seq).map((k) => k.f);
}

/** Imports files from disk (the CLI; the screens pass the files the user chose), many at once; each is logged and reported on its own. */
export async function importBundleFiles(ops: Ops, paths: readonly string[], options: ImportOptions = {}): Promise<ImportResult[]> {
  const ordered = await importOrder(paths.map((path) => ({ path, file: basename(path) })));
  const results: ImportResult[] = [];
  for (const [index, { file, path }] of ordered.entries()) {
    results.push(
      await importOne(ops, file, path, options, (phase, done, total) =>
        options.onProgress?.({ file, index, total: ordered.length, phase, bytesDone: done, bytesTotal: total }),
      ),
    );
  }
  return results;
}
