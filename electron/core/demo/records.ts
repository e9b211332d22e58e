import type { MeasureKind } from '../../../shared/domain/measures';
import { type IntervalTable, type RiskLevel, type SupervisionSettings, type TestResult } from '../../../shared/domain/supervision';
import type { RiskTable, AssessedFactor } from '../../../shared/rules/risk';
import type { PersonData } from '../../../shared/schemas/person';
import { toDay, toIso } from './days';
import type { DemoOp, RiskScored, TestInput, ViolationRule } from './ops';
import type { MeasurePlan } from './plan';
import { AREAS, type Area } from './places';
import { Rng, Weighted } from './random';
import { assessedOptions, nextDue, scoreOn, shiftLevel, withUnstableBehaviour, type FileSoFar } from './riskModel';
import * as T from './texts';

/**
 * Everything a station records while a measure runs, planned for one measure at a time on the
 * dates the measure allows: tests and talks on the station's schedule (by measure year and the
 * current risk level), risk assessments, the agreement after report-in, leave with approval and
 * return, the odd unauthorized absence, violations (a positive test answered by a serious
 * violation reported to police), all outside suspensions and absences.
 *
 * `MeasureExtras` bends one measure for the rule scenarios of plan.ts (a test overdue on the day,
 * three refusals, a leave not returned from); see SCENARIOS there.
 */
export interface RecordContext {
  at: number;
  settings: SupervisionSettings;
  riskTable: RiskTable;
}

export interface MeasureExtras {
  /** No random leave, absence, relapse, general violation, lagging schedule or refusal. */
  quiet?: boolean;
  /** Assessed factors at the top of every scale (a high level throughout, so schedules are known in advance). */
  worst?: boolean;
  /** Tests on these days with these results (positives carry the person's substance). */
  tests?: { day: number; result: TestResult; unannounced?: boolean }[];
  /** Answer forced positives with a violation (and a police report unless `unreported`). */
  answerPositives?: boolean;
  unreported?: boolean;
  /** The last test / talk is on exactly this day, none after. */
  lastTest?: (level: RiskLevel | 'unassessed') => number;
  lastContact?: (level: RiskLevel | 'unassessed') => number;
  /** Leave the risk assessments so that a reassessment falls due on `at`. */
  reassessmentDue?: boolean;
  noAgreement?: boolean;
  /** Leave requested, approved and not returned from (start, end). */
  overdueLeave?: [number, number];
  /** An absence (from, to) with no violation recorded. */
  absence?: [number, number];
  /** More of everything (the showcase person). */
  rich?: boolean;
  /** Pending measures: no violation recorded for a missed report-in. */
  noReportInViolation?: boolean;
}

interface Timeline {
  index: number;
  plan: MeasurePlan;
  kind: MeasureKind;
  delivery: number;
  reportIn: number | null;
  /** The day of the ending transition, null while the measure runs. */
  end: number | null;
  endReasonCode: string | null;
  endReason: string;
  suspensions: [number, number | null][];
  /** The last day records are written for this measure. */
  last: number;
}

export function timelineOf(plan: MeasurePlan, index: number, at: number): Timeline {
  let reportIn: number | null = null;
  let end: number | null = null;
  let endReasonCode: string | null = null;
  let endReason = '';
  const suspensions: [number, number | null][] = [];
  for (const t of plan.transitions) {
    const day = toDay(t.date);
    if (t.action === 'report_in') reportIn = day;
    if (t.action === 'suspend') suspensions.push([day, null]);
    if (t.action === 'resume') (suspensions.at(-1) as [number, number | null])[1] = day;
    if (t.action === 'complete' || t.action === 'terminate' || t.action === 'transfer_out') {
      end = day;
      endReasonCode = t.reasonCode;
      endReason = t.reason;
    }
  }
  return {
    index,
    plan,
    kind: plan.decision.kind,
    delivery: toDay(plan.decision.deliveryDate),
    reportIn,
    end,
    endReasonCode,
    endReason,
    suspensions,
    last: end === null ? at : end - 1,
  };
}

/** Days on which nothing is recorded at the station: suspensions, leave, absences. */
class Gaps {
  private readonly list: [number, number][] = [];

  add(from: number, to: number): void {
    this.list.push([from, to]);
  }

  /** The first free day on or after `day`. */
  free(day: number): number {
    let d = day;
    for (let moved = true; moved; ) {
      moved = false;
      for (const [a, b] of this.list) {
        if (d >= a && d <= b) {
          d = b + 1;
          moved = true;
        }
      }
    }
    return d;
  }

  clear(from: number, to: number, margin: number): boolean {
    return !this.list.some(([a, b]) => from <= b + margin && to >= a - margin);
  }
}

interface Forced {
  day: number;
  result: TestResult;
  unannounced: boolean;
  /** Answered by a serious violation (positive_test), reported to police unless `report` is false. */
  answer: boolean;
  report: boolean;
  ref: number;
}

const kindWord = (kind: MeasureKind) => (kind === 'community_detox' ? '社区戒毒' : '社区康复');

const contactKinds = new Weighted<'face_to_face' | 'home_visit' | 'phone' | 'video' | 'group_activity'>([
  ['face_to_face', 42],
  ['home_visit', 24],
  ['phone', 24],
  ['video', 4],
  ['group_activity', 6],
]);
const samples = new Weighted<TestInput['sample']>([
  ['urine', 90],
  ['saliva', 5],
  ['hair', 5],
]);

function interval(table: IntervalTable, level: RiskLevel | 'unassessed', reportIn: number, day: number): number {
  return table[level][Math.min(2, Math.max(0, Math.floor((day - reportIn) / 365)))] as number;
}

/** The person's history beyond the measure states: one instance per person, measures planned in order. */
export class RecordPlanner {
  readonly ops: DemoOp[] = [];
  readonly file: FileSoFar;
  private ref = 0;
  /** The person's current risk level (the newest assessment). */
  riskLevel: RiskLevel | null = null;
  private readonly substance: string;

  constructor(
    private readonly rng: Rng,
    private readonly ctx: RecordContext,
    private readonly person: PersonData,
    private readonly area: Area,
  ) {
    this.file = { priorEpisodes: person.drugHistory.priorEpisodes, positives: [], violations: [], decisions: [] };
    this.substance = person.drugHistory.substances[0] ?? 'methamphetamine';
  }

  private nextRef(): number {
    return ++this.ref;
  }

  private push(op: DemoOp): void {
    this.ops.push(op);
  }

  /** Registration, state changes and every record of one measure. */
  measure(m: Timeline, extras: MeasureExtras = {}): void {
    const { plan } = m;
    this.file.decisions.push([toDay(plan.decision.decisionDate), m.delivery]);
    this.push({ type: 'register', day: m.delivery, measure: m.index, decision: plan.decision, members: plan.members });
    plan.transitions.forEach((transition) => this.push({ type: 'transition', day: toDay(transition.date), measure: m.index, transition }));
    if (m.reportIn === null || m.last < m.reportIn) this.pending(m, extras);
    else this.running(m, extras);
  }

  private staff(m: Timeline): { staff: string; police: string; medic: string | null; family: string | null } {
    const find = (role: string) => m.plan.members.find((x) => x.role === role)?.name ?? null;
    return { staff: find('full_time_staff') ?? '', police: find('community_police') ?? '', medic: find('community_medic'), family: find('family_member') };
  }

  private reportedTo(m: Timeline): string {
    const police = this.staff(m).police;
    return `${m.plan.decision.decisionAuthority}${police ? `（社区民警${police}）` : ''}`;
  }

  /** Never reported in: a call urging report-in, and the missed report-in answered and reported to police. */
  private pending(m: Timeline, extras: MeasureExtras): void {
    const { at } = this.ctx;
    const last = m.end ?? at;
    const group = this.staff(m);
    const deadline = m.delivery + 15;
    if (this.rng.chance(0.6)) {
      const day = m.delivery + this.rng.int(3, 12);
      if (day <= last && day <= at) {
        this.push({
          type: 'contact',
          day,
          contact: { date: toIso(day), kind: 'phone', staff: group.staff, participants: '', summary: this.rng.pick(T.URGE_REPORT_IN), nextStep: '', nextDate: null },
        });
      }
    }
    const overdue = last > deadline && (m.end !== null ? m.endReasonCode === 'compulsory_isolation' : !extras.noReportInViolation && this.rng.chance(0.7));
    if (!overdue) return;
    const day = Math.min(deadline + 1 + this.rng.int(0, 5), last);
    const ref = this.violation(day, 'serious', T.REPORT_IN_VIOLATION, '', { ruleId: 'report_in_overdue', measure: m.index });
    this.police(ref, Math.min(day + this.rng.int(0, 2), at), m);
  }

  private violation(day: number, severity: 'general' | 'serious', description: string, handling: '' | 'talk_warning' | 'written_warning', rule: ViolationRule | null): number {
    const ref = this.nextRef();
    this.file.violations.push({ day, severity });
    this.push({
      type: 'violation',
      day,
      ref,
      violation: { date: toIso(day), severity, description, handling, warnedOn: handling ? toIso(day) : null, ruleKey: null },
      rule,
    });
    return ref;
  }

  private police(violation: number, day: number, m: Timeline): void {
    this.push({ type: 'policeReport', day, violation, date: toIso(day), reportedTo: this.reportedTo(m) });
  }

  private running(m: Timeline, extras: MeasureExtras): void {
    const { rng, ctx } = this;
    const { at, settings } = ctx;
    const R = m.reportIn as number;
    const last = m.last;
    const open = m.end === null;
    const quiet = extras.quiet === true;
    const gaps = new Gaps();
    for (const [from, to] of m.suspensions) gaps.add(from, to === null ? Number.MAX_SAFE_INTEGER : to - 1);
    const group = this.staff(m);
    let absences = 0;

    // Leave (RR art. 19) and absences: planned first, as the schedules pause while the person is away.
    const leaves = quiet ? 0 : extras.rich ? 2 : this.countPerYear(last - R, 0.22);
    for (let i = 0; i < leaves; i++) absences += this.leave(m, gaps, absences, extras.rich === true, extras.rich === true && i === 1);
    if (extras.overdueLeave) this.overdueLeave(gaps, extras.overdueLeave);
    if (!quiet && last - R >= 120 && rng.chance(extras.rich ? 1 : 0.03) && absences < 2) this.absence(m, gaps, true);
    if (extras.absence) {
      const [from, to] = extras.absence;
      gaps.add(from, to);
      const ref = this.nextRef();
      this.push({ type: 'absence', day: from + 3, ref, absence: { fromDate: toIso(from), toDate: null, discovered: 'missed_contact', notes: rng.pick(T.ABSENCE_NOTES) } });
      if (to <= at) this.push({ type: 'absenceEnd', day: to, absence: ref, toDate: toIso(to) });
    }

    // Tests that the plan fixes: a relapse, the positive or refusals that ended the measure, the scenarios'.
    const forced: Forced[] = [];
    const isolation = m.endReasonCode === 'compulsory_isolation' && m.end !== null;
    const positiveEnd = isolation && /阳性|吸食/.test(m.endReason);
    const refusalEnd = isolation && m.endReason.includes('严重违反');
    if (positiveEnd) {
      const day = gaps.free(Math.max(R + 1, (m.end as number) - rng.int(5, 25)));
      if (day <= last) forced.push({ day, result: 'positive', unannounced: true, answer: true, report: true, ref: 0 });
    } else if (!quiet && last - R >= 90 && rng.chance(extras.rich ? 1 : 0.09)) {
      const day = gaps.free(rng.int(R + 45, Math.max(R + 45, last - (extras.rich ? 60 : 0))));
      if (day <= last) forced.push({ day, result: 'positive', unannounced: rng.chance(0.5), answer: true, report: true, ref: 0 });
    }
    if (refusalEnd) {
      let previous = R;
      for (const [back, result] of [[75, 'missed'], [45, 'refused'], [15, 'refused']] as const) {
        const day = gaps.free(Math.max(previous + 1, (m.end as number) - back));
        if (day > last) break;
        forced.push({ day, result, unannounced: false, answer: false, report: false, ref: 0 });
        previous = day;
      }
    }
    for (const t of extras.tests ?? []) {
      forced.push({ day: t.day, result: t.result, unannounced: t.unannounced ?? false, answer: extras.answerPositives === true && t.result === 'positive', report: !extras.unreported, ref: 0 });
    }
    forced.sort((a, b) => a.day - b.day);

    // Violations known before the assessments that count them.
    for (const f of forced) {
      f.ref = this.nextRef();
      if (f.result === 'positive') this.file.positives.push(f.day);
    }
    const seriousDays: number[] = [];
    for (const f of forced) {
      if (!f.answer) continue;
      const day = Math.min(f.day + (extras.unreported ? 2 : rng.int(0, 2)), last);
      const ref = this.violation(day, 'serious', T.positiveViolation(kindWord(m.kind), T.SUBSTANCE_WORDS[this.substance] ?? '毒品'), '', { ruleId: 'positive_test', test: f.ref });
      seriousDays.push(day);
      if (f.report) this.police(ref, Math.min(day + rng.int(0, 3), at), m);
    }
    const refusals = forced.filter((f) => f.result === 'refused' || f.result === 'missed');
    if (refusalEnd && refusals.length === 3) {
      const day = Math.min((refusals[2] as { day: number }).day + rng.int(0, 3), last);
      const ref = this.violation(day, 'serious', T.REFUSAL_VIOLATION, '', { ruleId: 'tests_refused', measure: m.index });
      seriousDays.push(day);
      this.police(ref, Math.min(day + rng.int(0, 2), at), m);
    }
    const generals = quiet || last - R < 60 ? 0 : extras.rich ? 1 : rng.chance(0.07) ? rng.int(1, 2) : 0;
    for (let i = 0; i < generals; i++) {
      const day = gaps.free(rng.int(R + 20, last));
      if (day <= last) this.violation(day, 'general', rng.pick(T.GENERAL_VIOLATIONS), rng.chance(0.65) ? 'talk_warning' : 'written_warning', null);
    }

    const levels = this.assessments(m, extras, seriousDays);
    const levelAt = (day: number): RiskLevel | 'unassessed' => {
      let level: RiskLevel | 'unassessed' = 'unassessed';
      for (const [d, l] of levels) if (d <= day) level = l;
      return level;
    };
    const finalLevel = levels.at(-1)?.[1] ?? 'unassessed';

    // Staff who fall behind: the schedule stops some weeks before `at` (an overdue alert today).
    const lagging = (table: IntervalTable) => {
      if (quiet || !open || m.suspensions.some(([, to]) => to === null) || !rng.chance(0.05)) return last;
      const stop = at - interval(table, finalLevel, R, at) - rng.int(3, 40);
      return stop > R + 60 ? stop : last;
    };

    this.tests(m, gaps, forced, levelAt, lagging(settings.testIntervals), extras, group);
    this.contacts(m, gaps, levelAt, lagging(settings.contactIntervals), extras, group);

    // The agreement (RR art. 16), mostly on report-in day.
    const missing = extras.noAgreement || (!quiet && open && rng.chance(0.02));
    if (!missing) {
      const generated = R + (rng.chance(0.5) ? 0 : rng.chance(0.8) ? rng.int(1, 3) : rng.int(4, 10));
      if (generated <= last) {
        const ref = this.nextRef();
        this.push({ type: 'agreement', day: generated, measure: m.index, ref });
        const signed = Math.min(last, generated + (rng.chance(0.8) ? 0 : rng.int(1, 2)));
        this.push({ type: 'sign', day: signed, agreement: ref, signedOn: toIso(signed) });
      }
    }
  }

  /** About `perYear` events per year of `days`. */
  private countPerYear(days: number, perYear: number): number {
    let n = 0;
    for (let y = 0; y < days / 365; y++) if (this.rng.chance(perYear * Math.min(1, days / 365 - y))) n++;
    return n;
  }

  private destination(): { province: string; city: string; county: string; address: string } {
    let area = this.rng.pick(AREAS);
    if (area.city === this.area.city) area = AREAS[(AREAS.indexOf(area) + 7) % AREAS.length] as Area;
    const province = area.prefix.slice(0, area.prefix.indexOf(area.city)) || area.city;
    const county = area.prefix.slice(area.prefix.indexOf(area.city) + area.city.length);
    return { province, city: area.city, county, address: `${area.prefix}${this.rng.pick(area.roads)}${this.rng.int(1, 300)}号` };
  }

  /**
   * One leave: requested, decided, returned (sometimes late: an absence), rejected or cancelled.
   * `sure`: approved and back before `at` (late if `late`). Returns the absences it caused.
   */
  private leave(m: Timeline, gaps: Gaps, absences: number, sure: boolean, late: boolean): number {
    const { rng } = this;
    const { at, settings } = this.ctx;
    const R = m.reportIn as number;
    const open = m.end === null;
    const latest = open ? (sure ? at - 40 : at + 14) : (m.end as number) - 25;
    if (latest < R + 40) return 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      const start = rng.int(R + 40, latest);
      const days = rng.int(3, 12);
      const end = start + days - 1;
      if (!gaps.clear(start - 10, end + 10, 5)) continue;
      const requested = start - rng.int(2, 10);
      if (requested > at || requested <= R) continue;
      // Whatever the outcome, no other leave overlaps this one and no test is planned in it.
      gaps.add(start, end);
      const ref = this.nextRef();
      this.push({ type: 'leave', day: requested, ref, leave: { reason: rng.pick(T.LEAVE_REASONS), ...this.destination(), startDate: toIso(start), endDate: toIso(end) } });
      const outcome = sure ? 1 : rng.next();
      if (outcome < 0.03) {
        const day = Math.min(at, requested + rng.int(0, 1));
        this.push({ type: 'leaveCancel', day, leave: ref, reason: rng.pick(T.LEAVE_CANCELS) });
        return 0;
      }
      if (settings.leaveApprovalRequired) {
        const decided = Math.min(start, requested + rng.int(0, 2));
        if (decided > at) return 0;
        const reject = !late && outcome < 0.13;
        this.push({ type: 'leaveDecision', day: decided, leave: ref, decision: reject ? 'reject' : 'approve', note: reject ? rng.pick(T.LEAVE_REJECTIONS) : rng.pick(['同意', '同意，按期销假', '']) });
        if (reject) return 0;
      }
      if (end >= at) {
        // Away on `at`, or not gone yet.
        gaps.add(start, Number.MAX_SAFE_INTEGER);
        return 0;
      }
      const overstay = rng.int(1, 8);
      const isLate = absences < 2 && (late || (!sure && rng.chance(0.12))) && end + overstay < Math.min(at, m.last);
      const back = isLate ? end + overstay : end - rng.int(0, Math.min(2, days - 1));
      gaps.add(start, back);
      this.push({ type: 'leaveReturn', day: back, leave: ref, returnedOn: toIso(back), note: isLate ? rng.pick(T.LATE_RETURN_NOTES) : rng.pick(T.RETURN_NOTES) });
      return isLate ? 1 : 0;
    }
    return 0;
  }

  private overdueLeave(gaps: Gaps, [start, end]: [number, number]): void {
    const ref = this.nextRef();
    const requested = start - 3;
    this.push({ type: 'leave', day: requested, ref, leave: { reason: this.rng.pick(T.LEAVE_REASONS), ...this.destination(), startDate: toIso(start), endDate: toIso(end) } });
    if (this.ctx.settings.leaveApprovalRequired) this.push({ type: 'leaveDecision', day: requested + 1, leave: ref, decision: 'approve', note: '同意，按期销假' });
    gaps.add(start, Number.MAX_SAFE_INTEGER);
  }

  /** A few days away without leave, discovered, ended, and usually answered with a warning. */
  private absence(m: Timeline, gaps: Gaps, warn: boolean): void {
    const { rng } = this;
    const R = m.reportIn as number;
    for (let attempt = 0; attempt < 5; attempt++) {
      const from = rng.int(R + 30, m.last - 15);
      const days = rng.int(2, 12);
      const to = from + days;
      if (!gaps.clear(from, to, 5)) continue;
      gaps.add(from, to);
      const ref = this.nextRef();
      const discovered = rng.pick(T.ABSENCE_DISCOVERY);
      const notes = rng.pick(T.ABSENCE_NOTES);
      const found = from + rng.int(1, 4);
      if (found >= to) {
        this.push({ type: 'absence', day: to, ref, absence: { fromDate: toIso(from), toDate: toIso(to), discovered, notes } });
      } else {
        this.push({ type: 'absence', day: found, ref, absence: { fromDate: toIso(from), toDate: null, discovered, notes } });
        this.push({ type: 'absenceEnd', day: to, absence: ref, toDate: toIso(to) });
      }
      if (warn && rng.chance(0.7)) {
        const day = Math.min(m.last, to + rng.int(0, 3));
        this.violation(day, 'general', T.absenceViolation(days), 'talk_warning', null);
      }
      return;
    }
  }

  /** Initial assessment after report-in, then again by level; the levels they set, by day. */
  private assessments(m: Timeline, extras: MeasureExtras, seriousDays: number[]): [number, RiskLevel][] {
    const { rng, ctx } = this;
    const { settings, riskTable } = ctx;
    const R = m.reportIn as number;
    const base = assessedOptions(rng, this.person, riskTable, extras.worst === true);
    const list: { day: number; factors: Record<AssessedFactor, string>; level: RiskLevel; overrideReason: string; notes: string }[] = [];
    const scored: RiskScored[] = [];
    let day = R + (rng.chance(0.95) ? rng.int(2, 20) : rng.int(31, 45));
    const jitter = () => (extras.reassessmentDue ? 0 : rng.int(0, 10));
    while (day <= m.last) {
      const unstable = seriousDays.some((d) => d <= day && d > day - 180);
      const factors = unstable ? withUnstableBehaviour(base, riskTable) : base;
      const score = scoreOn(this.file, day, factors, riskTable);
      const suggested = score.suggestedLevel;
      let level = suggested;
      let overrideReason = '';
      if (!extras.quiet && rng.chance(0.04)) {
        const up = rng.chance(0.5);
        const shifted = shiftLevel(suggested, up ? 1 : -1);
        if (shifted !== suggested) {
          level = shifted;
          overrideReason = rng.pick(up ? T.OVERRIDE_UP : T.OVERRIDE_DOWN);
        }
      }
      list.push({ day, factors, level, overrideReason, notes: rng.pick(T.RISK_NOTES) });
      scored.push({ ...score, nextDueDate: nextDue(day, level, settings) });
      day += Math.max(7, settings.reassessmentDays[level] - jitter());
    }
    if (extras.reassessmentDue) {
      // Drop the newest until the one left is due within the notice days of `at`.
      while (list.length > 1) {
        const newest = list.at(-1) as (typeof list)[number];
        if (newest.day + settings.reassessmentDays[newest.level] - settings.dueSoonDays <= ctx.at) break;
        list.pop();
        scored.pop();
      }
    }
    list.forEach((a, i) => {
      this.push({
        type: 'risk',
        day: a.day,
        assessment: { date: toIso(a.day), factors: a.factors, level: a.level, overrideReason: a.overrideReason, notes: a.notes },
        scored: scored[i] as RiskScored,
      });
    });
    if (list.length > 0) this.riskLevel = (list.at(-1) as (typeof list)[number]).level;
    return list.map((a) => [a.day, a.level]);
  }

  private tests(
    m: Timeline,
    gaps: Gaps,
    forced: Forced[],
    levelAt: (day: number) => RiskLevel | 'unassessed',
    stop: number,
    extras: MeasureExtras,
    group: { staff: string; medic: string | null; police: string },
  ): void {
    const { rng, ctx } = this;
    const table = ctx.settings.testIntervals;
    const R = m.reportIn as number;
    const finalDay = extras.lastTest ? extras.lastTest(levelAt(ctx.at)) : null;
    const until = finalDay !== null ? finalDay - 1 : stop;
    let refused = forced.filter((f) => f.result === 'refused' || f.result === 'missed').length;
    const emit = (day: number, result: TestResult, unannounced: boolean, ref: number) => {
      const sample = result === 'positive' || result === 'negative' ? samples.draw(rng) : 'urine';
      const notes =
        result === 'positive' ? rng.pick(T.POSITIVE_NOTES) : result === 'missed' ? rng.pick(T.MISSED_NOTES) : result === 'refused' ? rng.pick(T.REFUSED_NOTES) : '';
      this.push({
        type: 'test',
        day,
        ref,
        test: {
          date: toIso(day),
          sample,
          mode: sample === 'hair' ? 'lab' : 'on_site',
          result,
          substances: result === 'positive' ? [this.substance as TestInput['substances'][number]] : [],
          unannounced,
          tester: group.medic ?? group.staff,
          // 吸毒检测程序规定: two staff at an on-site test; A/B samples kept after a positive one.
          secondTester: group.medic ? group.staff : '',
          collectorFemale: null,
          sampleANumber: result === 'positive' && sample !== 'hair' ? `${toIso(day).replaceAll('-', '')}-A` : '',
          sampleBNumber: result === 'positive' && sample !== 'hair' ? `${toIso(day).replaceAll('-', '')}-B` : '',
          place: rng.pick(T.TEST_PLACES.slice(0, 3)),
          notes,
        },
      });
    };
    let next = gaps.free(rng.chance(0.7) ? R : R + rng.int(1, 5));
    let f = 0;
    const step = (from: number) => from + interval(table, levelAt(from), R, from) - rng.int(0, 5);
    for (;;) {
      const pending = forced[f];
      if (pending && (pending.day <= next || next > until)) {
        emit(pending.day, pending.result, pending.unannounced, pending.ref);
        f++;
        next = gaps.free(Math.max(next, step(pending.day)));
        continue;
      }
      if (next > until) break;
      let result: TestResult = 'negative';
      if (!extras.quiet && refused < 2) {
        const x = rng.next();
        if (x < 0.012) result = 'missed';
        else if (x < 0.018) result = 'refused';
        if (result !== 'negative') refused++;
      }
      const ref = this.nextRef();
      emit(next, result, !extras.quiet && rng.chance(0.06), ref);
      // Some missed tests had a reason the law accepts; chosen by the day, so the random stream is unchanged.
      if (result === 'missed' && next % 3 === 0 && next + 1 <= ctx.at) {
        this.push({ type: 'goodReason', day: next + 1, test: ref, reason: { reason: '当日住院治疗，有医院证明', decidedBy: `社区民警${group.police}`, decidedOn: toIso(next + 1) } });
      }
      next = gaps.free(step(next));
    }
    if (finalDay !== null && finalDay > R) emit(finalDay, 'negative', false, this.nextRef());
  }

  private contacts(m: Timeline, gaps: Gaps, levelAt: (day: number) => RiskLevel | 'unassessed', stop: number, extras: MeasureExtras, group: { staff: string; police: string; family: string | null }): void {
    const { rng, ctx } = this;
    const table = ctx.settings.contactIntervals;
    const R = m.reportIn as number;
    const finalDay = extras.lastContact ? extras.lastContact(levelAt(ctx.at)) : null;
    const until = finalDay !== null ? finalDay - 1 : stop;
    const emit = (day: number, first: boolean) => {
      const kind = first ? 'face_to_face' : contactKinds.draw(rng);
      const every = interval(table, levelAt(day), R, day);
      const withNext = !first && rng.chance(0.6);
      this.push({
        type: 'contact',
        day,
        contact: {
          date: toIso(day),
          kind,
          staff: group.staff,
          participants: kind === 'home_visit' && group.family ? group.family : kind === 'face_to_face' && rng.chance(0.2) ? `社区民警${group.police}` : '',
          summary: first ? rng.pick(T.REPORT_IN_TALK) : T.contactSummary(rng, kind, group.family),
          nextStep: withNext ? T.nextStep(rng) : '',
          nextDate: withNext ? toIso(day + every) : null,
        },
      });
    };
    let day = R;
    let first = true;
    while (day <= until) {
      emit(day, first);
      first = false;
      day = gaps.free(day + interval(table, levelAt(day), R, day) - rng.int(0, 5));
    }
    if (finalDay !== null && finalDay > R) emit(finalDay, false);
  }

  /** 重点关爱对象 (about 15%): one or two categories that fit the person, from some day after the first decision. */
  care(first: number, last: number, chance: number): void {
    const { rng } = this;
    const { at } = this.ctx;
    if (!rng.chance(chance)) return;
    const p = this.person;
    const pool = new Weighted<keyof typeof T.CARE_NOTES>([
      ['unemployed_hardship', p.employment === 'unemployed' ? 40 : 5],
      ['living_alone', p.familyContacts.length === 0 ? 40 : 6],
      ['ill_disabled_no_care', 8],
      ['major_family_change', p.maritalStatus === 'divorced' || p.maritalStatus === 'widowed' ? 15 : 4],
      ['long_term_abnormal', p.drugHistory.substances.includes('heroin') || p.drugHistory.priorEpisodes >= 2 ? 15 : 3],
      ['children_neglected', p.familyContacts.some((c) => c.relation === 'child') ? 8 : 1],
      ['elderly_uncared', p.familyContacts.some((c) => c.relation === 'parent') ? 8 : 2],
      ['petition_dispute', 2],
      ['grudge_extreme_risk', 1.5],
      ['ill_uncollectable_crime_risk', 1],
    ]);
    const first1 = pool.draw(rng);
    const categories = [first1];
    if (rng.chance(0.2)) {
      const second = pool.draw(rng);
      if (second !== first1) categories.push(second);
    }
    for (const category of categories) {
      const since = first + rng.int(10, 400);
      if (since > Math.min(at, last)) continue;
      const until = rng.chance(0.25) ? since + rng.int(60, 500) : null;
      this.push({
        type: 'care',
        day: since,
        flag: { category, since: toIso(since), until: until !== null && until <= at ? toIso(until) : null, note: rng.pick(T.CARE_NOTES[category]) },
      });
    }
  }

  /** 一人一策 (about 30% of those who reported in): needs from the file, approved, 1–4 items, some done. */
  help(m: Timeline, chance: number, rich: boolean): void {
    const { rng } = this;
    const { at } = this.ctx;
    if (m.reportIn === null || !rng.chance(chance)) return;
    const created = m.reportIn + rng.int(15, rich ? 40 : 120);
    if (created > Math.min(at, m.last)) return;
    const p = this.person;
    const needs = new Set<keyof typeof T.HELP_TEXTS>();
    if (p.employment === 'unemployed' || p.employment === 'other') needs.add(rng.chance(0.6) ? 'employment' : 'skills_training');
    if (p.drugHistory.substances.includes('heroin') && rng.chance(0.5)) needs.add('methadone_maintenance');
    if (rng.chance(0.4)) needs.add('psychological_counselling');
    if (p.employment === 'unemployed' && rng.chance(0.35)) needs.add(rng.chance(0.6) ? 'minimum_allowance' : 'temporary_relief');
    if (rng.chance(0.15)) needs.add('medical_insurance');
    if (p.familyContacts.some((c) => c.relation === 'child') && rng.chance(0.15)) needs.add('minor_children');
    if (p.familyContacts.some((c) => c.relation === 'parent') && rng.chance(0.1)) needs.add('elderly');
    if (rng.chance(0.05)) needs.add(rng.pick(['housing', 'legal_aid', 'unemployment_insurance'] as const));
    if (needs.size === 0) needs.add(rng.chance(0.5) ? 'employment' : 'psychological_counselling');
    const list = [...needs].slice(0, 4);
    const ref = this.nextRef();
    this.push({ type: 'helpPlan', day: created, ref, plan: { needs: list, needsNote: rng.pick(T.HELP_NEEDS_NOTES), goals: rng.pick(T.HELP_GOALS) } });
    const decided = created + rng.int(1, 10);
    if (decided > at) return;
    const reject = !rich && rng.chance(0.04);
    this.push({ type: 'helpDecision', day: decided, plan: ref, decision: reject ? 'reject' : 'approve', note: reject ? rng.pick(T.HELP_REJECTIONS) : '同意' });
    if (reject) return;
    const items = Math.max(rich ? 2 : 1, Math.min(4, list.length + (rng.chance(0.3) ? 1 : 0)));
    for (let i = 0; i < items; i++) {
      const category = list[i % list.length] as keyof typeof T.HELP_TEXTS;
      const text = T.HELP_TEXTS[category];
      const planned = decided + rng.int(7, 150);
      const done = planned <= at && (rich ? i === 0 || rng.chance(0.75) : rng.chance(0.75)) ? Math.min(at, Math.max(decided, planned + rng.int(-5, 15))) : null;
      this.push({
        type: 'helpItem',
        day: done ?? decided,
        plan: ref,
        item: {
          category,
          department: rng.pick(text.departments),
          description: rng.pick(text.items),
          plannedDate: toIso(planned),
          doneDate: done === null ? null : toIso(done),
          outcome: done === null ? '' : rng.pick(text.outcomes),
        },
      });
    }
  }

  /** RR art. 7: the clock runs from the last positive test or the newest decision. */
  cleanSince(): number | null {
    const decided = this.file.decisions.reduce<number | null>((max, [d]) => (max === null || d > max ? d : max), null);
    const positive = this.file.positives.reduce<number | null>((max, d) => (max === null || d > max ? d : max), null);
    return positive === null ? decided : decided === null ? positive : Math.max(positive, decided);
  }

  archive(died: number, reason: string): void {
    const day = died + this.rng.int(1, 30);
    if (day <= this.ctx.at) this.push({ type: 'archive', day, reason: `${reason}，档案归档` });
  }

  clean(from: number): void {
    const { rng } = this;
    const day = from + rng.int(0, 90);
    if (day > this.ctx.at) return;
    this.push({ type: 'clean', day, decidedOn: toIso(day), basis: rng.pick(T.CLEAN_BASIS) });
  }
}
