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
}
