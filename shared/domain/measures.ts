import { addDays, addMonths, daysBetween, type IsoDate } from './dates';

/**
 * Community measures and their life cycle (DOMAIN.md "Measure states"):
 * 待报到 → 执行中 ⇄ 中止 → 期满解除 | 终止 | 转出. Only the transitions below are legal.
 */
export const measureKinds = ['community_detox', 'community_rehab'] as const;
export type MeasureKind = (typeof measureKinds)[number];

export const measureStatuses = ['pending_report', 'active', 'suspended', 'completed', 'terminated', 'transferred_out'] as const;
export type MeasureStatus = (typeof measureStatuses)[number];

/** Statuses in which a measure is still running (at most one per person). */
export const OPEN_STATUSES: readonly MeasureStatus[] = ['pending_report', 'active', 'suspended'];

export const measureActions = ['report_in', 'suspend', 'resume', 'complete', 'terminate', 'transfer_out'] as const;
export type MeasureAction = (typeof measureActions)[number];

export const TRANSITIONS: Record<MeasureAction, { from: readonly MeasureStatus[]; to: MeasureStatus }> = {
  report_in: { from: ['pending_report'], to: 'active' },
  // Detained or arrested (RR art. 24): the measure pauses and the paused days extend the term.
  suspend: { from: ['active'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'active' },
  // 期满解除: the term has run (RR art. 23, 40).
  complete: { from: ['active'], to: 'completed' },
  // 终止: imprisonment, compulsory education or isolation (RR art. 24, AL art. 38), death.
  terminate: { from: ['pending_report', 'active', 'suspended'], to: 'terminated' },
  // 变更执行地 (RR art. 22): the file moves to another station; the term runs on there. Not while
  // suspended: the person is detained, the 15 days to report in at the new station would run out
  // as a refusal, and nothing there could end the pause (resume is not open to a pending measure).
  transfer_out: { from: ['pending_report', 'active'], to: 'transferred_out' },
};

export function canApply(action: MeasureAction, status: MeasureStatus): boolean {
  return TRANSITIONS[action].from.includes(status);
}

export function actionsFrom(status: MeasureStatus): MeasureAction[] {
  return measureActions.filter((action) => canApply(action, status));
}

/** Reasons a station records for a suspension or termination. */
export const suspensionReasons = ['detained', 'arrested', 'other'] as const;
export const terminationReasons = ['imprisoned', 'compulsory_education', 'compulsory_isolation', 'death', 'other'] as const;

/** Community detox is 3 years (AL art. 33); community rehab is decided, at most 3 years (AL art. 48). */
export const DETOX_TERM_MONTHS = 36;
export const MAX_REHAB_TERM_MONTHS = 36;
/** Report-in within 15 days of receiving the decision (RR art. 14; 社区康复 art. 38). */
export const REPORT_IN_DAYS = 15;

export interface SuspensionPeriod {
  from: IsoDate;
  /** Null while the suspension lasts. */
  to: IsoDate | null;
}

/**
 * Suspension periods read off the event history (suspend … resume). A report-in also ends an open
 * one: whoever reports in is free. It answers files transferred out while suspended, which older
 * versions allowed; their pause would otherwise never end and the term would grow every day.
 */
export function suspensionsOf(events: readonly { action: string; date: IsoDate }[]): SuspensionPeriod[] {
  const periods: SuspensionPeriod[] = [];
  for (const event of events) {
    if (event.action === 'suspend') periods.push({ from: event.date, to: null });
    if (event.action === 'resume' || event.action === 'report_in') {
      const open = periods.at(-1);
      if (open && open.to === null) open.to = event.date;
    }
  }
  return periods;
}

/**
 * The suspension `day` falls in, if any: from its first day to the day before it resumes (on that
 * day the person is free again, as the days counted by `suspendedDays`), or on while it lasts.
 */
export function suspensionOn(periods: readonly SuspensionPeriod[], day: IsoDate): SuspensionPeriod | null {
  return periods.find((p) => p.from <= day && (p.to === null || day < p.to)) ?? null;
}

/** Days spent suspended up to `asOf` (an open suspension counts until `asOf`). */
export function suspendedDays(periods: readonly SuspensionPeriod[], asOf: IsoDate): number {
  return periods.reduce((sum, p) => {
    const end = p.to ?? asOf;
    return sum + Math.max(0, daysBetween(p.from, end < asOf ? end : asOf));
  }, 0);
}

export interface TermInput {
  reportInDate: IsoDate | null;
  termMonths: number;
  suspensions: readonly SuspensionPeriod[];
  /** Days credited from compulsory isolation converted to community detox (RR art. 31). */
  creditedDays: number;
}

/**
 * The last day of the term: report-in + term − 1 day (the report-in day counts as the first
 * day), extended by every suspended day, shortened by credited days. Null before report-in.
 * Where the end month has no day of the report-in's number (29 Feb + 3 years, 31 Jan + 1 month),
 * the term ends on that month's last day, as a sentence does: one day earlier would be short.
 */
export function plannedEnd(term: TermInput, asOf: IsoDate): IsoDate | null {
  if (!term.reportInDate) return null;
  const sameDay = addMonths(term.reportInDate, term.termMonths);
  const base = sameDay.slice(8) === term.reportInDate.slice(8) ? addDays(sameDay, -1) : sameDay;
  return addDays(base, suspendedDays(term.suspensions, asOf) - term.creditedDays);
}

/** Day N of the measure (report-in day is day 1), not counting suspended days. */
export function dayCount(term: TermInput, asOf: IsoDate): number | null {
  if (!term.reportInDate || asOf < term.reportInDate) return null;
  return daysBetween(term.reportInDate, asOf) + 1 - suspendedDays(term.suspensions, asOf);
}

/** The last day on which report-in is on time. */
export function reportInDeadline(deliveryDate: IsoDate): IsoDate {
  return addDays(deliveryDate, REPORT_IN_DAYS);
}

/**
 * The day the person last reported in (after a change of place, at the new station): what the
 * agreement there is signed after and says; the first report-in where none is recorded in events.
 */
export function lastReportedOn(obligations: readonly Pick<ReportInObligation, 'reportedOn'>[], firstReportIn: IsoDate | null): IsoDate | null {
  return obligations.filter((o) => o.reportedOn !== null).at(-1)?.reportedOn ?? firstReportIn;
}

export const workingGroupRoles = ['full_time_staff', 'community_police', 'community_medic', 'family_member', 'volunteer'] as const;
export type WorkingGroupRole = (typeof workingGroupRoles)[number];

/** One report-in the person owes: 15 days from delivery of the decision, or from a change of place. */
export interface ReportInObligation {
  /** The day the 15 days start from (not counted): delivery (RR art. 14, 38) or the change of place (RR art. 22). */
  from: IsoDate;
  basis: 'delivery' | 'transfer';
  deadline: IsoDate;
  /** The day the person reported in for it; null while they have not. */
  reportedOn: IsoDate | null;
}

/**
 * The report-ins of a measure, read off its events: the first after delivery; after each
 * transfer in (变更执行地), one more at the new station, counted from the day the place changed
 * (the old station's `transfer_out` date, carried in the bundle), not from the day the file arrived.
 */
export function reportInObligations(
  deliveryDate: IsoDate,
  events: readonly { action: string; date: IsoDate }[],
  /** The measure's own report-in date: answers the first obligation in data kept before events were. */
  reportInDate: IsoDate | null = null,
): ReportInObligation[] {
  const obligations: ReportInObligation[] = [{ from: deliveryDate, basis: 'delivery', deadline: reportInDeadline(deliveryDate), reportedOn: null }];
  let lastTransferOut: IsoDate | null = null;
  for (const event of events) {
    const open = obligations.at(-1) as ReportInObligation;
    if (event.action === 'report_in' && open.reportedOn === null) open.reportedOn = event.date;
    if (event.action === 'transfer_out') lastTransferOut = event.date;
    if (event.action === 'transfer_in') {
      const from = lastTransferOut ?? event.date;
      obligations.push({ from, basis: 'transfer', deadline: reportInDeadline(from), reportedOn: null });
      lastTransferOut = null;
    }
  }
  const first = obligations[0] as ReportInObligation;
  if (first.reportedOn === null && obligations.length === 1) first.reportedOn = reportInDate;
  return obligations;
}
