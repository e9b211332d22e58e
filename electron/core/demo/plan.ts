import { measureDecisionSchema, measureTransitionSchema, workingGroupMemberSchema } from '../../../shared/schemas/measure';
import { personInputSchema, type PersonData } from '../../../shared/schemas/person';
import type { MeasureKind, MeasureStatus } from '../../../shared/domain/measures';
import type { z } from 'zod';
import { plusMonths, toDay } from './days';
import { groupPool, workingGroup } from './group';
import { planMeasure, scenarios, type MeasureSpec, type PlannedMeasure, type Scenario } from './measurePlan';
import { drugHistory, identity, personFields } from './person';
import { Rng, Weighted } from './random';

/**
 * One synthetic person with their measures, validated by the same zod schemas the app's forms
 * and handlers use, so demo data is always data the app itself would accept.
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

export function newPlanContext(seed: string, at: string, staffUserIds: readonly number[], usedIds: Set<string>): PlanContext {
  return { seed, at, staffUserIds, usedIds, pool: groupPool(seed), forced: forcedScenarios(seed) };
}

/**
 * Every state at least once among the first 200 persons: seven of them (chosen by the seed)
 * get one scenario each, the rest are drawn.
 */
export function forcedScenarios(seed: string): Map<number, Scenario> {
  const rng = Rng.for(seed, 'forced');
  const slots = Array.from({ length: 200 }, (_, i) => i);
  const forced = new Map<number, Scenario>();
  scenarios.forEach((scenario, i) => {
    const j = rng.int(i, slots.length - 1);
    [slots[i], slots[j]] = [slots[j] as number, slots[i] as number];
    forced.set(slots[i] as number, scenario);
  });
  return forced;
}

function measures(rng: Rng, base: Omit<MeasureSpec, 'scenario' | 'kind' | 'termMonths' | 'hi'>, forced: Scenario | undefined): PlannedMeasure[] {
  const prior: Prior | null = !forced && rng.chance(0.22) ? priorPool.draw(rng) : null;
  const kind: MeasureKind = prior === 'isolation' ? 'community_rehab' : prior || rng.chance(0.78) ? 'community_detox' : 'community_rehab';
  const termMonths = termFor(rng, kind);
  let latest: PlannedMeasure | null = null;
  for (const scenario of [forced ?? latestScenarios.draw(rng), ...FALLBACKS]) {
    latest = planMeasure(rng, { ...base, scenario, kind, termMonths, hi: base.at });
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
  const hasMeasure = forced !== undefined || rng.chance(0.9);
  const id = identity(rng, at, ctx.usedIds, forced !== undefined);
  const fields = personFields(rng, id);
  const lo = Math.max(plusMonths(at, -60) + 1, plusMonths(id.birth, 16 * 12));
  const planned = hasMeasure ? measures(rng, { lo, at, area: id.area }, forced) : [];
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
  return {
    person,
    measures: planned.map((m) => ({
      decision: measureDecisionSchema.parse(m.decision),
      transitions: m.transitions.map((t) => {
        const { measureId: _placeholder, ...transition } = measureTransitionSchema.parse({ ...t, measureId: 1 });
        return transition;
      }),
      members: workingGroup(rng, ctx.pool, family).map((member) => workingGroupMemberSchema.parse(member)),
      status: m.status,
    })),
  };
}
