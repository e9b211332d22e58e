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
}

/** Why the database was closed; the lock screen says it in words. */
export type LockReason = 'idle' | 'os-lock' | 'manual' | 'logout';

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
  actor: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  details: Record<string, unknown> | null;
}

/** The steps of a long job, named in words on the progress bar. */
export const jobPhases = ['reading', 'packing', 'encrypting', 'verifying', 'decrypting', 'checking', 'applying', 'evaluating', 'rekeying', 'importing', 'exporting'] as const;
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
  | { type: 'jobEnded'; job: string; outcome: 'done' | 'cancelled' | 'failed' };

export type { Locale, Role };
