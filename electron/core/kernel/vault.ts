import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statfsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DatabaseMode } from '../../../shared/domain/types';
import { HavenError } from '../../../shared/ipc/errors';
import type { Role } from '../../../shared/schemas/common';
import { normalizeRecoveryKey } from '../../../shared/schemas/recoveryKey';
import { writeAudit } from './audit';
import { createBundleKeys } from './identity/ownKeys';
import { damaged, openDatabase, RekeyFailed, rekeyDatabase, type Db, type OpenOptions } from './db/database';
import { backupDatabase } from './db/backup';
import { applyMigrations } from './db/migrate';
import { deriveKeyFromPassword, generateMasterKey, generateRecoveryKey, OWASP_SCRYPT, type ScryptParams } from './crypto/crypto';
import {
  findPasswordSlot,
  keyFilePathFor,
  makePasswordSlot,
  makeRecoverySlot,
  openPasswordSlot,
  openRecoverySlot,
  readKeyFile,
  withoutPasswordSlot,
  withPasswordSlot,
  withRecoverySlot,
  writeKeyFile,
  type KeyFileData,
} from './crypto/keyFile';

/**
 * The vault is the pair of files (encrypted database + key file) and the operations that need
 * both: create, unlock by password or recovery key, slot changes and master-key rotation.
 */
export interface VaultPaths {
  databasePath: string;
  keyFilePath: string;
}

export interface VaultOptions extends OpenOptions {
  /** Only tests lower this; the app always uses OWASP_SCRYPT. */
  scrypt?: ScryptParams;
  /** Only tests set this: the free bytes of a folder (default: statfs; null when unknown). */
  freeBytes?: (folder: string) => number | null;
}

/** The app keeps `haven.db` and `haven.db.keys` in its data folder. */
export function vaultPaths(dataDir: string): VaultPaths {
  return pathsForDatabase(join(dataDir, 'haven.db'));
}

/** The CLI names the database file; the key file is always beside it. */
export function pathsForDatabase(databasePath: string): VaultPaths {
  return { databasePath, keyFilePath: keyFilePathFor(databasePath) };
}

/** A rotation writes the next key file here first, so a crash mid-rotation never locks anyone out. */
const pendingPath = (paths: VaultPaths) => `${paths.keyFilePath}.next`;
/** A rotation's checked copy of the database under the old key (with its key file beside it), made before the rekey. */
const rotationCopyPath = (paths: VaultPaths) => `${paths.databasePath}.rekey-old`;
/** The copy renamed once its rekey failed: from then on it is the database, whoever finishes putting it back. */
const putBackPath = (paths: VaultPaths) => `${paths.databasePath}.rekey-restore`;
/**
 * What an interrupted master-key rotation may leave beside the database (its pending key file, its
 * copy under the old key with that copy's key file, the copy's put-back name): a restore moves
 * them with the database it sets aside (backups/restore.ts), so they are named here only.
 */
export function rotationFiles(databasePath: string): string[] {
  const paths = pathsForDatabase(databasePath);
  return [pendingPath(paths), rotationCopyPath(paths), keyFilePathFor(rotationCopyPath(paths)), putBackPath(paths)];
}

/** Where a restore stages the backup (backups/restore.ts stageRestore). */
const restoringPath = (paths: VaultPaths) => `${paths.databasePath}.restoring`;

/**
 * Names of the files in the data folder that belong to a vault, whole or not: the database and its
 * key file, their journals, a rotation's and a restore's files, and the files a restore set aside
 * (backups/restore.ts names them `<name>-before-restore-<time>.db`). Any of them means data may be
 * here: setup is never offered over them.
 */
function vaultFilesFound(paths: VaultPaths): { found: string[]; restoreLeft: boolean } {
  const db = paths.databasePath;
  const restoring = [restoringPath(paths), keyFilePathFor(restoringPath(paths))];
  const own = [db, `${db}-wal`, `${db}-shm`, `${db}-journal`, paths.keyFilePath, pendingPath(paths), rotationCopyPath(paths), putBackPath(paths)];
  const found = [...own, ...restoring].filter((p) => existsSync(p)).map((p) => basename(p));
  let names: string[] = [];
  try {
    names = readdirSync(dirname(db));
  } catch {
    names = [];
  }
  const asidePrefix = `${basename(db).replace(/\.db$/, '')}-before-restore-`;
  const aside = names.filter((n) => n.startsWith(asidePrefix) && n.endsWith('.db'));
  return { found: [...found, ...aside], restoreLeft: aside.length > 0 || restoring.some((p) => existsSync(p)) };
}

/**
 * True when anything of a vault is in the folder (both files, or only some of them): the app then
 * shows the login, never the setup. A folder with only one of the two files, or with what an
 * interrupted restore left, is damaged, not new: setting up there would put a new, empty station
 * in place of the data (requireVaultFiles says what is wrong at login).
 */
export function vaultExists(paths: VaultPaths): boolean {
  if (existsSync(paths.databasePath) || existsSync(paths.keyFilePath)) return true;
  return vaultFilesFound(paths).found.length > 0;
}

/**
 * Both files, or a refusal that says what is missing (nothing written). A database without its key
 * file cannot be opened by anyone; a key file without its database would have SQLite make a new,
 * empty file in its place.
 */
function requireVaultFiles(paths: VaultPaths): void {
  if (existsSync(paths.databasePath) && existsSync(paths.keyFilePath)) return;
  const { found, restoreLeft } = vaultFilesFound(paths);
  // Nothing at all (a wrong path given to the command line): as reading the key file says it.
  if (found.length === 0) throw new HavenError('NOT_INITIALIZED', { messageKey: 'errors.KEY_FILE_MISSING' });
  if (restoreLeft) throw new HavenError('DATABASE_DAMAGED', { messageKey: 'errors.RESTORE_INTERRUPTED', params: { found: found.join(', ') } });
  const missing = [paths.databasePath, paths.keyFilePath].filter((p) => !existsSync(p)).map((p) => basename(p));
  throw new HavenError('DATABASE_DAMAGED', { messageKey: 'errors.VAULT_INCOMPLETE', params: { found: found.join(', '), missing: missing.join(', ') } });
}

/** Setup (and `haven init`) only where nothing of a vault is: a whole one is refused as such, a partial one with what is wrong. */
export function refuseSetupOver(paths: VaultPaths): void {
  if (!vaultExists(paths)) return;
  if (existsSync(paths.databasePath) && existsSync(paths.keyFilePath)) throw new HavenError('ALREADY_INITIALIZED');
  requireVaultFiles(paths);
}

export interface NewVault {
  station: { code: string; name: string; mode: DatabaseMode };
  admin: { username: string; displayName: string; password: string };
}

export function createVault(paths: VaultPaths, spec: NewVault, now: Date, options: VaultOptions = {}): { recoveryKey: string } {
  refuseSetupOver(paths);
  const masterKey = generateMasterKey();
  const databaseId = randomUUID();
  const recoveryKey = generateRecoveryKey();
  const at = now.toISOString();
  try {
    const db = openDatabase(paths.databasePath, masterKey, { ...options, create: true });
    try {
      db.transaction(() => {
        const setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
        setMeta.run('databaseId', databaseId);
        setMeta.run('createdAt', at);
        db.prepare('INSERT INTO station (id, code, name, mode, created_at) VALUES (1, ?, ?, ?, ?)').run(
          spec.station.code,
          spec.station.name,
          spec.station.mode,
          at,
        );
        const adminId = insertUser(db, spec.admin.username, spec.admin.displayName, 'admin', at);
        // Every database signs what it exports and decrypts what is sent to it (BUNDLE.md).
        const signingKeyId = createBundleKeys(db, at);
        writeAudit(db, { userId: null, username: null }, now, {
          action: 'setup.create',
          entity: 'station',
          entityId: spec.station.code,
          details: { mode: spec.station.mode, admin: spec.admin.username, signingKeyId },
        });
        writeAudit(db, { userId: null, username: null }, now, {
          action: 'users.create',
          entity: 'user',
          entityId: adminId,
          details: { username: spec.admin.username, role: 'admin' },
        });
      })();
    } finally {
      db.close();
    }
    const keyFile: KeyFileData = {
      format: 'haven-keys',
      version: 1,
      databaseId,
      slots: [
        makePasswordSlot(databaseId, spec.admin.username, spec.admin.password, masterKey, now, options.scrypt ?? OWASP_SCRYPT),
        makeRecoverySlot(databaseId, recoveryKey, masterKey, now),
      ],
    };
    writeKeyFile(paths.keyFilePath, keyFile);
    return { recoveryKey };
  } catch (error) {
    // A half-made vault would block the next attempt at setup: remove what this call created.
    for (const p of [paths.databasePath, `${paths.databasePath}-wal`, `${paths.databasePath}-shm`, paths.keyFilePath]) {
      rmSync(p, { force: true });
    }
    throw error;
  } finally {
    masterKey.fill(0);
  }
}

export function insertUser(db: Db, username: string, displayName: string, role: Role, at: string): number {
  const result = db
    .prepare(
      `INSERT INTO users (username, display_name, role, disabled, has_key_slot, created_at, updated_at)
       VALUES (?, ?, ?, 0, 1, ?, ?)`,
    )
    .run(username, displayName, role, at, at);
  return Number(result.lastInsertRowid);
}

export interface OpenedVault {
  db: Db;
  masterKey: Buffer;
  keyFile: KeyFileData;
}

/**
 * Opens the database with whatever key a slot gave. If a rotation was interrupted after the
 * rekey but before the key file was replaced, the pending key file holds the right slots.
 *
 * What a rotation (VaultKeys.rotateMasterKey) can leave when the process dies, and what happens here:
 * - its put-back copy (`.rekey-restore`): the rekey failed and the copy was already chosen as the
 *   database; the put-back is finished first, before anything reads the file;
 * - its copy and the pending key file, both: it stopped somewhere between the copy and its end. The
 *   database (with its hot journal, if the rekey was under way) opens with the old key file or the
 *   pending one, and must pass quick_check before the copy goes: a file the in-process rollback of
 *   a failed rekey left half under each key (the process died before it could put the copy back)
 *   is refused with the copy kept, never used;
 * - its copy alone: stale (the rotation ended, or never reached its pending key file), removed.
 */
function openWith(
  paths: VaultPaths,
  options: VaultOptions,
  unwrap: (keyFile: KeyFileData) => Buffer | null,
): OpenedVault | null {
  // A read-only open (a restore's preview of a kept set, recover-wal's check of who asks, check
  // --against) looks and changes nothing: a put-back left half-done is not finished by it.
  if (existsSync(putBackPath(paths))) {
    if (options.readOnly) rotationCopyKept(paths);
    finishPutBack(paths);
  }
  requireVaultFiles(paths);
  const interrupted = existsSync(rotationCopyPath(paths)) && existsSync(pendingPath(paths));
  const candidates: { keyFile: KeyFileData; pending: boolean }[] = [{ keyFile: readKeyFile(paths.keyFilePath), pending: false }];
  if (existsSync(pendingPath(paths))) candidates.push({ keyFile: readKeyFile(pendingPath(paths)), pending: true });
  // A slot that opened proves the password (or recovery key) right for its key file: if the
  // database then does not open with that key, the file is damaged or belongs to another key
  // file — said as such, not as a wrong password (and not counted by the login throttle).
  let keyOpenedNothing = false;
  for (const candidate of candidates) {
    const masterKey = unwrap(candidate.keyFile);
    if (!masterKey) continue;
    let db: Db;
    try {
      // No migration yet: nothing is written before the database is known to be this key file's.
      db = openDatabase(paths.databasePath, masterKey, { ...options, migrate: false });
    } catch (error) {
      masterKey.fill(0);
      if (error instanceof HavenError && error.code === 'INVALID_CREDENTIALS') {
        keyOpenedNothing = true;
        continue;
      }
      throw error;
    }
    const databaseId = (db.prepare(`SELECT value FROM meta WHERE key = 'databaseId'`).get() as { value: string } | undefined)?.value;
    if (databaseId !== candidate.keyFile.databaseId) {
      db.close();
      masterKey.fill(0);
      throw new HavenError('DATABASE_DAMAGED', { messageKey: 'errors.KEY_FILE_MISMATCH' });
    }
    if (interrupted && !quickCheckPasses(db)) {
      db.close();
      masterKey.fill(0);
      rotationCopyKept(paths);
    }
    if (options.migrate !== false) {
      try {
        applyMigrations(db);
      } catch (error) {
        db.close();
        masterKey.fill(0);
        throw error;
      }
    }
    if (options.readOnly) return { db, masterKey, keyFile: candidate.keyFile };
    if (candidate.pending) {
      renameSync(pendingPath(paths), paths.keyFilePath);
    } else if (existsSync(pendingPath(paths))) {
      // The rotation never reached its rekey: the pending file is stale.
      rmSync(pendingPath(paths), { force: true });
    }
    removeRotationCopy(paths);
    // A slot change's next key file that a crash kept from its rename (VaultKeys.transaction):
    // never put in place now, and it holds wrapped keys.
    removeStartingWith(paths, `${basename(paths.keyFilePath)}.staged-`);
    return { db, masterKey, keyFile: candidate.keyFile };
  }
  if (keyOpenedNothing) {
    if (interrupted) rotationCopyKept(paths);
    damaged('key');
  }
  return null;
}

function quickCheckPasses(db: Db): boolean {
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    return rows.length === 1 && rows[0]!.quick_check === 'ok';
  } catch {
    // SQLCipher refuses a page that does not decrypt (SQLITE_CORRUPT / SQLITE_NOTADB).
    return false;
  }
}

/** A rotation stopped and the database does not open soundly: the copy from before it is kept, and IT is told where. */
function rotationCopyKept(paths: VaultPaths): never {
  throw new HavenError('DATABASE_DAMAGED', {
    messageKey: 'errors.KEY_ROTATION_COPY_KEPT',
    params: { copy: basename(rotationCopyPath(paths)), copyKeys: basename(keyFilePathFor(rotationCopyPath(paths))) },
  });
}

/** The rotation copy, its key file and what a copy stopped half-way left (backup.ts's temporary names); best effort. */
function removeRotationCopy(paths: VaultPaths): void {
  removeStartingWith(paths, basename(rotationCopyPath(paths)));
}

/**
 * Files of the data folder whose names start with `prefix`; best effort (what cannot go now goes
 * at the next login).
 */
function removeStartingWith(paths: VaultPaths, prefix: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(dirname(paths.databasePath));
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.startsWith(prefix))) {
    try {
      rmSync(join(dirname(paths.databasePath), name), { force: true });
    } catch {
      // Left for the next login or rotation: stale, never used.
    }
  }
}

/**
 * Windows refuses a rename while another program (an antivirus scanner) has the file open for a
 * moment: a few tries over about two seconds before giving up.
 */
function renameRetrying(from: string, to: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      renameSync(from, to);
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

/**
 * The last steps of putting a failed rotation's copy back, in an order that any step may be the
 * last before a crash: the pending key file goes (the old one was never replaced); the journal,
 * WAL and index beside the damaged file go before the copy takes its name (SQLite would apply a
 * hot journal left there to the copy); the copy replaces the damaged file in one rename. Run by
 * the rotation itself and, if it could not, at the next login.
 */
function finishPutBack(paths: VaultPaths): void {
  rmSync(pendingPath(paths), { force: true });
  for (const side of ['-journal', '-wal', '-shm']) rmSync(`${paths.databasePath}${side}`, { force: true });
  renameRetrying(putBackPath(paths), paths.databasePath);
  rmSync(keyFilePathFor(rotationCopyPath(paths)), { force: true });
}

/** What a failure was, for IT, in the message (SQLITE_FULL, ENOSPC, a message key). */
function reasonOf(error: unknown): string {
  if (error instanceof HavenError) return error.messageKey;
  if (typeof error === 'object' && error !== null && 'code' in error) return String((error as { code: unknown }).code);
  return error instanceof Error ? error.message : String(error);
}

/** A failed rotation: `putBack` says whether the database is again the file from before it. */
export class RotationFailed extends HavenError {
  constructor(
    readonly putBack: boolean,
    reason: unknown,
  ) {
    super(putBack ? 'INTERNAL' : 'DATABASE_DAMAGED', {
      messageKey: putBack ? 'errors.KEY_ROTATION_FAILED' : 'errors.KEY_ROTATION_INTERRUPTED',
      params: { reason: reasonOf(reason) },
    });
  }
}

/** Room a rotation needs beyond its copy and its journal: the key files, the WAL after it, what the OS needs. */
const ROTATION_MARGIN_BYTES = 32 * 1024 * 1024;

function freeBytesOf(folder: string): number | null {
  try {
    const fs = statfsSync(folder);
    return Number(fs.bavail) * Number(fs.bsize);
  } catch {
    return null;
  }
}

/** fsync of a file written by SQLite and renamed since (the copy must be on disk before the rekey starts). */
function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The salt of the derivation made for a name without a slot (its result is thrown away). */
const DUMMY_SALT = Buffer.alloc(16, 0x48);

export function unlockWithPassword(paths: VaultPaths, username: string, password: string, options: VaultOptions = {}): OpenedVault {
  const opened = openWith(paths, options, (keyFile) => {
    const slot = findPasswordSlot(keyFile, username);
    if (slot) return openPasswordSlot(keyFile, slot, password);
    // An unknown name costs what a real one does, so the answer's timing does not tell which names exist.
    deriveKeyFromPassword(password, DUMMY_SALT, options.scrypt ?? OWASP_SCRYPT).fill(0);
    return null;
  });
  if (!opened) throw new HavenError('INVALID_CREDENTIALS');
  return opened;
}

export function unlockWithRecoveryKey(paths: VaultPaths, recoveryKey: string, options: VaultOptions = {}): OpenedVault {
  const normalized = normalizeRecoveryKey(recoveryKey);
  if (!normalized) throw new HavenError('VALIDATION', { fields: { recoveryKey: 'validation.recoveryKeyFormat' } });
  const opened = openWith(paths, options, (keyFile) => openRecoverySlot(keyFile, normalized));
  if (!opened) throw new HavenError('INVALID_CREDENTIALS', { messageKey: 'errors.RECOVERY_KEY_WRONG' });
  return opened;
}

/**
 * Slot operations on an open vault; each writes the key file atomically. A change that goes with
 * rows and an audit event (a password set, a user disabled) goes through `transaction`, so that a
 * refused step leaves the key file as it was.
 */
export class VaultKeys {
  constructor(
    private readonly paths: VaultPaths,
    private readonly masterKey: Buffer,
    private keyFile: KeyFileData,
    private readonly options: VaultOptions,
  ) {}

  hasPasswordSlot(username: string): boolean {
    return findPasswordSlot(this.keyFile, username) !== undefined;
  }

  passwordUsernames(): string[] {
    return this.keyFile.slots.flatMap((s) => (s.type === 'password' ? [s.username] : []));
  }

  /** True if the password opens this user's slot (and so the current master key). */
  checkPassword(username: string, password: string): boolean {
    const slot = findPasswordSlot(this.keyFile, username);
    if (!slot) return false;
    const key = openPasswordSlot(this.keyFile, slot, password);
    const ok = key !== null && key.equals(this.masterKey);
    key?.fill(0);
    return ok;
  }

  /** The key file with `username`'s slot made (or made again) for `password`; nothing written. */
  withPassword(username: string, password: string, now: Date): KeyFileData {
    const slot = makePasswordSlot(this.keyFile.databaseId, username, password, this.masterKey, now, this.options.scrypt ?? OWASP_SCRYPT);
    return withPasswordSlot(this.keyFile, slot);
  }

  /** The key file without `username`'s slot; nothing written. */
  withoutPassword(username: string): KeyFileData {
    return withoutPasswordSlot(this.keyFile, username);
  }

  /** The key file with a new recovery slot, and its key (shown once); nothing written. */
  withNewRecoveryKey(now: Date): { next: KeyFileData; recoveryKey: string } {
    const recoveryKey = generateRecoveryKey();
    return { next: withRecoverySlot(this.keyFile, makeRecoverySlot(this.keyFile.databaseId, recoveryKey, this.masterKey, now)), recoveryKey };
  }

  setPassword(username: string, password: string, now: Date): void {
    this.save(this.withPassword(username, password, now));
  }

  removePassword(username: string): void {
    this.save(this.withoutPassword(username));
  }

  newRecoveryKey(now: Date): string {
    const { next, recoveryKey } = this.withNewRecoveryKey(now);
    this.save(next);
    return recoveryKey;
  }

  /**
   * Runs `write` (the rows and the audit event of a slot change) in one database transaction, and
   * puts `next` in place as the key file only once that transaction has committed. Inside it,
   * `next` is written in full beside the key file (and synced): a full disk or an I/O error there
   * refuses the whole step. If `write`, that write or the commit fails, the file beside goes and
   * the key file is untouched: the previous password still opens, as the user was told.
   *
   * After the commit only a rename is left. A process that dies between the two (or a rename that
   * fails, reported as an error) leaves the rows
   * changed and the previous key file in place: whoever could log in before still can with the
   * same password (a changed password is the old one again, a reset or re-enabled user keeps the
   * old slot or none, a disabled user's slot is still there but the login refuses a disabled
   * user), and the next login sets the users table's has_key_slot from the key file
   * (syncKeySlotFlags), so nobody is shown a slot the file lacks.
   */
  transaction<T>(db: Db, next: KeyFileData, write: () => T): T {
    const staged = `${this.paths.keyFilePath}.staged-${randomBytes(4).toString('hex')}`;
    let result: T;
    try {
      result = db.transaction(() => {
        const value = write();
        writeKeyFile(staged, next);
        return value;
      })();
    } catch (error) {
      rmSync(staged, { force: true });
      throw error;
    }
    try {
      renameRetrying(staged, this.paths.keyFilePath);
    } catch (error) {
      rmSync(staged, { force: true });
      throw error;
    }
    this.keyFile = next;
    return result;
  }

  /**
   * New master key: only `keepUsername` keeps a slot (re-made from their password) and a new
   * recovery key is issued; `record` (the users' flags, the audit event) is written in the same
   * run, before the rekey, so it is in the file exactly when the rotation is.
   *
   * The steps, and what a failure or a crash at each leaves (openWith handles the files at login):
   * 1. room: the folder must hold a copy of the database and a rollback journal of all of it;
   *    otherwise refused, nothing changed.
   * 2. a checked copy under the old key (`.rekey-old`, VACUUM INTO as a backup is made, with its
   *    key file), synced. A crash leaves a copy alone: stale, removed at the next login.
   * 3. the pending key file (`.keys.next`), then `record`. A failure removes both and the copy.
   * 4. the rekey, in place. A crash mid-way leaves a hot journal: the next open with the old key
   *    rolls it back (old key file, pending one removed, copy removed); `record` stays committed
   *    (an audit event of a rotation that did not happen, and flags the login sets back from the
   *    old key file). A failure the process survives leaves the file half under each key: the
   *    connection is closed and the copy is put back (renamed to `.rekey-restore` first, so that
   *    the choice survives a crash, then into place: finishPutBack). The key file was never
   *    replaced: the old passwords and recovery key open it again. Thrown as RotationFailed; the
   *    caller opens the database again (putBack) or else ends the session: the next login then
   *    finishes the put-back, or, if even the rename to `.rekey-restore` failed (or the process
   *    died between SQLite's failed rollback and that rename), finds the damaged file beside the
   *    copy and the pending key file, refuses it by quick_check and names the copy (openWith).
   * 5. the pending key file renamed over the key file, then the copy removed. A crash before the
   *    rename leaves the new-key database with the pending file, which the next login promotes.
   *    No step after the rekey can fail the rotation: the new recovery key always reaches the user.
   */
  rotateMasterKey(
    db: Db,
    keepUsername: string,
    password: string,
    now: Date,
    record: (dropped: string[]) => void = () => {},
  ): { masterKey: Buffer; recoveryKey: string; dropped: string[] } {
    const newMasterKey = generateMasterKey();
    const recoveryKey = generateRecoveryKey();
    const id = this.keyFile.databaseId;
    const next: KeyFileData = {
      ...this.keyFile,
      slots: [
        makePasswordSlot(id, keepUsername, password, newMasterKey, now, this.options.scrypt ?? OWASP_SCRYPT),
        makeRecoverySlot(id, recoveryKey, newMasterKey, now),
      ],
    };
    const dropped = this.passwordUsernames().filter((u) => u !== keepUsername);
    const copy = rotationCopyPath(this.paths);
    try {
      rekeyDatabase(db, newMasterKey, () => {
        // A copy left by a rotation that stopped before its pending key file (openWith found it stale).
        removeRotationCopy(this.paths);
        this.requireRoomToRotate(db);
        try {
          try {
            backupDatabase(db, this.masterKey, this.paths.databasePath, copy);
            syncFile(copy);
          } catch (error) {
            // A full disk or an I/O error while copying: said as a rotation not made, not as a backup's failure.
            throw new HavenError('INTERNAL', { messageKey: 'errors.KEY_ROTATION_COPY_FAILED', params: { reason: reasonOf(error) } });
          }
          writeKeyFile(pendingPath(this.paths), next);
          db.transaction(() => record(dropped))();
        } catch (error) {
          rmSync(pendingPath(this.paths), { force: true });
          removeRotationCopy(this.paths);
          throw error;
        }
      });
    } catch (error) {
      newMasterKey.fill(0);
      if (error instanceof RekeyFailed) throw this.putBackCopy(db, error.reason);
      throw error;
    }
    try {
      renameRetrying(pendingPath(this.paths), this.paths.keyFilePath);
    } catch {
      // The rekey has committed and the pending file holds its slots: the next login promotes it
      // (openWith). The session goes on with the new key, and the new recovery key is shown.
    }
    removeRotationCopy(this.paths);
    this.keyFile = next;
    this.masterKey.set(newMasterKey);
    return { masterKey: newMasterKey, recoveryKey, dropped };
  }

  /** Step 1 of rotateMasterKey: the copy (at most the file) and the journal (the file and 8 bytes a page), plus a margin. */
  private requireRoomToRotate(db: Db): void {
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const need = pages * pageSize + pages * (pageSize + 8) + ROTATION_MARGIN_BYTES;
    const folder = dirname(this.paths.databasePath);
    // Unknown (statfs unsupported): the copy still protects the file; a full disk fails the copy first.
    const free = (this.options.freeBytes ?? freeBytesOf)(folder);
    if (free !== null && free < need) {
      const mb = (bytes: number) => Math.ceil(bytes / (1024 * 1024));
      throw new HavenError('CONFLICT', { messageKey: 'errors.KEY_ROTATION_NO_SPACE', params: { needMb: mb(need), freeMb: Math.floor(free / (1024 * 1024)) } });
    }
  }

  /** Step 4's failure: the connection closed, the copy from before the rekey put back in place of the damaged file. */
  private putBackCopy(db: Db, reason: unknown): RotationFailed {
    try {
      db.close();
    } catch {
      // closed already, or as closed as it gets: nothing more goes through it
    }
    try {
      renameRetrying(rotationCopyPath(this.paths), putBackPath(this.paths));
    } catch {
      // The damaged file is still in place with the copy and the pending key file beside it: the
      // next login refuses it and names the copy (openWith), never uses it.
      return new RotationFailed(false, reason);
    }
    try {
      finishPutBack(this.paths);
    } catch {
      return new RotationFailed(false, reason);
    }
    return new RotationFailed(true, reason);
  }

  private save(next: KeyFileData): void {
    writeKeyFile(this.paths.keyFilePath, next);
    this.keyFile = next;
  }
}

/** The users table mirrors which users hold a key slot (shown in the users list; a user without one cannot log in). */
export function setHasKeySlot(db: Db, username: string, has: boolean): void {
  db.prepare('UPDATE users SET has_key_slot = ? WHERE username = ?').run(has ? 1 : 0, username);
}
