import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { writeAudit } from './audit';
import type { Db } from './db/database';

/**
 * Failed logins per username: after 5 failures each further attempt waits 30 s, doubling up to
 * 15 minutes. This slows guessing at the keyboard; the memory-hard KDF slows it for a copied file.
 *
 * Kept in a small file beside the database (`login-throttle.json`) so that restarting the app
 * does not reset the wait, and so that failures — which cannot be written into the encrypted
 * audit log, since nothing is unlocked — are written there at the next successful login
 * (`takeUnreported`). The file holds user names and times only; deleting it resets the waits,
 * which is no worse than a restart was before.
 */
export const FREE_ATTEMPTS = 5;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;
/**
 * Names kept (an attacker trying many names must not grow the file without bound). Only a name
 * that is not waiting and has no failures left to audit makes room for another: a flood of
 * failures under other names must never end an admin's wait or drop failures unaudited.
 */
const MAX_NAMES = 200;
/**
 * Where a name's failures go when every kept name is waiting or not yet audited (a flood of
 * names, nothing else fills the file so): one count, one wait for every name without an entry
 * of its own, audited as failures under other names. Not a user name: those cannot contain '#'.
 */
export const OTHERS_BUCKET = '#others';
/** Failure times kept per name until they are audited. */
const MAX_UNREPORTED = 50;

const entrySchema = z
  .object({
    failures: z.number().int().min(0).max(1_000_000),
    blockedUntil: z.number().int().min(0),
    /** ISO times of failures not yet written to the audit log; `lost` counts those beyond the cap. */
    unreported: z.array(z.string().max(40)).max(MAX_UNREPORTED),
    lost: z.number().int().min(0).max(1_000_000_000).default(0),
  })
  .strict();
type Entry = z.infer<typeof entrySchema>;
const fileSchema = z.record(z.string().max(80), entrySchema);

export interface UnreportedFailures {
  username: string;
  count: number;
  times: string[];
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  /** `path`: where the state persists (none in memory-only tests). A damaged file starts empty. */
  constructor(private readonly path?: string) {
    if (!path) return;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return;
    }
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (parsed.success) for (const [name, entry] of Object.entries(parsed.data)) this.entries.set(name, entry);
    } catch {
      // Not JSON: treated as no state (the next failure rewrites it).
    }
  }

  /** Seconds still to wait before this username may try again; 0 when it may. A name without an entry waits with the others. */
  waitSeconds(username: string, now: Date): number {
    const entry = this.entries.get(username) ?? (username === RECOVERY_BUCKET ? undefined : this.entries.get(OTHERS_BUCKET));
    if (!entry) return 0;
    return Math.max(0, Math.ceil((entry.blockedUntil - now.getTime()) / 1000));
  }

  recordFailure(username: string, now: Date): void {
    // The recovery key's attempts always keep their own count (one name more in the file, never evicted).
    const key = this.entries.has(username) || username === RECOVERY_BUCKET || this.makeRoom(now) ? username : OTHERS_BUCKET;
    const entry = this.entries.get(key) ?? { failures: 0, blockedUntil: 0, unreported: [], lost: 0 };
    entry.failures += 1;
    if (entry.failures >= FREE_ATTEMPTS) {
      const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (entry.failures - FREE_ATTEMPTS));
      entry.blockedUntil = now.getTime() + delay;
    }
    if (entry.unreported.length < MAX_UNREPORTED) entry.unreported.push(now.toISOString());
    else entry.lost += 1;
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.save();
  }

  /**
   * Room for one more name: under the cap, or once the name longest without a failure that is
   * neither waiting nor holding failures not yet audited is forgotten (nothing is lost with it
   * but its count towards the next wait). False when there is none such: the failure goes to
   * the others. With room again and their wait over, the others' shared count is forgotten too.
   */
  private makeRoom(now: Date): boolean {
    const idle = (e: Entry) => e.blockedUntil <= now.getTime() && e.unreported.length === 0 && e.lost === 0;
    const names = [...this.entries].filter(([name]) => name !== OTHERS_BUCKET && name !== RECOVERY_BUCKET);
    if (names.length >= MAX_NAMES) {
      const oldest = names.find(([, e]) => idle(e));
      if (!oldest) return false;
      this.entries.delete(oldest[0]);
    }
    const others = this.entries.get(OTHERS_BUCKET);
    if (others && idle(others)) this.entries.delete(OTHERS_BUCKET);
    return true;
  }

  failures(username: string): number {
    return this.entries.get(username)?.failures ?? 0;
  }

  /** A successful login: the wait ends; failures not yet audited stay until `takeUnreported`. */
  reset(username: string): void {
    const entry = this.entries.get(username);
    if (!entry) return;
    if (entry.unreported.length === 0 && entry.lost === 0) this.entries.delete(username);
    else Object.assign(entry, { failures: 0, blockedUntil: 0 });
    this.save();
  }

  /**
   * Hands every failure not yet audited (all names) to `write` — the audit log of the session
   * just opened — and forgets them only once it returned.
   */
  reportUnreported(write: (failures: UnreportedFailures[]) => void): void {
    const pending = [...this.entries].filter(([, e]) => e.unreported.length > 0 || e.lost > 0);
    if (pending.length === 0) return;
    write(pending.map(([username, e]) => ({ username, count: e.unreported.length + e.lost, times: [...e.unreported] })));
    for (const [username, entry] of pending) {
      entry.unreported = [];
      entry.lost = 0;
      if (entry.failures === 0) this.entries.delete(username);
    }
    this.save();
  }

  private save(): void {
    if (!this.path) return;
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.entries)), { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}

/** The throttle's name for recovery-key attempts (not a user name: those cannot contain '#'). */
export const RECOVERY_BUCKET = '#recovery';

/**
 * Writes the failures not yet audited into the log of a database just unlocked (app or command
 * line): one event per name, with the count and the times.
 */
export function auditLoginFailures(db: Db, throttle: LoginThrottle, now: Date): void {
  throttle.reportUnreported((failures) => {
    const userId = db.prepare('SELECT id FROM users WHERE username = ?').pluck();
    for (const f of failures) {
      const recovery = f.username === RECOVERY_BUCKET;
      const others = f.username === OTHERS_BUCKET;
      const known = recovery || others ? undefined : (userId.get(f.username) as number | undefined);
      writeAudit(db, { userId: null, username: null }, now, {
        action: recovery ? 'auth.recoverFailed' : 'auth.loginFailed',
        ...(known === undefined ? {} : { entity: 'user', entityId: known }),
        // Failures under names the file had no room to keep apart: how many, when, not under which names.
        details: { ...(recovery ? {} : others ? { otherNames: true } : { username: f.username }), count: f.count, times: f.times },
      });
    }
  });
}
