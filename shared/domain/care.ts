import type { IsoDate } from './dates';
import type { RiskLevel } from './supervision';

/** 重点关爱对象: the ten hardship categories of the 2023 national "平安关爱" notice. */
export const careCategories = [
  'unemployed_hardship',
  'ill_disabled_no_care',
  'living_alone',
  'major_family_change',
  'grudge_extreme_risk',
  'petition_dispute',
  'long_term_abnormal',
  'ill_uncollectable_crime_risk',
  'children_neglected',
  'elderly_uncared',
] as const;
export type CareCategory = (typeof careCategories)[number];

/** 帮扶 categories and responsible departments (DOMAIN.md "help plan"). */
export const helpCategories = [
  'employment',
  'skills_training',
  'medical_insurance',
  'unemployment_insurance',
  'minimum_allowance',
  'temporary_relief',
  'minor_children',
  'elderly',
  'psychological_counselling',
  'methadone_maintenance',
  'housing',
  'legal_aid',
  'other',
] as const;
export type HelpCategory = (typeof helpCategories)[number];

export const helpDepartments = ['health', 'human_resources', 'civil_affairs', 'justice', 'education', 'youth_league', 'womens_federation', 'hospital', 'social_organisation', 'other'] as const;
export type HelpDepartment = (typeof helpDepartments)[number];

export const planStatuses = ['requested', 'approved', 'rejected'] as const;
export type PlanStatus = (typeof planStatuses)[number];

export interface CareFlag {
  id: number;
  category: CareCategory;
  since: IsoDate;
  until: IsoDate | null;
  note: string;
  createdBy: string | null;
}

export interface HelpItem {
  id: number;
  planId: number;
  category: HelpCategory;
  department: HelpDepartment;
  description: string;
  plannedDate: IsoDate | null;
  doneDate: IsoDate | null;
  outcome: string;
}

export interface HelpPlan {
  id: number;
  personId: number;
  needs: HelpCategory[];
  needsNote: string;
  goals: string;
  status: PlanStatus;
  decisionNote: string;
  decidedBy: string | null;
  decidedOn: IsoDate | null;
  createdAt: string;
  createdBy: string | null;
  items: HelpItem[];
}

/** 人次 of help given, by category, in a period. */
export interface HelpStats {
  from: IsoDate;
  to: IsoDate;
  byCategory: Partial<Record<HelpCategory, number>>;
  byDepartment: Partial<Record<HelpDepartment, number>>;
  total: number;
  persons: number;
}

export interface RiskAssessment {
  id: number;
  personId: number;
  date: IsoDate;
  factors: Record<string, string>;
  derived: Record<string, number | string>;
  score: number;
  suggestedLevel: RiskLevel;
  level: RiskLevel;
  overrideReason: string;
  notes: string;
  nextDueDate: IsoDate;
  assessor: string | null;
}

export interface CleanStatus {
  /** The day the three-year clock runs from (last positive test or known use), null without any. */
  cleanSince: IsoDate | null;
  completesOn: IsoDate | null;
  candidate: boolean;
  /** A measure still runs: dynamic control cannot end before it has (RR art. 7). */
  measureOpen: boolean;
  lastPositiveTest: IsoDate | null;
  decision: { decidedOn: IsoDate; basis: string; cleanSince: IsoDate; by: string | null } | null;
}
