import { appendFileSync, closeSync, constants, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RestorePreview } from '../../../shared/domain/backups';
import { HavenError } from '../../../shared/ipc/errors';
import { writeAudit } from '../kernel/audit';
import { keyFilePathFor, readKeyFile, writeKeyFile } from '../kernel/crypto/keyFile';
import { openDatabase, type Db } from '../kernel/db/database';
import { integrityCheckInThread } from '../kernel/db/dbThread';
import { applyMigrations, schemaVersion, SCHEMA_VERSION } from '../kernel/db/migrate';
import { highestPersonId, retirePersonId } from '../kernel/personIds';
import { getStation } from '../kernel/settings';
import { pathsForDatabase, rotationFiles, unlockWithPassword, unlockWithRecoveryKey, type OpenedVault, type VaultOptions } from '../kernel/vault';
import type { BackupLabel } from '../kernel/db/backup';
import { chinaStamp } from './service';

/** The password of the admin restoring (their slot in the backup), or the recovery key of the backup's time. */
export type RestoreCredential = { password: string } | { recoveryKey: string };

/** A backup to restore: a file of ours in the backup folder, or one chosen in the open dialog. */
export interface RestoreSource {
  path: string;
  name: string;
}

/**
 * Opens a backup through its own key slots (the restoring admin's password, or the recovery key),
 * without writing to it when `readOnly`. A wrong secret is said as such for a backup: it may
 * still hold the password of its time.
 */
function unlockBackup(path: string, username: string, credential: RestoreCredential, options: VaultOptions): OpenedVault {
  if (!existsSync(path) || !existsSync(keyFilePathFor(path))) {
    throw new HavenError('NOT_FOUND', { messageKey: 'errors.RESTORE_FILE_MISSING', params: { file: basename(path) } });
  }
  try {
    const opened =
      'password' in credential
        ? unlockWithPassword(pathsForDatabase(path), username, credential.password, { ...options, migrate: false })
        : unlockWithRecoveryKey(pathsForDatabase(path), credential.recoveryKey, { ...options, migrate: false });
    return opened;
  } catch (error) {
    if (error instanceof HavenError && error.code === 'INVALID_CREDENTIALS') throw new HavenError('INVALID_CREDENTIALS', { messageKey: 'errors.RESTORE_CREDENTIALS' });
    if (error instanceof HavenError && error.code === 'VALIDATION') throw error;
    // A key file that is not one, a file cut short, a page that does not decrypt: damaged.
    if (error instanceof HavenError && error.code === 'DATABASE_DAMAGED') throw new HavenError('DATABASE_DAMAGED', { messageKey: 'errors.RESTORE_DAMAGED' });
    throw new HavenError('DATABASE_DAMAGED', { messageKey: 'errors.RESTORE_DAMAGED' });
  }
}

/**
 * The checks before anything is replaced: sound (integrity_check of the whole file, in a thread of
 * its own so the core goes on answering), not from a newer app, the same kind of database,
 * restored by an admin of it.
 */
async function checkBackup(opened: OpenedVault, path: string, request: RestoreRequest): Promise<void> {
  const { db } = opened;
  const { username, credential, currentMode } = request;
  const problems = await integrityCheckInThread(path, opened.masterKey, request.vaultOptions.nativeBinding);
  if (problems.length !== 1 || problems[0] !== 'ok') throw new HavenError('DATABASE_DAMAGED', { messageKey: 'errors.RESTORE_DAMAGED' });
  const version = schemaVersion(db);
  if (version > SCHEMA_VERSION) throw new HavenError('DATABASE_TOO_NEW', { params: { found: version, supported: SCHEMA_VERSION } });
  const mode = db.prepare('SELECT mode FROM station WHERE id = 1').pluck().get() as string | undefined;
  if (currentMode !== null && mode !== currentMode) throw new HavenError('CONFLICT', { messageKey: 'errors.RESTORE_OTHER_MODE' });
  if ('password' in credential) {
    const user = db.prepare('SELECT role, disabled FROM users WHERE username = ?').get(username) as { role: string; disabled: number } | undefined;
    if (!user || user.disabled || user.role !== 'admin') throw new HavenError('FORBIDDEN', { messageKey: 'errors.RESTORE_ADMIN_ONLY' });
  }
}

function count(db: Db, table: string): number {
  return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

function describe(backup: Db, source: RestoreSource, current: Db | null, currentPath: string): RestorePreview {
  const station = backup.prepare('SELECT code, name FROM station WHERE id = 1').get() as { code: string; name: string };
  const raw = backup.prepare(`SELECT value FROM meta WHERE key = 'backup'`).pluck().get() as string | undefined;
  const label = raw ? (JSON.parse(raw) as BackupLabel) : null;
  let currentBytes = 0;
  try {
    currentBytes = statSync(currentPath).size;
  } catch {
    currentBytes = 0;
  }
  return {
    file: source.name,
    bytes: statSync(source.path).size,
    madeAt: label?.at ?? null,
    madeBy: label?.by ?? null,
    station,
    schemaVersion: schemaVersion(backup),
    persons: count(backup, 'persons'),
    users: count(backup, 'users'),
    auditEvents: count(backup, 'audit_events'),
    current: describeCurrent(current, currentBytes),
    confirmWord: station.code,
  };
}

/** The database in place, as far as it reads: a damaged one (why one restores) may not answer every query. */
function describeCurrent(current: Db | null, bytes: number): RestorePreview['current'] {
  const empty = { persons: 0, auditEvents: 0, bytes, lastEventAt: null };
  if (!current) return empty;
  try {
    return {
      persons: count(current, 'persons'),
      auditEvents: count(current, 'audit_events'),
      bytes,
      lastEventAt: (current.prepare('SELECT at FROM audit_events ORDER BY id DESC LIMIT 1').pluck().get() as string | undefined) ?? null,
    };
  } catch {
    return empty;
  }
}

export interface RestoreRequest {
  source: RestoreSource;
  username: string;
  credential: RestoreCredential;
  /** The open current database (null: the command line, where it may not open at all). */
  currentDb: Db | null;
  /** Its kind (station / supervisor); null: not compared (the command line). */
  currentMode: string | null;
  databasePath: string;
  vaultOptions: VaultOptions;
}

/** Step 1 (恢复 › 检查): opens the backup read-only with the given secret, checks it, and says what it would replace. Nothing is written anywhere. */
export async function inspectBackup(request: RestoreRequest): Promise<RestorePreview> {
  const opened = unlockBackup(request.source.path, request.username, request.credential, { ...request.vaultOptions, readOnly: true });
  try {
    await checkBackup(opened, request.source.path, request);
    return describe(opened.db, request.source, request.currentDb, request.databasePath);
  } finally {
    opened.db.close();
    opened.masterKey.fill(0);
  }
}

/**
 * The files of the database in place, each moved with it wherever it goes: the WAL and its index
 * (while open or after a crash); a rollback journal, there after a crash in the middle of a rekey
 * or a bundle's transaction (left beside another database, SQLite would play it into that one);
 * the key file; and what an interrupted master-key rotation leaves (kernel/vault.ts): its pending
 * key file, which may be the one key to the database beside it, and its copy of the database
 * from before the rekey, with that copy's key file and the name it takes while being put back.
 * Left behind, the next login would remove them as stale, or put the copy in place of the
 * restored database; moved, the kept files are settled as a login settles them.
 */
function liveFiles(databasePath: string): string[] {
  return [databasePath, `${databasePath}-wal`, `${databasePath}-shm`, `${databasePath}-journal`, keyFilePathFor(databasePath), ...rotationFiles(databasePath)];
}

/** Where a system will not sync a folder (Windows cannot open one: EISDIR, EPERM): nothing more can be done from here. */
const FOLDER_SYNC_REFUSED = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'EBADF', 'ENOTSUP']);

function folderSyncRefused(error: unknown): boolean {
  return typeof error === 'object' && error !== null && FOLDER_SYNC_REFUSED.has(String((error as { code?: unknown }).code));
}

/**
 * A rename is on disk only once its folder is: without this, a power cut soon after a restore
 * could bring back the old names, or a name with nothing written under it yet.
 */
export function syncFolder(folder: string): void {
  let fd: number;
  try {
    fd = openSync(folder, 'r');
  } catch (error) {
    if (folderSyncRefused(error)) return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    if (!folderSyncRefused(error)) throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * A backup's key file (and the pending one kept with files set aside by a restore) copied beside
 * the staged copy as the vault writes key files: read and checked (a damaged or hostile one is
 * refused here, as damaged), written to a temporary file, synced, renamed.
 */
function copyKeyFile(from: string, to: string): void {
  let data: ReturnType<typeof readKeyFile>;
  try {
    data = readKeyFile(from);
  } catch {
    throw new HavenError('DATABASE_DAMAGED', { messageKey: 'errors.RESTORE_DAMAGED' });
  }
  writeKeyFile(to, data);
}

/**
 * Where the current files are kept: `haven-before-restore-<China time>.db` (for `haven.db`) with its key file (a
 * pair `haven restore --from` takes back), never over an existing name.
 */
function asideBase(databasePath: string, now: Date): string {
  const folder = dirname(databasePath);
  const stamp = chinaStamp(now);
  for (let n = 1; ; n++) {
    const base = join(folder, `${basename(databasePath).replace(/\.db$/, '')}-before-restore-${stamp}${n === 1 ? '' : `-${n}`}.db`);
    if (liveFiles(base).every((f) => !existsSync(f))) return base;
  }
}

export interface StagedRestore {
  preview: RestorePreview;
  staged: string;
  /** The backup's master key (zeroed by `discard` or after the swap). */
  masterKey: Buffer;
  discard(): void;
}

export type RestoreProgress = { step: 'copying'; bytes: number; total: number } | { step: 'checking' };

const COPY_CHUNK = 4 * 1024 * 1024;

/**
 * The backup file copied in chunks, each reported (the caller may throw from `progress` to stop),
 * and synced before it is used: the swap renames it into place.
 */
async function copyReporting(from: string, to: string, progress: (progress: RestoreProgress) => void): Promise<void> {
  const source = await open(from, 'r');
  try {
    const target = await open(to, 'wx');
    try {
      const total = (await source.stat()).size;
      const buffer = Buffer.alloc(COPY_CHUNK);
      let copied = 0;
      progress({ step: 'copying', bytes: 0, total });
      for (;;) {
        const { bytesRead } = await source.read(buffer, 0, COPY_CHUNK, copied);
        if (bytesRead === 0) break;
        await target.write(buffer, 0, bytesRead, copied);
        copied += bytesRead;
        progress({ step: 'copying', bytes: copied, total });
      }
      await target.sync();
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** A file beside the backup copied beside the staged copy: never over one, synced before it is used. */
function copySynced(from: string, to: string): void {
  copyFileSync(from, to, constants.COPYFILE_EXCL);
  const fd = openSync(to, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * What goes with the backup file to the staged copy: its key file, always, and whatever of the
 * rest of its files is beside it — a backup of ours has none, but files a restore set aside may
 * (a WAL with the last commits, a journal to roll back, an interrupted rotation's pending key
 * file or copy). Unlocking the staged copy then settles them as a login would settle the kept
 * files in place. The WAL's index is not copied: SQLite rebuilds it from the WAL.
 */
function copyCompanions(source: string, staged: string): void {
  const from = liveFiles(source);
  const to = liveFiles(staged);
  from.forEach((file, i) => {
    if (i === 0 || file.endsWith('-shm') || (file !== keyFilePathFor(source) && !existsSync(file))) return;
    if (file.endsWith('.keys') || file.endsWith('.keys.next')) copyKeyFile(file, to[i]!);
    else copySynced(file, to[i]!);
  });
}

/**
 * What the station has sent stays sent. Restored from a backup made before its last bundles, it
 * would number the next ones again from where the backup stood, and the supervisor refuses a
 * number it has already taken, for good ("旧的数据包"). So the recipients and the sent log of the
 * database being replaced come along into the restored one: recipients registered since, the
 * bundles sent since (file names and hashes: the next bundle names the last one's), and each
 * recipient's next number, whichever is higher. A bundle's person is kept only if that file is in
 * the backup. Only when the current database can be read (a restore from a damaged one cannot;
 * the supervisor can then accept the station's numbering anew). Returns how many sent bundles came.
 */
/**
 * What the database being replaced knows that must outlive it — when it is this station's (a
 * backup of another station, restored here on purpose, takes nothing of this one's): the highest
 * person id it gave (a file created after the backup was sent upward under its id: the next file
 * here must not take it, kernel/personIds.ts), and what it sent (carrySentBundles). Returns how
 * many sent bundles came.
 */
export function carryOver(into: Db, from: Db): number {
  if (getStation(into).code !== getStation(from).code) return 0;
  retirePersonId(into, highestPersonId(from));
  return carrySentBundles(into, from);
}

/** A row copied under a new id of the table's own: returns that id. */
function insertRow(db: Db, table: 'bundle_recipients' | 'bundle_sent', row: Record<string, unknown>): number {
  const { id: _id, ...fields } = row;
  const columns = Object.keys(fields);
  return Number(db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(fields).lastInsertRowid);
}

function carrySentBundles(into: Db, from: Db): number {
  // Rows as they are, column for column (the two databases have the same schema: the backup was just migrated).
  const recipients = from.prepare('SELECT * FROM bundle_recipients ORDER BY id').all() as (Record<string, unknown> & { id: number; recipient: string; next_seq: number })[];
  const sent = from.prepare('SELECT * FROM bundle_sent ORDER BY id').all() as (Record<string, unknown> & { recipient_id: number; seq: number; person_id: number | null })[];
  let carried = 0;
  into.transaction(() => {
    const idOf = new Map<number, number>();
    for (const r of recipients) {
      const here = into.prepare('SELECT id, next_seq FROM bundle_recipients WHERE recipient = ?').get(r.recipient) as { id: number; next_seq: number } | undefined;
      if (here) {
        if (r.next_seq > here.next_seq) into.prepare('UPDATE bundle_recipients SET next_seq = ? WHERE id = ?').run(r.next_seq, here.id);
        idOf.set(r.id, here.id);
      } else {
        idOf.set(r.id, insertRow(into, 'bundle_recipients', r));
      }
    }
    const known = into.prepare('SELECT 1 FROM bundle_sent WHERE recipient_id = ? AND seq = ?');
    const personHere = into.prepare('SELECT 1 FROM persons WHERE id = ?');
    for (const row of sent) {
      const recipientId = idOf.get(row.recipient_id);
      if (recipientId === undefined || known.get(recipientId, row.seq)) continue;
      insertRow(into, 'bundle_sent', { ...row, recipient_id: recipientId, person_id: row.person_id !== null && personHere.get(row.person_id) ? row.person_id : null });
      carried++;
    }
  })();
  return carried;
}

/**
 * Step 2a: the backup copied beside the database (`haven.db.restoring`), opened with the secret,
 * checked, migrated to this app's schema, its backup label removed and the restore written into
 * its audit log (so the record lives in the database that stays). Nothing in place is touched;
 * any failure removes the copy.
 */
export async function stageRestore(
  request: RestoreRequest & { confirm: string | null; now: Date; actor: { username: string } },
  progress: (progress: RestoreProgress) => void,
): Promise<StagedRestore> {
  const staged = `${request.databasePath}.restoring`;
  const discard = () => {
    for (const file of liveFiles(staged)) rmSync(file, { force: true });
  };
  discard();
  if (!existsSync(request.source.path) || !existsSync(keyFilePathFor(request.source.path))) {
    throw new HavenError('NOT_FOUND', { messageKey: 'errors.RESTORE_FILE_MISSING', params: { file: request.source.name } });
  }
  let opened: OpenedVault | null = null;
  try {
    await copyReporting(request.source.path, staged, progress);
    copyCompanions(request.source.path, staged);
    progress({ step: 'checking' });
    opened = unlockBackup(staged, request.username, request.credential, request.vaultOptions);
    await checkBackup(opened, staged, request);
    const preview = describe(opened.db, request.source, request.currentDb, request.databasePath);
    // null: the command line, where typing the command is the confirmation.
    if (request.confirm !== null && request.confirm.trim() !== preview.confirmWord) {
      throw new HavenError('VALIDATION', { fields: { confirm: 'validation.restoreConfirm' }, messageKey: 'validation.restoreConfirm' });
    }
    const db = opened.db;
    applyMigrations(db);
    db.prepare(`DELETE FROM meta WHERE key = 'backup'`).run();
    let bundlesKept = 0;
    try {
      if (request.currentDb?.open) bundlesKept = carryOver(db, request.currentDb);
    } catch {
      // The database being replaced could not be read after all (a damaged file is what a restore
      // is for): the backup stands as it was; the supervisor can accept the numbering anew.
    }
    const user = db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(request.actor.username) as number | undefined;
    writeAudit(db, { userId: user ?? null, username: request.actor.username }, request.now, {
      action: 'backup.restore',
      details: { file: request.source.name, madeAt: preview.madeAt, by: 'password' in request.credential ? 'password' : 'recoveryKey', ...(bundlesKept > 0 ? { bundlesKept } : {}) },
    });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const masterKey = Buffer.from(opened.masterKey);
    opened.masterKey.fill(0);
    return { preview, staged, masterKey, discard };
  } catch (error) {
    if (opened?.db.open) opened.db.close();
    opened?.masterKey.fill(0);
    discard();
    throw error;
  }
}

/**
 * Step 2b, with the current database closed: the current files renamed aside (kept), the checked
 * copy renamed into place, the folder synced (the renames on disk), then opened and read. On any
 * failure the new files go and the current ones are renamed back exactly as they were. Returns
 * the kept file's name.
 */
export function swapIntoPlace(staged: StagedRestore, databasePath: string, now: Date, options: VaultOptions): string {
  const folder = dirname(databasePath);
  const aside = asideBase(databasePath, now);
  const moved: [string, string][] = [];
  const current = liveFiles(databasePath);
  const keep = liveFiles(aside);
  let allMoved = false;
  try {
    current.forEach((file, i) => {
      if (existsSync(file)) {
        renameSync(file, keep[i]!);
        moved.push([file, keep[i]!]);
      }
    });
    allMoved = true;
    renameSync(staged.staged, databasePath);
    renameSync(keyFilePathFor(staged.staged), keyFilePathFor(databasePath));
    syncFolder(folder);
    const check = openDatabase(databasePath, staged.masterKey, { ...options, migrate: false });
    try {
      check.prepare('SELECT count(*) FROM meta').pluck().get();
    } finally {
      check.close();
    }
  } catch (error) {
    // Whatever is at a place an original left is new (or the check's WAL): it goes; a file never
    // moved is still the original and stays.
    for (const file of allMoved ? current : moved.map(([original]) => original)) rmSync(file, { force: true });
    for (const [original, kept] of moved.reverse()) renameSync(kept, original);
    staged.discard();
    try {
      syncFolder(folder);
    } catch {
      // The files are back under their names; the refusal below is what the caller must hear.
    }
    throw error;
  } finally {
    staged.masterKey.fill(0);
  }
  // What unlocking the staged copy did not settle (a rotation's copy it knew nothing of): not a database of anyone's now.
  staged.discard();
  return basename(aside);
}

/**
 * One line per restore (or refusal) in `restore-log.txt` beside the database: when, which backup
 * file, where the replaced files are kept or why it was refused. No names, no user, nothing about
 * a person: it outlives both databases.
 */
export function appendRestoreLog(databasePath: string, now: Date, line: string): void {
  try {
    appendFileSync(join(dirname(databasePath), 'restore-log.txt'), `${now.toISOString()}\t${line}\n`);
  } catch {
    // The audit event in the restored database is the record; this line is a convenience.
  }
}
