import {
  canApply,
  plannedEnd,
  TRANSITIONS,
  type MeasureAction,
  type MeasureKind,
  type MeasureStatus,
  type SuspensionPeriod,
  type terminationReasons,
} from '../../../shared/domain/measures';
import { plusMonths, toDay, toIso, yearOf } from './days';
import { AREAS, areaPool, type Area } from './places';
import { Rng, Weighted } from './random';

/**
 * One measure's life as a decision plus the legal transitions that follow it, with dates that
 * hang together: decision → delivery 0–5 days later → report-in 1–15 days after delivery →
 * suspensions (detained, released, resumed) → an end that the term rules allow. The planner
 * works backwards from the state the measure should be in on `at`, and returns null when the
 * window cannot hold that state (the caller then picks another).
 */
export const scenarios = ['pending_on_time', 'pending_overdue', 'active', 'suspended', 'completed', 'terminated', 'transferred_out'] as const;
export type Scenario = (typeof scenarios)[number];
type TerminationReason = (typeof terminationReasons)[number];

export interface PlannedTransition {
  action: MeasureAction;
  date: string;
  reasonCode: string | null;
  reason: string;
  destination: string;
}

export interface PlannedMeasure {
  decision: {
    kind: MeasureKind;
    decisionNumber: string;
    decisionAuthority: string;
    decisionDate: string;
    deliveryDate: string;
    termMonths: number;
    creditedDays: number;
    notes: string;
  };
  transitions: PlannedTransition[];
  status: MeasureStatus;
}

export interface MeasureSpec {
  scenario: Scenario;
  kind: MeasureKind;
  termMonths: number;
  /** Earliest decision day. */
  lo: number;
  /** Latest day of any event of this measure. */
  hi: number;
  /** The day the data is as of. */
  at: number;
  area: Area;
  /** Ended scenarios: the day the measure ends (a measure ended by compulsory isolation before a rehab decision). */
  endAt?: number;
  terminationReason?: TerminationReason;
  /** Active: report in on exactly this day, with no suspension and no credit (the rule scenarios of plan.ts). */
  reportIn?: number;
  /** Active: the planned end may have passed (a completion not yet recorded). */
  allowOverrun?: boolean;
}

interface Event {
  action: MeasureAction;
  day: number;
  reasonCode: string | null;
  reason: string;
  destination: string;
}

class Draft {
  readonly events: Event[] = [];
  reportIn: number | null = null;
  credited = 0;
  notes = '';

  constructor(
    readonly decision: number,
    readonly delivery: number,
  ) {}

  add(action: MeasureAction, day: number, reasonCode: string | null = null, reason = '', destination = ''): void {
    if (action === 'report_in') this.reportIn = day;
    this.events.push({ action, day, reasonCode, reason, destination });
  }

  get last(): number {
    return this.events.at(-1)?.day ?? this.delivery;
  }

  suspensions(): SuspensionPeriod[] {
    const periods: SuspensionPeriod[] = [];
    for (const e of this.events) {
      if (e.action === 'suspend') periods.push({ from: toIso(e.day), to: null });
      if (e.action === 'resume') (periods.at(-1) as SuspensionPeriod).to = toIso(e.day);
    }
    return periods;
  }

  plannedEnd(termMonths: number, asOf: number): string | null {
    return plannedEnd(
      { reportInDate: this.reportIn === null ? null : toIso(this.reportIn), termMonths, suspensions: this.suspensions(), creditedDays: this.credited },
      toIso(asOf),
    );
  }
}

const CRIMES = ['盗窃罪', '诈骗罪', '寻衅滋事罪', '故意伤害罪', '容留他人吸毒罪', '贩卖毒品罪', '危险驾驶罪', '抢夺罪'] as const;
const kindWord = (kind: MeasureKind) => (kind === 'community_detox' ? '社区戒毒' : '社区康复');

const terminationPool = new Weighted<TerminationReason>([
  ['compulsory_isolation', 62],
  ['imprisoned', 25],
  ['death', 5],
  ['compulsory_education', 2],
  ['other', 3],
]);

/** Report-in on day R: delivery 1–15 days before it, decision 0–5 days before delivery. */
function draftReportingIn(rng: Rng, reportIn: number): Draft {
  const delivery = reportIn - rng.int(1, 15);
  const draft = new Draft(delivery - rng.int(0, 5), delivery);
  draft.add('report_in', reportIn);
  return draft;
}

function draftPending(rng: Rng, delivery: number): Draft {
  return new Draft(delivery - rng.int(0, 5), delivery);
}

interface Stay {
  code: 'detained' | 'arrested';
  days: number;
  reason: string;
  resume: string;
}

/** A detention (5–15 days, the usual) or an arrest that ends in release on bail. */
function stay(rng: Rng): Stay {
  if (rng.chance(0.8)) {
    const days = rng.int(5, 15);
    return { code: 'detained', days, reason: `因违法行为被行政拘留${days}日`, resume: '拘留期满释放，恢复执行' };
  }
  return {
    code: 'arrested',
    days: rng.int(20, 90),
    reason: `涉嫌${rng.pick(CRIMES)}被依法逮捕`,
    resume: rng.pick(['变更为取保候审，恢复执行', '检察机关决定不起诉，释放后恢复执行']),
  };
}

function stays(rng: Rng, p1: number, p2: number): Stay[] {
  const x = rng.next();
  const count = x < p2 ? 2 : x < p1 + p2 ? 1 : 0;
  return Array.from({ length: count }, () => stay(rng));
}

/** Closed suspensions placed in order between `from` and `to`; those that do not fit are left out. */
function placeStays(rng: Rng, draft: Draft, list: Stay[], from: number, to: number): void {
  let cursor = from;
  list.forEach((s, i) => {
    const rest = list.slice(i + 1).reduce((sum, r) => sum + r.days + 20, 0);
    const latest = to - s.days - rest;
    if (latest < cursor) return;
    const start = rng.int(cursor, Math.min(latest, cursor + 500));
    draft.add('suspend', start, s.code, s.reason);
    draft.add('resume', start + s.days, null, s.resume);
    cursor = start + s.days + 20;
  });
}

function maybeCredit(rng: Rng, spec: MeasureSpec, draft: Draft): void {
  if (spec.kind !== 'community_detox' || !rng.chance(0.03)) return;
  draft.credited = rng.int(30, 180);
  draft.notes = `由强制隔离戒毒变更为社区戒毒，折抵${draft.credited}日`;
}

function terminationText(rng: Rng, reason: TerminationReason, kind: MeasureKind, fromPending: boolean): string {
  switch (reason) {
    case 'compulsory_isolation':
      return fromPending
        ? `拒绝接受${kindWord(kind)}（未按期报到），被决定强制隔离戒毒二年`
        : rng.pick([
            '吸毒检测结果阳性，被决定强制隔离戒毒二年',
            `严重违反${kindWord(kind)}协议，被决定强制隔离戒毒二年`,
            '再次吸食毒品被查获，被决定强制隔离戒毒二年',
          ]);
    case 'imprisoned':
      return `因${rng.pick(CRIMES)}被判处有期徒刑${rng.pick(['八个月', '一年', '一年六个月', '二年', '三年', '四年'])}，收监执行`;
    case 'death':
      return rng.pick(['因病死亡', '因病医治无效死亡', '意外死亡']);
    case 'compulsory_education':
      return '被依法采取强制性教育措施';
    default:
      return '出境定居，经公安机关决定终止执行';
  }
}

function transferDestination(rng: Rng, from: Area): string {
  let to = areaPool.draw(rng);
  if (to.code === from.code) to = AREAS[(AREAS.indexOf(to) + 1) % AREAS.length] as Area;
  return `${to.prefix}${rng.pick(to.streets)}街道社区戒毒社区康复工作站`;
}

/** An end day in [start, max], earlier ends likelier (relapse and arrest come early more often than late). */
function earlyBiased(rng: Rng, start: number, max: number): number {
  return start + Math.floor((max - start + 1) * rng.next() ** 1.5);
}

function plan(rng: Rng, s: MeasureSpec): Draft | null {
  const T = s.termMonths;
  switch (s.scenario) {
    case 'pending_on_time':
      return draftPending(rng, s.hi - rng.int(0, 14));
    case 'pending_overdue':
      return draftPending(rng, s.hi - rng.int(16, 150));
    case 'active': {
      if (s.reportIn !== undefined) return s.reportIn >= s.lo + 20 && s.reportIn <= s.hi ? draftReportingIn(rng, s.reportIn) : null;
      const lo = Math.max(s.lo + 20, plusMonths(s.hi, -T) + 1);
      if (lo > s.hi) return null;
      const draft = draftReportingIn(rng, rng.int(lo, s.hi));
      placeStays(rng, draft, stays(rng, 0.14, 0.04), (draft.reportIn as number) + 20, s.hi - 1);
      maybeCredit(rng, s, draft);
      return draft;
    }
    case 'suspended': {
      const lo = Math.max(s.lo + 20, plusMonths(s.hi, -T) + 1);
      if (lo > s.hi - 15) return null;
      const draft = draftReportingIn(rng, rng.int(lo, s.hi - 15));
      placeStays(rng, draft, stays(rng, 0.1, 0), (draft.reportIn as number) + 20, s.hi - 40);
      const open = stay(rng);
      let start = open.code === 'detained' ? s.hi - rng.int(0, 14) : s.hi - rng.int(0, 120);
      start = Math.max(start, draft.last + 1, (draft.reportIn as number) + 10);
      if (start > s.hi) return null;
      const reason = open.code === 'detained' ? `因违法行为被行政拘留${rng.int(Math.max(5, s.hi - start + 1), 15)}日` : open.reason;
      draft.add('suspend', start, open.code, reason);
      return draft;
    }
    case 'completed': {
      const list = stays(rng, 0.15, 0.05);
      const total = list.reduce((sum, x) => sum + x.days, 0);
      const hiR = plusMonths(s.hi - 12 - total, -T);
      if (hiR < s.lo + 20) return null;
      const draft = draftReportingIn(rng, rng.int(s.lo + 20, hiR));
      placeStays(rng, draft, list, (draft.reportIn as number) + 30, plusMonths(draft.reportIn as number, T) - 30);
      maybeCredit(rng, s, draft);
      // The police notify the station within 7 days of the end (RR art. 23, 40).
      const done = Math.min(s.hi, toDay(draft.plannedEnd(T, s.hi) as string) + rng.int(0, 7));
      draft.add('complete', Math.max(done, draft.last), null, `期满解除（公安机关出具解除${kindWord(s.kind)}通知书）`);
      return draft;
    }
    case 'terminated':
      return terminated(rng, s);
    case 'transferred_out':
      return transferred(rng, s);
  }
}

function terminated(rng: Rng, s: MeasureSpec): Draft | null {
  const reason = s.terminationReason ?? terminationPool.draw(rng);
  const route =
    reason === 'compulsory_isolation' && rng.chance(0.2) ? 'pending' : reason === 'imprisoned' && rng.chance(0.5) ? 'suspended' : 'active';
  if (route === 'pending') {
    const delivery = s.endAt !== undefined ? s.endAt - rng.int(16, 60) : s.hi - 16 >= s.lo + 5 ? rng.int(s.lo + 5, s.hi - 16) : null;
    if (delivery === null) return null;
    const draft = draftPending(rng, delivery);
    draft.add('terminate', s.endAt ?? Math.min(s.hi, delivery + rng.int(16, 60)), reason, terminationText(rng, reason, s.kind, true));
    return draft;
  }
  const end = s.endAt;
  if (end === undefined && s.hi - 60 < s.lo + 20) return null;
  const reportIn = end !== undefined ? end - rng.int(60, Math.min(700, s.termMonths * 30 - 30)) : rng.int(s.lo + 20, s.hi - 60);
  const draft = draftReportingIn(rng, reportIn);
  const maxEnd = Math.min(s.hi, plusMonths(reportIn, s.termMonths) - 2);
  const day = end ?? earlyBiased(rng, reportIn + 60, maxEnd);
  if (route === 'suspended') {
    const arrested = Math.max(day - rng.int(30, 240), reportIn + 20);
    draft.add('suspend', arrested, 'arrested', `涉嫌${rng.pick(CRIMES)}被依法逮捕`);
  } else {
    placeStays(rng, draft, stays(rng, 0.1, 0), reportIn + 20, day - 10);
  }
  draft.add('terminate', day, reason, terminationText(rng, reason, s.kind, false));
  return draft;
}

function transferred(rng: Rng, s: MeasureSpec): Draft | null {
  const destination = transferDestination(rng, s.area);
  if (rng.chance(0.1)) {
    if (s.hi - 1 < s.lo + 5) return null;
    const draft = draftPending(rng, rng.int(s.lo + 5, s.hi - 1));
    draft.add('transfer_out', Math.min(s.hi, draft.delivery + rng.int(1, 14)), null, '决定书送达后迁居外地，变更执行地', destination);
    return draft;
  }
  if (s.hi - 30 < s.lo + 20) return null;
  const reportIn = rng.int(s.lo + 20, s.hi - 30);
  const draft = draftReportingIn(rng, reportIn);
  const day = rng.int(reportIn + 30, Math.min(s.hi, plusMonths(reportIn, s.termMonths) - 2));
  placeStays(rng, draft, stays(rng, 0.08, 0), reportIn + 20, day - 10);
  const reason = rng.pick(['居住地变更，变更执行地', '户籍迁移，变更执行地', '随家人迁居外地，变更执行地', '在外地就业，申请变更执行地']);
  draft.add('transfer_out', day, null, reason, destination);
  return draft;
}

/** 宁公(玄)决字〔2024〕第 0123 号: numbers run up through the year, as a register's would. */
function decisionNumber(rng: Rng, authority: Area, day: number): string {
  const year = yearOf(day);
  const number = (day - toDay(`${year}-01-01`)) * 4 + rng.int(1, 4);
  return `${authority.cityAbbr}公(${authority.districtAbbr})决字〔${year}〕第 ${String(number).padStart(4, '0')} 号`;
}

/**
 * Checks the draft the way the services would (legal moves, dates in order, report-in on or
 * after delivery, completion on or after the planned end) and that it stays inside its window.
 */
function finish(s: MeasureSpec, draft: Draft, authority: Area, rng: Rng): PlannedMeasure | null {
  if (draft.decision < s.lo || draft.delivery > s.hi || draft.delivery < draft.decision) return null;
  let status: MeasureStatus = 'pending_report';
  let previous = draft.delivery;
  const check = new Draft(draft.decision, draft.delivery);
  check.credited = draft.credited;
  for (const e of draft.events) {
    if (!canApply(e.action, status) || e.day < previous || e.day > s.hi) return null;
    if (e.action === 'complete') {
      const end = check.plannedEnd(s.termMonths, e.day);
      if (end === null || toIso(e.day) < end) return null;
    }
    if ((e.action === 'terminate' || e.action === 'transfer_out') && check.reportIn !== null) {
      const end = check.plannedEnd(s.termMonths, e.day) as string;
      if (toIso(e.day) > end) return null;
    }
    check.add(e.action, e.day, e.reasonCode, e.reason, e.destination);
    status = TRANSITIONS[e.action].to;
    previous = e.day;
  }
  if ((status === 'active' || status === 'suspended') && !s.allowOverrun && (check.plannedEnd(s.termMonths, s.at) as string) < toIso(s.at)) return null;
  return {
    decision: {
      kind: s.kind,
      decisionNumber: decisionNumber(rng, authority, draft.decision),
      decisionAuthority: authority.authority,
      decisionDate: toIso(draft.decision),
      deliveryDate: toIso(draft.delivery),
      termMonths: s.termMonths,
      creditedDays: draft.credited,
      notes: draft.notes,
    },
    transitions: draft.events.map((e) => ({
      action: e.action,
      date: toIso(e.day),
      reasonCode: e.reasonCode,
      reason: e.reason,
      destination: e.destination,
      // The police 解除通知书 (RR art. 23, 40) arrives with the completion.
      dischargeNotice: e.action === 'complete' ? { number: `公解字〔${toIso(e.day).slice(0, 4)}〕${100 + (e.day % 900)}号`, issuedOn: toIso(e.day), notifiedOn: toIso(e.day) } : null,
    })),
    status,
  };
}

export function planMeasure(rng: Rng, spec: MeasureSpec): PlannedMeasure | null {
  const draft = plan(rng, spec);
  if (!draft) return null;
  // Most decisions come from the police of the person's district; some from where they were caught.
  const authority = rng.chance(0.85) ? spec.area : areaPool.draw(rng);
  return finish(spec, draft, authority, rng) ?? (draft.credited > 0 ? retryWithoutCredit(spec, draft, authority, rng) : null);
}

function retryWithoutCredit(spec: MeasureSpec, draft: Draft, authority: Area, rng: Rng): PlannedMeasure | null {
  draft.credited = 0;
  draft.notes = '';
  return finish(spec, draft, authority, rng);
}
