import { addDays, addMonths, daysBetween, type IsoDate } from '../domain/dates';
import { plannedEnd, reportInDeadline, type MeasureStatus } from '../domain/measures';
import { DEFAULT_SUPERVISION_SETTINGS, type IntervalTable, type SupervisionSettings } from '../domain/supervision';
import { SERIOUS_BREACH_RULES, type Alert, type Evaluation, type PersonFacts } from './types';

/**
 * The rules of DOMAIN.md as pure functions of a person's records and a day. The same code feeds
 * the worklist, the person's file, the CLI and (later) statistics and bundles.
 */
const OPEN: readonly MeasureStatus[] = ['pending_report', 'active', 'suspended'];

const REFUSALS_FOR_BREACH = 3;
const ABSENCES_FOR_BREACH = 3;
const ABSENCE_DAYS_LIMIT = 30;
const TERM_NOTICE_DAYS = 30;
const AGREEMENT_GRACE_DAYS = 7;

class Collector {
  readonly alerts: Alert[] = [];
  private next: IsoDate | null = null;

  constructor(private readonly asOf: IsoDate) {}

  add(alert: Alert): void {
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

function interval(table: IntervalTable, level: keyof IntervalTable, reportIn: IsoDate, from: IsoDate): number {
  const year = Math.min(2, Math.max(0, Math.floor(daysBetween(reportIn, from) / 365)));
  return table[level][year] as number;
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
  measureId: number,
): void {
  const table = kind === 'test' ? settings.testIntervals : settings.contactIntervals;
  const base = lastDate && lastDate > reportIn ? lastDate : reportIn;
  const due = addDays(base, interval(table, currentRiskLevel(facts), reportIn, base));
  const soon = addDays(due, -settings.dueSoonDays);
  const article = kind === 'test' ? 'RR-19' : 'RR-16';
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

export function evaluatePerson(facts: PersonFacts, asOf: IsoDate, settings: SupervisionSettings = DEFAULT_SUPERVISION_SETTINGS): Evaluation {
  const c = new Collector(asOf);
  const m = facts.measure;
  const open = m !== null && OPEN.includes(m.status);

  if (m && open) {
    const since = m.reportInDate ?? m.deliveryDate;
    const during = <T extends { date: IsoDate }>(items: T[]) => items.filter((i) => i.date >= since && i.date <= asOf);

    // Rule 1: report-in within 15 days of delivery (RR art. 14).
    if (m.status === 'pending_report') {
      const deadline = reportInDeadline(m.deliveryDate);
      if (asOf > deadline) {
        c.add({
          ruleId: 'report_in_overdue',
          severity: 'critical',
          personId: facts.personId,
          facts: { deliveryDate: m.deliveryDate, deadline, daysOverdue: daysBetween(deadline, asOf) },
          article: 'RR-14',
          dueDate: deadline,
          key: `report_in_overdue:m${m.id}`,
        });
      } else {
        c.add({
          ruleId: 'report_in_due',
          severity: 'info',
          personId: facts.personId,
          facts: { deliveryDate: m.deliveryDate, deadline, daysLeft: daysBetween(asOf, deadline) },
          article: 'RR-14',
          dueDate: deadline,
          key: `report_in_due:m${m.id}`,
        });
        c.reviewOn(addDays(deadline, 1));
      }
    }

    // Rule 2: evading or refusing tests 3 or more times (RR art. 20).
    const refusals = during(facts.tests).filter((t) => t.result === 'refused' || t.result === 'missed');
    if (refusals.length >= REFUSALS_FOR_BREACH) {
      c.add({
        ruleId: 'tests_refused',
        severity: 'critical',
        personId: facts.personId,
        facts: { count: refusals.length, dates: refusals.map((t) => t.date) },
        article: 'RR-20',
        dueDate: refusals[REFUSALS_FOR_BREACH - 1]?.date ?? null,
        key: `tests_refused:m${m.id}`,
      });
    }

    // Rule 3: leaving without permission 3 or more times, or more than 30 days in all (RR art. 20).
    const absences = facts.absences.filter((a) => (a.toDate ?? asOf) >= since && a.fromDate <= asOf);
    const totalDays = absences.reduce((sum, a) => sum + absenceDays(a.fromDate < since ? since : a.fromDate, a.toDate, asOf), 0);
    if (absences.length >= ABSENCES_FOR_BREACH || totalDays > ABSENCE_DAYS_LIMIT) {
      c.add({
        ruleId: 'absence_breach',
        severity: 'critical',
        personId: facts.personId,
        facts: { count: absences.length, totalDays },
        article: 'RR-20',
        dueDate: null,
        key: `absence_breach:m${m.id}`,
      });
    } else {
      // An absence still running crosses 30 days by itself.
      const running = absences.find((a) => a.toDate === null);
      if (running) c.reviewOn(addDays(asOf, ABSENCE_DAYS_LIMIT - totalDays + 1));
    }

    // Rule 4: a positive test during the measure is reported to police (RR art. 21, AL art. 38).
    for (const test of during(facts.tests).filter((t) => t.result === 'positive')) {
      c.add({
        ruleId: 'positive_test',
        severity: 'critical',
        personId: facts.personId,
        facts: { testId: test.id, date: test.date },
        article: 'RR-21',
        dueDate: test.date,
        key: `positive_test:t${test.id}`,
      });
    }

    // Rule 5: leave past its end with no return check-in.
    for (const leave of facts.leaves) {
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
      const lastTest = facts.tests.filter((t) => t.date <= asOf).at(-1)?.date ?? null;
      const lastContact = facts.contacts.filter((t) => t.date <= asOf).at(-1)?.date ?? null;
      scheduleRule(c, facts, asOf, settings, 'test', lastTest, m.reportInDate, m.id);
      scheduleRule(c, facts, asOf, settings, 'contact', lastContact, m.reportInDate, m.id);

      // Rule 7: the term ends; prepare the completion paperwork 30 days ahead (RR art. 23).
      const end = plannedEnd({ reportInDate: m.reportInDate, termMonths: m.termMonths, suspensions: m.suspensions, creditedDays: m.creditedDays }, asOf);
      if (end) {
        const noticeFrom = addDays(end, -TERM_NOTICE_DAYS);
        if (asOf > end) {
          c.add({ ruleId: 'term_ended', severity: 'warning', personId: facts.personId, facts: { plannedEnd: end, daysPast: daysBetween(end, asOf) }, article: 'RR-23', dueDate: end, key: `term_ended:m${m.id}` });
        } else if (asOf >= noticeFrom) {
          c.add({ ruleId: 'term_ending', severity: 'info', personId: facts.personId, facts: { plannedEnd: end, daysLeft: daysBetween(asOf, end) }, article: 'RR-23', dueDate: end, key: `term_ending:m${m.id}` });
          c.reviewOn(addDays(end, 1));
        } else {
          c.reviewOn(noticeFrom);
        }
      }
    }

    // Rule 11: an agreement signed after report-in (RR art. 16; community rehab RR art. 44).
    if (m.reportInDate && m.status !== 'pending_report' && !facts.signedAgreementMeasureIds.includes(m.id)) {
      const due = addDays(m.reportInDate, AGREEMENT_GRACE_DAYS);
      c.add({
        ruleId: 'agreement_missing',
        severity: asOf > due ? 'warning' : 'info',
        personId: facts.personId,
        facts: { reportInDate: m.reportInDate },
        article: m.kind === 'community_rehab' ? 'RR-44' : 'RR-16',
        dueDate: due,
        key: `agreement_missing:m${m.id}`,
      });
      c.reviewOn(addDays(due, 1));
    }

    // Rule 9: risk reassessment by level (禁毒办通〔2016〕37号: adjust dynamically).
    if (m.reportInDate) {
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

  // Rule 4 (cont.): every serious violation must show a police report (RR art. 21).
  for (const v of facts.violations) {
    if (v.severity === 'serious' && v.reportedToPoliceOn === null) {
      c.add({
        ruleId: 'violation_unreported',
        severity: 'critical',
        personId: facts.personId,
        facts: { violationId: v.id, date: v.date },
        article: 'RR-21',
        dueDate: v.date,
        key: `violation_unreported:v${v.id}`,
      });
    }
  }

  // Rule 8: three years clean since the last positive test or known use (RR art. 7).
  if (m && facts.dynamicControlEndedOn === null) {
    const lastPositive = facts.tests.filter((t) => t.result === 'positive' && t.date <= asOf).at(-1)?.date ?? null;
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
