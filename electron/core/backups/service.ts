import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { DEFAULT_BACKUP_SETTINGS, type BackupSettings, type BackupStatus, type RestoreCandidate } from '../../../shared/domain/backups';
import { HavenError } from '../../../shared/ipc/errors';
import { keyFilePathFor } from '../kernel/crypto/keyFile';
import { backupDatabase, backupDatabaseInThread, type BackupLabel, type BackupProgress } from '../kernel/db/backup';
import { openDatabase, type Db } from '../kernel/db/database';
import type { JobControl } from '../kernel/jobs';
import type { JobPhase } from '../../../shared/domain/types';

/** Our backups' names: the China time they were made, so they sort by age. */
export const BACKUP_NAME = /^haven-(\d{8})-(\d{6})\.db$/;

const DAY_MS = 86_400_000;
const CHINA_MS = 8 * 3_600_000;

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

/** Saves the schedule and retention; the folder is kept (it changes only through the folder dialog). */
export function saveBackupSettings(db: Db, settings: Omit<BackupSettings, 'folder'>): void {
  writeSetting(db, 'backups', { ...settings, folder: backupSettings(db).folder });
}

/** `<data folder>/backups`: beside the database, used until the admin chooses a folder (a USB stick). */
export function defaultBackupFolder(databasePath: string): string {
  return join(dirname(databasePath), 'backups');
}

/** Where backups go now: the chosen folder, or the default one. */
export function backupFolder(db: Db, databasePath: string): string {
  return backupSettings(db).folder ?? defaultBackupFolder(databasePath);
}

function lastBackup(db: Db): { at: string; file: string } | null {
  return readSetting<{ at: string; file: string }>(db, 'lastBackup') ?? null;
}

/**
 * When the last backup was made, as this clock can tell: null when never, and null too when it is
 * dated after `now` — the PC clock has been set back since (a flat CMOS battery), so its age is
 * unknown, and waiting for the clock to catch up would mean no backup for as long.
 */
function lastBackupTime(db: Db, now: Date): number | null {
  const last = lastBackup(db);
  if (last === null) return null;
  const at = new Date(last.at).getTime();
  return at > now.getTime() ? null : at;
}

/** A moment as the backup files name it: China's date and time, `20261130-142501`. */
export function chinaStamp(now: Date): string {
  return new Date(now.getTime() + CHINA_MS).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function listBackups(folder: string): BackupStatus['files'] {
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
    .flatMap((file) => {
      try {
        const stat = statSync(join(folder, file));
        // The time in the name (China time, as made), not the file's: a copy keeps its name, not its mtime.
        const [, day, time] = BACKUP_NAME.exec(file)!;
        const at = new Date(`${day!.slice(0, 4)}-${day!.slice(4, 6)}-${day!.slice(6)}T${time!.slice(0, 2)}:${time!.slice(2, 4)}:${time!.slice(4)}+08:00`);
        return [{ file, at: Number.isNaN(at.getTime()) ? stat.mtime.toISOString() : at.toISOString(), bytes: stat.size }];
      } catch {
        return [];
      }
    });
}

export function backupStatus(db: Db, databasePath: string, now: Date): BackupStatus {
  const settings = backupSettings(db);
  const last = lastBackup(db);
  const lastAt = lastBackupTime(db, now);
  const overdue = lastAt === null || now.getTime() - lastAt > settings.warnDays * DAY_MS;
  const folder = backupFolder(db, databasePath);
  const folderMissing = settings.folder !== null && !isFolder(folder);
  return { settings, folder, folderMissing, last, overdue, files: listBackups(folder) };
}

/** Due for an automatic backup at lock, logout or exit: on, and never made or older than `everyDays`. */
export function backupDue(db: Db, now: Date): boolean {
  const { everyDays } = backupSettings(db);
  if (everyDays === 0) return false;
  const lastAt = lastBackupTime(db, now);
  return lastAt === null || now.getTime() - lastAt >= everyDays * DAY_MS;
}

/**
 * The day's scheduled backup (`dailyAt`, China time): due once today's time has come, unless a
 * backup was made since that time (or, with `everyDays` > 1, within the days before it). Only
 * today's time counts: a day the app was not running is covered by the backup at lock or exit.
 * Returns the slot (its time) so the caller tries it once, not at every tick.
 */
export function backupScheduleDue(db: Db, now: Date): string | null {
  const { everyDays, dailyAt } = backupSettings(db);
  if (everyDays === 0 || dailyAt === null) return null;
  const [hours, minutes] = dailyAt.split(':').map(Number) as [number, number];
  const chinaDayStart = Math.floor((now.getTime() + CHINA_MS) / DAY_MS) * DAY_MS - CHINA_MS;
  const slot = chinaDayStart + (hours * 60 + minutes) * 60_000;
  if (now.getTime() < slot) return null;
  const lastAt = lastBackupTime(db, now);
  if (lastAt !== null && lastAt >= slot - (everyDays - 1) * DAY_MS) return null;
  return new Date(slot).toISOString();
}

/** What a backup writes before it is renamed into place: the copy (and its journal) and the key file. */
const UNFINISHED = /^haven-\d{8}-\d{6}\.db(\.keys)?\.tmp(-.*)?$/;
const UNFINISHED_AFTER_MS = 10 * 60_000;

/**
 * Left by a backup the process did not live to finish (killed, the power cut): encrypted, but not
 * a backup, so removed at the next one. Only files untouched for a while, never one being written.
 */
function sweepUnfinished(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names.filter((n) => UNFINISHED.test(n))) {
    try {
      if (Date.now() - statSync(join(folder, name)).mtimeMs > UNFINISHED_AFTER_MS) rmSync(join(folder, name), { force: true });
    } catch {
      // gone already, or not ours to remove: the backup goes on
    }
  }
}

interface PlannedBackup {
  folder: string;
  file: string;
  path: string;
  keep: number;
  label: BackupLabel;
}

/** Where the next backup goes (a chosen folder that is not there is an error, never made again on the disk beneath it). */
function planBackup(db: Db, databasePath: string, now: Date, madeBy: { username: string | null; automatic: boolean }): PlannedBackup {
  const settings = backupSettings(db);
  const folder = backupFolder(db, databasePath);
  if (settings.folder !== null && !isFolder(folder)) {
    throw new HavenError('NOT_FOUND', { messageKey: 'errors.BACKUP_FOLDER_MISSING', params: { folder } });
  }
  if (settings.folder === null) mkdirSync(folder, { recursive: true });
  sweepUnfinished(folder);
  const file = `haven-${chinaStamp(now)}.db`;
  return { folder, file, path: join(folder, file), keep: settings.keep, label: { at: now.toISOString(), by: madeBy.username, automatic: madeBy.automatic } };
}

/**
 * After the new backup is in place: the oldest of ours beyond `keep` go (by name, the clock's time
 * when each was made), never the new one — a PC clock set back (a flat CMOS battery, a date set
 * by hand) names it older than backups already there, and it is the only one of today's data.
 * Then it is recorded as the last one: only once pruning is done, so the status never names a
 * file that is gone.
 */
function recordBackup(db: Db, planned: PlannedBackup): MadeBackup {
  const beyond = listBackups(planned.folder)
    .filter((b) => b.file !== planned.file)
    .slice(Math.max(0, planned.keep - 1))
    .map((b) => b.file);
  // An old one that cannot be deleted (a scanner holding it, a read-only copy) stays until the next
  // backup tries again: the new backup is made and checked, and must not be reported as failed.
  const removed = beyond.filter((old) => {
    try {
      rmSync(join(planned.folder, old), { force: true });
    } catch {
      return false;
    }
    // Gone: its key file alone opens nothing; if it cannot go now, the next backup removes it (below).
    try {
      rmSync(keyFilePathFor(join(planned.folder, old)), { force: true });
    } catch {
      // Left for removeOrphanKeyFiles at the next backup.
    }
    return true;
  });
  removeOrphanKeyFiles(planned.folder);
  const bytes = statSync(planned.path).size;
  writeSetting(db, 'lastBackup', { at: planned.label.at, file: planned.file });
  return { file: planned.file, bytes, removed };
}

/** Key files of ours whose backup is gone (its deletion once failed half-way): nothing to open, removed. */
function removeOrphanKeyFiles(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith('.keys') || !BACKUP_NAME.test(name.slice(0, -'.keys'.length)) || names.includes(name.slice(0, -'.keys'.length))) continue;
    try {
      rmSync(join(folder, name), { force: true });
    } catch {
      // Tried again at the next backup.
    }
  }
}

export interface MadeBackup {
  file: string;
  bytes: number;
  removed: string[];
}

/**
 * One backup: the encrypted copy with its key file (kernel/db/backup.ts: VACUUM INTO, integrity
 * check, renamed into place — any password or the recovery key opens it), then the oldest of ours
 * beyond `keep` deleted. Nothing is deleted unless the new one succeeded. This one copies on the
 * core's own connection: the backup at lock or exit, when nobody is waiting for the core.
 */
export function makeBackup(db: Db, masterKey: Buffer, databasePath: string, now: Date, madeBy: { username: string | null; automatic: boolean }): MadeBackup {
  const planned = planBackup(db, databasePath, now, madeBy);
  backupDatabase(db, masterKey, databasePath, planned.path, planned.label);
  return recordBackup(db, planned);
}

const MB = 1024 * 1024;

/** A copy's bytes as the job's bar counts them: whole megabytes, of at least one, and all of them once all are copied. */
export function reportMegabytes(job: JobControl, phase: JobPhase, bytes: number, total: number): void {
  const megabytes = Math.max(1, Math.ceil(total / MB));
  job.report(phase, bytes >= total ? megabytes : Math.min(Math.floor(bytes / MB), megabytes - 1), megabytes);
}

/** A backup's progress as a job's: megabytes of the copy written, then its check (no steps to count). */
export function reportBackupTo(job: JobControl): (progress: BackupProgress) => void {
  return (progress) => {
    if (progress.step === 'copy') reportMegabytes(job, 'backupCopy', progress.bytes, progress.total);
    else job.report('backupCheck', 0, 0);
  };
}

/** As `makeBackup`, the copy made in a thread of its own while the core goes on answering (立即备份, the daily time). */
export async function makeBackupInThread(
  db: Db,
  masterKey: Buffer,
  databasePath: string,
  now: Date,
  madeBy: { username: string | null; automatic: boolean },
  options: { nativeBinding?: string; onProgress?: (progress: BackupProgress) => void } = {},
): Promise<MadeBackup> {
  const planned = planBackup(db, databasePath, now, madeBy);
  await backupDatabaseInThread(db, masterKey, databasePath, planned.path, { ...options, label: planned.label });
  return recordBackup(db, planned);
}

/**
 * A folder the admin chose for backups, checked before it is saved: there, a folder, writable (a
 * probe file written and removed), and not inside a folder the app empties (the outbox of made
 * bundles). The error says which.
 */
export function checkBackupFolder(path: string, emptiedFolders: readonly string[]): string {
  if (!isAbsolute(path)) throw new HavenError('VALIDATION', { messageKey: 'errors.BACKUP_FOLDER_MISSING', params: { folder: path } });
  const folder = resolve(path);
  if (!isFolder(folder)) throw new HavenError('VALIDATION', { messageKey: 'errors.BACKUP_FOLDER_MISSING', params: { folder } });
  for (const emptied of emptiedFolders) {
    const inside = relative(resolve(emptied), folder);
    if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
      throw new HavenError('VALIDATION', { messageKey: 'errors.BACKUP_FOLDER_EMPTIED', params: { folder } });
    }
  }
  const probe = join(folder, `.haven-probe-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(probe, 'haven', { flag: 'wx' });
  } catch {
    throw new HavenError('VALIDATION', { messageKey: 'errors.BACKUP_FOLDER_READ_ONLY', params: { folder } });
  } finally {
    rmSync(probe, { force: true });
  }
  return folder;
}

export function saveBackupFolder(db: Db, folder: string | null): void {
  writeSetting(db, 'backups', { ...backupSettings(db), folder });
}

/** Who made a backup and when (written inside it), read without writing a byte to it; null when it does not open with this key. */
export function peekBackup(path: string, masterKey: Buffer, nativeBinding?: string): { label: BackupLabel | null } | null {
  let db: Db;
  try {
    db = openDatabase(path, masterKey, { readOnly: true, migrate: false, nativeBinding });
  } catch {
    return null;
  }
  try {
    const raw = db.prepare(`SELECT value FROM meta WHERE key = 'backup'`).pluck().get() as string | undefined;
    return { label: raw ? (JSON.parse(raw) as BackupLabel) : null };
  } catch {
    return null;
  } finally {
    db.close();
  }
}

/** The backups in the folder for 恢复: made by whom, and whether each opens with the current key (else: an earlier key, or damaged). */
/**
 * After a master-key rotation: the backups in the folder made under an earlier key (each still
 * opens with the passwords and the recovery key of its time, a departed staff member's among
 * them) are deleted with their key files. Refused while no backup opens with the current key, so
 * that the folder is never left without a usable backup; damaged ones are left for a person to
 * look at. Returns the names removed.
 */
export function removeOtherKeyBackups(db: Db, databasePath: string, masterKey: Buffer, nativeBinding?: string): string[] {
  const candidates = restoreCandidates(db, databasePath, masterKey, nativeBinding);
  if (!candidates.some((c) => c.opens === 'ok')) throw new HavenError('CONFLICT', { messageKey: 'errors.BACKUP_NONE_UNDER_CURRENT_KEY' });
  const folder = backupFolder(db, databasePath);
  const removed: string[] = [];
  for (const c of candidates.filter((x) => x.opens === 'otherKey')) {
    rmSync(join(folder, c.file), { force: true });
    rmSync(keyFilePathFor(join(folder, c.file)), { force: true });
    removed.push(c.file);
  }
  return removed;
}

export function restoreCandidates(db: Db, databasePath: string, masterKey: Buffer, nativeBinding?: string): RestoreCandidate[] {
  const folder = backupFolder(db, databasePath);
  return listBackups(folder).map((file) => {
    const path = join(folder, file.file);
    const peeked = peekBackup(path, masterKey, nativeBinding);
    if (peeked) return { ...file, madeBy: peeked.label?.by ?? null, opens: 'ok' as const };
    // Whole pages and a key file beside it: most likely made under an earlier master key.
    let looksWhole = false;
    try {
      looksWhole = file.bytes > 0 && file.bytes % 4096 === 0 && statSync(keyFilePathFor(path)).isFile();
    } catch {
      looksWhole = false;
    }
    return { ...file, madeBy: null, opens: looksWhole ? ('otherKey' as const) : ('damaged' as const) };
  });
}
