import type { IsoDate } from './dates';

/** 吸毒检测 */
export const testSamples = ['urine', 'hair', 'saliva', 'blood'] as const;
/** 现场检测 / 实验室检测（送检）/ 复检 */
export const testModes = ['on_site', 'lab', 'retest'] as const;
export const testResults = ['negative', 'positive', 'refused', 'missed'] as const;
export type TestResult = (typeof testResults)[number];

/** 帮教谈话 / 走访 */
export const contactKinds = ['face_to_face', 'home_visit', 'phone', 'video', 'group_activity'] as const;
export type ContactKind = (typeof contactKinds)[number];

/** 请假 / 销假: with approval (requested → approved | rejected) or as a written report (registered); then returned. */
export const leaveStatuses = ['requested', 'approved', 'rejected', 'registered', 'returned', 'cancelled'] as const;
export type LeaveStatus = (typeof leaveStatuses)[number];

/** 擅自离开执行地: how the station learnt of it. */
export const absenceDiscoveries = ['missed_contact', 'home_visit', 'police_notice', 'family_report', 'self_report', 'leave_overstay', 'other'] as const;

/** 违反协议 */
export const violationSeverities = ['general', 'serious'] as const;
export const violationHandlings = ['talk_warning', 'written_warning', 'reported_to_police', 'other'] as const;

export const riskLevels = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof riskLevels)[number];

/** Days between two tests / two contacts, by risk level and year of the measure (1st, 2nd, 3rd). */
export type IntervalTable = Record<RiskLevel | 'unassessed', [number, number, number]>;

export interface SupervisionSettings {
  /** Whether leave needs approval (请假审批) or only a written report (RR art. 19). */
  leaveApprovalRequired: boolean;
  /** 检测: a common local default is monthly in year 1, every two months in year 2, quarterly in year 3. */
  testIntervals: IntervalTable;
  /** 谈话走访 */
  contactIntervals: IntervalTable;
  /** Days before a due date from which it shows as due. */
  dueSoonDays: number;
  /** Days between risk assessments, by level (and the first one after report-in). */
  reassessmentDays: Record<RiskLevel | 'initial', number>;
  /** National ratio: one full-time staff member per 30 persons. */
  staffingRatio: number;
  /**
   * RR art. 21 asks for a "prompt" (及时) report to the police without a number; this many hours
   * after a serious breach arose, an unreported one escalates on the worklist.
   */
  policeReportHours: number;
  /**
   * Shortest unauthorized absence, in days, that counts toward "擅自离开 3 次以上" (RR art. 20).
   * RR art. 19 asks for a written report only for leaving the county for 3 days or more, so a
   * shorter trip is not 擅自 by the statute (default 3); stations that require approval for any
   * departure set 1. The "more than 30 days in all" limit counts every day either way.
   */
  departureMinDays: number;
  /**
   * Supervisor: a station that has sent no bundle for longer than this many days is flagged on the
   * stations table. Nothing national fixes it; a monthly hand-in plus a working week is 35.
   */
  stationStaleDays: number;
}

export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = {
  leaveApprovalRequired: true,
  testIntervals: {
    high: [30, 30, 30],
    medium: [30, 60, 90],
    low: [30, 60, 90],
    unassessed: [30, 60, 90],
  },
  contactIntervals: {
    high: [15, 30, 30],
    medium: [30, 30, 60],
    low: [30, 60, 90],
    unassessed: [30, 60, 60],
  },
  dueSoonDays: 7,
  reassessmentDays: { initial: 30, high: 30, medium: 90, low: 180 },
  staffingRatio: 30,
  policeReportHours: 24,
  departureMinDays: 3,
  stationStaleDays: 35,
};

/** Days of a leave, both ends counted. */
export function leaveDays(start: IsoDate, end: IsoDate): number {
  const ms = Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`);
  return Math.round(ms / 86_400_000) + 1;
}

export interface DrugTest {
  id: number;
  measureId: number | null;
  date: IsoDate;
  sample: (typeof testSamples)[number];
  mode: (typeof testModes)[number];
  result: TestResult;
  substances: string[];
  unannounced: boolean;
  tester: string;
  /** 吸毒检测程序规定: two staff present; the second one. */
  secondTester: string;
  /** Whether the urine was collected by a female staff member (asked for a female person's urine). */
  collectorFemale: boolean | null;
  /** A/B sample numbers kept after a positive on-site test. */
  sampleANumber: string;
  sampleBNumber: string;
  place: string;
  notes: string;
  createdBy: string | null;
  /** Steps of the testing procedure this record does not show (shown as warnings, not refused). */
  procedureWarnings: TestProcedureWarning[];
  /** A 正当理由 recorded for a missed, refused or positive result. */
  goodReason: GoodReason | null;
}

export const testProcedureWarnings = ['one_staff', 'female_collector', 'ab_samples'] as const;
export type TestProcedureWarning = (typeof testProcedureWarnings)[number];

/**
 * 吸毒检测程序规定: an on-site test is done by two staff or more; a female person's urine is
 * collected by a female staff member; a positive on-site test keeps A and B samples.
 */
export function testProcedureWarningsOf(
  test: { mode: (typeof testModes)[number]; sample: (typeof testSamples)[number]; result: TestResult; tester: string; secondTester: string; collectorFemale: boolean | null; sampleANumber: string; sampleBNumber: string },
  personGender: 'male' | 'female' | null,
): TestProcedureWarning[] {
  if (test.result === 'refused' || test.result === 'missed') return [];
  const warnings: TestProcedureWarning[] = [];
  if (test.mode === 'on_site' && (test.tester.trim() === '' || test.secondTester.trim() === '')) warnings.push('one_staff');
  if (personGender === 'female' && test.sample === 'urine' && test.collectorFemale !== true) warnings.push('female_collector');
  if (test.mode === 'on_site' && test.result === 'positive' && (test.sampleANumber.trim() === '' || test.sampleBNumber.trim() === '')) warnings.push('ab_samples');
  return warnings;
}

/** What a 正当理由 answers: a late report-in, a test (missed, refused, positive), an absence. */
export const goodReasonSubjects = ['report_in', 'test', 'absence'] as const;
export type GoodReasonSubject = (typeof goodReasonSubjects)[number];

/** 正当理由: the reason the law accepts, who decided it and when; audited, optionally with a scan. */
export interface GoodReason {
  id: number;
  personId: number;
  subject: GoodReasonSubject;
  measureId: number | null;
  testId: number | null;
  absenceId: number | null;
  /** For a report-in: the day its 15 days started (delivery or change of place). */
  reportInFrom: IsoDate | null;
  reason: string;
  decidedBy: string;
  decidedOn: IsoDate;
  attachmentId: number | null;
  createdAt: string;
  createdBy: string | null;
}

export interface Contact {
  id: number;
  measureId: number | null;
  date: IsoDate;
  kind: ContactKind;
  staff: string;
  participants: string;
  summary: string;
  nextStep: string;
  nextDate: IsoDate | null;
  createdBy: string | null;
}

export interface Leave {
  id: number;
  measureId: number | null;
  reason: string;
  province: string;
  city: string;
  county: string;
  address: string;
  startDate: IsoDate;
  endDate: IsoDate;
  days: number;
  status: LeaveStatus;
  decisionNote: string;
  decidedBy: string | null;
  decidedOn: IsoDate | null;
  returnedOn: IsoDate | null;
  returnNote: string;
  /** 撤销: when, by whom and why the leave was withdrawn; the day is null for a leave withdrawn before it was kept. */
  cancelledOn: IsoDate | null;
  cancelledBy: string | null;
  cancelReason: string;
  createdAt: string;
  createdBy: string | null;
}

export interface Absence {
  /** Null for the absence that opens by itself when a leave is not returned (not stored until 销假). */
  id: number | null;
  measureId: number | null;
  fromDate: IsoDate;
  toDate: IsoDate | null;
  days: number;
  discovered: (typeof absenceDiscoveries)[number];
  leaveId: number | null;
  notes: string;
  createdBy: string | null;
  goodReason: GoodReason | null;
}

export interface Violation {
  id: number;
  measureId: number | null;
  date: IsoDate;
  severity: (typeof violationSeverities)[number];
  ruleId: string | null;
  ruleKey: string | null;
  ruleFacts: Record<string, unknown> | null;
  article: string | null;
  description: string;
  handling: string;
  warnedOn: IsoDate | null;
  reportedToPoliceOn: IsoDate | null;
  reportedTo: string;
  createdBy: string | null;
}
