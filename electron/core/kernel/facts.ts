import { reportInObligations, suspensionsOf, type MeasureKind, type MeasureStatus, type ReportInObligation } from '../../../shared/domain/measures';
import type { LeaveStatus, RiskLevel, TestResult } from '../../../shared/domain/supervision';
import type { MeasureFacts, PersonFacts } from '../../../shared/rules/types';
import type { Db } from './db/database';

/** Prepared once per database: the facts loader runs for many persons in a row. */
const cache = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  return {
    person: db.prepare('SELECT id, current_measure_id FROM persons WHERE id = ?'),
    measures: db.prepare(
      `SELECT id, kind, status, decision_date, delivery_date, report_in_date, term_months, credited_days, ended_on, discharge_notice_date,
              (SELECT count(*) FROM measure_group_members g WHERE g.measure_id = measures.id AND g.role = 'full_time_staff') AS full_time_staff
       FROM measures WHERE person_id = ? ORDER BY delivery_date, id`,
    ),
    latestDecision: db.prepare('SELECT max(decision_date) AS d FROM measures WHERE person_id = ?'),
    tests: db.prepare('SELECT id, date, result FROM drug_tests WHERE person_id = ? ORDER BY date, id'),
    contacts: db.prepare('SELECT id, date FROM contacts WHERE person_id = ? ORDER BY date, id'),
    leaves: db.prepare('SELECT id, status, start_date, end_date, returned_on FROM leaves WHERE person_id = ? ORDER BY start_date, id'),
    absences: db.prepare('SELECT id, from_date, to_date FROM absences WHERE person_id = ? ORDER BY from_date, id'),
    violations: db.prepare(
      `SELECT id, date, severity, rule_key, reported_to_police_on, json_extract(rule_facts, '$.breachDate') AS breach_date
       FROM violations WHERE person_id = ? ORDER BY date, id`,
    ),
    goodReasons: db.prepare('SELECT subject, measure_id, test_id, absence_id, report_in_from FROM good_reasons WHERE person_id = ?'),
    risk: db.prepare('SELECT date, level FROM risk_assessments WHERE person_id = ? ORDER BY date, id'),
    events: db.prepare('SELECT action, date FROM measure_events WHERE measure_id = ? ORDER BY date, id'),
    signed: db.prepare(`SELECT DISTINCT measure_id FROM agreements WHERE person_id = ? AND status = 'signed'`),
    dynamicControl: db.prepare('SELECT decided_on, clean_since FROM dynamic_control_decisions WHERE person_id = ?'),
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
  subject: 'report_in' | 'test' | 'absence';
  measure_id: number | null;
  test_id: number | null;
  absence_id: number | null;
  report_in_from: string | null;
}

/**
 * Everything the rules need about one person: every measure, every record, every 正当理由. A
 * read model over the features' tables, in the kernel so that the features that must consult the
 * rules (a violation copying its alert, 解除 refused while a breach is unreported) can.
 */
export function loadPersonFacts(db: Db, personId: number): PersonFacts | null {
  const s = statements(db);
  const person = s.person.get(personId) as { id: number; current_measure_id: number | null } | undefined;
  if (!person) return null;
  const reasons = s.goodReasons.all(personId) as GoodReasonRow[];
  const excusedTests = new Set(reasons.filter((r) => r.subject === 'test').map((r) => r.test_id));
  const excusedAbsences = new Set(reasons.filter((r) => r.subject === 'absence').map((r) => r.absence_id));
  const excusedReportIns = new Set(reasons.filter((r) => r.subject === 'report_in').map((r) => `${r.measure_id}:${r.report_in_from}`));
  const rows = s.measures.all(personId) as MeasureRow[];
  // The current measure is the one the file points at; it is evaluated last.
  rows.sort((a, b) => Number(a.id === person.current_measure_id) - Number(b.id === person.current_measure_id));
  const measures: MeasureFacts[] = rows.map((m) => {
    const events = s.events.all(m.id) as { action: string; date: string }[];
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
      reportIns: reportInObligations(m.delivery_date, events, m.report_in_date).map((o) => ({ ...o, goodReason: excusedReportIns.has(`${m.id}:${o.from}`) })),
      hasFullTimeStaff: m.full_time_staff > 0,
      dischargeNoticeRecorded: m.discharge_notice_date !== null,
    };
  });
  const latestDecision = (s.latestDecision.get(personId) as { d: string | null }).d;
  const tests = (s.tests.all(personId) as { id: number; date: string; result: TestResult }[]).map((t) => ({ id: t.id, date: t.date, result: t.result, goodReason: excusedTests.has(t.id) }));
  return {
    personId,
    measures,
    lastKnownUseDate: latestDecision,
    tests,
    contacts: s.contacts.all(personId) as { id: number; date: string }[],
    leaves: (s.leaves.all(personId) as { id: number; status: LeaveStatus; start_date: string; end_date: string; returned_on: string | null }[]).map((l) => ({
      id: l.id,
      status: l.status,
      startDate: l.start_date,
      endDate: l.end_date,
      returnedOn: l.returned_on,
    })),
    absences: (s.absences.all(personId) as { id: number; from_date: string; to_date: string | null }[]).map((a) => ({
      id: a.id,
      fromDate: a.from_date,
      toDate: a.to_date,
      goodReason: excusedAbsences.has(a.id),
    })),
    violations: (
      s.violations.all(personId) as { id: number; date: string; severity: 'general' | 'serious'; rule_key: string | null; reported_to_police_on: string | null; breach_date: string | null }[]
    ).map((v) => ({ id: v.id, date: v.date, severity: v.severity, ruleKey: v.rule_key, reportedToPoliceOn: v.reported_to_police_on, breachDate: v.breach_date })),
    riskAssessments: s.risk.all(personId) as { date: string; level: RiskLevel }[],
    signedAgreementMeasureIds: s.signed.pluck().all(personId) as number[],
    dynamicControlEndedOn: dynamicControlEndedOn(s.dynamicControl.get(personId) as DecisionRow | undefined, tests, latestDecision),
  };
}

interface DecisionRow {
  decided_on: string;
  clean_since: string;
}

/**
 * The RR art. 7 decision, unless a relapse came after it: the clock (last positive test or
 * newest decision) then runs from a later day than the one the decision was made on.
 */
function dynamicControlEndedOn(row: DecisionRow | undefined, tests: { date: string; result: TestResult }[], latestDecision: string | null): string | null {
  if (!row) return null;
  const lastPositive = tests.filter((t) => t.result === 'positive').at(-1)?.date ?? null;
  const cleanSince = [lastPositive, latestDecision].filter((d): d is string => d !== null).sort().at(-1) ?? null;
  return cleanSince !== null && cleanSince <= row.clean_since ? row.decided_on : null;
}

/** The report-ins a measure owes (delivery, then each change of place), read from its own rows. */
export function reportInsOfMeasure(db: Db, measureId: number): { personId: number; obligations: ReportInObligation[] } | null {
  const row = db.prepare('SELECT person_id, delivery_date, report_in_date FROM measures WHERE id = ?').get(measureId) as
    | { person_id: number; delivery_date: string; report_in_date: string | null }
    | undefined;
  if (!row) return null;
  const events = statements(db).events.all(measureId) as { action: string; date: string }[];
  return { personId: row.person_id, obligations: reportInObligations(row.delivery_date, events, row.report_in_date) };
}
