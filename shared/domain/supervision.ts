import type { IsoDate } from './dates';

/** 吸毒检测 */
export const testSamples = ['urine', 'hair', 'saliva', 'blood'] as const;
export const testModes = ['on_site', 'lab'] as const;
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
  place: string;
  notes: string;
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
  createdAt: string;
  createdBy: string | null;
}

export interface Absence {
  id: number;
  measureId: number | null;
  fromDate: IsoDate;
  toDate: IsoDate | null;
  days: number;
  discovered: (typeof absenceDiscoveries)[number];
  leaveId: number | null;
  notes: string;
  createdBy: string | null;
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
