import type { IsoDate } from '../domain/dates';
import type { CitationId } from '../domain/law';
import type { MeasureKind, MeasureStatus, ReportInObligation, SuspensionPeriod } from '../domain/measures';
import type { LeaveStatus, RiskLevel, TestResult } from '../domain/supervision';

/** Everything the rules look at for one person, as plain data (loaded by the core, or built by tests). */
export interface PersonFacts {
  personId: number;
  /**
   * Every measure of the person, oldest first; the last is the current one. Serious breaches are
   * facts about the past and are looked for in every measure, whatever its state now.
   */
  measures: MeasureFacts[];
  /** Latest known drug use: the newest decision date, or a later recorded use. */
  lastKnownUseDate: IsoDate | null;
  /** `goodReason`: a 正当理由 is recorded for a missed, refused or positive test; it does not count. */
  tests: { id: number; date: IsoDate; result: TestResult; goodReason?: boolean }[];
  contacts: { id: number; date: IsoDate }[];
  /** `measureId`: the measure it was granted under (null in records that do not say). */
  leaves: { id: number; status: LeaveStatus; startDate: IsoDate; endDate: IsoDate; returnedOn: IsoDate | null; measureId?: number | null }[];
  /** Recorded unauthorized absences; `goodReason`: a 正当理由 is recorded, it does not count. */
  absences: { id: number; fromDate: IsoDate; toDate: IsoDate | null; goodReason?: boolean }[];
  /** `breachDate`: the day the breach it answers arose (from the rule's facts), else its own date. */
  violations: { id: number; date: IsoDate; severity: 'general' | 'serious'; ruleKey: string | null; reportedToPoliceOn: IsoDate | null; breachDate?: IsoDate | null }[];
  riskAssessments: { date: IsoDate; level: RiskLevel }[];
  /** Measures with a signed, not voided agreement. */
  signedAgreementMeasureIds: number[];
  /** RR art. 7 decision recorded (end of dynamic control). */
  dynamicControlEndedOn: IsoDate | null;
}

export interface MeasureFacts {
  id: number;
  kind: MeasureKind;
  status: MeasureStatus;
  deliveryDate: IsoDate;
  reportInDate: IsoDate | null;
  termMonths: number;
  creditedDays: number;
  suspensions: SuspensionPeriod[];
  /** The day it was completed, terminated or transferred out; null while open. */
  endedOn?: IsoDate | null;
  /** Why it was terminated (the terminate event's reason code), e.g. 'death'; null otherwise. */
  endReason?: string | null;
  /**
   * The report-ins the person owes (delivery of the decision, then each change of place), with
   * whether a 正当理由 answers a late one. Defaults to the delivery alone, reported on `reportInDate`.
   */
  reportIns?: (ReportInObligation & { goodReason: boolean })[];
  /** The working group has a 专职工作人员 (RR art. 15, 17). Unknown (undefined) is not warned about. */
  hasFullTimeStaff?: boolean;
  /** The police 解除通知书 (RR art. 23, 40) has been recorded. */
  dischargeNoticeRecorded?: boolean;
}

export const ruleIds = [
  'report_in_due',
  'report_in_overdue',
  'tests_refused',
  'absence_breach',
  'positive_test',
  'violation_unreported',
  'leave_overdue',
  'test_due',
  'test_overdue',
  'contact_due',
  'contact_overdue',
  'term_ending',
  'term_ended',
  'three_years_clean',
  'reassessment_due',
  'staffing_ratio',
  'agreement_missing',
  'working_group_missing',
  'discharge_notice_missing',
] as const;
export type RuleId = (typeof ruleIds)[number];

export type Severity = 'critical' | 'warning' | 'info';

/** The rule numbers of DOMAIN.md "Rules the software computes". */
export const ruleNumber: Record<RuleId, number> = {
  report_in_due: 1,
  report_in_overdue: 1,
  tests_refused: 2,
  absence_breach: 3,
  positive_test: 4,
  violation_unreported: 4,
  leave_overdue: 5,
  test_due: 6,
  test_overdue: 6,
  contact_due: 6,
  contact_overdue: 6,
  term_ending: 7,
  term_ended: 7,
  three_years_clean: 8,
  reassessment_due: 9,
  staffing_ratio: 10,
  agreement_missing: 11,
  working_group_missing: 12,
  discharge_notice_missing: 7,
};

/** Rules whose alert is a serious breach: it stays until a violation is recorded, then until it is reported to police. */
export const SERIOUS_BREACH_RULES: readonly RuleId[] = ['report_in_overdue', 'tests_refused', 'absence_breach', 'positive_test'];

/** Alerts that stand for a serious breach not yet reported to the police (RR art. 21, 44(2)): never dismissed, never cleared by time. */
export const UNREPORTED_BREACH_RULES: readonly RuleId[] = [...SERIOUS_BREACH_RULES, 'violation_unreported'];

export type FactValue = string | number | boolean | string[] | number[];

export interface Alert {
  ruleId: RuleId;
  severity: Severity;
  /** Null for station-wide alerts (staffing). */
  personId: number | null;
  facts: Record<string, FactValue>;
  article: CitationId;
  dueDate: IsoDate | null;
  /** Identifies this occurrence: dismissals and violation records refer to it. */
  key: string;
}

export interface Evaluation {
  alerts: Alert[];
  /** The first day after `asOf` on which the result can change by the passing of time alone. */
  nextReviewOn: IsoDate | null;
}
