import { existsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';
import { HavenError } from '../../../../shared/ipc/errors';
import { MASTER_KEY_BYTES } from '../crypto/crypto';
import { connect } from './driver';
import { applyMigrations } from './migrate';
import { pageCacheKibFor } from './pageCache';
import { scanWal } from './wal';

export type Db = Database.Database;

/** The driver's SQLCipher key calls, which its type definitions (those of better-sqlite3) lack. */
interface KeyedDatabase {
  key(rawKey: Buffer): void;
  rekey(rawKey: Buffer): void;
}

export interface OpenOptions {
  /** The addon file to load (the one the Electron app ships); otherwise as driver.ts decides. */
  nativeBinding?: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** A new database (setup, a backup being written): the file may be missing or empty. */
  create?: boolean;
  /**
   * Open even though the WAL is damaged mid-way (`haven recover-wal`, after setting it aside):
   * SQLite keeps the frames before the damage and drops the rest.
   */
  acceptWalLoss?: boolean;
  /**
   * Read only, nothing written to the file or beside it (a backup looked at before a restore: a
   * read-write open would switch it to WAL and leave -wal/-shm files on the stick).
   */
  readOnly?: boolean;
}

/** SQLite writes whole pages; SQLCipher's are 4 KiB. */
const PAGE_BYTES = 4096;

export type DamageReason = 'empty' | 'cut' | 'schema' | 'key' | 'wal';

/** A damaged or foreign data file: its own message, never "wrong password", and nothing written. */
export function damaged(reason: DamageReason): never {
  throw new HavenError('DATABASE_DAMAGED', { messageKey: `errors.DATABASE_DAMAGED_${reason.toUpperCase()}` });
}

/**
 * An existing database file is checked before SQLite touches it: opening an empty file would
 * quietly make a new database in its place, and a file cut short of a page is damaged. (A missing
 * file is a new database: the vault never reaches here without both of its files.)
 */
function checkExistingFile(path: string): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return;
  }
  if (size === 0) damaged('empty');
  if (size % PAGE_BYTES !== 0) damaged('cut');
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/**
 * The raw-key form SQLCipher accepts (x'…' in hex), written straight into a Buffer the caller
 * zeroes: a JS string of the key could not be wiped and would outlive the lock in the heap.
 * A raw key skips SQLCipher's own PBKDF2: the key slots already did the slow part.
 */
export function rawKeyFor(masterKey: Buffer): Buffer {
  if (masterKey.length !== MASTER_KEY_BYTES) throw new Error('master key must be 32 bytes');
  const rawKey = Buffer.alloc(3 + masterKey.length * 2);
  rawKey[0] = 0x78; // x
  rawKey[1] = 0x27; // '
  for (let i = 0; i < masterKey.length; i++) {
    rawKey[2 + 2 * i] = HEX_DIGITS[masterKey[i]! >> 4]!;
    rawKey[3 + 2 * i] = HEX_DIGITS[masterKey[i]! & 15]!;
  }
  rawKey[rawKey.length - 1] = 0x27;
  return rawKey;
}

function withRawKey(masterKey: Buffer, use: (rawKey: Buffer) => void): void {
  const rawKey = rawKeyFor(masterKey);
  try {
    use(rawKey);
  } finally {
    rawKey.fill(0);
  }
}

/** SQLCipher 4 exactly (cipher + legacy=4), so the file opens in official SQLCipher 4 tools. */
function selectCipher(db: Db): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
}

/**
 * Opens (or creates) the encrypted database with the raw master key. A wrong key or a file
 * that is not an encrypted Haven database fails here, before any query of ours runs.
 */
export function openDatabase(path: string, masterKey: Buffer, options: OpenOptions = {}): Db {
  const existedBefore = path !== ':memory:' && existsSync(path);
  if (!options.create) {
    checkExistingFile(path);
    // Before SQLite's recovery runs: it would drop committed frames beyond a damaged one for good.
    if (!options.acceptWalLoss && (scanWal(`${path}-wal`)?.damagedAt ?? null) !== null) damaged('wal');
  }
  const db = connect(path, { nativeBinding: options.nativeBinding, ...(options.readOnly ? { readonly: true, fileMustExist: true } : {}) });
  try {
    selectCipher(db);
    withRawKey(masterKey, (rawKey) => (db as unknown as KeyedDatabase).key(rawKey));
    // Touch the schema: this is where a wrong key surfaces (SQLITE_NOTADB). One of ours always has tables.
    const tables = db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() as number;
    if (!options.create && tables === 0 && existedBefore) damaged('schema');
    // SQLite3 Multiple Ciphers encrypts the database, its journal and its WAL, not temporary
    // files, and this build's default (SQLITE_TEMP_STORE=1) puts them on disk: a large sort, the
    // rows an INSERT … SELECT stages (persons, whose FTS triggers make SQLite stage them) or a
    // statement journal past 64 KiB would leave persons' data unencrypted in the OS's temp folder.
    db.pragma('temp_store = MEMORY');
    if (options.readOnly) return db;
    db.pragma('journal_mode = WAL');
    // WAL defaults to NORMAL in better-sqlite3 builds, which can lose the last commit on power loss.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    // SQLCipher decrypts and checks every page it reads from the OS cache again, and SQLite's
    // default page cache (2 MB) holds little of a county's working set. Measured at 30,000
    // persons (the app's workload, encrypted vs a plain copy with the same cache, CPU time): 64 MB
    // 1.31×, 128 MB 1.02×, 256 MB 1.06× with 0 MB more at peak than 128; a larger file gets more
    // (pageCacheKibFor). The cache fills only as pages are read; bundles cap it for their bulk
    // work (withPageCache). See README › Benchmark.
    db.pragma(`cache_size = -${pageCacheKibFor(existedBefore ? statSync(path).size : 0)}`);
    if (options.migrate !== false) applyMigrations(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof HavenError) throw error;
    if (isNotADatabase(error)) throw new HavenError('INVALID_CREDENTIALS', { messageKey: 'errors.DATABASE_KEY_MISMATCH' });
    throw error;
  }
}

function isNotADatabase(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    ((error as { code: unknown }).code === 'SQLITE_NOTADB' || (error as { code: unknown }).code === 'SQLITE_CORRUPT')
  );
}

/**
 * Thrown by rekeyDatabase when the rekey itself failed: the file may now hold pages under both
 * keys, so the connection must not be used again (see there).
 */
export class RekeyFailed extends Error {
  constructor(readonly reason: unknown) {
    super(`rekey failed: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'RekeyFailed';
  }
}

/**
 * New master key for the whole file, in place. SQLite3 Multiple Ciphers cannot rekey in WAL mode,
 * so the WAL is checkpointed and the journal switched to DELETE for the rekey, then back to WAL.
 *
 * `prepare` runs first, on the checkpointed file in rollback-journal mode and before any page is
 * re-encrypted: what it throws (a refusal, a failed copy) leaves the file as it was, and is
 * rethrown as is. Then the rekey: a process killed in the middle of it leaves a hot journal that
 * the next open with the old key rolls back. But a failure the process survives (SQLITE_FULL, an
 * I/O error, a file-size limit) is not undone: after the in-process rollback of a rekey that had
 * already written pages, the file held pages under both keys and opened with neither (seen with a
 * small page cache and `ulimit -f`, test/unit/vault.test.ts). That failure is thrown as
 * RekeyFailed, with the connection in an unknown state: the caller closes it and puts back the
 * copy it made in `prepare` (vault.ts rotateMasterKey).
 * synchronous = EXTRA during the rekey, as in withRollbackJournal: the commit (the journal's
 * deletion) is on disk before the caller puts the new key file in place.
 */
export function rekeyDatabase(db: Db, newMasterKey: Buffer, prepare: () => void = () => {}): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  // Another connection with the WAL open (the check after unlock, a backup's thread) keeps the
  // file in WAL mode (SQLITE_BUSY): nothing has changed yet, and the rekey would be refused anyway.
  let mode: unknown;
  try {
    mode = db.pragma('journal_mode = DELETE', { simple: true });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') mode = 'busy';
    else throw error;
  }
  if (mode !== 'delete') throw new HavenError('CONFLICT', { messageKey: 'errors.JOB_RUNNING' });
  db.pragma('synchronous = EXTRA');
  const backToWal = () => {
    try {
      db.pragma('journal_mode = WAL');
    } catch {
      // Left in rollback mode until the file is opened again (openDatabase sets WAL): as durable, only slower.
    }
    db.pragma('synchronous = FULL');
  };
  try {
    prepare();
  } catch (error) {
    backToWal();
    throw error;
  }
  try {
    withRawKey(newMasterKey, (rawKey) => (db as unknown as KeyedDatabase).rekey(rawKey));
  } catch (error) {
    // Nothing more is written through this connection: not even the switch back to WAL.
    throw new RekeyFailed(error);
  }
  backToWal();
}

/**
 * Copies the WAL into the database and empties it: at lock, logout and after a long job, so the
 * committed state sits in the main file (one file to back up, and no long WAL to replay or to be
 * damaged). A reader still busy elsewhere only makes it partial; that is not an error.
 */
export function checkpointWal(db: Db): void {
  if (db.open && !db.readonly) db.pragma('wal_checkpoint(TRUNCATE)');
}

/** `PRAGMA integrity_check` lines; ['ok'] when sound. */
export function integrityCheck(db: Db): string[] {
  return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
}

/**
 * Runs `fn` (one transaction that writes much of the file at once: a county's bundle) with a
 * rollback journal instead of the WAL. In WAL mode every page is written twice, into the WAL at
 * commit and into the file at the checkpoint, and SQLite3 Multiple Ciphers decrypts and encrypts
 * it again on the way (measured at 30,000 persons: commit and checkpoint 5.4 s, against 0.5 s
 * here). The rollback journal holds only the pages the transaction changes that existed before
 * it, so a rollback (a refusal, a stop, a crash) still leaves the file as it was; and
 * synchronous = EXTRA also syncs the folder once the journal is deleted, so a committed
 * transaction stays committed on power loss (FULL does not, in this mode). Another connection
 * keeping the WAL open makes SQLite refuse the switch: `fn` then runs in WAL mode as usual.
 */
export function withRollbackJournal<T>(db: Db, fn: () => T): T {
  let switched = false;
  // Busy is an answer here (someone else has the file open), not something to wait 5 s for.
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    switched = db.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
  } catch {
    switched = false;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  if (switched) db.pragma('synchronous = EXTRA');
  try {
    return fn();
  } finally {
    if (switched) {
      try {
        db.pragma('journal_mode = WAL');
      } catch {
        // Left in rollback mode until the file is opened again (openDatabase sets WAL): as durable, only slower.
      }
      db.pragma('synchronous = FULL');
    }
  }
}

/**
 * Runs `fn` (outside any transaction: SQLite ignores the switch inside one) with foreign keys not
 * enforced: the caller answers for every reference it writes, and deletes with cascadePlan /
 * deleteCascading (cascade.ts) what SQLite would otherwise have deleted or set to NULL.
 */
export function withoutForeignKeys<T>(db: Db, fn: () => T): T {
  const off = !db.inTransaction && db.pragma('foreign_keys', { simple: true }) === 1;
  if (off) db.pragma('foreign_keys = OFF');
  try {
    return fn();
  } finally {
    if (off) db.pragma('foreign_keys = ON');
  }
}

/** Runs `fn` in one IMMEDIATE transaction: every multi-row write goes through here. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
