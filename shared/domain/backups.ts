/** 备份: where, how many kept, how often automatically, and when the dashboard warns. */
export interface BackupSettings {
  /** Backups kept in the folder (older ones of ours are deleted after a new one succeeded). */
  keep: number;
  /** A backup is made at lock, logout or exit when the last one is older than this (0: only by hand). */
  everyDays: number;
  /** The dashboard warns when the last successful backup is older than this. */
  warnDays: number;
  /**
   * China time `HH:MM` at which a running, unlocked app makes its scheduled backup (null: none).
   * It runs once that day's time has come unless a backup was made since (see backupScheduleDue).
   */
  dailyAt: string | null;
  /** The folder the admin chose (a USB stick, another drive); null: `<data folder>/backups`. */
  folder: string | null;
}

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { keep: 10, everyDays: 1, warnDays: 7, dailyAt: null, folder: null };

export interface BackupFileView {
  file: string;
  at: string;
  bytes: number;
}

export interface BackupStatus {
  settings: BackupSettings;
  /** The folder backups go to now (the chosen one, or the default). */
  folder: string;
  /** The chosen folder is not there (a USB stick unplugged): backing up fails until it is. */
  folderMissing: boolean;
  last: { at: string; file: string } | null;
  /** Never backed up, or the last one is older than `warnDays`. */
  overdue: boolean;
  files: BackupFileView[];
}

/** A backup found in the folder, for 恢复: who made it (as recorded inside it) and whether it opens with the current key. */
export interface RestoreCandidate extends BackupFileView {
  madeBy: string | null;
  /** `ok`: opens with the database's current key; `otherKey`: made under an earlier key (needs the password or recovery key of its time); `damaged`: does not open. */
  opens: 'ok' | 'otherKey' | 'damaged';
}

/** What a restore would put in place and what it would replace, shown before the typed confirmation. */
export interface RestorePreview {
  file: string;
  bytes: number;
  madeAt: string | null;
  madeBy: string | null;
  station: { code: string; name: string };
  schemaVersion: number;
  persons: number;
  users: number;
  auditEvents: number;
  current: { persons: number; auditEvents: number; bytes: number; lastEventAt: string | null };
  /** What the admin types to confirm (the station code). */
  confirmWord: string;
}
