import type { Locale, Role } from '../schemas/common';

export type DatabaseMode = 'station' | 'supervisor';

export interface StationInfo {
  code: string;
  name: string;
  mode: DatabaseMode;
}

export interface UserSummary {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  /** False after a master-key rotation dropped the user's slot: an admin must reset the password. */
  hasKeySlot: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface StationSettings {
  idleLockMinutes: number;
}

export interface SessionInfo {
  user: UserSummary;
  station: StationInfo;
  settings: StationSettings;
  /** Today in China (YYYY-MM-DD) by the core's clock: forms default their dates to it. */
  today: string;
  /**
   * Set when the check made after unlock found damaged pages (quick_check's lines): the app then
   * refuses every change and says so until the file is repaired or restored.
   */
  databaseDamage: string[] | null;
  /**
   * The password was given by an admin (new user, reset): until the user sets their own
   * (auth:changePassword) the app shows only that screen and the core refuses other channels.
   */
  mustChangePassword: boolean;
}

/** Why the database was closed; the lock screen says it in words. */
/** `restored`: a backup was put in place of the database (备份与恢复); everyone logs in again. */
export type LockReason = 'idle' | 'os-lock' | 'manual' | 'logout' | 'restored';

export type AppState = 'uninitialized' | 'locked' | 'unlocked';

export interface AppStatus {
  state: AppState;
  session: SessionInfo | null;
  /** Set while locked: why the last session ended, and whose it was (to prefill the lock screen). */
  lockReason: LockReason | null;
  lastUsername: string | null;
}

export interface AuditEvent {
  id: number;
  at: string;
  /** The user name as recorded, and the user's display name today (null: the system or an unknown name). */
  actor: string | null;
  actorName: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  details: Record<string, unknown> | null;
  /** The person the event is about (its file, or a record in it), named with the ID number masked. */
  person: { id: number; name: string; idMasked: string } | null;
}

/** Why the audit chain does not hold (kernel/audit.ts verifyAuditChain). */
export const auditChainProblems = ['link', 'edited', 'unkeyed', 'firstEvent', 'triggers'] as const;
export type AuditChainProblem = (typeof auditChainProblems)[number];

/** The audit chain as checked now, and its head (what a receipt or a bundle anchors). */
export interface AuditChainStatus {
  ok: boolean;
  events: number;
  brokenAt: number | null;
  problem: AuditChainProblem | null;
  head: { id: number; hash: string; events: number } | null;
}

/** An anchor written down outside the file compared with the chain. */
export type AnchorOutcome = 'holds' | 'missing' | 'differs' | 'chainBroken';

/** The steps of a long job, named in words on the progress bar. */
export const jobPhases = ['reading', 'packing', 'encrypting', 'verifying', 'decrypting', 'checking', 'applying', 'evaluating', 'rekeying', 'backupCopy', 'backupCheck', 'importing', 'exporting', 'restoreCopy', 'restoreCheck', 'restoreSwap'] as const;
export type JobPhase = (typeof jobPhases)[number];

/** A long job's progress (export, import, the worklist's first evaluation); `done` of `total` in the phase. */
export interface JobProgress {
  /** The channel that started the job. */
  job: string;
  phase: JobPhase;
  done: number;
  total: number;
  /** Whether `shell:cancelJob` may stop it now (nothing written yet, or everything rolled back). */
  cancellable: boolean;
}

/** Pushed from the main process to the page. */
export type HavenEvent =
  | { type: 'locked'; reason: LockReason }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'jobEnded'; job: string; outcome: 'done' | 'cancelled' | 'failed' }
  | { type: 'databaseDamaged'; problems: string[] }
  /** The window's 帮助 menu: open the guide (as F1 does); from the main process, not the core. */
  | { type: 'openGuide' };

export type { Locale, Role };
