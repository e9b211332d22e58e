import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween } from '../../shared/domain/dates';
import { ageOn, parseIdNumber } from '../../shared/domain/idNumber';
import { measureKinds, measureStatuses, plannedEnd, REPORT_IN_DAYS } from '../../shared/domain/measures';
import { personInputSchema } from '../../shared/schemas/person';
import { openDatabase, type Db } from '../../electron/core/db/database';
import { generateDemo, type DemoSummary } from '../../electron/core/demo/generate';
import { pathsForDatabase, unlockWithPassword, insertUser } from '../../electron/core/keys/vault';
import { suspensionsOf } from '../../electron/core/measures/repo';
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

function withDb<T>(path: string, fn: (db: Db) => T): T {
  const { db } = unlockWithPassword(pathsForDatabase(path), 'admin', PASSWORD);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Everything the generator decides (not the run's timestamps), hashed. */
function digest(db: Db): string {
  const hash = createHash('sha256');
  const tables = [
    `SELECT name, former_names, id_number, birth_date, gender, ethnicity, phone, household_address, residence_address, education,
       employment, employer, marital_status, family_contacts, drug_history, pregnant, breastfeeding_infant, staff_user_id, notes,
       current_measure_id FROM persons ORDER BY id`,
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

/** The rules every generated station must satisfy on its `at` day. */
function inspect(db: Db, at: string): void {
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
  const seen = { pendingOnTime: 0, pendingOverdue: 0, suspendedDays: 0 };

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
    if (m.status === 'active' || m.status === 'suspended') expect((plannedEnd(term, at) as string) >= at).toBe(true);
    if (m.status === 'pending_report') {
      if (addDays(m.delivery_date, REPORT_IN_DAYS) < at) seen.pendingOverdue++;
      else seen.pendingOnTime++;
    }
    if (list.some((e) => e.action === 'resume')) seen.suspendedDays++;
    const roles = groupSize.get(m.id) ?? [];
    expect(roles.length).toBeGreaterThanOrEqual(3);
    expect(roles.length).toBeLessThanOrEqual(5);
    expect(roles.slice(0, 2)).toEqual(['full_time_staff', 'community_police']);
  }
  for (const status of measureStatuses) expect(measures.filter((m) => m.status === status).length, status).toBeGreaterThan(0);
  for (const kind of measureKinds) expect(measures.some((m) => m.kind === kind)).toBe(true);
  expect(seen.pendingOnTime).toBeGreaterThan(0);
  expect(seen.pendingOverdue).toBeGreaterThan(0);
  expect(seen.suspendedDays).toBeGreaterThan(0);
  expect(persons.filter((p) => !latest.has(p.id)).length).toBeGreaterThan(0);
  expect(new Set(measures.map((m) => m.person_id)).size).toBeLessThan(measures.length);
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
    expect(run.stderr).toContain('300/300');

    const before = withDb(path, (db) => {
      inspect(db, AT);
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
    withDb(path, (db) => expect({ digest: digest(db), ...counts(db) }).toEqual(before));

    const appended = demo(path, '--persons', '20', '--seed', '7', '--at', AT, '--append');
    expect(appended.status, appended.stderr).toBe(0);
    withDb(path, (db) => {
      expect(counts(db).persons).toBe(320);
      inspect(db, AT);
    });
    const check = runCli(['check', '--db', path, '--user', 'admin', '--json'], { env: { HAVEN_PASSWORD: PASSWORD } });
    expect(check.status, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ integrity: 'ok', audit: { ok: true, events: 4 } });
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

  it('writes exactly the rows the persons and measures services would', () => {
    const dir = tempDir();
    const now = new Date(`${AT}T10:00:00+08:00`);
    const actor = { userId: 1, username: 'admin', displayName: '王站长' };
    const [bulk, services] = (['bulk', 'services'] as const).map((writer) => {
      const db = openDatabase(`${dir}/${writer}.db`, randomBytes(32));
      insertUser(db, 'admin', '王站长', 'admin', now.toISOString());
      insertUser(db, 'li', '李社工', 'staff', now.toISOString());
      const summary = generateDemo(db, { persons: 200, seed: 'same rows', at: AT, now, actor, writer, batchSize: 64 });
      // Every table the services might write (today persons, measures, events, groups; tomorrow whatever a feature adds),
      // except the audit log (the demo writes one event instead of one per row) and the search index's own storage.
      const names = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'person_search%' AND name <> 'audit_events' ORDER BY name`)
        .pluck()
        .all() as string[];
      expect(names).toEqual(expect.arrayContaining(['persons', 'measures', 'measure_events', 'measure_group_members']));
      const tables = Object.fromEntries(names.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
      const search = db.prepare(`SELECT rowid FROM person_search WHERE person_search MATCH '"320"' ORDER BY rowid`).pluck().all();
      inspect(db, AT);
      db.close();
      return { summary, tables, search };
    }) as [unknown, unknown];
    expect(bulk).toEqual(services);
    expect((bulk as { search: number[] }).search.length).toBeGreaterThan(0);
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
