import { reportInObligations, suspensionsOf, type MeasureKind, type MeasureStatus, type ReportInObligation } from '../../../shared/domain/measures';
import type { LeaveStatus, RiskLevel, TestResult } from '../../../shared/domain/supervision';
import type { MeasureFacts, PersonFacts } from '../../../shared/rules/types';
import type { Db } from './db/database';

/**
 * Prepared once per database. Every statement reads a range of person ids (one person is the
 * range [id, id]), ordered by person: evaluating many files reads each table once per range
 * instead of a dozen statements per person (the first worklist after a demo or an import).
 */
const cache = new WeakMap<Db, ReturnType<typeof prepare>>();

const RANGE = 'person_id BETWEEN @from AND @to';

function prepare(db: Db) {
  return {
    persons: db.prepare('SELECT id, current_measure_id FROM persons WHERE id BETWEEN @from AND @to ORDER BY id'),
    measures: db.prepare(
      `SELECT person_id, id, kind, status, decision_date, delivery_date, report_in_date, term_months, credited_days, ended_on, discharge_notice_date,
              (SELECT count(*) FROM measure_group_members g WHERE g.measure_id = measures.id AND g.role = 'full_time_staff') AS full_time_staff
       FROM measures WHERE ${RANGE} ORDER BY person_id, delivery_date, id`,
    ),
    // The four tables with most rows are read as arrays (raw): see groupRows.
    events: db
      .prepare(
        `SELECT e.measure_id, e.action, e.date, e.reason_code FROM measure_events e JOIN measures m ON m.id = e.measure_id
         WHERE m.${RANGE} ORDER BY e.measure_id, e.date, e.id`,
      )
      .raw(true),
    tests: db.prepare(`SELECT person_id, id, date, result FROM drug_tests WHERE ${RANGE} ORDER BY person_id, date, id`).raw(true),
    contacts: db.prepare(`SELECT person_id, id, date FROM contacts WHERE ${RANGE} ORDER BY person_id, date, id`).raw(true),
    leaves: db.prepare(`SELECT person_id, id, measure_id, status, start_date, end_date, returned_on FROM leaves WHERE ${RANGE} ORDER BY person_id, start_date, id`),
    absences: db.prepare(`SELECT person_id, id, from_date, to_date FROM absences WHERE ${RANGE} ORDER BY person_id, from_date, id`),
    violations: db.prepare(
      `SELECT person_id, id, date, severity, rule_key, reported_to_police_on, json_extract(rule_facts, '$.breachDate') AS breach_date
       FROM violations WHERE ${RANGE} ORDER BY person_id, date, id`,
    ),
    goodReasons: db.prepare(`SELECT person_id, subject, measure_id, test_id, absence_id, report_in_from FROM good_reasons WHERE ${RANGE}`),
    risk: db.prepare(`SELECT person_id, date, level FROM risk_assessments WHERE ${RANGE} ORDER BY person_id, date, id`).raw(true),
    signed: db.prepare(`SELECT DISTINCT person_id, measure_id FROM agreements WHERE ${RANGE} AND status = 'signed'`),
    dynamicControl: db.prepare(`SELECT person_id, decided_on, clean_since FROM dynamic_control_decisions WHERE ${RANGE}`),
    measureEvents: db.prepare('SELECT action, date FROM measure_events WHERE measure_id = ? ORDER BY date, id'),
  };
}

function statements(db: Db) {
  let s = cache.get(db);
  if (!s) {
    s = prepare(db);
    cache.set(db, s);
  }
  return s;
}

interface MeasureRow {
  person_id: number;
  id: number;
  kind: MeasureKind;
  status: MeasureStatus;
  decision_date: string;
  delivery_date: string;
  report_in_date: string | null;
  term_months: number;
  credited_days: number;
  ended_on: string | null;
  discharge_notice_date: string | null;
  full_time_staff: number;
}

interface GoodReasonRow {
  person_id: number;
  subject: 'report_in' | 'test' | 'absence';
  measure_id: number | null;
  test_id: number | null;
  absence_id: number | null;
  report_in_from: string | null;
}

/** Rows grouped by a key, each group in the rows' order. */
function groupBy<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * Rows read as arrays, grouped by their first column and shaped by `make`. better-sqlite3 builds
 * an object per row a property at a time; at 30,000 persons (1.3 million rows) that was about
 * a third of the first worklist evaluation, and the rows were reshaped afterwards anyway.
 */
function groupRows<R extends readonly [number, ...unknown[]], T>(statement: { all(params: unknown): unknown[] }, range: unknown, make: (row: R) => T): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of statement.all(range) as R[]) {
    const item = make(row);
    const group = groups.get(row[0]);
    if (group) group.push(item);
    else groups.set(row[0], [item]);
  }
  return groups;
}

/**
 * Everything the rules need about one person: every measure, every record, every 正当理由. A
 * read model over the features' tables, in the kernel so that the features that must consult the
 * rules (a violation copying its alert, 解除 refused while a breach is unreported) can.
 */
export function loadPersonFacts(db: Db, personId: number): PersonFacts | null {
  return loadFactsRange(db, personId, personId).get(personId) ?? null;
}

/** The facts of every person with an id in [from, to], read table by table. */
export function loadFactsRange(db: Db, from: number, to: number): Map<number, PersonFacts> {
  const s = statements(db);
  const range = { from, to };
  const by = <T extends { person_id: number }>(statement: { all(params: unknown): unknown[] }) => groupBy(statement.all(range) as T[], (r) => r.person_id);
  const measuresOf = by<MeasureRow>(s.measures);
  const eventsOf = groupRows(s.events, range, ([, action, date, reasonCode]: [number, string, string, string | null]) => ({ action, date, reasonCode }));
  const reasonsOf = by<GoodReasonRow>(s.goodReasons);
  // Test ids are unique across persons: the range's excused tests in one set.
  const excusedTests = new Set([...reasonsOf.values()].flat().flatMap((r) => (r.subject === 'test' ? [r.test_id] : [])));
  const testsOf = groupRows(s.tests, range, ([, id, date, result]: [number, number, string, TestResult]) => ({ id, date, result, goodReason: excusedTests.has(id) }));
  const contactsOf = groupRows(s.contacts, range, ([, id, date]: [number, number, string]) => ({ id, date }));
  const leavesOf = by<{ person_id: number; id: number; measure_id: number | null; status: LeaveStatus; start_date: string; end_date: string; returned_on: string | null }>(s.leaves);
  const absencesOf = by<{ person_id: number; id: number; from_date: string; to_date: string | null }>(s.absences);
  const violationsOf = by<{ person_id: number; id: number; date: string; severity: 'general' | 'serious'; rule_key: string | null; reported_to_police_on: string | null; breach_date: string | null }>(
    s.violations,
  );
  const riskOf = groupRows(s.risk, range, ([, date, level]: [number, string, RiskLevel]) => ({ date, level }));
  const signedOf = by<{ person_id: number; measure_id: number }>(s.signed);
  const decisionOf = by<DecisionRow & { person_id: number }>(s.dynamicControl);

  const facts = new Map<number, PersonFacts>();
  for (const person of s.persons.all(range) as { id: number; current_measure_id: number | null }[]) {
    const reasons = reasonsOf.get(person.id) ?? [];
    const excusedAbsences = new Set(reasons.filter((r) => r.subject === 'absence').map((r) => r.absence_id));
    const excusedReportIns = new Set(reasons.filter((r) => r.subject === 'report_in').map((r) => `${r.measure_id}:${r.report_in_from}`));
    const rows = [...(measuresOf.get(person.id) ?? [])];
    // The current measure is the one the file points at; it is evaluated last.
    rows.sort((a, b) => Number(a.id === person.current_measure_id) - Number(b.id === person.current_measure_id));
    const measures: MeasureFacts[] = rows.map((m) => {
      const events = eventsOf.get(m.id) ?? [];
      return {
        id: m.id,
        kind: m.kind,
        status: m.status,
        deliveryDate: m.delivery_date,
        reportInDate: m.report_in_date,
        termMonths: m.term_months,
        creditedDays: m.credited_days,
        suspensions: suspensionsOf(events),
        endedOn: m.ended_on,
        endReason: m.status === 'terminated' ? (events.findLast((e) => e.action === 'terminate')?.reasonCode ?? null) : null,
        reportIns: reportInObligations(m.delivery_date, events, m.report_in_date).map((o) => ({ ...o, goodReason: excusedReportIns.has(`${m.id}:${o.from}`) })),
        hasFullTimeStaff: m.full_time_staff > 0,
        dischargeNoticeRecorded: m.discharge_notice_date !== null,
      };
    });
    // Latest known use: the newest decision.
    const latestDecision = rows.reduce<string | null>((latest, m) => (latest === null || m.decision_date > latest ? m.decision_date : latest), null);
    const tests = testsOf.get(person.id) ?? [];
    facts.set(person.id, {
      personId: person.id,
      measures,
      lastKnownUseDate: latestDecision,
      tests,
      contacts: contactsOf.get(person.id) ?? [],
      leaves: (leavesOf.get(person.id) ?? []).map((l) => ({ id: l.id, status: l.status, startDate: l.start_date, endDate: l.end_date, returnedOn: l.returned_on, measureId: l.measure_id })),
      absences: (absencesOf.get(person.id) ?? []).map((a) => ({ id: a.id, fromDate: a.from_date, toDate: a.to_date, goodReason: excusedAbsences.has(a.id) })),
      violations: (violationsOf.get(person.id) ?? []).map((v) => ({
        id: v.id,
        date: v.date,
        severity: v.severity,
        ruleKey: v.rule_key,
        reportedToPoliceOn: v.reported_to_police_on,
        breachDate: v.breach_date,
      })),
      riskAssessments: riskOf.get(person.id) ?? [],
      signedAgreementMeasureIds: (signedOf.get(person.id) ?? []).map((a) => a.measure_id),
      dynamicControlEndedOn: dynamicControlEndedOn(decisionOf.get(person.id)?.[0], tests, latestDecision),
    });
  }
  return facts;
}

interface DecisionRow {
  decided_on: string;
  clean_since: string;
}

/**
 * The RR art. 7 decision, unless a relapse came after it: the clock (last positive test or
 * newest decision) then runs from a later day than the one the decision was made on.
 */
function dynamicControlEndedOn(row: DecisionRow | undefined, tests: { date: string; result: TestResult; goodReason: boolean }[], latestDecision: string | null): string | null {
  if (!row) return null;
  // A positive test a 正当理由 answers (prescribed medication) is no relapse, as in the rules.
  const lastPositive = tests.filter((t) => t.result === 'positive' && !t.goodReason).at(-1)?.date ?? null;
  const cleanSince = [lastPositive, latestDecision].filter((d): d is string => d !== null).sort().at(-1) ?? null;
  return cleanSince !== null && cleanSince <= row.clean_since ? row.decided_on : null;
}

/** The report-ins a measure owes (delivery, then each change of place), read from its own rows. */
export function reportInsOfMeasure(db: Db, measureId: number): { personId: number; obligations: ReportInObligation[] } | null {
  const row = db.prepare('SELECT person_id, delivery_date, report_in_date FROM measures WHERE id = ?').get(measureId) as
    | { person_id: number; delivery_date: string; report_in_date: string | null }
    | undefined;
  if (!row) return null;
  const events = statements(db).measureEvents.all(measureId) as { action: string; date: string }[];
  return { personId: row.person_id, obligations: reportInObligations(row.delivery_date, events, row.report_in_date) };
}
