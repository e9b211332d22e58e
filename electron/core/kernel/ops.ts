import { chinaDay } from '../../../shared/domain/dates';
import { writeAudit, type AuditEntry } from './audit';
import type { Db } from './db/database';
import type { SessionContext } from './context';

/**
 * What a feature service needs to write: the database, who acts, when, and the audit writer.
 * Handlers build it from the session; the demo generator builds one of its own.
 */
export interface Ops {
  db: Db;
  now: Date;
  /** The calendar day in China (UTC+8) for date rules. */
  today: string;
  actor: { userId: number | null; username: string | null; displayName: string | null };
  audit(entry: AuditEntry): void;
}

export function opsFromSession(ctx: SessionContext): Ops {
  return {
    db: ctx.db,
    now: ctx.now,
    today: chinaDay(ctx.now),
    actor: { userId: ctx.user.id, username: ctx.user.username, displayName: ctx.user.displayName },
    audit: ctx.audit,
  };
}

export function opsFor(db: Db, now: Date, actor: Ops['actor'], audited = true): Ops {
  return {
    db,
    now,
    today: chinaDay(now),
    actor,
    audit: audited ? (entry) => writeAudit(db, { userId: actor.userId, username: actor.username }, now, entry) : () => {},
  };
}

/** Old and new value of every field that changed (for field-level change history). */
export function fieldChanges<T extends object>(before: T, after: T, mask: Partial<Record<keyof T, (v: unknown) => unknown>> = {}) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const a = JSON.stringify(before[key]);
    const b = JSON.stringify(after[key]);
    if (a !== b) {
      const show = mask[key] ?? ((v: unknown) => v);
      changes[String(key)] = { from: show(before[key]), to: show(after[key]) };
    }
  }
  return changes;
}
