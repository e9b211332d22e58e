import type { IsoDate } from '../domain/dates';
import type { Alert, RuleId } from './types';

/** The worklist's sections (待办), each a set of rules, in the order the dashboard shows them. */
export const worklistGroups = {
  serious_breach: ['report_in_overdue', 'tests_refused', 'absence_breach', 'positive_test', 'violation_unreported'],
  report_in: ['report_in_due'],
  tests: ['test_overdue', 'test_due'],
  contacts: ['contact_overdue', 'contact_due'],
  leave: ['leave_overdue'],
  term: ['term_ended', 'term_ending', 'discharge_notice_missing'],
  agreement: ['agreement_missing'],
  working_group: ['working_group_missing'],
  reassessment: ['reassessment_due'],
  three_years_clean: ['three_years_clean'],
  station: ['staffing_ratio'],
} as const satisfies Record<string, readonly RuleId[]>;
export type WorklistGroup = keyof typeof worklistGroups;

/**
 * The i18n key of an alert's sentence: its rule's, except a report-in still owed past its deadline
 * with a 正当理由 recorded (the engine then keeps `report_in_due` as a warning, NOTES "正当理由"),
 * which says so instead of "due by".
 */
export function alertSentenceKey(alert: Pick<Alert, 'ruleId' | 'facts'>): `rules.${RuleId | 'report_in_due_excused'}` {
  const daysLeft = alert.facts.daysLeft;
  if (alert.ruleId === 'report_in_due' && typeof daysLeft === 'number' && daysLeft < 0) return 'rules.report_in_due_excused';
  return `rules.${alert.ruleId}`;
}

export interface WorklistRow extends Alert {
  personName: string | null;
  idNumberMasked: string | null;
  /** From the ID number: what a dialog opened from the row needs (登记检测's female-collector reminder). */
  gender: 'male' | 'female' | null;
  staffName: string | null;
  /** Supervisor: the station an imported file comes from; null for the database's own files. */
  station: string | null;
  dismissed: { reason: string; by: string | null; at: string } | null;
}

export interface WorklistPage {
  total: number;
  rows: WorklistRow[];
}

export interface WorklistCounts {
  asOf: IsoDate;
  byRule: Partial<Record<RuleId, number>>;
  byGroup: Record<WorklistGroup, number>;
  station: Alert[];
  /** Serious breaches waiting for their police report longer than the station's limit (RR art. 21 及时). */
  escalated: number;
}
