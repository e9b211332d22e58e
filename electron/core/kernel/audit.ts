import { createHash } from 'node:crypto';
import type { AuditEvent } from '../../../shared/domain/types';
import type { Db } from './db/database';

/**
 * The hash-chained audit log: every event's hash covers the previous event's hash and its own
 * fields, so deleting, reordering or editing any event (even with the raw key and a SQL shell)
 * breaks the chain that `haven check` verifies.
 */
export interface AuditActor {
  userId: number | null;
  username: string | null;
}

export interface AuditEntry {
  action: string;
  entity?: string;
  entityId?: string | number;
  details?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

interface AuditRow {
  id: number;
  at: string;
  actor_user_id: number | null;
  actor_username: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

function eventHash(prevHash: string, row: Omit<AuditRow, 'id' | 'prev_hash' | 'hash'>): string {
  const canonical = JSON.stringify([
    prevHash,
    row.at,
    row.actor_user_id,
    row.actor_username,
    row.action,
    row.entity,
    row.entity_id,
    row.details,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function writeAudit(db: Db, actor: AuditActor, at: Date, entry: AuditEntry): void {
  const last = db.prepare('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  const prevHash = last?.hash ?? GENESIS;
  const row = {
    at: at.toISOString(),
    actor_user_id: actor.userId,
    actor_username: actor.username,
    action: entry.action,
    entity: entry.entity ?? null,
    entity_id: entry.entityId === undefined ? null : String(entry.entityId),
    details: entry.details ? JSON.stringify(entry.details) : null,
  };
  db.prepare(
    `INSERT INTO audit_events (at, actor_user_id, actor_username, action, entity, entity_id, details, prev_hash, hash)
     VALUES (@at, @actor_user_id, @actor_username, @action, @entity, @entity_id, @details, @prev_hash, @hash)`,
  ).run({ ...row, prev_hash: prevHash, hash: eventHash(prevHash, row) });
}

export interface ChainCheck {
  ok: boolean;
  events: number;
  /** Id of the first event whose hash or link does not match. */
  brokenAt: number | null;
}

export function verifyAuditChain(db: Db): ChainCheck {
  let prevHash = GENESIS;
  let events = 0;
  for (const row of db.prepare('SELECT * FROM audit_events ORDER BY id').iterate() as IterableIterator<AuditRow>) {
    events++;
    if (row.prev_hash !== prevHash || eventHash(prevHash, row) !== row.hash) {
      return { ok: false, events, brokenAt: row.id };
    }
    prevHash = row.hash;
  }
  return { ok: true, events, brokenAt: null };
}

export function listAudit(db: Db, limit: number, beforeId?: number): AuditEvent[] {
  const rows = db
    .prepare(
      `SELECT * FROM audit_events WHERE (@beforeId IS NULL OR id < @beforeId) ORDER BY id DESC LIMIT @limit`,
    )
    .all({ beforeId: beforeId ?? null, limit }) as AuditRow[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor_username,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
  }));
}
