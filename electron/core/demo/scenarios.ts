import type { MeasureKind } from '../../../shared/domain/measures';
import type { IntervalTable, RiskLevel, SupervisionSettings } from '../../../shared/domain/supervision';
import { plusMonths } from './days';
import type { Scenario } from './measurePlan';
import type { MeasureExtras } from './records';
import type { Rng } from './random';

/**
 * Rule scenarios: with 200 persons or more, each of these is one person (at an index among the
 * first 200 that the seed picks), so that on the demo's `at` day the worklist shows every rule of
 * shared/rules/engine.ts at least once. Everyone else is drawn at random and trips the rules as
 * often as a real caseload does. The station-wide staffing rule (10) needs no person: with the
 * demo's few users, any sizeable N exceeds 30 open measures per staff member.
 *
 * Each scenario person is an adult under community detox (three years), with no suspension and
 * no random leave, absence, relapse or violation, so that nothing else moves the rule's answer.
 */
export const SCENARIOS = {
  report_in_due: 'rule 1: decision delivered within the last 14 days, not yet reported in',
  report_in_overdue: 'rule 1: decision delivered 16–150 days ago, never reported in, no violation recorded yet',
  tests_refused: 'rule 2: missed or refused the last three tests (70, 40 and 10 days ago), no violation recorded',
  absence_breach: 'rule 3: away without leave for 39 days (from 50 to 12 days ago), no violation recorded',
  positive_test: 'rule 4: positive unannounced test 1–5 days ago, not yet answered by a violation',
  violation_unreported: 'rule 4: positive test 8 days ago answered by a serious violation 6 days ago, not reported to police',
  leave_overdue: 'rule 5: approved leave that ended 4 days ago, no return check-in',
  test_due: 'rule 6: high risk; last test 27 days ago, next due in 3 days',
  test_overdue: 'rule 6: high risk; last test 35–50 days ago',
  contact_due: 'rule 6: high risk; last talk so that the next is due in 3 days',
  contact_overdue: 'rule 6: high risk; last talk 5–20 days past its interval',
  term_ending: 'rule 7: report-in three years ago, the term ends in 5–25 days',
  term_ended: 'rule 7: the term ended 3–20 days ago, completion not yet recorded',
  three_years_clean: 'rule 8: community detox completed, last decision more than three years ago, no positive since, no decision recorded',
  reassessment_due: 'rule 9: high risk; the last assessment is 30 days old or due within the notice days',
  agreement_missing: 'rule 11: reported in months ago, no signed agreement',
  working_group_missing: 'rule 12: reported in months ago, the working group has no full-time staff member',
  showcase: 'every kind of record on one file: tests (a refusal, a positive answered and reported), talks, leave returned on time and late, an absence, violations, assessments, a care flag, a help plan with items done, a signed agreement',
} as const;
export type ScenarioName = keyof typeof SCENARIOS;
export const scenarioNames = Object.keys(SCENARIOS) as ScenarioName[];

export interface ScenarioSetup {
  measure: Scenario;
  kind: MeasureKind;
  reportIn?: number;
  allowOverrun?: boolean;
  /** What the latest measure's records must show, given its report-in day. */
  extras(reportIn: number): MeasureExtras;
  /** A care flag and a help plan for sure. */
  rich?: boolean;
  /** The latest measure's working group lacks a full-time staff member. */
  noFullTimeStaff?: boolean;
}

/** The day of the last test (talk) so that the next one falls due on `target` at `level`. */
function lastBefore(table: IntervalTable, level: RiskLevel | 'unassessed', reportIn: number, target: number): number {
  const every = (day: number) => table[level][Math.min(2, Math.max(0, Math.floor((day - reportIn) / 365)))] as number;
  const guess = target - every(target);
  return target - every(guess);
}

export function scenarioSetup(name: ScenarioName, rng: Rng, at: number, settings: SupervisionSettings): ScenarioSetup {
  const quiet = { quiet: true } as const;
  const soon = Math.min(3, settings.dueSoonDays);
  const active = (extras: (reportIn: number) => MeasureExtras, reportIn = at - rng.int(200, 600)): ScenarioSetup => ({
    measure: 'active',
    kind: 'community_detox',
    reportIn,
    extras,
  });
  switch (name) {
    case 'report_in_due':
      return { measure: 'pending_on_time', kind: 'community_detox', extras: () => quiet };
    case 'report_in_overdue':
      return { measure: 'pending_overdue', kind: 'community_detox', extras: () => ({ ...quiet, noReportInViolation: true }) };
    case 'tests_refused':
      return active(() => ({ ...quiet, tests: [{ day: at - 70, result: 'missed' }, { day: at - 40, result: 'refused' }, { day: at - 10, result: 'refused' }] }));
    case 'absence_breach':
      return active(() => ({ ...quiet, absence: [at - 50, at - 12] }));
    case 'positive_test':
      return active(() => ({ ...quiet, tests: [{ day: at - rng.int(1, 5), result: 'positive', unannounced: true }] }));
    case 'violation_unreported':
      return active(() => ({ ...quiet, tests: [{ day: at - 8, result: 'positive' }], answerPositives: true, unreported: true }));
    case 'leave_overdue':
      return active(() => ({ ...quiet, overdueLeave: [at - 14, at - 4] }));
    case 'test_due':
      return active((r) => ({ ...quiet, worst: true, lastTest: (level) => lastBefore(settings.testIntervals, level, r, at + soon) }));
    case 'test_overdue': {
      const late = rng.int(5, 20);
      return active((r) => ({ ...quiet, worst: true, lastTest: (level) => lastBefore(settings.testIntervals, level, r, at - late) }));
    }
    case 'contact_due':
      return active((r) => ({ ...quiet, worst: true, lastContact: (level) => lastBefore(settings.contactIntervals, level, r, at + soon) }));
    case 'contact_overdue': {
      const late = rng.int(5, 20);
      return active((r) => ({ ...quiet, worst: true, lastContact: (level) => lastBefore(settings.contactIntervals, level, r, at - late) }));
    }
    case 'term_ending':
      return active(() => quiet, plusMonths(at + rng.int(5, 25) + 1, -36));
    case 'term_ended':
      return { ...active(() => quiet, plusMonths(at - rng.int(3, 20) + 1, -36)), allowOverrun: true };
    case 'three_years_clean':
      return { measure: 'completed', kind: 'community_detox', extras: () => quiet };
    case 'reassessment_due':
      return active(() => ({ ...quiet, worst: true, reassessmentDue: true }));
    case 'agreement_missing':
      return active(() => ({ ...quiet, noAgreement: true }));
    case 'working_group_missing':
      return { ...active(() => quiet), noFullTimeStaff: true };
    case 'showcase':
      return { ...active((r) => ({ rich: true, tests: [{ day: r + rng.int(100, 150), result: 'refused' }] }), at - rng.int(420, 600)), rich: true };
  }
}
