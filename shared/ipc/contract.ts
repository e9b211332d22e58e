import { z } from 'zod';
import {
  displayNameSchema,
  idSchema,
  idleLockMinutesSchema,
  newPasswordSchema,
  passwordSchema,
  roleSchema,
  stationCodeSchema,
  stationNameSchema,
  usernameSchema,
} from '../schemas/common';
import type { AppStatus, AuditEvent, SessionInfo, StationSettings, UserSummary } from '../domain/types';

/**
 * Who may call a channel.
 * - `setup`: only while no database exists (first run).
 * - `public`: without a session (status, login).
 * - `user`: any logged-in user.
 * - `admin`: a logged-in admin.
 */
export type Access = 'setup' | 'public' | 'user' | 'admin';

export interface ChannelSpec<S extends z.ZodType = z.ZodType, R = unknown, A extends Access = Access> {
  access: A;
  input: S;
  /** Phantom: carries the result type; never set at run time. */
  readonly result?: R;
}

/** `channel<Result>()({ access, input })` — the result type is given, the input type inferred. */
function channel<R>() {
  return <S extends z.ZodType, A extends Access>(spec: { access: A; input: S }): ChannelSpec<S, R, A> => spec;
}

const empty = z.object({}).strict();

const confirmPassword = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();

/**
 * The whole IPC surface of Haven. Channel names are `feature:verb`. The preload's allow-list,
 * the main-process registration, the e2e harness and the renderer's typed client all derive
 * from this object; a handler map that misses or adds a channel does not type-check.
 */
export const contract = {
  /** Whether a database exists, whether it is open, and who is logged in. */
  'app:status': channel<AppStatus>()({ access: 'public', input: empty }),

  /** First run: creates the encrypted database and key file; returns the recovery key once. */
  'setup:create': channel<{ recoveryKey: string }>()({
    access: 'setup',
    input: z
      .object({
        stationCode: stationCodeSchema,
        stationName: stationNameSchema,
        adminUsername: usernameSchema,
        adminDisplayName: displayNameSchema,
        password: newPasswordSchema,
      })
      .strict(),
  }),

  /** Unwraps the master key with the user's password slot and opens the database. */
  'auth:login': channel<SessionInfo>()({
    access: 'public',
    input: z.object({ username: usernameSchema, password: passwordSchema }).strict(),
  }),

  /** Lost password: the recovery key opens the database and sets a new password for a user. */
  'auth:recover': channel<SessionInfo>()({
    access: 'public',
    input: z
      .object({
        recoveryKey: z.string().min(1, { message: 'validation.required' }).max(200),
        username: usernameSchema,
        newPassword: newPasswordSchema,
      })
      .strict(),
  }),

  /** Ends the session and closes the database. */
  'auth:logout': channel<void>()({ access: 'user', input: empty }),

  /** Locks now (closes the database, drops the key); the same user unlocks with a password. */
  'auth:lock': channel<void>()({ access: 'user', input: empty }),

  /** The page saw keyboard or mouse activity: postpones the idle lock. */
  'auth:activity': channel<void>()({ access: 'user', input: empty }),

  /** Changes the logged-in user's own password (rewraps only their slot). */
  'auth:changePassword': channel<void>()({
    access: 'user',
    input: confirmPassword({ currentPassword: passwordSchema, newPassword: newPasswordSchema }),
  }),

  /** All accounts of this database. */
  'users:list': channel<UserSummary[]>()({ access: 'admin', input: empty }),

  /** Adds an account with its own key slot. */
  'users:create': channel<UserSummary>()({
    access: 'admin',
    input: z
      .object({
        username: usernameSchema,
        displayName: displayNameSchema,
        role: roleSchema,
        password: newPasswordSchema,
      })
      .strict(),
  }),

  /** Changes name or role; the last active admin cannot be demoted. */
  'users:update': channel<UserSummary>()({
    access: 'admin',
    input: z.object({ userId: idSchema, displayName: displayNameSchema, role: roleSchema }).strict(),
  }),

  /** Sets a new password for a user (rewraps or recreates their slot). */
  'users:resetPassword': channel<void>()({
    access: 'admin',
    input: z.object({ userId: idSchema, newPassword: newPasswordSchema }).strict(),
  }),

  /** Disables an account and removes its key slot; its password no longer opens anything. */
  'users:disable': channel<void>()({
    access: 'admin',
    input: z.object({ userId: idSchema }).strict(),
  }),

  /** Re-enables an account with a new password (a new key slot). */
  'users:enable': channel<void>()({
    access: 'admin',
    input: z.object({ userId: idSchema, newPassword: newPasswordSchema }).strict(),
  }),

  /** Station-wide settings. */
  'settings:get': channel<StationSettings>()({ access: 'user', input: empty }),

  'settings:update': channel<StationSettings>()({
    access: 'admin',
    input: z.object({ idleLockMinutes: idleLockMinutesSchema }).strict(),
  }),

  /**
   * New master key (`PRAGMA rekey`), e.g. after a staff member leaves with a copy of the files.
   * Keeps the calling admin's slot, issues a new recovery key, and drops every other slot: those
   * users need a password reset by an admin.
   */
  'keys:rotateMasterKey': channel<{ recoveryKey: string; usersNeedingReset: string[] }>()({
    access: 'admin',
    input: z.object({ currentPassword: passwordSchema }).strict(),
  }),

  /** Replaces the recovery slot (the old recovery key stops working). */
  'keys:newRecoveryKey': channel<{ recoveryKey: string }>()({
    access: 'admin',
    input: z.object({ currentPassword: passwordSchema }).strict(),
  }),

  /** Newest audit events first. */
  'audit:list': channel<AuditEvent[]>()({
    access: 'admin',
    input: z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        beforeId: z.number().int().positive().optional(),
      })
      .strict(),
  }),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract & string;
/** What a caller passes (before zod defaults and transforms). */
export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ResultOf<C extends ChannelName> = Contract[C] extends ChannelSpec<z.ZodType, infer R, Access> ? R : never;

export const channelNames = Object.keys(contract) as ChannelName[];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}
