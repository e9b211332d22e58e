import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { personListQuerySchema } from '../../../shared/schemas/person';
import type { Db } from '../kernel/db/database';
import { connect } from '../kernel/db/driver';
import { pageCacheKibFor } from '../kernel/db/pageCache';
import { applyMigrations } from '../kernel/db/migrate';
import { loadPersonFacts } from '../kernel/facts';
import { listPersons } from '../persons/list';
import { contract, type CoreChannelName, type InputOf } from '../../../shared/ipc/contract';
import { handlers } from '../handlers';
import { writeAudit, type AuditEntry } from '../kernel/audit';
import type { SessionContext, SessionUser } from '../kernel/context';
import { contactKinds } from '../../../shared/domain/supervision';
import { OPEN_STATUSES } from '../../../shared/domain/measures';

/**
 * The cost of encryption on the app's own queries: the encrypted database copied row for row into
 * a plain one with the same schema (the app's migrations), then one workload run on each. The
 * plain copy exists only for the measurement and is removed by the caller.
 */
export function plainCopy(encrypted: Db, plainPath: string): void {
  const plain = connect(plainPath);
  plain.pragma('journal_mode = WAL');
  applyMigrations(plain as unknown as Db);
  plain.close();
  encrypted.prepare(`ATTACH DATABASE ? AS plain KEY ''`).run(plainPath);
  // Rows are copied table by table as they are; references are checked again by nothing here.
  encrypted.pragma('foreign_keys = OFF');
  try {
    const tables = encrypted
      .prepare(`SELECT name, sql FROM plain.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .all() as { name: string; sql: string }[];
    const virtual = tables.filter((t) => /^CREATE VIRTUAL/i.test(t.sql)).map((t) => t.name);
    const copied = tables.filter((t) => !virtual.includes(t.name) && !virtual.some((v) => t.name.startsWith(`${v}_`)));
    encrypted.transaction(() => {
      encrypted.exec('DELETE FROM plain.agreement_templates; DELETE FROM plain.meta');
      for (const t of copied) encrypted.exec(`INSERT INTO plain."${t.name}" SELECT * FROM main."${t.name}"`);
    })();
  } finally {
    encrypted.exec('DETACH DATABASE plain');
    encrypted.pragma('foreign_keys = ON');
  }
}

/** The plain copy with the app's own settings (openDatabase), the key aside: the same cache as the encrypted file gets. */
export function openPlain(path: string, encryptedBytes: number): Db {
  const db = connect(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`cache_size = -${pageCacheKibFor(encryptedBytes)}`);
  db.pragma('temp_store = MEMORY');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  return db as unknown as Db;
}

export interface WorkloadTime {
  /** Wall-clock time. */
  ms: number;
  /** CPU time of this process (user + system): what encryption costs, and what other work on the machine does not inflate. */
  cpuMs: number;
  /** The CPU time of everything but the saves (facts, searches, the list, the visits' reads), and of the saves alone. */
  readCpuMs: number;
  writeCpuMs: number;
}

/** What one run of the workload does: chosen once, then run the same on each database. */
export interface WorkloadPlan {
  /** Persons on file (the list's last page is read). */
  persons: number;
  /** Files whose rules' facts are read: the day's first worklist evaluation. */
  factsOf: number[];
  /** Person-list searches. */
  queries: string[];
  /** Files a talk is recorded in, a visit each (VISIT_OPEN, the save, VISIT_RELOAD). */
  visits: number[];
  today: string;
  /** Who works: the bench's user, as in the database. */
  user: SessionUser;
}

/**
 * What the file page reads when staff open a file to record a talk: the header (an audited look
 * at the file), its alerts, and the 谈话走访 tab.
 */
export const VISIT_OPEN = ['persons:get', 'worklist:person', 'contacts:list'] as const satisfies readonly CoreChannelName[];
/** What it reads again once the talk is saved (PersonFilePage's `changed`): the tab, the alerts (evaluated again and stored), the header's facts. */
export const VISIT_RELOAD = ['contacts:list', 'worklist:person', 'persons:status'] as const satisfies readonly CoreChannelName[];

type Call = <C extends CoreChannelName>(channel: C, input: InputOf<C>) => Promise<unknown>;

/**
 * The core's own handler for a channel, called as invoke calls it (the contract's input schema,
 * then the handler, which audits what it must) on a database opened outside a session: the plain
 * copy has no vault, so the workload cannot go through createHavenCore. The context has what the
 * visit's channels use; a handler reaching for anything else fails the bench loudly.
 */
function callerOn(db: Db, user: SessionUser, now: Date): Call {
  const known: Record<string, unknown> = {
    db,
    user,
    now,
    audit: (entry: AuditEntry) => writeAudit(db, { userId: user.id, username: user.username }, now, entry),
  };
  const ctx = new Proxy(known, {
    get(target, key) {
      if (typeof key === 'symbol' || key in target) return target[key as string];
      throw new Error(`bench: ctx.${key} is not there outside a session`);
    },
  }) as unknown as SessionContext;
  return async (channel, input) => {
    const handler = handlers[channel] as (input: unknown, ctx: SessionContext) => unknown;
    return handler(contract[channel].input.parse(input), ctx);
  };
}

const cpuMsSince = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/**
 * The app's own work on one database, or the `part`-th of `parts` of it: the reads a station makes
 * over and over (the rules' facts of many files, person-list searches, the list's last page), and
 * a day's talks recorded as staff record them — the file opened, the talk saved through its
 * handler (one transaction, one audit event), the page read again. A save alone costs more
 * encrypted than the rest (each writes about 6.5 pages, each encrypted and signed anew: ~13 µs a
 * page); its share of the workload is what a day at the station gives it, not more.
 */
export async function appWorkload(db: Db, plan: WorkloadPlan, now: Date, part = 0, parts = 1): Promise<WorkloadTime> {
  const mine = <T>(items: T[]) => items.filter((_, i) => i % parts === part);
  const call = callerOn(db, plan.user, now);
  const contact = { date: plan.today, kind: contactKinds[0], summary: '性能测试记录' };
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const id of mine(plan.factsOf)) loadPersonFacts(db, id);
  for (const query of mine(plan.queries)) listPersons(db, personListQuerySchema.parse({ query }), plan.today);
  if (part === 0) listPersons(db, personListQuerySchema.parse({ offset: Math.max(0, plan.persons - 100) }), plan.today);
  let writeCpuMs = 0;
  for (const personId of mine(plan.visits)) {
    for (const channel of VISIT_OPEN) await call(channel, { personId });
    const saving = process.cpuUsage();
    await call('contacts:create', { personId, contact });
    writeCpuMs += cpuMsSince(saving);
    for (const channel of VISIT_RELOAD) await call(channel, { personId });
  }
  const cpuMs = cpuMsSince(cpu);
  return { ms: performance.now() - start, cpuMs, readCpuMs: cpuMs - writeCpuMs, writeCpuMs };
}

/**
 * A full garbage collection, untimed, before each part: otherwise what one side's part allocated
 * is collected during the next part, on whichever side that is.
 */
let gc: (() => void) | null = null;
function collectGarbage(): void {
  if (gc === null) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** Counted rounds of the comparison, after one that warms both sides. */
export const WORKLOAD_ROUNDS = 6;
/** Parts a round is cut into, run in turn on each side. */
const WORKLOAD_PARTS = 8;

/**
 * The workload on the encrypted database and on its plain copy, side by side: each round is cut
 * into parts run in turn on each side (which goes first alternates), so a slow moment of the
 * machine (this is a VM on shared cores) falls on both alike. A ratio is the median over the
 * counted rounds of each round's own encrypted ÷ plain (the two sides of a round ran together);
 * each side's times are its medians. Earlier, the least of three whole rounds per side, taken
 * apart, gave the station's ratio anywhere from 1.08 to 1.22 from run to run.
 */
export async function compareWorkload(
  encrypted: Db,
  plain: Db,
  plan: WorkloadPlan,
  now: Date,
): Promise<{ encrypted: WorkloadTime; plain: WorkloadTime; ratio: WorkloadTime }> {
  const zero = (): WorkloadTime => ({ ms: 0, cpuMs: 0, readCpuMs: 0, writeCpuMs: 0 });
  const add = (sum: WorkloadTime, t: WorkloadTime) => {
    sum.ms += t.ms;
    sum.cpuMs += t.cpuMs;
    sum.readCpuMs += t.readCpuMs;
    sum.writeCpuMs += t.writeCpuMs;
  };
  const rounds: { encrypted: WorkloadTime; plain: WorkloadTime }[] = [];
  for (let round = 0; round <= WORKLOAD_ROUNDS; round++) {
    const totals = { encrypted: zero(), plain: zero() };
    for (let part = 0; part < WORKLOAD_PARTS; part++) {
      const order = (round + part) % 2 === 0 ? (['encrypted', 'plain'] as const) : (['plain', 'encrypted'] as const);
      for (const side of order) {
        collectGarbage();
        add(totals[side], await appWorkload(side === 'encrypted' ? encrypted : plain, plan, now, part, WORKLOAD_PARTS));
      }
    }
    if (round > 0) rounds.push(totals);
  }
  const keys = ['ms', 'cpuMs', 'readCpuMs', 'writeCpuMs'] as const;
  const each = (value: (key: (typeof keys)[number]) => number): WorkloadTime => ({ ms: value('ms'), cpuMs: value('cpuMs'), readCpuMs: value('readCpuMs'), writeCpuMs: value('writeCpuMs') });
  return {
    encrypted: each((key) => median(rounds.map((r) => r.encrypted[key]))),
    plain: each((key) => median(rounds.map((r) => r.plain[key]))),
    // Each round's two sides ran side by side, part by part: their ratio is the paired figure.
    ratio: each((key) => median(rounds.map((r) => r.encrypted[key] / Math.max(r.plain[key], 0.01)))),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Files a talk can be recorded for (an open measure), spread over the database. */
export function openFiles(db: Db, count: number): number[] {
  const ids = db
    .prepare(`SELECT p.id FROM persons p JOIN measures m ON m.id = p.current_measure_id WHERE p.archived_at IS NULL AND m.status IN (${OPEN_STATUSES.map(() => '?').join(', ')}) ORDER BY p.id`)
    .pluck()
    .all(...OPEN_STATUSES) as number[];
  const step = Math.max(1, Math.floor(ids.length / count));
  return ids.filter((_, i) => i % step === 0).slice(0, count);
}
