import { daysBetween } from '../../../shared/domain/dates';
import { maskIdNumber } from '../../../shared/domain/idNumber';
import type { SupervisionSettings } from '../../../shared/domain/supervision';
import { evaluatePerson, evaluateStation } from '../../../shared/rules/engine';
import { UNREPORTED_BREACH_RULES, type Alert, type PersonFacts, type RuleId } from '../../../shared/rules/types';
import { worklistGroups, type WorklistCounts, type WorklistGroup, type WorklistPage, type WorklistRow } from '../../../shared/rules/worklist';
import type { Db } from '../kernel/db/database';
import { withPageCache } from '../kernel/db/pageCache';
import { loadFactsRange, loadPersonFacts } from '../kernel/facts';
import { withStatementCache } from '../kernel/statements';
import type { JobRunner } from '../kernel/jobs';
import { getStation } from '../kernel/settings';
import { countedPerson } from '../kernel/counted';

const BIG_REFRESH = 1000;
/** Persons whose facts are read together when many are due. */
export const FACTS_CHUNK = 500;

/** Sorted ids in runs of at most `size`. */
export function chunks(ids: number[], size: number): number[][] {
  const sorted = [...ids].sort((a, b) => a - b);
  const out: number[][] = [];
  for (let i = 0; i < sorted.length; i += size) out.push(sorted.slice(i, i + size));
  return out;
}
/**
 * The page cache while many files are evaluated at once (the first read after an import or a
 * demo), whatever the everyday size (kernel withPageCache): every file's records stream through it
 * once, and it keeps the alerts being written from being evicted and re-read. A larger one only
 * adds to the core's peak (at 30,000 persons with the everyday 128 MB: 336 MB against 270–280,
 * and the run 0.2 s faster).
 */
const BIG_REFRESH_CACHE_KIB = 64 * 1024;

/** Re-evaluates one person and stores the result (`loaded`: facts already read in a batch). */
export function refreshPerson(db: Db, personId: number, today: string, settings: SupervisionSettings, loaded?: PersonFacts | null): void {
  const facts = loaded === undefined ? loadPersonFacts(db, personId) : loaded;
  const cached = withStatementCache(db);
  cached.prepare('DELETE FROM alerts WHERE person_id = ?').run(personId);
  if (!facts) return;
  const { alerts, nextReviewOn } = evaluatePerson(facts, today, settings);
  const insert = cached.prepare(
    'INSERT INTO alerts (person_id, rule_id, severity, key, facts, article, due_date) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const a of alerts) insert.run(personId, a.ruleId, a.severity, a.key, JSON.stringify(a.facts), a.article, a.dueDate);
  cached.prepare(
    `INSERT INTO alert_state (person_id, evaluated_on, next_review_on) VALUES (?, ?, ?)
     ON CONFLICT (person_id) DO UPDATE SET evaluated_on = excluded.evaluated_on, next_review_on = excluded.next_review_on`,
  ).run(personId, today, nextReviewOn);
}

/** Persons never evaluated, changed since, whose review day has come, or evaluated on a later day (the clock went back). */
function dueIds(db: Db, today: string): number[] {
  return db
    .prepare(
      `SELECT p.id FROM persons p LEFT JOIN alert_state s ON s.person_id = p.id
       WHERE p.archived_at IS NULL
         AND (s.person_id IS NULL OR s.next_review_on <= @today OR s.evaluated_on > @today)`,
    )
    .pluck()
    .all({ today }) as number[];
}

const dropArchived = (db: Db) => db.prepare('DELETE FROM alerts WHERE person_id IN (SELECT id FROM persons WHERE archived_at IS NOT NULL)').run();

/** Many files at once: their records are read range by range, a table per statement. */
function refreshChunk(db: Db, chunk: number[], today: string, settings: SupervisionSettings): void {
  const facts = loadFactsRange(db, chunk[0] as number, chunk.at(-1) as number);
  for (const id of chunk) refreshPerson(db, id, today, settings, facts.get(id) ?? null);
}

/**
 * Brings the stored worklist up to `today` in one transaction (the CLI, and few files due).
 * Archived files drop out. Returns how many were re-evaluated.
 */
export function refreshDue(db: Db, today: string, settings: SupervisionSettings): number {
  const due = dueIds(db, today);
  const run = () =>
    db.transaction(() => {
      dropArchived(db);
      if (due.length <= BIG_REFRESH) for (const id of due) refreshPerson(db, id, today, settings);
      else for (const chunk of chunks(due, FACTS_CHUNK)) refreshChunk(db, chunk, today, settings);
    })();
  if (due.length <= BIG_REFRESH) {
    run();
    return due.length;
  }
  withPageCache(db, BIG_REFRESH_CACHE_KIB, run);
  return due.length;
}

const inFlight = new WeakMap<Db, Promise<number>>();

/**
 * The same for the screens: when many files are due (after an import, or the first login of the
 * day at county scale) it runs as a long job, a chunk of files per transaction, with progress,
 * letting other requests (the person list, a lock) in between chunks. A stop leaves the rest for
 * the next read, as does a lock. Callers arriving meanwhile wait for the same run.
 */
export function refreshDueInSteps(db: Db, today: string, settings: SupervisionSettings, jobs: JobRunner): Promise<number> {
  const running = inFlight.get(db);
  if (running) return running;
  const due = dueIds(db, today);
  // Few files, or another long job holds the core: at once, as the CLI does.
  if (due.length <= BIG_REFRESH || jobs.running !== null) return Promise.resolve(refreshDue(db, today, settings));
  const run = jobs
    .run(
      'worklist:evaluate',
      (job) =>
        withPageCache(db, BIG_REFRESH_CACHE_KIB, async () => {
          db.transaction(() => dropArchived(db))();
          let done = 0;
          for (const chunk of chunks(due, FACTS_CHUNK)) {
            job.report('evaluating', done, due.length);
            job.checkCancelled();
            db.transaction(() => refreshChunk(db, chunk, today, settings))();
            done += chunk.length;
            await job.breathe();
          }
          job.report('evaluating', done, due.length);
          return due.length;
        }),
      { offerStop: false },
    )
    .finally(() => inFlight.delete(db));
  inFlight.set(db, run);
  return run;
}

interface AlertRow {
  person_id: number;
  rule_id: RuleId;
  severity: Alert['severity'];
  key: string;
  facts: string;
  article: Alert['article'];
  due_date: string | null;
  name: string;
  id_number: string;
  gender: 'male' | 'female';
  staff_name: string | null;
  origin_station: string | null;
  dismiss_reason: string | null;
  dismissed_by: string | null;
  dismissed_at: string | null;
}

/**
 * Stored facts are as of the evaluation; what grows by the day alone is counted as of `today`:
 * how long a serious breach has waited for its police report (RR art. 21 及时).
 */
function asOfToday(facts: Alert['facts'], today: string): Alert['facts'] {
  const breachDate = facts.breachDate;
  if (typeof breachDate !== 'string' || breachDate > today) return facts;
  return { ...facts, waitingDays: daysBetween(breachDate, today) };
}

function toRow(r: AlertRow, today: string): WorklistRow {
  return {
    ruleId: r.rule_id,
    severity: r.severity,
    personId: r.person_id,
    facts: asOfToday(JSON.parse(r.facts) as Alert['facts'], today),
    article: r.article,
    dueDate: r.due_date,
    key: r.key,
    personName: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    gender: r.gender,
    staffName: r.staff_name,
    station: r.origin_station,
    dismissed: r.dismiss_reason ? { reason: r.dismiss_reason, by: r.dismissed_by, at: r.dismissed_at ?? '' } : null,
  };
}

/** A serious breach is never hidden by a dismissal (one made before dismissing them was refused). */
const NOT_BREACH = `a.rule_id NOT IN (${UNREPORTED_BREACH_RULES.map((r) => `'${r}'`).join(', ')})`;

const SELECT_ROWS = `
  SELECT a.person_id, a.rule_id, a.severity, a.key, a.facts, a.article, a.due_date,
         p.name, p.id_number, p.gender, p.origin_station,
         -- At a supervisor no file has a user of this database: the station's caseworker came by name.
         coalesce(u.display_name, p.origin_staff_name) AS staff_name,
         d.reason AS dismiss_reason, d.user_name AS dismissed_by, d.created_at AS dismissed_at
  FROM alerts a
  JOIN persons p ON p.id = a.person_id
  LEFT JOIN users u ON u.id = p.staff_user_id
  LEFT JOIN alert_dismissals d ON d.person_id = a.person_id AND d.key = a.key AND ${NOT_BREACH}`;

const SEVERITY_ORDER = `CASE a.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`;

export function listWorklist(
  db: Db,
  today: string,
  filter: {
    group: WorklistGroup | null;
    ruleId: RuleId | null;
    staffUserId: number | null;
    /** Supervisor: one station's imported files. */
    stationCode: string | null;
    includeDismissed: boolean;
    offset: number;
    limit: number;
  },
): WorklistPage {
  // A person on file at two stations (a transfer) is listed once, where it counts (counted.ts).
  const where: string[] = ['p.archived_at IS NULL', countedPerson('p')];
  const params: Record<string, unknown> = {};
  const rules: readonly string[] | null = filter.ruleId ? [filter.ruleId] : filter.group ? worklistGroups[filter.group] : null;
  if (rules) {
    where.push(`a.rule_id IN (${rules.map((_, i) => `@r${i}`).join(', ')})`);
    rules.forEach((r, i) => (params[`r${i}`] = r));
  }
  if (filter.staffUserId) {
    where.push('p.staff_user_id = @staff');
    params.staff = filter.staffUserId;
  }
  if (filter.stationCode) {
    where.push('p.origin_station = @station');
    params.station = filter.stationCode.toUpperCase();
  }
  if (!filter.includeDismissed) where.push('d.id IS NULL');
  // The order and the total are found on the keys alone (the facts stay out of the sort), then the
  // page's rows are read whole; count(*) OVER () is taken before LIMIT applies.
  const filtered = `FROM alerts a JOIN persons p ON p.id = a.person_id
    LEFT JOIN alert_dismissals d ON d.person_id = a.person_id AND d.key = a.key AND ${NOT_BREACH}
    WHERE ${where.join(' AND ')}`;
  const order = `${SEVERITY_ORDER}, a.due_date IS NULL, a.due_date, a.person_id`;
  const page = db
    .prepare(`SELECT a.id, count(*) OVER () AS total_rows ${filtered} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: filter.limit, offset: filter.offset }) as { id: number; total_rows: number }[];
  const total = page[0]?.total_rows ?? (filter.offset > 0 ? (db.prepare(`SELECT count(*) AS n ${filtered}`).get(params) as { n: number }).n : 0);
  const byId = withStatementCache(db).prepare(`${SELECT_ROWS} WHERE a.id = ?`);
  const rows = page.map((p) => byId.get(p.id) as AlertRow);
  return { total, rows: rows.map((r) => toRow(r, today)) };
}

export function personAlerts(db: Db, personId: number, today: string): WorklistRow[] {
  return (db.prepare(`${SELECT_ROWS} WHERE a.person_id = ? ORDER BY ${SEVERITY_ORDER}, a.due_date`).all(personId) as AlertRow[]).map((r) => toRow(r, today));
}

export function stationCounts(db: Db): { openMeasures: number; activeStaff: number } {
  const openMeasures = (
    db
      .prepare(
        `SELECT count(*) AS n FROM measures m JOIN persons p ON p.id = m.person_id
         WHERE p.archived_at IS NULL AND m.status IN ('pending_report', 'active', 'suspended')`,
      )
      .get() as { n: number }
  ).n;
  const activeStaff = (db.prepare('SELECT count(*) AS n FROM users WHERE disabled = 0').get() as { n: number }).n;
  return { openMeasures, activeStaff };
}

/**
 * Today's counts per rule and group. `stationCode` (a supervisor's station filter on 待办) counts
 * that station's files only, as the list below the badges shows them.
 */
export function worklistCounts(db: Db, today: string, settings: SupervisionSettings, filter: { stationCode: string | null } = { stationCode: null }): WorklistCounts {
  // One pass over the alerts for both figures (two took 13 ms each at 30,000 persons): the counts
  // leave dismissed alerts out, the escalated count (a breach still unreported) takes every alert.
  const station = filter.stationCode === null ? '' : 'AND p.origin_station = @station';
  const rows = db
    .prepare(
      `SELECT a.rule_id, sum(d.id IS NULL) AS n, sum(json_extract(a.facts, '$.escalated') = 1) AS escalated
       FROM alerts a JOIN persons p ON p.id = a.person_id
       LEFT JOIN alert_dismissals d ON d.person_id = a.person_id AND d.key = a.key AND ${NOT_BREACH}
       WHERE p.archived_at IS NULL AND ${countedPerson('p')} ${station} GROUP BY a.rule_id`,
    )
    .all(filter.stationCode === null ? {} : { station: filter.stationCode.toUpperCase() }) as { rule_id: RuleId; n: number; escalated: number | null }[];
  const escalated = rows.reduce((sum, r) => sum + (r.escalated ?? 0), 0);
  const byRule = Object.fromEntries(rows.filter((r) => r.n > 0).map((r) => [r.rule_id, r.n])) as Partial<Record<RuleId, number>>;
  // A supervisor's accounts are not any station's staff: its stations table shows each station's own ratio.
  const supervisor = getStation(db).mode === 'supervisor';
  const stationAlerts = (supervisor ? [] : evaluateStation(stationCounts(db), settings)).filter(
    (a) => !db.prepare('SELECT 1 FROM alert_dismissals WHERE person_id IS NULL AND key = ?').get(a.key),
  );
  const byGroup = Object.fromEntries(
    (Object.keys(worklistGroups) as WorklistGroup[]).map((g) => [
      g,
      g === 'station' ? stationAlerts.length : worklistGroups[g].reduce((sum, r) => sum + (byRule[r] ?? 0), 0),
    ]),
  ) as Record<WorklistGroup, number>;
  return { asOf: today, byRule, byGroup, station: stationAlerts, escalated };
}
