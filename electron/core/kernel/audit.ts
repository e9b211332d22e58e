import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuditEvent } from '../../../shared/domain/types';
import { maskIdNumber } from '../../../shared/domain/idNumber';
import type { AuditAction } from '../../../shared/ipc/auditActions';
import type { Db } from './db/database';

/**
 * The hash-chained audit log: every event's link covers the previous link and its own fields, so
 * deleting, reordering or editing any event breaks the chain that `haven check` verifies.
 *
 * Links are HMAC-SHA256 under `meta.auditKey` (migration 0009; events written before it keep
 * their plain SHA-256 links as a verified prefix). Someone holding the master key can read that
 * key too and recompute every link, so the chain's head is also anchored outside the file: in
 * every bundle a station sends (the supervisor notices a chain that no longer extends the last
 * one it saw), on the printable audit receipt (`verifyAnchor`), and in every backup.
 */
export interface AuditActor {
  userId: number | null;
  username: string | null;
}

export interface AuditEntry {
  /** One of shared/ipc/auditActions.ts (each has words in both languages). */
  action: AuditAction;
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

function canonical(prevHash: string, row: Omit<AuditRow, 'id' | 'prev_hash' | 'hash'>): string {
  return JSON.stringify([
    prevHash,
    row.at,
    row.actor_user_id,
    row.actor_username,
    row.action,
    row.entity,
    row.entity_id,
    row.details,
  ]);
}

/** The link of an event written before the chain was keyed (migration 0009). */
function plainLink(prevHash: string, row: Omit<AuditRow, 'id' | 'prev_hash' | 'hash'>): string {
  return createHash('sha256').update(canonical(prevHash, row)).digest('hex');
}

function keyedLink(key: Buffer, prevHash: string, row: Omit<AuditRow, 'id' | 'prev_hash' | 'hash'>): string {
  return createHmac('sha256', key).update(canonical(prevHash, row)).digest('hex');
}

/** The chain key of each open database, read once; zeroed when the database is closed. */
const chainKeys = new WeakMap<Db, Buffer>();

function chainKey(db: Db): Buffer {
  let key = chainKeys.get(db);
  if (!key) {
    const hex = (db.prepare(`SELECT value FROM meta WHERE key = 'auditKey'`).pluck().get() as string | undefined) ?? '';
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('the audit chain key is missing from this database');
    key = Buffer.from(hex, 'hex');
    chainKeys.set(db, key);
  }
  return key;
}

/** Called before a database handle is closed (lock, logout): the key does not outlive the session. */
export function forgetChainKey(db: Db): void {
  chainKeys.get(db)?.fill(0);
  chainKeys.delete(db);
}

/**
 * What an event says about a file is sealed under that file's key (migration 0013): its words
 * (texts, and objects such as a change's old and new values) in one AES-256-GCM box, bound to the
 * person's id; numbers, flags and the person's id stay readable for the filters and counts. A
 * purge deletes the key with the file, and the sealed words with it, while the event and its link
 * stay. A file with no row (purged, or an id from elsewhere) gets no key: the purge's own event
 * keeps its reason and the masked ID number, what the log is meant to keep.
 */
const SEALED = '$sealed';

function personOfEvent(entity: string | null, entityId: string | null, details: Record<string, unknown> | null | undefined): number | null {
  if (entity === 'person' && entityId !== null) {
    const id = Number(entityId);
    return Number.isSafeInteger(id) ? id : null;
  }
  const id = details?.personId;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
}

function sealingKey(db: Db, personId: number): Buffer | null {
  const stored = db.prepare('SELECT key FROM person_audit_keys WHERE person_id = ?').pluck().get(personId) as Buffer | undefined;
  if (stored) return stored;
  if (!db.prepare('SELECT 1 FROM persons WHERE id = ?').get(personId)) return null;
  const key = randomBytes(32);
  db.prepare('INSERT INTO person_audit_keys (person_id, key) VALUES (?, ?)').run(personId, key);
  return key;
}

const aad = (personId: number) => Buffer.from(`haven audit ${personId}`);

function sealDetails(db: Db, personId: number | null, details: Record<string, unknown>): Record<string, unknown> {
  if (personId === null) return details;
  const open: Record<string, unknown> = {};
  const words: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(details)) {
    if (name === 'personId' || value === null || typeof value === 'number' || typeof value === 'boolean') open[name] = value;
    else words[name] = value;
  }
  if (Object.keys(words).length === 0) return details;
  const key = sealingKey(db, personId);
  if (!key) return details;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(personId));
  const body = Buffer.concat([cipher.update(JSON.stringify(words), 'utf8'), cipher.final()]);
  return { ...open, [SEALED]: Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64') };
}

/** The details as written, the sealed words opened; `purged: true` in their place once the file's key is gone. */
function openDetails(keyOf: (personId: number) => Buffer | null, personId: number | null, details: Record<string, unknown>): Record<string, unknown> {
  const sealed = details[SEALED];
  if (typeof sealed !== 'string' || personId === null) return details;
  const { [SEALED]: _box, ...open } = details;
  const key = keyOf(personId);
  if (!key) return { ...open, purged: true };
  const box = Buffer.from(sealed, 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, 12)).setAAD(aad(personId));
    decipher.setAuthTag(box.subarray(box.length - 16));
    const words = JSON.parse(Buffer.concat([decipher.update(box.subarray(12, box.length - 16)), decipher.final()]).toString('utf8')) as Record<string, unknown>;
    return { ...open, ...words };
  } catch {
    // Sealed under a key that is gone: a file deleted before 0017 whose id a later file was given
    // (its key is not this one). Its words are as unreadable as a purge meant them to be.
    return { ...open, purged: true };
  }
}

export function writeAudit(db: Db, actor: AuditActor, at: Date, entry: AuditEntry): void {
  const last = db.prepare('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  const prevHash = last?.hash ?? GENESIS;
  const entity = entry.entity ?? null;
  const entityId = entry.entityId === undefined ? null : String(entry.entityId);
  const row = {
    at: at.toISOString(),
    actor_user_id: actor.userId,
    actor_username: actor.username,
    action: entry.action,
    entity,
    entity_id: entityId,
    details: entry.details ? JSON.stringify(sealDetails(db, personOfEvent(entity, entityId, entry.details), entry.details)) : null,
  };
  db.prepare(
    `INSERT INTO audit_events (at, actor_user_id, actor_username, action, entity, entity_id, details, prev_hash, hash)
     VALUES (@at, @actor_user_id, @actor_username, @action, @entity, @entity_id, @details, @prev_hash, @hash)`,
  ).run({ ...row, prev_hash: prevHash, hash: keyedLink(chainKey(db), prevHash, row) });
}

/** The append-only triggers exactly as migration 0001 created them (whitespace aside). */
const APPEND_ONLY_TRIGGERS: Record<string, string> = {
  audit_events_no_update: `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`,
  audit_events_no_delete: `CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`,
};

/** The first event of every database: its creation (vault.ts). */
const FIRST_ACTION = 'setup.create';

export type ChainProblem =
  /** An event's stored previous link is not the link before it (rows cut, inserted or reordered). */
  | 'link'
  /** An event's fields do not give its stored link (edited). */
  | 'edited'
  /** An event with a plain link after keyed ones (rewritten without the key). */
  | 'unkeyed'
  /** The log is empty or does not start with the database's creation. */
  | 'firstEvent'
  /** An append-only trigger is missing or altered. */
  | 'triggers';

export interface ChainCheck {
  ok: boolean;
  events: number;
  /** Id of the first event whose link does not hold (or the first row when the start is wrong). */
  brokenAt: number | null;
  problem: ChainProblem | null;
  /** The last event: what a receipt or a bundle anchors. */
  head: AuditHead | null;
  /** Id of the first keyed event (null while every event is from before migration 0009). */
  keyedFrom: number | null;
}

export interface AuditHead {
  id: number;
  hash: string;
  events: number;
}

function triggersIntact(db: Db): boolean {
  const rows = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'`)
    .all() as { name: string; sql: string }[];
  const squeeze = (sql: string) => sql.replace(/\s+/g, ' ').replace(/;\s*END$/, '; END').trim();
  return Object.entries(APPEND_ONLY_TRIGGERS).every(([name, sql]) => {
    const found = rows.find((r) => r.name === name);
    return found !== undefined && squeeze(found.sql) === squeeze(sql);
  });
}

/** Walks the whole chain once: links, keyed links, the first event and the triggers. */
export function verifyAuditChain(db: Db): ChainCheck {
  const key = chainKey(db);
  let prevHash = GENESIS;
  let events = 0;
  let keyedFrom: number | null = null;
  let head: AuditHead | null = null;
  const broken = (id: number | null, problem: ChainProblem): ChainCheck => ({ ok: false, events, brokenAt: id, problem, head, keyedFrom });
  for (const row of db.prepare('SELECT * FROM audit_events ORDER BY id').iterate() as IterableIterator<AuditRow>) {
    events++;
    if (events === 1 && (row.action !== FIRST_ACTION || row.prev_hash !== GENESIS)) return broken(row.id, 'firstEvent');
    if (row.prev_hash !== prevHash) return broken(row.id, 'link');
    if (sameHex(keyedLink(key, prevHash, row), row.hash)) {
      keyedFrom ??= row.id;
    } else if (sameHex(plainLink(prevHash, row), row.hash)) {
      if (keyedFrom !== null) return broken(row.id, 'unkeyed');
    } else {
      return broken(row.id, 'edited');
    }
    prevHash = row.hash;
    head = { id: row.id, hash: row.hash, events };
  }
  if (events === 0) return broken(null, 'firstEvent');
  if (!triggersIntact(db)) return broken(null, 'triggers');
  return { ok: true, events, brokenAt: null, problem: null, head, keyedFrom };
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The chain's last event, without walking it (what a bundle or a receipt carries). */
export function auditHead(db: Db): AuditHead | null {
  const row = db.prepare('SELECT id, hash, (SELECT count(*) FROM audit_events) AS events FROM audit_events ORDER BY id DESC LIMIT 1').get() as
    | AuditHead
    | undefined;
  return row ?? null;
}

/** The link stored at each of `ids` (missing ids are left out). */
export function auditLinksAt(db: Db, ids: readonly number[]): { id: number; hash: string }[] {
  const read = db.prepare('SELECT id, hash FROM audit_events WHERE id = ?');
  return ids.flatMap((id) => {
    const row = read.get(id) as { id: number; hash: string } | undefined;
    return row ? [row] : [];
  });
}

/** Shortest prefix of a link accepted from a receipt typed by hand (64 bits). */
export const ANCHOR_PREFIX_HEX = 16;

export type AnchorCheck =
  | { outcome: 'holds'; chain: ChainCheck }
  | { outcome: 'missing' | 'differs'; chain: ChainCheck }
  | { outcome: 'chainBroken'; chain: ChainCheck };

/**
 * Compares an anchor written down outside the file (an audit receipt, a bundle, a backup) with
 * the chain: the event must still be there with the same link, and the chain must hold.
 */
export function verifyAnchor(db: Db, anchor: { eventId: number; hash: string }): AnchorCheck {
  const chain = verifyAuditChain(db);
  const wanted = anchor.hash.toLowerCase();
  const [stored] = auditLinksAt(db, [anchor.eventId]);
  if (!stored) return { outcome: 'missing', chain };
  if (!stored.hash.startsWith(wanted)) return { outcome: 'differs', chain };
  return { outcome: chain.ok ? 'holds' : 'chainBroken', chain };
}

export interface AuditQuery {
  personId?: number;
  userId?: number;
  /** An action or a group of them (`persons` → `persons.*`). */
  action?: string;
  /** China days, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  beforeId?: number;
}

/** China day → the UTC instant it starts at (audit times are stored as UTC ISO strings). */
function chinaDayStart(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

function chinaDayAfter(day: string): string {
  return new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();
}

/**
 * Newest events first, with the filters the audit screen, a person's access history and the
 * export use. An event is about a person when its subject is the person's file or its details
 * name the person (a record in the file).
 */
export function listAudit(db: Db, query: AuditQuery): AuditEvent[] {
  const rows = db
    .prepare(
      `SELECT e.*, u.display_name AS actor_name,
              CASE WHEN e.entity = 'person' THEN CAST(e.entity_id AS INTEGER) ELSE json_extract(e.details, '$.personId') END AS about_person
       FROM audit_events e LEFT JOIN users u ON u.id = e.actor_user_id
       WHERE (@beforeId IS NULL OR e.id < @beforeId)
         AND (@userId IS NULL OR e.actor_user_id = @userId)
         AND (@action IS NULL OR e.action = @action OR e.action LIKE @actionGroup ESCAPE '\\')
         AND (@from IS NULL OR e.at >= @from)
         AND (@to IS NULL OR e.at < @to)
         AND (@personId IS NULL OR (e.entity = 'person' AND e.entity_id = @personIdText)
              OR (e.details IS NOT NULL AND json_extract(e.details, '$.personId') = @personId))
       ORDER BY e.id DESC LIMIT @limit`,
    )
    .all({
      beforeId: query.beforeId ?? null,
      userId: query.userId ?? null,
      action: query.action ?? null,
      actionGroup: query.action ? `${query.action.replace(/[\\%_]/g, (c) => `\\${c}`)}.%` : null,
      from: query.from ? chinaDayStart(query.from) : null,
      to: query.to ? chinaDayAfter(query.to) : null,
      personId: query.personId ?? null,
      // entity_id is text; a JS number binds as a REAL, whose text would be '1.0'.
      personIdText: query.personId === undefined ? null : String(query.personId),
      limit: query.limit,
    }) as (AuditRow & { actor_name: string | null; about_person: number | null })[];
  const personIds = [...new Set(rows.flatMap((r) => (typeof r.about_person === 'number' ? [r.about_person] : [])))];
  const persons = new Map<number, { id: number; name: string; idMasked: string }>();
  if (personIds.length > 0) {
    const found = db
      .prepare(`SELECT id, name, id_number FROM persons WHERE id IN (${personIds.map(() => '?').join(', ')})`)
      .all(...personIds) as { id: number; name: string; id_number: string }[];
    for (const p of found) persons.set(p.id, { id: p.id, name: p.name, idMasked: maskIdNumber(p.id_number) });
  }
  const keys = new Map<number, Buffer | null>();
  const readKey = db.prepare('SELECT key FROM person_audit_keys WHERE person_id = ?').pluck();
  const keyOf = (personId: number) => {
    if (!keys.has(personId)) keys.set(personId, (readKey.get(personId) as Buffer | undefined) ?? null);
    return keys.get(personId) ?? null;
  };
  return rows.map((r) => {
    const details = r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null;
    return {
      id: r.id,
      at: r.at,
      actor: r.actor_username,
      actorName: r.actor_name,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      details: details ? openDetails(keyOf, personOfEvent(r.entity, r.entity_id, details), details) : null,
      person: typeof r.about_person === 'number' ? (persons.get(r.about_person) ?? null) : null,
    };
  });
}
