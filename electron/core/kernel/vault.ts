import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseMode } from '../../../shared/domain/types';
import { HavenError } from '../../../shared/ipc/errors';
import type { Role } from '../../../shared/schemas/common';
import { normalizeRecoveryKey } from '../../../shared/schemas/recoveryKey';
import { writeAudit } from './audit';
import { createBundleKeys } from './identity/ownKeys';
import { damaged, openDatabase, rekeyDatabase, type Db, type OpenOptions } from './db/database';
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

export function vaultExists(paths: VaultPaths): boolean {
  return existsSync(paths.databasePath) && existsSync(paths.keyFilePath);
}

export interface NewVault {
  station: { code: string; name: string; mode: DatabaseMode };
  admin: { username: string; displayName: string; password: string };
}

export function createVault(paths: VaultPaths, spec: NewVault, now: Date, options: VaultOptions = {}): { recoveryKey: string } {
  if (existsSync(paths.databasePath) || existsSync(paths.keyFilePath)) {
    throw new HavenError('ALREADY_INITIALIZED');
  }
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
 */
function openWith(
  paths: VaultPaths,
  options: VaultOptions,
  unwrap: (keyFile: KeyFileData) => Buffer | null,
): OpenedVault | null {
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
    if (options.migrate !== false) {
      try {
        applyMigrations(db);
      } catch (error) {
        db.close();
        masterKey.fill(0);
        throw error;
      }
    }
    if (candidate.pending) {
      renameSync(pendingPath(paths), paths.keyFilePath);
    } else if (existsSync(pendingPath(paths))) {
      // The rotation never reached its rekey: the pending file is stale.
      rmSync(pendingPath(paths), { force: true });
    }
    return { db, masterKey, keyFile: candidate.keyFile };
  }
  if (keyOpenedNothing) damaged('key');
  return null;
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

/** Slot operations on an open vault; each writes the key file atomically. */
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

  setPassword(username: string, password: string, now: Date): void {
    const slot = makePasswordSlot(this.keyFile.databaseId, username, password, this.masterKey, now, this.options.scrypt ?? OWASP_SCRYPT);
    this.save(withPasswordSlot(this.keyFile, slot));
  }

  removePassword(username: string): void {
    this.save(withoutPasswordSlot(this.keyFile, username));
  }

  newRecoveryKey(now: Date): string {
    const recoveryKey = generateRecoveryKey();
    this.save(withRecoverySlot(this.keyFile, makeRecoverySlot(this.keyFile.databaseId, recoveryKey, this.masterKey, now)));
    return recoveryKey;
  }

  /**
   * New master key: only `keepUsername` keeps a slot (re-made from their password) and a new
   * recovery key is issued. Order matters for crash safety: pending key file, rekey, promote.
   */
  rotateMasterKey(db: Db, keepUsername: string, password: string, now: Date): { masterKey: Buffer; recoveryKey: string; dropped: string[] } {
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
    writeKeyFile(pendingPath(this.paths), next);
    try {
      rekeyDatabase(db, newMasterKey);
    } catch (error) {
      rmSync(pendingPath(this.paths), { force: true });
      newMasterKey.fill(0);
      throw error;
    }
    renameSync(pendingPath(this.paths), this.paths.keyFilePath);
    this.keyFile = next;
    this.masterKey.set(newMasterKey);
    return { masterKey: newMasterKey, recoveryKey, dropped };
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
