import { readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_BACKUP_SETTINGS, type BackupSettings, type BackupStatus } from '../../../shared/domain/backups';
import { keyFilePathFor } from '../kernel/crypto/keyFile';
import { backupDatabase } from '../kernel/db/backup';
import type { Db } from '../kernel/db/database';

/** Our backups' names: the China time they were made, so they sort by age. */
const BACKUP_NAME = /^haven-(\d{8})-(\d{6})\.db$/;

function readSetting<T>(db: Db, key: string): T | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  return row === undefined ? undefined : (JSON.parse(row) as T);
}

function writeSetting(db: Db, key: string, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

export function backupSettings(db: Db): BackupSettings {
  return { ...DEFAULT_BACKUP_SETTINGS, ...(readSetting<Partial<BackupSettings>>(db, 'backups') ?? {}) };
}

export function saveBackupSettings(db: Db, settings: BackupSettings): void {
  writeSetting(db, 'backups', settings);
}

/** `<data folder>/backups`: beside the database, in the folder the station's IT backs up anyway (copy it to a USB stick with `haven backup --out`). */
export function backupFolder(databasePath: string): string {
  return join(dirname(databasePath), 'backups');
}

function lastBackup(db: Db): { at: string; file: string } | null {
  return readSetting<{ at: string; file: string }>(db, 'lastBackup') ?? null;
}

function chinaStamp(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

function listBackups(folder: string): BackupStatus['files'] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((n) => BACKUP_NAME.test(n))
    .sort()
    .reverse()
    .map((file) => {
      const stat = statSync(join(folder, file));
      return { file, at: stat.mtime.toISOString(), bytes: stat.size };
    });
}

export function backupStatus(db: Db, databasePath: string, now: Date): BackupStatus {
  const settings = backupSettings(db);
  const last = lastBackup(db);
  const overdue = last === null || now.getTime() - new Date(last.at).getTime() > settings.warnDays * 86_400_000;
  const folder = backupFolder(databasePath);
  return { settings, folder, last, overdue, files: listBackups(folder) };
}

/** Due for an automatic backup: on, and never made or older than `everyDays`. */
export function backupDue(db: Db, now: Date): boolean {
  const { everyDays } = backupSettings(db);
  if (everyDays === 0) return false;
  const last = lastBackup(db);
  return last === null || now.getTime() - new Date(last.at).getTime() >= everyDays * 86_400_000;
}

/**
 * One backup: the encrypted copy with its key file (kernel/db/backup.ts: VACUUM INTO, integrity
 * check, renamed into place — any password or the recovery key opens it), then the oldest of ours
 * beyond `keep` deleted. Nothing is deleted unless the new one succeeded.
 */
export function makeBackup(db: Db, masterKey: Buffer, databasePath: string, now: Date): { file: string; bytes: number; removed: string[] } {
  const folder = backupFolder(databasePath);
  const file = `haven-${chinaStamp(now)}.db`;
  const path = join(folder, file);
  backupDatabase(db, masterKey, databasePath, path);
  writeSetting(db, 'lastBackup', { at: now.toISOString(), file });
  const { keep } = backupSettings(db);
  const removed = listBackups(folder)
    .slice(keep)
    .map((b) => b.file);
  for (const old of removed) {
    rmSync(join(folder, old), { force: true });
    rmSync(keyFilePathFor(join(folder, old)), { force: true });
  }
  return { file, bytes: statSync(path).size, removed };
}
