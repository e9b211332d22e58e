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

/** Pushed from the main process to the page. */
export type HavenEvent = { type: 'locked'; reason: LockReason };

export type { Locale, Role };
