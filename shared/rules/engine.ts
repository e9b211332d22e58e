import { addDays, addMonths, daysBetween, type IsoDate } from '../domain/dates';
import { measureCitations } from '../domain/law';
import { lastReportedOn, OPEN_STATUSES, plannedEnd, reportInDeadline, type ReportInObligation } from '../domain/measures';
import { DEFAULT_SUPERVISION_SETTINGS, type IntervalTable, type SupervisionSettings } from '../domain/supervision';
import { afterActiveDays, measureYear } from './schedule';
import { SERIOUS_BREACH_RULES, UNREPORTED_BREACH_RULES, type Alert, type Evaluation, type MeasureFacts, type PersonFacts } from './types';

/**
 * The rules of DOMAIN.md as pure functions of a person's records and a day. The same code feeds
 * the worklist, the person's file, the CLI and (later) statistics and bundles.
 *
 * Serious breaches (rules 1–4) are facts about the past: they are looked for in every measure of
 * the person, open or ended, and stay until a violation with a police report answers them or a
 * 正当理由 takes away the fact they rest on. Nothing else (report-in, 解除, 终止, transfer, time)
 * clears them. The other rules concern the running measure only.
 */
const REFUSALS_FOR_BREACH = 3;
const ABSENCES_FOR_BREACH = 3;
const ABSENCE_DAYS_LIMIT = 30;
const TERM_NOTICE_DAYS = 30;
const AGREEMENT_GRACE_DAYS = 7;
/** RR art. 23, 40: the police notify the station within 7 days of the discharge. */
const DISCHARGE_NOTICE_DAYS = 7;

const isOpen = (m: MeasureFacts) => OPEN_STATUSES.includes(m.status);

class Collector {
  readonly alerts: Alert[] = [];
  private readonly keys = new Set<string>();
  private next: IsoDate | null = null;

  constructor(private readonly asOf: IsoDate) {}

  /**
   * An alert is one fact, once: a key already given is not added again. The worklist stores one
   * row per key, and a second would fail the whole station's refresh, not just this file's.
   */
  add(alert: Alert): void {
    if (this.keys.has(alert.key)) return;
    this.keys.add(alert.key);
    this.alerts.push(alert);
  }

  /** Remembers a future day on which some rule's answer flips. */
  reviewOn(day: IsoDate | null): void {
    if (day === null || day <= this.asOf) return;
    if (this.next === null || day < this.next) this.next = day;
  }

  result(): Evaluation {
    return { alerts: this.alerts, nextReviewOn: this.next };
  }
}

/** Inclusive day count of an absence, an open one counting to `asOf`. */
export function absenceDays(from: IsoDate, to: IsoDate | null, asOf: IsoDate): number {
  const end = to === null || to > asOf ? asOf : to;
  return end < from ? 0 : daysBetween(from, end) + 1;
}

export interface DayRange {
  from: IsoDate;
  /** Inclusive. */
  to: IsoDate;
}

/** Overlapping or touching ranges merged, in order: the same day is never counted twice. */
export function unionOfRanges(ranges: readonly DayRange[]): DayRange[] {
  const sorted = [...ranges].filter((r) => r.to >= r.from).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged: DayRange[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r.from <= addDays(last.to, 1)) {
      if (r.to > last.to) last.to = r.to;
    } else {
      merged.push({ ...r });
    }
  }
  return merged;
}

/**
 * The day an unreturned leave's overstay stops counting: the end of the measure it was granted
 * under, once that measure has ended (a later measure does not inherit it); null while it runs.
 */
function leaveMeasureEnd(leave: PersonFacts['leaves'][number], measures: readonly MeasureFacts[]): IsoDate | null {
  const m = leave.measureId === null || leave.measureId === undefined ? undefined : measures.find((x) => x.id === leave.measureId);
  return m && !isOpen(m) ? (m.endedOn ?? null) : null;
}

/** An approved or registered leave past its end with no 销假 (the person is away without permission). */
function isUnreturned(leave: PersonFacts['leaves'][number], asOf: IsoDate): boolean {
  return (leave.status === 'approved' || leave.status === 'registered') && leave.returnedOn === null && leave.endDate < asOf;
}

/**
 * Unauthorized absences as day ranges up to `asOf`: the recorded ones without a 正当理由, and
 * for every approved or registered leave not checked back in, the days from the day after its
 * approved end (the person is then away without permission; 销假 stores that range) to the end of
 * the measure it was granted under, if that has ended.
 */
export function absenceRanges(facts: Pick<PersonFacts, 'absences' | 'leaves'> & { measures?: readonly MeasureFacts[] }, asOf: IsoDate): (DayRange & { open: boolean })[] {
  const ranges: (DayRange & { open: boolean })[] = [];
  for (const a of facts.absences) {
    if (a.goodReason || a.fromDate > asOf) continue;
    ranges.push({ from: a.fromDate, to: a.toDate === null || a.toDate > asOf ? asOf : a.toDate, open: a.toDate === null || a.toDate > asOf });
  }
  for (const l of facts.leaves) {
    if (!isUnreturned(l, asOf)) continue;
    const ended = leaveMeasureEnd(l, facts.measures ?? []);
    const to = ended !== null && ended < asOf ? ended : asOf;
    if (to > l.endDate) ranges.push({ from: addDays(l.endDate, 1), to, open: to === asOf });
  }
  return ranges;
}

/** `ranges` without the days of `cuts` (a suspension runs from its first day to the day before resume). */
function withoutDays<R extends DayRange>(ranges: readonly R[], cuts: readonly DayRange[]): R[] {
  let out: R[] = [...ranges];
  for (const cut of cuts) {
    out = out.flatMap((r) => {
      if (cut.to < r.from || cut.from > r.to) return [r];
      const pieces: R[] = [];
      if (r.from < cut.from) pieces.push({ ...r, to: addDays(cut.from, -1) });
      if (r.to > cut.to) pieces.push({ ...r, from: addDays(cut.to, 1) });
      return pieces;
    });
  }
  return out;
}

function currentRiskLevel(facts: PersonFacts): keyof IntervalTable {
  return facts.riskAssessments.at(-1)?.level ?? 'unassessed';
}

/** Due/overdue for a recurring obligation (tests, contacts) counted from the last one or from report-in. */
function scheduleRule(
  c: Collector,
  facts: PersonFacts,
  asOf: IsoDate,
  settings: SupervisionSettings,
  kind: 'test' | 'contact',
  lastDate: IsoDate | null,
  reportIn: IsoDate,
  m: MeasureFacts,
): void {
  const measureId = m.id;
  const table = kind === 'test' ? settings.testIntervals : settings.contactIntervals;
  const base = lastDate && lastDate > reportIn ? lastDate : reportIn;
  // Days detained in between do not count toward the interval (the rule runs once the measure resumes).
  const due = afterActiveDays(base, table[currentRiskLevel(facts)][measureYear(reportIn, m.suspensions, base)] as number, m.suspensions);
  if (due === null) return;
  const soon = addDays(due, -settings.dueSoonDays);
  // Tests: RR art. 19 (tested as the police require); talks and visits: RR art. 18 (教育、劝诫).
  const article = kind === 'test' ? 'RR-19' : 'RR-18';
  const common = { personId: facts.personId, article, dueDate: due } as const;
  if (asOf > due) {
    c.add({ ...common, ruleId: `${kind}_overdue`, severity: 'warning', facts: { lastDate: lastDate ?? '', dueDate: due, daysOverdue: daysBetween(due, asOf) }, key: `${kind}_overdue:m${measureId}:${due}` });
  } else if (asOf >= soon) {
    c.add({ ...common, ruleId: `${kind}_due`, severity: 'info', facts: { lastDate: lastDate ?? '', dueDate: due, daysLeft: daysBetween(asOf, due) }, key: `${kind}_due:m${measureId}:${due}` });
    c.reviewOn(addDays(due, 1));
  } else {
    c.reviewOn(soon);
  }
}

/** The days a measure's records count for: from delivery of the decision to its end (or `asOf`). */
function windowOf(m: MeasureFacts, asOf: IsoDate): DayRange {
  const end = !isOpen(m) && m.endedOn && m.endedOn < asOf ? m.endedOn : asOf;
  return { from: m.deliveryDate, to: end };
}

/**
 * Every measure's window, in order, none sharing a day: a decision delivered on or before the day
 * the one before it ended (a new decision the day a measure was ended, or dates entered so)
 * counts from the day after. A day's test or absence is one fact, under the measure it fell in
 * first, never counted toward two.
 */
function windowsOf(measures: readonly MeasureFacts[], asOf: IsoDate): Map<number, DayRange> {
  const windows = new Map<number, DayRange>();
  let covered: IsoDate | null = null;
  for (const m of measures) {
    const w = windowOf(m, asOf);
    if (covered !== null && w.from <= covered) w.from = addDays(covered, 1);
    windows.set(m.id, w);
    if (covered === null || w.to > covered) covered = w.to;
  }
  return windows;
}

function obligationsOf(m: MeasureFacts): (ReportInObligation & { goodReason: boolean })[] {
  return m.reportIns ?? [{ from: m.deliveryDate, basis: 'delivery', deadline: reportInDeadline(m.deliveryDate), reportedOn: m.reportInDate, goodReason: false }];
}

/** A serious breach, with the day it arose and how long it has waited for the police report. */
function addBreach(c: Collector, settings: SupervisionSettings, asOf: IsoDate, alert: Omit<Alert, 'severity'>, breachDate: IsoDate): void {
  const escalatesOn = addDays(breachDate, Math.max(1, Math.ceil(settings.policeReportHours / 24)));
  const escalated = asOf >= escalatesOn;
  if (!escalated) c.reviewOn(escalatesOn);
  // How long it has waited is counted when the alert is read (`waitingDays`), not stored here.
  c.add({ ...alert, severity: 'critical', facts: { ...alert.facts, breachDate, escalated } });
}

/** Rules 1–4 for one measure, open or ended, over its days (`window`, windowsOf). */
function breachRules(c: Collector, facts: PersonFacts, m: MeasureFacts, window: DayRange, asOf: IsoDate, settings: SupervisionSettings): void {
  const inWindow = (date: IsoDate) => date >= window.from && date <= window.to;

  // Rule 1: report-in within 15 days of delivery or of the change of place (RR art. 14, 22, 38);
  // late without 正当理由 is refusal, whether or not the person came later.
  const obligations = obligationsOf(m);
  obligations.forEach((o, i) => {
    const next = obligations[i + 1];
    // While unreported, the obligation is checked up to the next one, the measure's end, or today.
    const stillRunning = next === undefined && isOpen(m) && m.status === 'pending_report' && o.reportedOn === null;
    const checkedUntil = o.reportedOn ?? (next ? next.from : stillRunning ? asOf : (m.endedOn ?? (m.status === 'pending_report' ? asOf : null)));
    const key = o.basis === 'delivery' ? `report_in_overdue:m${m.id}` : `report_in_overdue:m${m.id}:${o.from}`;
    const article = o.basis === 'transfer' ? 'RR-22' : measureCitations[m.kind].reportIn;
    if (checkedUntil !== null && checkedUntil > o.deadline && !o.goodReason) {
      addBreach(
        c,
        settings,
        asOf,
        {
          ruleId: 'report_in_overdue',
          personId: facts.personId,
          facts: { from: o.from, basis: o.basis, deadline: o.deadline, reportedOn: o.reportedOn ?? '', daysOverdue: daysBetween(o.deadline, o.reportedOn ?? checkedUntil) },
          article,
          dueDate: o.deadline,
          key,
        },
        addDays(o.deadline, 1),
      );
    } else if (stillRunning) {
      // Past the deadline only with a 正当理由 (else rule 1 above): the reason excuses the delay, not
      // staying away for good, so the reminder turns into a warning until the person reports in.
      c.add({
        ruleId: 'report_in_due',
        severity: asOf > o.deadline ? 'warning' : 'info',
        personId: facts.personId,
        facts: { from: o.from, basis: o.basis, deadline: o.deadline, daysLeft: daysBetween(asOf, o.deadline), goodReason: o.goodReason },
        article,
        dueDate: o.deadline,
        key: `report_in_due:m${m.id}${o.basis === 'transfer' ? `:${o.from}` : ''}`,
      });
      if (asOf <= o.deadline) c.reviewOn(addDays(o.deadline, 1));
    }
  });

  // Rule 2: evading or refusing tests 3 or more times (RR art. 20); a 正当理由 takes one out.
  // Every further three are a breach of their own (a report answers what came before it, not
  // what came after): each round of three has its own alert, the last one listing any refusals
  // after it that do not yet make another three.
  const refusals = facts.tests.filter((t) => (t.result === 'refused' || t.result === 'missed') && !t.goodReason && inWindow(t.date));
  const rounds = Math.floor(refusals.length / REFUSALS_FOR_BREACH);
  for (let k = 0; k < rounds; k++) {
    const ofRound = refusals.slice(k * REFUSALS_FOR_BREACH, k === rounds - 1 ? refusals.length : (k + 1) * REFUSALS_FOR_BREACH);
    const third = refusals[(k + 1) * REFUSALS_FOR_BREACH - 1]!.date;
    const key = k === 0 ? `tests_refused:m${m.id}` : `tests_refused:m${m.id}:${third}`;
    addBreach(c, settings, asOf, { ruleId: 'tests_refused', personId: facts.personId, facts: { count: ofRound.length, dates: ofRound.map((t) => t.date) }, article: 'RR-20', dueDate: third, key }, third);
  }

  // Rule 3: leaving without permission 3 or more times, or more than 30 days in all (RR art. 20).
  // Days of the union, never the same day twice; a departure counts toward "3 times" once it
  // has lasted `departureMinDays` (see settings).
  // Days detained or arrested (中止, RR art. 24) are not days away without permission: the measure
  // is paused, and a leave that ran out meanwhile could not be checked back in.
  const suspended = m.suspensions.map((p) => ({ from: p.from, to: addDays(p.to ?? addDays(window.to, 1), -1) }));
  const clipped = withoutDays(
    absenceRanges(facts, window.to)
      .map((r) => ({ from: r.from < window.from ? window.from : r.from, to: r.to > window.to ? window.to : r.to, open: r.open }))
      .filter((r) => r.to >= r.from),
    suspended,
  );
  // After a breach, the count starts again with the departures that begin after it: a further
  // three, or a further 30 days, are a breach of their own (the one already there goes on being
  // the same departure, not a new one).
  const minDays = Math.max(1, settings.departureMinDays);
  let after: IsoDate | null = null;
  for (let round = 0; ; round++) {
    const departures = unionOfRanges(clipped).filter((r) => after === null || r.from > after);
    const totalDays = departures.reduce((sum, r) => sum + daysBetween(r.from, r.to) + 1, 0);
    const counted = departures.filter((r) => daysBetween(r.from, r.to) + 1 >= minDays);
    if (counted.length < ABSENCES_FOR_BREACH && totalDays <= ABSENCE_DAYS_LIMIT) {
      // An absence still running crosses the limits by itself: look again tomorrow.
      if (isOpen(m) && clipped.some((r) => r.open && (after === null || r.to > after))) c.reviewOn(addDays(asOf, 1));
      break;
    }
    const candidates: IsoDate[] = [];
    const countedOn = counted.map((r) => addDays(r.from, minDays - 1)).sort();
    if (countedOn.length >= ABSENCES_FOR_BREACH) candidates.push(countedOn[ABSENCES_FOR_BREACH - 1]!);
    let running = 0;
    for (const r of departures) {
      const days = daysBetween(r.from, r.to) + 1;
      if (running + days > ABSENCE_DAYS_LIMIT) {
        candidates.push(addDays(r.from, ABSENCE_DAYS_LIMIT - running));
        break;
      }
      running += days;
    }
    const breachDate = candidates.sort()[0] ?? window.to;
    const key = round === 0 ? `absence_breach:m${m.id}` : `absence_breach:m${m.id}:${breachDate}`;
    addBreach(c, settings, asOf, { ruleId: 'absence_breach', personId: facts.personId, facts: { count: counted.length, totalDays }, article: 'RR-20', dueDate: null, key }, breachDate);
    after = breachDate;
  }

  // Rule 4: a positive test during the measure is reported to police (RR art. 21, AL art. 38).
  for (const test of facts.tests.filter((t) => t.result === 'positive' && !t.goodReason && inWindow(t.date))) {
    addBreach(c, settings, asOf, { ruleId: 'positive_test', personId: facts.personId, facts: { testId: test.id, date: test.date }, article: 'RR-21', dueDate: test.date, key: `positive_test:t${test.id}` }, test.date);
  }
}

/** RR art. 23, 40: after the term, the police 解除通知书 within 7 days; remind until it is recorded. */
function dischargeNoticeRule(c: Collector, facts: PersonFacts, m: MeasureFacts, asOf: IsoDate): void {
  if (!m.reportInDate || m.dischargeNoticeRecorded !== false) return;
  if (m.status !== 'completed' && m.status !== 'active') return;
  const end = plannedEnd({ reportInDate: m.reportInDate, termMonths: m.termMonths, suspensions: m.suspensions, creditedDays: m.creditedDays }, m.status === 'completed' ? (m.endedOn ?? asOf) : asOf);
  if (!end) return;
  if (asOf <= end) {
    c.reviewOn(addDays(end, 1));
    return;
  }
  const due = addDays(end, DISCHARGE_NOTICE_DAYS);
  if (asOf <= due) c.reviewOn(addDays(due, 1));
  c.add({
    ruleId: 'discharge_notice_missing',
    severity: asOf > due ? 'warning' : 'info',
    personId: facts.personId,
    facts: { plannedEnd: end, dueDate: due, daysPast: daysBetween(end, asOf) },
    article: measureCitations[m.kind].discharge,
    dueDate: due,
    key: `discharge_notice_missing:m${m.id}`,
  });
}

/** Rules about the running measure: schedules, leave, term, agreement, working group, reassessment. */
function currentMeasureRules(c: Collector, facts: PersonFacts, m: MeasureFacts, asOf: IsoDate, settings: SupervisionSettings): void {
  // While suspended (detained or arrested, RR art. 24) the person can neither check back in from
  // leave, nor be assessed, nor sign: rules 5, 9 and 11 wait for the measure to resume. Rule 3
  // leaves those days out too.
  const paused = m.status === 'suspended';

  // Rule 5: leave past its end with no return check-in; a leave of an earlier measure is not this one's.
  for (const leave of paused ? [] : facts.leaves) {
    if (leave.measureId !== null && leave.measureId !== undefined && leave.measureId !== m.id) continue;
    if ((leave.status === 'approved' || leave.status === 'registered') && leave.returnedOn === null) {
      if (asOf > leave.endDate) {
        c.add({
          ruleId: 'leave_overdue',
          severity: 'warning',
          personId: facts.personId,
          facts: { leaveId: leave.id, endDate: leave.endDate, daysOverdue: daysBetween(leave.endDate, asOf) },
          article: 'RR-19',
          dueDate: leave.endDate,
          key: `leave_overdue:l${leave.id}`,
        });
      } else {
        c.reviewOn(addDays(leave.endDate, 1));
      }
    }
  }

  if (m.status === 'active' && m.reportInDate) {
    // Rule 6: test and contact schedules (paused while suspended).
    // A missed test is the absence of one (it counts toward rule 2): the schedule runs on from the
    // last test taken or refused, as the reports' 应检 replay does (testsDue.ts).
    const lastTest = facts.tests.filter((t) => t.date <= asOf && t.result !== 'missed').at(-1)?.date ?? null;
    const lastContact = facts.contacts.filter((t) => t.date <= asOf).at(-1)?.date ?? null;
    scheduleRule(c, facts, asOf, settings, 'test', lastTest, m.reportInDate, m);
    scheduleRule(c, facts, asOf, settings, 'contact', lastContact, m.reportInDate, m);

    // Rule 7: the term ends; prepare the completion paperwork 30 days ahead (RR art. 23, 40).
    const end = plannedEnd({ reportInDate: m.reportInDate, termMonths: m.termMonths, suspensions: m.suspensions, creditedDays: m.creditedDays }, asOf);
    const article = measureCitations[m.kind].discharge;
    if (end) {
      const noticeFrom = addDays(end, -TERM_NOTICE_DAYS);
      if (asOf > end) {
        c.add({ ruleId: 'term_ended', severity: 'warning', personId: facts.personId, facts: { plannedEnd: end, daysPast: daysBetween(end, asOf) }, article, dueDate: end, key: `term_ended:m${m.id}` });
      } else if (asOf >= noticeFrom) {
        c.add({ ruleId: 'term_ending', severity: 'info', personId: facts.personId, facts: { plannedEnd: end, daysLeft: daysBetween(asOf, end) }, article, dueDate: end, key: `term_ending:m${m.id}` });
        c.reviewOn(addDays(end, 1));
      } else {
        c.reviewOn(noticeFrom);
      }
    }
  }

  // Rule 11: an agreement signed after report-in (社区戒毒 RR art. 16; 社区康复 RR art. 38).
  // After a change of place the new station signs a new one (RR art. 22): counted from the
  // report-in there, not from the first report-in at the old station.
  const reportedHere = lastReportedOn(obligationsOf(m), m.reportInDate);
  if (reportedHere && m.status !== 'pending_report' && !paused && !facts.signedAgreementMeasureIds.includes(m.id)) {
    const due = addDays(reportedHere, AGREEMENT_GRACE_DAYS);
    c.add({
      ruleId: 'agreement_missing',
      severity: asOf > due ? 'warning' : 'info',
      personId: facts.personId,
      facts: { reportInDate: reportedHere },
      article: measureCitations[m.kind].agreement,
      dueDate: due,
      key: `agreement_missing:m${m.id}`,
    });
    c.reviewOn(addDays(due, 1));
  }

  // Rule 12: the working group has a full-time staff member (RR art. 15, 17).
  if (m.status !== 'pending_report' && m.hasFullTimeStaff === false) {
    c.add({ ruleId: 'working_group_missing', severity: 'warning', personId: facts.personId, facts: {}, article: 'RR-17', dueDate: null, key: `working_group_missing:m${m.id}` });
  }

  // Rule 9: risk reassessment by level (禁毒办通〔2016〕37号: adjust dynamically).
  if (m.reportInDate && !paused) {
    const last = facts.riskAssessments.at(-1);
    const due = last ? addDays(last.date, settings.reassessmentDays[last.level]) : addDays(m.reportInDate, settings.reassessmentDays.initial);
    const soon = addDays(due, -settings.dueSoonDays);
    if (asOf >= soon) {
      c.add({
        ruleId: 'reassessment_due',
        severity: asOf > due ? 'warning' : 'info',
        personId: facts.personId,
        facts: { lastAssessed: last?.date ?? '', level: last?.level ?? '', dueDate: due },
        article: 'NCB-2016-37',
        dueDate: due,
        key: `reassessment_due:m${m.id}:${due}`,
      });
      c.reviewOn(addDays(due, 1));
    } else {
      c.reviewOn(soon);
    }
  }
}

export function evaluatePerson(facts: PersonFacts, asOf: IsoDate, settings: SupervisionSettings = DEFAULT_SUPERVISION_SETTINGS): Evaluation {
  const c = new Collector(asOf);
  const current = facts.measures.at(-1) ?? null;

  const windows = windowsOf(facts.measures, asOf);
  for (const m of facts.measures) {
    if (m.deliveryDate > asOf) continue;
    breachRules(c, facts, m, windows.get(m.id)!, asOf, settings);
    dischargeNoticeRule(c, facts, m, asOf);
  }
  if (current && isOpen(current) && current.deliveryDate <= asOf) currentMeasureRules(c, facts, current, asOf, settings);

  // Rule 4 (cont.): every serious violation must show a police report (RR art. 21).
  for (const v of facts.violations) {
    if (v.severity === 'serious' && v.reportedToPoliceOn === null && v.date <= asOf) {
      addBreach(c, settings, asOf, { ruleId: 'violation_unreported', personId: facts.personId, facts: { violationId: v.id, date: v.date }, article: 'RR-21', dueDate: v.date, key: `violation_unreported:v${v.id}` }, v.breachDate && v.breachDate <= v.date ? v.breachDate : v.date);
    }
  }

  // Rule 8: three years clean since the last positive test or known use (RR art. 7); offered only
  // once no measure runs: dynamic control cannot end while the person is still under one.
  // Not for a file transferred out (the measure runs on at the new station) nor after a death.
  if (current && !isOpen(current) && current.status !== 'transferred_out' && current.endReason !== 'death' && facts.dynamicControlEndedOn === null) {
    const lastPositive = facts.tests.filter((t) => t.result === 'positive' && !t.goodReason && t.date <= asOf).at(-1)?.date ?? null;
    const cleanSince = [lastPositive, facts.lastKnownUseDate].filter((d): d is string => d !== null).sort().at(-1) ?? null;
    if (cleanSince) {
      const completesOn = addMonths(cleanSince, 36);
      if (asOf >= completesOn) {
        c.add({ ruleId: 'three_years_clean', severity: 'info', personId: facts.personId, facts: { cleanSince, completesOn }, article: 'RR-7', dueDate: completesOn, key: `three_years_clean:${cleanSince}` });
      } else {
        c.reviewOn(completesOn);
      }
    }
  }

  // A serious breach stays on the list until a violation is recorded for it; from then on the
  // violation's own "report to police" alert takes over.
  const recorded = new Set(facts.violations.map((v) => v.ruleKey).filter((k): k is string => k !== null));
  const result = c.result();
  result.alerts = result.alerts.filter((a) => !(SERIOUS_BREACH_RULES.includes(a.ruleId) && recorded.has(a.key)));
  return result;
}

/** The alerts of an evaluation that stand for a serious breach not yet reported to the police. */
export function unreportedBreaches(alerts: readonly Alert[]): Alert[] {
  return alerts.filter((a) => UNREPORTED_BREACH_RULES.includes(a.ruleId));
}

/** Rule 10: more than `staffingRatio` persons under an open measure per active staff member. */
export function evaluateStation(counts: { openMeasures: number; activeStaff: number }, settings: SupervisionSettings = DEFAULT_SUPERVISION_SETTINGS): Alert[] {
  const { openMeasures, activeStaff } = counts;
  if (openMeasures === 0 || (activeStaff > 0 && openMeasures <= activeStaff * settings.staffingRatio)) return [];
  return [
    {
      ruleId: 'staffing_ratio',
      severity: 'warning',
      personId: null,
      facts: { openMeasures, activeStaff, ratio: settings.staffingRatio, needed: Math.ceil(openMeasures / settings.staffingRatio) },
      article: 'POLICY-STAFFING',
      dueDate: null,
      key: `staffing_ratio:${openMeasures}:${activeStaff}`,
    },
  ];
}
