import { measureDecisionSchema, measureTransitionSchema, workingGroupMemberSchema } from '../../../shared/schemas/measure';
import { personInputSchema, type PersonData } from '../../../shared/schemas/person';
import type { MeasureKind, MeasureStatus } from '../../../shared/domain/measures';
import type { RiskLevel, SupervisionSettings } from '../../../shared/domain/supervision';
import type { RiskTable } from '../../../shared/rules/risk';
import type { z } from 'zod';
import { plusMonths, toDay } from './days';
import { groupPool, workingGroup } from './group';
import { planMeasure, scenarios, type MeasureSpec, type PlannedMeasure, type Scenario } from './measurePlan';
import { sequence, type DemoOp } from './ops';
import { drugHistory, identity, personFields } from './person';
import { Rng, Weighted } from './random';
import { RecordPlanner, timelineOf } from './records';
import { scenarioNames, scenarioSetup, type ScenarioName, type ScenarioSetup } from './scenarios';

type Timeline = ReturnType<typeof timelineOf>;

/**
 * One synthetic person with their measures and everything recorded about them, validated by the
 * same zod schemas the app's forms and handlers use (the person and measures here, the records
 * by the services path), so demo data is always data the app itself would accept.
 */
export type Decision = z.output<typeof measureDecisionSchema>;
export type Transition = Omit<z.output<typeof measureTransitionSchema>, 'measureId'>;
export type Member = z.output<typeof workingGroupMemberSchema>;

export interface MeasurePlan {
  decision: Decision;
  transitions: Transition[];
  members: Member[];
  status: MeasureStatus;
}

export interface PersonPlan {
  person: PersonData;
  measures: MeasurePlan[];
  /** Every call that builds the file, in order, each stamped with its day and instant. */
  ops: DemoOp[];
  scenario: ScenarioName | null;
  /** persons.risk_level and updated_at once all calls are made. */
  riskLevel: RiskLevel | null;
  updatedAt: string;
}

export interface PlanContext {
  seed: string;
  /** The day the data is as of (YYYY-MM-DD); nothing is dated later. */
  at: string;
  staffUserIds: readonly number[];
  /** ID numbers already taken (in the database and earlier in this run). */
  usedIds: Set<string>;
  pool: ReturnType<typeof groupPool>;
  forced: ReadonlyMap<number, Scenario>;
  rules: ReadonlyMap<number, ScenarioName>;
  /** The run's clock: no record is stamped later. */
  now: Date;
  settings: SupervisionSettings;
  riskTable: RiskTable;
}

/** Share of the latest measure's state on `at` among persons who have one. */
const latestScenarios = new Weighted<Scenario>([
  ['pending_on_time', 2.5],
  ['pending_overdue', 2.5],
  ['active', 48],
  ['suspended', 3],
  ['completed', 24],
  ['terminated', 13],
  ['transferred_out', 7],
]);
const FALLBACKS: readonly Scenario[] = ['active', 'pending_overdue', 'pending_on_time'];

/** An earlier measure before the latest: compulsory isolation then rehab, or completed/imprisoned then relapse. */
type Prior = 'isolation' | 'completed' | 'imprisoned';
const priorPool = new Weighted<Prior>([
  ['isolation', 45],
  ['completed', 40],
  ['imprisoned', 15],
]);
const rehabTerms = new Weighted([[36, 55], [24, 25], [12, 20]] as const);

const termFor = (rng: Rng, kind: MeasureKind) => (kind === 'community_detox' ? 36 : rehabTerms.draw(rng));


export function newPlanContext(
  seed: string,
  at: string,
  staffUserIds: readonly number[],
  usedIds: Set<string>,
  station: { now: Date; settings: SupervisionSettings; riskTable: RiskTable },
): PlanContext {
  const forced = forcedPersons(seed);
  return { seed, at, staffUserIds, usedIds, pool: groupPool(seed), forced: forced.states, rules: forced.rules, ...station };
}

/**
 * Among the first 200 persons (chosen by the seed): seven get one measure state each, so every
 * state is there at least once, and seventeen more are the rule scenarios of scenarios.ts. The
 * rest are drawn.
 */
export function forcedPersons(seed: string): { states: Map<number, Scenario>; rules: Map<number, ScenarioName> } {
  const rng = Rng.for(seed, 'forced');
  const slots = Array.from({ length: 200 }, (_, i) => i);
  const take = (i: number) => {
    const j = rng.int(i, slots.length - 1);
    [slots[i], slots[j]] = [slots[j] as number, slots[i] as number];
    return slots[i] as number;
  };
  const states = new Map<number, Scenario>();
  scenarios.forEach((scenario, i) => states.set(take(i), scenario));
  const rules = new Map<number, ScenarioName>();
  scenarioNames.forEach((name, i) => rules.set(take(scenarios.length + i), name));
  return { states, rules };
}

type Base = Omit<MeasureSpec, 'scenario' | 'kind' | 'termMonths' | 'hi'>;

function measures(rng: Rng, base: Base, forced: Scenario | undefined, setup: ScenarioSetup | null): PlannedMeasure[] {
  const prior: Prior | null = !forced && !setup && rng.chance(0.22) ? priorPool.draw(rng) : null;
  const kind: MeasureKind =
    setup?.kind ?? (prior === 'isolation' ? 'community_rehab' : prior || rng.chance(0.78) ? 'community_detox' : 'community_rehab');
  const termMonths = termFor(rng, kind);
  let latest: PlannedMeasure | null = null;
  const special = setup ? { reportIn: setup.reportIn, allowOverrun: setup.allowOverrun } : {};
  for (const scenario of [setup?.measure ?? forced ?? latestScenarios.draw(rng), ...FALLBACKS]) {
    latest = planMeasure(rng, { ...base, ...special, scenario, kind, termMonths, hi: base.at });
    if (latest) break;
  }
  if (!latest) return [];
  if (!prior) return [latest];
  const decided = toDay(latest.decision.decisionDate);
  const priorKind: MeasureKind = prior === 'completed' && rng.chance(0.25) ? 'community_rehab' : 'community_detox';
  const spec = { ...base, kind: priorKind, termMonths: termFor(rng, priorKind) };
  let earlier: PlannedMeasure | null;
  if (prior === 'isolation') {
    // Released from two years of compulsory isolation (often a few months early), then ordered into community rehab (AL art. 48).
    const end = decided - rng.int(540, 740);
    earlier = planMeasure(rng, { ...spec, scenario: 'terminated', hi: end, endAt: end, terminationReason: 'compulsory_isolation' });
  } else if (prior === 'completed') {
    earlier = planMeasure(rng, { ...spec, scenario: 'completed', hi: decided - rng.int(30, 900) });
  } else {
    earlier = planMeasure(rng, { ...spec, scenario: 'terminated', hi: decided - rng.int(180, 1200), terminationReason: 'imprisoned' });
  }
  return earlier ? [earlier, latest] : [latest];
}

/** Person number `index` of the run: the same seed, index and `at` give the same person. */
export function planPerson(ctx: PlanContext, index: number): PersonPlan {
  const rng = Rng.for(ctx.seed, 'person', index);
  const at = toDay(ctx.at);
  const forced = ctx.forced.get(index);
  const rule = ctx.rules.get(index) ?? null;
  const records = Rng.for(ctx.seed, 'records', index);
  const setup = rule ? scenarioSetup(rule, records, at, ctx.settings) : null;
  const hasMeasure = forced !== undefined || setup !== null || rng.chance(0.9);
  const id = identity(rng, at, ctx.usedIds, forced !== undefined || setup !== null);
  const lo = Math.max(plusMonths(at, -60) + 1, plusMonths(id.birth, 16 * 12));
  const fields = personFields(rng, id, lo);
  const planned = hasMeasure ? measures(rng, { lo, at, area: id.area }, forced, setup) : [];
  const firstDecision = planned[0] ? toDay(planned[0].decision.decisionDate) : at;
  // Episodes before the latest measure that Haven itself records: earlier measures, and the compulsory isolation that ended one.
  const recorded = planned
    .slice(0, -1)
    .reduce((n, m) => n + 1 + (m.transitions.some((t) => t.reasonCode === 'compulsory_isolation') ? 1 : 0), 0);
  const person = personInputSchema.parse({
    ...fields,
    drugHistory: drugHistory(rng, id, firstDecision, plusMonths(at, -60), recorded),
    staffUserId: ctx.staffUserIds[index % ctx.staffUserIds.length] ?? null,
  });
  const family = person.familyContacts.find((c) => c.relation !== 'friend') ?? null;
  const measurePlans: MeasurePlan[] = planned.map((m, i) => ({
    decision: measureDecisionSchema.parse(m.decision),
    transitions: m.transitions.map((t) => {
      const { measureId: _placeholder, ...transition } = measureTransitionSchema.parse({ ...t, measureId: 1 });
      return transition;
    }),
    members: workingGroup(rng, ctx.pool, family)
      .filter((member) => !(setup?.noFullTimeStaff && i === planned.length - 1 && member.role === 'full_time_staff'))
      .map((member) => workingGroupMemberSchema.parse(member)),
    status: m.status,
  }));

  // Everything recorded about the person after the file was opened, in its own random stream.
  const planner = new RecordPlanner(records, { at, settings: ctx.settings, riskTable: ctx.riskTable }, person, id.area);
  const opened = measurePlans[0] ? toDay(measurePlans[0].decision.deliveryDate) : records.int(lo, at);
  planner.ops.push({ type: 'person', day: opened, person });
  const timelines = measurePlans.map((m, i) => timelineOf(m, i, at));
  timelines.forEach((tl, i) => planner.measure(tl, i === timelines.length - 1 && setup ? setup.extras(tl.reportIn ?? at) : {}));
  const latest = timelines.at(-1);
  if (latest) {
    // A file is archived some days after the person's death.
    const died = latest.endReasonCode === 'death' && latest.end !== null ? latest.end : null;
    planner.care((timelines[0] as Timeline).delivery, died ?? at, setup?.rich ? 1 : 0.15);
    const reported = [...timelines].reverse().find((tl) => tl.reportIn !== null);
    if (reported) planner.help(reported, setup?.rich ? 1 : 0.3, setup?.rich === true);
    const since = planner.cleanSince();
    if (latest.plan.status === 'completed' && rule !== 'three_years_clean' && since !== null && records.chance(0.55)) {
      const from = Math.max(plusMonths(since, 36), (latest.end as number) + 1);
      if (from <= at) planner.clean(from);
    }
    if (died !== null) planner.archive(died, latest.endReason);
  }
  const ops = sequence(planner.ops, ctx.now);
  return { person, measures: measurePlans, ops, scenario: rule, riskLevel: planner.riskLevel, updatedAt: (ops.at(-1) as DemoOp).at as string };
}
