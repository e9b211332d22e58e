import type { CareCategory, HelpStats } from './care';
import type { IsoDate } from './dates';
import type { RatesView } from './rates';

/**
 * 统计报表 of a period (and, for a calendar month, the 月度工作报表): what a station hands in.
 * Every figure's formula is shown beside it (words `reportsUi.period.*`; definitions in
 * shared/domain/NOTES.md). Counts are of the database's own files at a station and of every
 * station's snapshot at a supervisor.
 */
export interface PeriodReport {
  from: IsoDate;
  to: IsoDate;
  /** Point-in-time figures are read on this day: the period's end, or today if it ends later. */
  asOf: IsoDate;
  station: { code: string; name: string; mode: 'station' | 'supervisor' };
  decisions: { community_detox: number; community_rehab: number; total: number };
  /** Measures delivered in the period whose 15 days have run out: reported in on time, late, not yet. */
  reportIns: { onTime: number; late: number; missing: number; pending: number };
  tests: { done: number; negative: number; positive: number; refused: number; missed: number; due: number; dueMet: number };
  contacts: { face_to_face: number; home_visit: number; phone: number; video: number; group_activity: number; total: number };
  /** Leave starting in the period (not cancelled); decided, returned and returned late in it. */
  leaves: { requested: number; approved: number; rejected: number; returned: number; returnedLate: number };
  /**
   * Recorded in the period by severity; reported to the police in it; of those, serious ones reported
   * within the station's limit (policeReportHours from the day the breach arose); and serious
   * breaches arisen by asOf and not reported by then, recorded or only found by the rules.
   */
  violations: { general: number; serious: number; reportedToPolice: number; reportedInTime: number; unreported: number };
  endings: { completed: number; terminated: number; transferred_out: number; byReason: Partial<Record<string, number>> };
  help: HelpStats;
  rates: RatesView;
  /** As of `asOf`, read from the history: persons on file that day by the state of their latest measure then and by their risk level then, and key care. */
  snapshot: {
    measures: Record<'pending_report' | 'active' | 'suspended' | 'completed' | 'terminated' | 'transferred_out' | 'none', number>;
    risk: Record<'high' | 'medium' | 'low' | 'unassessed', number>;
    /** Persons per key-care category in force (a person may be in more than one). */
    keyCare: Partial<Record<CareCategory, number>>;
  };
  /** The 12 months up to the period's end: tests taken, positives and violations each month. */
  trend: { month: string; tests: number; positives: number; violations: number }[];
  /**
   * At a supervisor: the stations whose files here end before `asOf` — their last full bundle was
   * made earlier (`dataAsOf`), or none came (null) — so the figures above hold their work only up
   * to that day, or none of it. Empty at a station.
   */
  behind: { code: string; name: string; dataAsOf: IsoDate | null }[];
  /** At a supervisor: each station's latest figures-only bundle, shown apart and never added to the figures above. Empty at a station. */
  reported: ReportedFigures[];
}

/**
 * A station's latest 统计数字 (figures-only) bundle as the supervisor shows it: the counts the
 * station made itself, under its own supervision plan, on `asOf` (the day it made them). The
 * bundle carries counts per calendar year, so the period's counts are those of one year (`year`,
 * from its first day to `to`: asOf, or the year's end when the bundle is later); the rest are
 * as of `asOf`. None of it enters the totals computed from the full snapshots: a station that
 * sent both is counted from its files there, and these figures stand beside them for comparison.
 */
export interface ReportedFigures {
  station: { code: string; name: string };
  seq: number;
  asOf: IsoDate;
  createdAt: string;
  importedAt: string;
  year: string;
  from: IsoDate;
  to: IsoDate;
  /** China's day the station made its last full bundle (its files counted above), null when the supervisor has none of its files. */
  snapshotAsOf: IsoDate | null;
  /** Files not archived, and their persons by the state of their current measure (as of asOf). */
  persons: number;
  measures: { pending_report: number; active: number; suspended: number };
  /** Decisions delivered in the year: reported in within 15 days, later, not (yet). */
  decisions: { total: number; onTime: number; late: number; none: number };
  tests: { done: number; negative: number; positive: number; refused: number; missed: number };
  contacts: { face_to_face: number; home_visit: number; phone: number; video: number; group_activity: number; total: number };
  /** Leave starting in the year (withdrawn ones left out), and of those refused and checked back in. */
  leaves: { requested: number; rejected: number; returned: number };
  absences: number;
  /** Violations dated in the year, and those of them reported to the police (by asOf). */
  violations: { general: number; serious: number; reportedToPolice: number };
  /** The station's own worklist on asOf: serious breaches not reported to the police (of them 未按期报到, late or not yet made), and every item. */
  alerts: { unreportedBreaches: number; overdueReportIns: number; total: number };
  /** Active user accounts. */
  staff: number;
}
