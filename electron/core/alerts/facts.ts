import type { MeasureKind, MeasureStatus } from '../../../shared/domain/measures';
import type { LeaveStatus, RiskLevel, TestResult } from '../../../shared/domain/supervision';
import type { PersonFacts } from '../../../shared/rules/types';
import type { Db } from '../db/database';
import { signedMeasureIds } from '../agreements/service';
import { cleanStatus } from '../clean/service';
import { measureEvents, suspensionsOf } from '../measures/repo';
import { withStatementCache } from './statements';

/** Prepared once per database: the facts loader runs for many persons in a row. */
const cache = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  return {
    person: db.prepare('SELECT id, current_measure_id FROM persons WHERE id = ?'),
    measure: db.prepare('SELECT id, kind, status, decision_date, delivery_date, report_in_date, term_months, credited_days FROM measures WHERE id = ?'),
    latestDecision: db.prepare('SELECT max(decision_date) AS d FROM measures WHERE person_id = ?'),
    tests: db.prepare('SELECT id, date, result FROM drug_tests WHERE person_id = ? ORDER BY date, id'),
    contacts: db.prepare('SELECT id, date FROM contacts WHERE person_id = ? ORDER BY date, id'),
    leaves: db.prepare('SELECT id, status, start_date, end_date, returned_on FROM leaves WHERE person_id = ? ORDER BY start_date, id'),
    absences: db.prepare('SELECT id, from_date, to_date FROM absences WHERE person_id = ? ORDER BY from_date, id'),
    violations: db.prepare('SELECT id, date, severity, rule_key, reported_to_police_on FROM violations WHERE person_id = ? ORDER BY date, id'),
    risk: db.prepare('SELECT date, level FROM risk_assessments WHERE person_id = ? ORDER BY date, id'),
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

/** Everything the rules need about one person. */
export function loadPersonFacts(db: Db, personId: number): PersonFacts | null {
  const s = statements(db);
  const reader = withStatementCache(db);
  const person = s.person.get(personId) as { id: number; current_measure_id: number | null } | undefined;
  if (!person) return null;
  const m = person.current_measure_id
    ? (s.measure.get(person.current_measure_id) as
        | { id: number; kind: MeasureKind; status: MeasureStatus; decision_date: string; delivery_date: string; report_in_date: string | null; term_months: number; credited_days: number }
        | undefined)
    : undefined;
  const latestDecision = (s.latestDecision.get(personId) as { d: string | null }).d;
  return {
    personId,
    measure: m
      ? {
          id: m.id,
          kind: m.kind,
          status: m.status,
          deliveryDate: m.delivery_date,
          reportInDate: m.report_in_date,
          termMonths: m.term_months,
          creditedDays: m.credited_days,
          suspensions: suspensionsOf(measureEvents(reader, m.id)),
        }
      : null,
    lastKnownUseDate: latestDecision,
    tests: (s.tests.all(personId) as { id: number; date: string; result: TestResult }[]).map((t) => ({ id: t.id, date: t.date, result: t.result })),
    contacts: s.contacts.all(personId) as { id: number; date: string }[],
    leaves: (s.leaves.all(personId) as { id: number; status: LeaveStatus; start_date: string; end_date: string; returned_on: string | null }[]).map((l) => ({
      id: l.id,
      status: l.status,
      startDate: l.start_date,
      endDate: l.end_date,
      returnedOn: l.returned_on,
    })),
    absences: (s.absences.all(personId) as { id: number; from_date: string; to_date: string | null }[]).map((a) => ({ id: a.id, fromDate: a.from_date, toDate: a.to_date })),
    violations: (
      s.violations.all(personId) as { id: number; date: string; severity: 'general' | 'serious'; rule_key: string | null; reported_to_police_on: string | null }[]
    ).map((v) => ({ id: v.id, date: v.date, severity: v.severity, ruleKey: v.rule_key, reportedToPoliceOn: v.reported_to_police_on })),
    riskAssessments: s.risk.all(personId) as { date: string; level: RiskLevel }[],
    signedAgreementMeasureIds: signedMeasureIds(reader, personId),
    dynamicControlEndedOn: cleanStatus(reader, personId, '9999-12-31').decision?.decidedOn ?? null,
  };
}
