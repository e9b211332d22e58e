import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween } from '../../shared/domain/dates';
import { ageOn, parseIdNumber } from '../../shared/domain/idNumber';
import { measureKinds, measureStatuses, plannedEnd, REPORT_IN_DAYS } from '../../shared/domain/measures';
import { personInputSchema } from '../../shared/schemas/person';
import { openDatabase, type Db } from '../../electron/core/kernel/db/database';
import { alertsAsOf } from '../../electron/core/worklist/asOf';
import { plusMonths, plusMonthsByDates, toDay } from '../../electron/core/demo/days';
import { generateDemo, type DemoSummary } from '../../electron/core/demo/generate';
import { scenarioNames } from '../../electron/core/demo/scenarios';
import { getSupervisionSettings } from '../../electron/core/kernel/supervisionSettings';
import { buildTimeline } from '../../electron/core/timeline/registry';
import { timelineSources } from '../../electron/core/timeline/sources';
import { ruleIds } from '../../shared/rules/types';
import { pathsForDatabase, unlockWithPassword, insertUser } from '../../electron/core/kernel/vault';
import { suspensionsOf } from '../../shared/domain/measures';
import { rowToPersonData, type PersonRow } from '../../electron/core/persons/repo';
import { runCli } from './support/cli';
import { tempDir } from './support/tmp';

const PASSWORD = 'a long password';
const AT = '2026-03-02';
const INIT = ['init', '--station-code', 'JS-NJ-01', '--station-name', '某街道社区戒毒社区康复工作站', '--admin', 'admin', '--password-stdin', '--json'];

function init(db: string): void {
  const run = runCli([...INIT, '--db', db], { input: `${PASSWORD}\n` });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

function demo(db: string, ...args: string[]) {
  return runCli(['demo', '--db', db, '--user', 'admin', '--json', ...args], { env: { HAVEN_PASSWORD: PASSWORD } });
}

/** A bare database with a station and two users (no key derivation: the KDF is not what these tests are about). */
function stationDb(path: string, now: Date): Db {
  const db = openDatabase(path, randomBytes(32));
  db.prepare(`INSERT INTO station (id, code, name, mode, created_at) VALUES (1, 'JS-NJ-01', '某街道社区戒毒社区康复工作站', 'station', ?)`).run(now.toISOString());
  insertUser(db, 'admin', '王站长', 'admin', now.toISOString());
  insertUser(db, 'li', '李社工', 'staff', now.toISOString());
  return db;
}

function withDb<T>(path: string, fn: (db: Db) => T): T {
  const { db } = unlockWithPassword(pathsForDatabase(path), 'admin', PASSWORD);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** The tables the demo fills beyond persons and measures. */
const RECORD_TABLES = [
  'drug_tests',
  'contacts',
  'leaves',
  'absences',
  'violations',
  'risk_assessments',
  'care_flags',
  'help_plans',
  'help_items',
  'agreements',
  'dynamic_control_decisions',
] as const;
const TIMESTAMPS = new Set(['created_at', 'updated_at', 'generated_at']);

/** Everything the generator decides (not the run's timestamps), hashed. */
function digest(db: Db): string {
  const hash = createHash('sha256');
  for (const table of RECORD_TABLES) {
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY id`).iterate() as IterableIterator<Record<string, unknown>>) {
      hash.update(JSON.stringify(Object.entries(row).filter(([k]) => !TIMESTAMPS.has(k))));
    }
  }
  const tables = [
    `SELECT name, former_names, id_number, birth_date, gender, ethnicity, phone, household_address, residence_address, education,
       employment, employer, marital_status, family_contacts, drug_history, pregnant, breastfeeding_infant, staff_user_id, notes,
       current_measure_id, risk_level FROM persons ORDER BY id`,
    `SELECT person_id, kind, decision_number, decision_authority, decision_date, delivery_date, report_in_date, term_months,
       credited_days, status, planned_end, ended_on, notes FROM measures ORDER BY id`,
    'SELECT measure_id, action, from_status, to_status, date, reason_code, reason, destination FROM measure_events ORDER BY id',
    'SELECT measure_id, position, role, name, phone FROM measure_group_members ORDER BY id',
  ];
  for (const sql of tables) for (const row of db.prepare(sql).raw().iterate()) hash.update(JSON.stringify(row));
  return hash.digest('hex');
}

function counts(db: Db) {
  const n = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    persons: n('SELECT count(*) FROM persons'),
    measures: n('SELECT count(*) FROM measures'),
    audit: n('SELECT count(*) FROM audit_events'),
  };
}

interface MeasureRow {
  id: number;
  person_id: number;
  kind: string;
  decision_date: string;
  delivery_date: string;
  report_in_date: string | null;
  term_months: number;
  credited_days: number;
  status: string;
  planned_end: string | null;
  ended_on: string | null;
}

interface EventRow {
  measure_id: number;
  action: 'register' | 'report_in' | 'suspend' | 'resume' | 'complete' | 'terminate' | 'transfer_out';
  from_status: string | null;
  to_status: string;
  date: string;
  reason: string;
}

/** The rules every generated station must satisfy on its `at` day (`overrun`: the scenario person whose term has ended unrecorded). */
function inspect(db: Db, at: string, overrun: number | undefined): void {
  const persons = db.prepare('SELECT * FROM persons ORDER BY id').all() as PersonRow[];
  const measures = db.prepare('SELECT * FROM measures ORDER BY id').all() as MeasureRow[];
  const events = db.prepare('SELECT * FROM measure_events ORDER BY date, id').all() as EventRow[];
  const members = db.prepare('SELECT measure_id, role FROM measure_group_members').all() as { measure_id: number; role: string }[];
  const staff = new Set(db.prepare('SELECT id FROM users WHERE disabled = 0').pluck().all() as number[]);
  const fiveYearsBack = addMonths(at, -60);

  const latest = new Map<number, MeasureRow>();
  for (const m of measures) latest.set(m.person_id, m);
  const firstDecision = new Map<number, string>();
  for (const m of measures) if (!firstDecision.has(m.person_id)) firstDecision.set(m.person_id, m.decision_date);

  for (const p of persons) {
    const check = parseIdNumber(p.id_number, at);
    expect(check, p.id_number).toMatchObject({ ok: true, birthDate: p.birth_date, gender: p.gender });
    const age = ageOn(p.birth_date, at);
    expect(age).toBeGreaterThanOrEqual(16);
    expect(age).toBeLessThanOrEqual(65);
    expect(personInputSchema.safeParse(rowToPersonData(p)).success).toBe(true);
    expect(staff.has(p.staff_user_id as number)).toBe(true);
    expect(p.current_measure_id).toBe(latest.get(p.id)?.id ?? null);
    const history = JSON.parse(p.drug_history) as { firstUseDate: string | null };
    if (history.firstUseDate) expect(history.firstUseDate < (firstDecision.get(p.id) ?? at)).toBe(true);
    if (p.pregnant || p.breastfeeding_infant) expect(p.gender).toBe('female');
  }

  const byMeasure = new Map<number, EventRow[]>();
  for (const e of events) byMeasure.set(e.measure_id, [...(byMeasure.get(e.measure_id) ?? []), e]);
  const groupSize = new Map<number, string[]>();
  for (const m of members) groupSize.set(m.measure_id, [...(groupSize.get(m.measure_id) ?? []), m.role]);
  const seen = { pendingOnTime: 0, pendingOverdue: 0, suspendedDays: 0, withoutStaff: 0 };

  for (const m of measures) {
    expect(m.decision_date >= fiveYearsBack && m.decision_date <= m.delivery_date && m.delivery_date <= at, `measure ${m.id}`).toBe(true);
    expect(daysBetween(m.decision_date, m.delivery_date)).toBeLessThanOrEqual(5);
    if (m.kind === 'community_detox') expect(m.term_months).toBe(36);
    if (m.report_in_date) {
      expect(m.report_in_date >= m.delivery_date && m.report_in_date <= at).toBe(true);
      expect(daysBetween(m.delivery_date, m.report_in_date)).toBeLessThanOrEqual(REPORT_IN_DAYS);
    }
    if (m.ended_on) expect(m.ended_on <= at).toBe(true);
    const list = byMeasure.get(m.id) ?? [];
    expect(list[0]).toMatchObject({ action: 'register', from_status: null, to_status: 'pending_report', date: m.delivery_date });
    list.forEach((e, i) => {
      expect(e.date <= at).toBe(true);
      if (i > 0) {
        expect(e.from_status).toBe(list[i - 1]?.to_status);
        expect(e.date >= (list[i - 1] as EventRow).date).toBe(true);
      }
      if (['suspend', 'terminate', 'transfer_out'].includes(e.action)) expect(e.reason.length).toBeGreaterThanOrEqual(2);
    });
    const last = list.at(-1) as EventRow;
    expect(last.to_status).toBe(m.status);
    const term = { reportInDate: m.report_in_date, termMonths: m.term_months, suspensions: suspensionsOf(list), creditedDays: m.credited_days };
    expect(m.planned_end, `planned end of measure ${m.id}`).toBe(list.length > 1 ? plannedEnd(term, m.ended_on ?? last.date) : null);
    if (m.status === 'completed') expect(m.ended_on as string >= (m.planned_end as string)).toBe(true);
    if ((m.status === 'active' || m.status === 'suspended') && m.person_id !== overrun) expect((plannedEnd(term, at) as string) >= at).toBe(true);
    if (m.status === 'pending_report') {
      if (addDays(m.delivery_date, REPORT_IN_DAYS) < at) seen.pendingOverdue++;
      else seen.pendingOnTime++;
    }
    if (list.some((e) => e.action === 'resume')) seen.suspendedDays++;
    const stored = groupSize.get(m.id) ?? [];
    // The working_group_missing scenario leaves its full-time staff member out (rule 12); nobody else does.
    if (stored[0] !== 'full_time_staff') seen.withoutStaff++;
    const roles = stored[0] === 'full_time_staff' ? stored : ['full_time_staff', ...stored];
    expect(roles.length).toBeGreaterThanOrEqual(3);
    expect(roles.length).toBeLessThanOrEqual(5);
    expect(roles.slice(0, 2)).toEqual(['full_time_staff', 'community_police']);
  }
  for (const status of measureStatuses) expect(measures.filter((m) => m.status === status).length, status).toBeGreaterThan(0);
  for (const kind of measureKinds) expect(measures.some((m) => m.kind === kind)).toBe(true);
  expect(seen.pendingOnTime).toBeGreaterThan(0);
  expect(seen.pendingOverdue).toBeGreaterThan(0);
  expect(seen.suspendedDays).toBeGreaterThan(0);
  expect(seen.withoutStaff).toBeLessThanOrEqual(1);
  expect(persons.filter((p) => !latest.has(p.id)).length).toBeGreaterThan(0);
  expect(new Set(measures.map((m) => m.person_id)).size).toBeLessThan(measures.length);
}

/** What the records of a generated station must satisfy: dates on or before `at`, each record inside its measure. */
function inspectRecords(db: Db, at: string, scenarios: DemoSummary['scenarios']): void {
  const n = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
  for (const table of RECORD_TABLES) expect(n(`SELECT count(*) FROM ${table}`), table).toBeGreaterThan(0);
  // Every event is dated on or before `at`; what is planned (the next talk, a help item's date, the next assessment, a leave asked for) may be later.
  const events = [
    ['drug_tests', 'date'], ['contacts', 'date'], ['leaves', 'decided_on'], ['leaves', 'returned_on'], ['absences', 'from_date'], ['absences', 'to_date'],
    ['violations', 'date'], ['violations', 'warned_on'], ['violations', 'reported_to_police_on'], ['risk_assessments', 'date'], ['care_flags', 'since'],
    ['care_flags', 'until'], ['help_plans', 'decided_on'], ['help_items', 'done_date'], ['agreements', 'signed_on'], ['dynamic_control_decisions', 'decided_on'],
  ] as const;
  for (const [table, column] of events) expect(n(`SELECT count(*) FROM ${table} WHERE ${column} > ?`, at), `${table}.${column}`).toBe(0);
  // Each record is stamped with the (China) day it was made.
  const endOfDay = `${at}T16:00:00.000Z`;
  for (const table of ['persons', 'measures', 'measure_events', ...RECORD_TABLES]) {
    const column = table === 'agreements' ? 'generated_at' : 'created_at';
    expect(n(`SELECT count(*) FROM ${table} WHERE ${column} >= ?`, endOfDay), table).toBe(0);
  }
  expect(n(`SELECT count(*) FROM leaves WHERE status = 'returned' AND NOT (start_date <= returned_on AND returned_on <= ?)`, at)).toBe(0);
  expect(n(`SELECT count(*) FROM leaves WHERE status IN ('approved', 'rejected', 'returned') AND decided_on > start_date`)).toBe(0);
  // A record belongs to the measure that was running on its day.
  for (const [table, column] of [['drug_tests', 'date'], ['contacts', 'date'], ['violations', 'date'], ['risk_assessments', 'date'], ['absences', 'from_date'], ['leaves', 'start_date']]) {
    const outside = n(
      `SELECT count(*) FROM ${table} r JOIN measures m ON m.id = r.measure_id
       WHERE r.${column} < m.delivery_date OR (m.ended_on IS NOT NULL AND r.${column} > m.ended_on)`,
    );
    expect(outside, table).toBe(0);
  }
  expect(n(`SELECT count(*) FROM drug_tests WHERE measure_id IS NULL`)).toBe(0);
  // The file's risk level is the newest assessment's.
  expect(
    n(`SELECT count(*) FROM persons p WHERE p.risk_level IS NOT (SELECT level FROM risk_assessments r WHERE r.person_id = p.id ORDER BY date DESC, id DESC LIMIT 1)`),
  ).toBe(0);
  expect(n(`SELECT count(*) FROM drug_tests WHERE (result = 'positive') <> (substances <> '[]')`)).toBe(0);
  // Every serious violation is reported to police, except the scenario's; every rule-answering one names its rule.
  const unreported = db.prepare(`SELECT DISTINCT person_id FROM violations WHERE severity = 'serious' AND reported_to_police_on IS NULL`).pluck().all();
  expect(unreported).toEqual(scenarios.violation_unreported ? [scenarios.violation_unreported] : []);
  expect(n(`SELECT count(*) FROM violations WHERE rule_key IS NOT NULL AND (rule_id IS NULL OR rule_facts IS NULL OR severity <> 'serious')`)).toBe(0);
  const byRule = db.prepare(`SELECT rule_id, count(*) AS n FROM violations WHERE rule_id IS NOT NULL GROUP BY rule_id`).all() as { rule_id: string; n: number }[];
  expect(byRule.map((r) => r.rule_id).sort()).toEqual(expect.arrayContaining(['positive_test', 'report_in_overdue']));
  // Agreements: the text signed is the text hashed, made for this person and measure, signed after report-in.
  for (const a of db.prepare(`SELECT a.text, a.sha256, a.signed_on, p.name, m.report_in_date, m.decision_number FROM agreements a
       JOIN persons p ON p.id = a.person_id JOIN measures m ON m.id = a.measure_id`).iterate() as IterableIterator<Record<string, string>>) {
    expect(createHash('sha256').update(a.text as string, 'utf8').digest('hex')).toBe(a.sha256);
    expect(a.text).toContain(a.name);
    expect(a.text).toContain(a.decision_number);
    expect((a.signed_on as string) >= (a.report_in_date as string)).toBe(true);
  }
  expect(n(`SELECT count(*) FROM help_items WHERE done_date IS NOT NULL AND length(outcome) < 2`)).toBe(0);
  expect(n(`SELECT count(*) FROM help_plans WHERE status = 'approved'`)).toBeGreaterThan(0);
}

describe('haven demo', () => {
  it('fills a new database with valid, consistent persons and measures, then refuses to touch it again', () => {
    const path = `${tempDir()}/haven.db`;
    init(path);
    const run = demo(path, '--persons', '300', '--seed', '7', '--at', AT);
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as DemoSummary;
    expect(summary).toMatchObject({ persons: 300, seed: '7', at: AT });
    for (const status of measureStatuses) expect(summary.measuresByStatus[status]).toBeGreaterThan(0);
    expect(Object.keys(summary.scenarios).sort()).toEqual([...scenarioNames].sort());
    expect(summary.records.test).toBeGreaterThan(1000);
    expect(run.stderr).toContain('300/300');

    const before = withDb(path, (db) => {
      inspect(db, AT, summary.scenarios.term_ended);
      inspectRecords(db, AT, summary.scenarios);
      const audit = db.prepare('SELECT action, details FROM audit_events ORDER BY id DESC LIMIT 1').get() as { action: string; details: string };
      expect(audit.action).toBe('demo.generate');
      expect(JSON.parse(audit.details)).toMatchObject({ persons: 300, measures: summary.measures });
      return { digest: digest(db), ...counts(db) };
    });
    expect(before.persons).toBe(300);

    const tomorrow = addDays(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), 1);
    const refusals = [
      { args: ['--persons', '10'], status: 1, says: '--append' },
      { args: ['--persons', '0'], status: 2, says: '--persons' },
      { args: ['--persons', '500001'], status: 2, says: '--persons' },
      { args: ['--persons', 'many'], status: 2, says: '--persons' },
      { args: ['--persons', '10', '--at', '2026-02-30'], status: 2, says: '--at' },
      { args: ['--persons', '10', '--at', tomorrow], status: 2, says: '--at' },
    ];
    for (const refusal of refusals) {
      const refused = demo(path, ...refusal.args);
      expect(refused.status, refusal.args.join(' ')).toBe(refusal.status);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toContain(refusal.says);
    }
    // Nothing written but the command line's own login, which the audit log records.
    withDb(path, (db) => {
      const after = counts(db);
      expect({ digest: digest(db), persons: after.persons, measures: after.measures }).toEqual({ digest: before.digest, persons: before.persons, measures: before.measures });
      const logins = db.prepare(`SELECT action FROM audit_events WHERE id > ? ORDER BY id`).pluck().all(before.audit) as string[];
      expect(new Set(logins)).toEqual(new Set(['auth.cliLogin']));
    });

    const appended = demo(path, '--persons', '20', '--seed', '7', '--at', AT, '--append');
    expect(appended.status, appended.stderr).toBe(0);
    withDb(path, (db) => {
      expect(counts(db).persons).toBe(320);
      inspect(db, AT, summary.scenarios.term_ended);
    });
    const check = runCli(['check', '--db', path, '--user', 'admin', '--json'], { env: { HAVEN_PASSWORD: PASSWORD } });
    expect(check.status, check.stderr).toBe(0);
    // Setup, two demo runs and the command line's logins, in an unbroken chain.
    const events = withDb(path, (db) => db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number);
    expect(JSON.parse(check.stdout)).toMatchObject({ integrity: 'ok', audit: { ok: true, events } });
    expect(events).toBeGreaterThanOrEqual(4);
  });

  it('gives the same station for the same seed and day, and another for another seed', () => {
    const dir = tempDir();
    const digests = ['a', 'b', 'c'].map((name, i) => {
      const path = `${dir}/${name}.db`;
      init(path);
      const run = demo(path, '--persons', '200', '--seed', i < 2 ? 'same' : 'other', '--at', AT);
      expect(run.status, run.stderr).toBe(0);
      return withDb(path, digest);
    });
    expect(digests[1]).toBe(digests[0]);
    expect(digests[2]).not.toBe(digests[0]);
  });

  it('writes exactly the rows the feature services would, each call made on its own day', () => {
    const dir = tempDir();
    const now = new Date(`${AT}T10:00:00+08:00`);
    const actor = { userId: 1, username: 'admin', displayName: '王站长' };
    const [bulk, services] = (['bulk', 'services'] as const).map((writer) => {
      const db = stationDb(`${dir}/${writer}.db`, now);
      const summary = generateDemo(db, { persons: 200, seed: 'same rows', at: AT, now, actor, writer, batchSize: 64 });
      // Every table the services might write (today persons, measures, events, groups; tomorrow whatever a feature adds),
      // except the audit log (the demo writes one event instead of one per row) and the search index's own storage.
      const names = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'person_search%' AND name <> 'audit_events' ORDER BY name`)
        .pluck()
        .all() as string[];
      expect(names).toEqual(expect.arrayContaining(['persons', 'measures', 'measure_events', 'measure_group_members', ...RECORD_TABLES]));
      // The audit chain's key is random per database (migration 0009), like the chain itself.
      const rows = (t: string) => db.prepare(`SELECT * FROM ${t} ${t === 'meta' ? `WHERE key <> 'auditKey'` : ''} ORDER BY rowid`).all();
      const tables = Object.fromEntries(names.map((t) => [t, rows(t)]));
      const search = db.prepare(`SELECT rowid FROM person_search WHERE person_search MATCH '"320"' ORDER BY rowid`).pluck().all();
      inspect(db, AT, summary.scenarios.term_ended);
      inspectRecords(db, AT, summary.scenarios);
      db.close();
      return { summary, tables, search };
    });
    const [a, b] = [bulk, services] as [NonNullable<typeof bulk>, NonNullable<typeof services>];
    expect(Object.keys(a.tables)).toEqual(Object.keys(b.tables));
    for (const table of Object.keys(a.tables)) expect(a.tables[table], table).toEqual(b.tables[table]);
    expect(a.summary).toEqual(b.summary);
    expect(a.search).toEqual(b.search);
    expect(a.search.length).toBeGreaterThan(0);
  });

  it('trips every rule of the engine on its day, each scenario person the rule they stand for', () => {
    const now = new Date(`${AT}T10:00:00+08:00`);
    const db = stationDb(`${tempDir()}/rules.db`, now);
    try {
      const summary = generateDemo(db, { persons: 300, seed: 'rules', at: AT, now, actor: { userId: 1, username: 'admin', displayName: '王站长' } });
      inspect(db, AT, summary.scenarios.term_ended);
      inspectRecords(db, AT, summary.scenarios);
      const alerts = alertsAsOf(db, AT, getSupervisionSettings(db));
      const seen = new Set(alerts.map((a) => a.ruleId));
      for (const rule of ruleIds) expect(seen.has(rule), rule).toBe(true);
      for (const name of scenarioNames) {
        const personId = summary.scenarios[name];
        expect(personId, name).toBeDefined();
        if ((ruleIds as readonly string[]).includes(name)) expect(alerts.some((a) => a.personId === personId && a.ruleId === name), name).toBe(true);
      }
      // The showcase file has every kind of record on its timeline.
      const kinds = new Set(buildTimeline(db, summary.scenarios.showcase as number, timelineSources).map((e) => e.kind.split('.')[0]));
      for (const kind of ['person', 'measure', 'test', 'contact', 'leave', 'absence', 'violation', 'risk', 'care', 'help', 'agreement']) expect(kinds.has(kind), kind).toBe(true);
      const showcase = buildTimeline(db, summary.scenarios.showcase as number, timelineSources).map((e) => e.kind);
      expect(showcase).toEqual(expect.arrayContaining(['test.positive', 'test.refused', 'violation.serious', 'violation.reported', 'leave.returned', 'help.item_done']));
      // Some long-clean persons have had their dynamic control ended (RR art. 7), others are still candidates.
      expect(summary.records.clean).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('adds months on day numbers exactly as the shared date rules do', () => {
    for (let day = toDay('2019-12-01'); day < toDay('2026-04-01'); day++) {
      for (const months of [-60, -36, -1, 1, 12, 36]) expect(plusMonths(day, months)).toBe(plusMonthsByDates(day, months));
    }
  });

  it('refuses a day after the clock, and writes nothing', () => {
    const db = openDatabase(`${tempDir()}/h.db`, randomBytes(32));
    insertUser(db, 'admin', '王站长', 'admin', new Date().toISOString());
    const options = { persons: 5, seed: '1', now: new Date(`${AT}T10:00:00+08:00`), actor: { userId: 1, username: 'admin', displayName: null } };
    expect(() => generateDemo(db, { ...options, at: '2026-03-03' })).toThrow(/after today/);
    expect(() => generateDemo(db, { ...options, at: AT, persons: 0 })).toThrow(/persons/);
    expect(db.prepare('SELECT count(*) FROM persons').pluck().get()).toBe(0);
    db.close();
  });
});
