/** 备份: where, how many kept, how often automatically, and when the dashboard warns. */
export interface BackupSettings {
  /** Backups kept in the folder (older ones of ours are deleted after a new one succeeded). */
  keep: number;
  /** A backup is made at lock, logout or exit when the last one is older than this (0: only by hand). */
  everyDays: number;
  /** The dashboard warns when the last successful backup is older than this. */
  warnDays: number;
}

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { keep: 10, everyDays: 1, warnDays: 7 };

export interface BackupFileView {
  file: string;
  at: string;
  bytes: number;
}

export interface BackupStatus {
  settings: BackupSettings;
  folder: string;
  last: { at: string; file: string } | null;
  /** Never backed up, or the last one is older than `warnDays`. */
  overdue: boolean;
  files: BackupFileView[];
}
