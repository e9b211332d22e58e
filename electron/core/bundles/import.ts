import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { SCHEMA_VERSION } from '../kernel/db/migrate';
import type { Ops } from '../kernel/ops';
import { AgeDecryptError, decryptWith } from '../kernel/identity/ageKeys';
import { applyFull, applyStats, applyTransfer } from './apply';
import { BundleRefusal, refuse, type BundleReason, type BundleWarning } from './errors';
import { sameFingerprint, signingFingerprint } from '../kernel/identity/fingerprint';
import { trustedComment, type BundleHeader, type BundleKind } from './format';
import { ownKeys, stationInfo } from '../kernel/identity/ownKeys';
import { keyIdHex, parsePublicKey, publicKeyText, sameKey, type SigningPublicKey } from '../kernel/identity/minisign';
import { openPayload } from './payload';
import { readOuter, sha256, verifyOuter, type OuterBundle } from './seal';
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
  phase: 'read' | 'verify' | 'decrypt' | 'check' | 'apply' | 'done';
}

export interface ImportOptions {
  /** Fingerprints read off printed key sheets: a station not yet registered (or whose key changed) is trusted if its key has one of them. */
  confirmFingerprints?: readonly string[];
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

function logAttempt(ops: Ops, attempt: Attempt, outcome: ImportOutcome, reason: string | null, details: Record<string, unknown>, warnings: BundleWarning[]): void {
  const h = attempt.header;
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
}

/** Decides which key to trust for the bundle's station, or refuses. */
function trustedKey(ops: Ops, outer: OuterBundle, confirm: readonly string[]): { key: SigningPublicKey; registry: StationRow | undefined; confirmed: boolean } {
  const code = outer.claimed.station;
  const registry = ops.db.prepare('SELECT * FROM stations WHERE code = ?').get(code) as StationRow | undefined;
  const fingerprint = signingFingerprint(outer.stationKey);
  const registered = registry ? parsePublicKey(registry.public_key) : null;
  if (registered && sameKey(registered, outer.stationKey)) return { key: registered, registry, confirmed: false };
  if (confirm.some((fp) => sameFingerprint(fp, fingerprint))) return { key: outer.stationKey, registry, confirmed: true };
  // Let a damaged file say so before asking anyone to compare fingerprints.
  verifyOuter(outer, outer.stationKey);
  if (confirm.length > 0) return refuse('BUNDLE_FINGERPRINT_MISMATCH', { code, fingerprint });
  return refuse(registry ? 'BUNDLE_STATION_KEY_MISMATCH' : 'BUNDLE_UNKNOWN_STATION', { code, fingerprint });
}

async function importOne(ops: Ops, file: string, bytes: Buffer, options: ImportOptions, report: (phase: ImportProgress['phase']) => void): Promise<ImportResult> {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const attempt: Attempt = { file, sha256: sha256(bytes), header: null };
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
    const done = ops.db.prepare(`SELECT station_code, kind, seq FROM bundle_log WHERE sha256 = ? AND outcome = 'accepted' LIMIT 1`).get(attempt.sha256) as
      | { station_code: string; kind: BundleKind; seq: number }
      | undefined;
    if (done) {
      attempt.header = { station: done.station_code, kind: done.kind, seq: done.seq, createdAt: '' };
      logAttempt(ops, attempt, 'duplicate', null, {}, []);
      return result('duplicate');
    }

    report('verify');
    const outer = await readOuter(bytes, limits);
    const self = stationInfo(ops.db);
    if (outer.claimed.station === self.code) refuse('BUNDLE_OWN_STATION', { code: self.code });
    const { key, registry, confirmed } = trustedKey(ops, outer, options.confirmFingerprints ?? []);
    const header = verifyOuter(outer, key);
    attempt.header = header;
    if (!ACCEPTS[self.mode].includes(header.kind)) refuse('BUNDLE_WRONG_KIND', { kind: header.kind });
    // A replaced key is a reinstalled station: its numbering starts again.
    const last = registry && !confirmed ? registry.last_seq : 0;
    if (header.seq <= last) refuse('BUNDLE_STALE', { seq: header.seq, last });

    report('decrypt');
    let payloadZip: Buffer;
    try {
      payloadZip = await decryptWith(ownKeys(ops).identity, outer.payloadAge);
    } catch (error) {
      if (error instanceof AgeDecryptError) refuse(error.problem === 'not_for_us' ? 'BUNDLE_NOT_FOR_US' : 'BUNDLE_DECRYPT_FAILED');
      throw error;
    }

    report('check');
    const payload = await openPayload(payloadZip, key, header, trustedComment(header), limits);
    const { manifest } = payload;
    if (manifest.schemaVersion > SCHEMA_VERSION) refuse('BUNDLE_SCHEMA_TOO_NEW', { found: manifest.schemaVersion, supported: SCHEMA_VERSION });

    const warnings: BundleWarning[] = [];
    const fingerprint = signingFingerprint(key);
    if (confirmed) warnings.push({ code: registry ? 'BUNDLE_STATION_KEY_REPLACED' : 'BUNDLE_STATION_CONFIRMED', params: { code: header.station, fingerprint } });
    if (header.seq > last + 1) warnings.push({ code: 'BUNDLE_GAP', params: { missing: missingText(last + 1, header.seq - 1) } });
    else if (last > 0 && registry?.last_bundle_sha256 && manifest.previousSha256 !== registry.last_bundle_sha256) {
      warnings.push({ code: 'BUNDLE_CHAIN_MISMATCH', params: { seq: header.seq } });
    }

    report('apply');
    const rows = Object.fromEntries(manifest.files.map((f) => [f.name, f.rows]));
    let personId: number | null = null;
    ops.db.transaction(() => {
      const at = ops.now.toISOString();
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
          code: header.station,
          name: manifest.station.name,
          publicKey: publicKeyText(key),
          keyId: keyIdHex(key.keyId),
          fingerprint,
          at,
          by: ops.actor.username,
          seq: header.seq,
          sha: attempt.sha256,
          confirmed: confirmed ? 1 : 0,
        });
      if (header.kind === 'full') applyFull(ops.db, header.station, payload.tables);
      else if (header.kind === 'stats') applyStats(ops.db, header, payload.figures ?? [], ops.now);
      else personId = applyTransfer(ops, manifest, payload.tables);
      logAttempt(ops, attempt, 'accepted', null, { rows, personId, station: manifest.station.name, createdAt: header.createdAt }, warnings);
    })();
    report('done');
    return result('accepted', { warnings, rows, personId });
  } catch (error) {
    if (!(error instanceof BundleRefusal)) throw error;
    logAttempt(ops, attempt, 'refused', error.reason, error.params ?? {}, []);
    return result('refused', { reason: error.reason, messageKey: error.messageKey, params: error.params ?? {} });
  }
}

/** Imports one bundle given as bytes (the screens read files through a dialog). */
export async function importBundle(ops: Ops, file: string, bytes: Buffer, options: ImportOptions = {}): Promise<ImportResult> {
  return importOne(ops, file, bytes, options, (phase) => options.onProgress?.({ file, index: 0, total: 1, phase }));
}

/** The order to import several files in: per station by sequence number, so none is stale only because it came later in the list. */
export async function importOrder(files: { file: string; bytes: Buffer }[]): Promise<{ file: string; bytes: Buffer }[]> {
  const keyed = await Promise.all(
    files.map(async (f) => {
      try {
        const outer = await readOuter(f.bytes);
        return { f, station: outer.claimed.station, seq: outer.claimed.seq };
      } catch {
        return { f, station: '', seq: 0 };
      }
    }),
  );
  return keyed.sort((a, b) => a.station.localeCompare(b.station) || a.seq - b.seq).map((k) => k.f);
}

/** Imports files from disk, many at once; each is logged and reported on its own. */
export async function importBundleFiles(ops: Ops, paths: readonly string[], options: ImportOptions = {}): Promise<ImportResult[]> {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const results: ImportResult[] = [];
  const readable: { file: string; bytes: Buffer }[] = [];
  for (const path of paths) {
    const file = basename(path);
    let bytes: Buffer;
    try {
      if (statSync(path).size > limits.maxTotalBytes) throw new BundleRefusal('BUNDLE_TOO_LARGE');
      bytes = readFileSync(path);
    } catch (error) {
      const refusal = error instanceof BundleRefusal ? error : new BundleRefusal('BUNDLE_UNREADABLE');
      const attempt: Attempt = { file, sha256: '', header: null };
      logAttempt(ops, attempt, 'refused', refusal.reason, {}, []);
      results.push({
        file,
        sha256: '',
        outcome: 'refused',
        reason: refusal.reason,
        messageKey: refusal.messageKey,
        params: {},
        station: null,
        kind: null,
        seq: null,
        warnings: [],
        rows: {},
        personId: null,
      });
      continue;
    }
    readable.push({ file, bytes });
  }
  const ordered = await importOrder(readable);
  for (const [index, { file, bytes }] of ordered.entries()) {
    results.push(await importOne(ops, file, bytes, options, (phase) => options.onProgress?.({ file, index, total: ordered.length, phase })));
  }
  return results;
}
