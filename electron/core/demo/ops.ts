import type { z } from 'zod';
import type { careFlagSchema, helpItemSchema, helpPlanSchema, riskAssessmentSchema } from '../../../shared/schemas/care';
import type { PersonData } from '../../../shared/schemas/person';
import type { absenceSchema, contactSchema, drugTestSchema, leaveRequestSchema, violationSchema } from '../../../shared/schemas/supervision';
import type { RiskLevel } from '../../../shared/domain/supervision';
import type { Decision, Member, Transition } from './plan';

/**
 * A person's history as the calls a station's staff would have made, day after day: the
 * services path makes exactly these calls (each on its own day, with that day as "today"), the
 * bulk path writes the rows they would leave. Records refer to each other through `ref`s local
 * to the person (a test and the violation that answers it); measures by their index.
 */
export type TestInput = z.output<typeof drugTestSchema>;
export type ContactInput = z.output<typeof contactSchema>;
export type LeaveInput = z.output<typeof leaveRequestSchema>;
export type AbsenceInput = z.output<typeof absenceSchema>;
export type ViolationInput = z.output<typeof violationSchema>;
export type RiskInput = z.output<typeof riskAssessmentSchema>;
export type CareInput = z.output<typeof careFlagSchema>;
export type HelpPlanInput = z.output<typeof helpPlanSchema>;
export type HelpItemInput = z.output<typeof helpItemSchema>;

/** The rule a serious violation answers: its key is built from the written ids (`positive_test:t17`). */
export type ViolationRule = { ruleId: 'positive_test'; test: number } | { ruleId: 'tests_refused' | 'absence_breach' | 'report_in_overdue'; measure: number };

/** What the risk service derives from the file on the day, computed by the planner from its own records. */
export interface RiskScored {
  derived: Record<string, number | string>;
  score: number;
  suggestedLevel: RiskLevel;
  nextDueDate: string;
}

type OpBody =
  | { type: 'person'; person: PersonData }
  | { type: 'register'; measure: number; decision: Decision; members: Member[] }
  | { type: 'transition'; measure: number; transition: Transition }
  | { type: 'agreement'; measure: number; ref: number }
  | { type: 'sign'; agreement: number; signedOn: string }
  | { type: 'test'; ref: number; test: TestInput }
  /** A 正当理由 for a missed test (e.g. in hospital that day), decided the day after. */
  | { type: 'goodReason'; test: number; reason: { reason: string; decidedBy: string; decidedOn: string } }
  | { type: 'contact'; contact: ContactInput }
  | { type: 'leave'; ref: number; leave: LeaveInput }
  | { type: 'leaveDecision'; leave: number; decision: 'approve' | 'reject'; note: string }
  | { type: 'leaveCancel'; leave: number; reason: string }
  | { type: 'leaveReturn'; leave: number; returnedOn: string; note: string }
  | { type: 'absence'; ref: number; absence: AbsenceInput }
  | { type: 'absenceEnd'; absence: number; toDate: string }
  | { type: 'violation'; ref: number; violation: ViolationInput; rule: ViolationRule | null }
  | { type: 'policeReport'; violation: number; date: string; reportedTo: string }
  | { type: 'care'; flag: CareInput }
  | { type: 'helpPlan'; ref: number; plan: HelpPlanInput }
  | { type: 'helpDecision'; plan: number; decision: 'approve' | 'reject'; note: string }
  | { type: 'helpItem'; plan: number; item: HelpItemInput }
  | { type: 'risk'; assessment: RiskInput; scored: RiskScored }
  | { type: 'clean'; decidedOn: string; basis: string }
  | { type: 'archive'; reason: string };

export type OpType = OpBody['type'];

/** An operation on day `day` (a day number); `at` (ISO instant) is filled in by `sequence`. */
export type DemoOp = OpBody & { day: number; at?: string };

/**
 * The order of a day's work: a report-in before the agreement it allows, a test before the
 * violation that answers it, records before the risk assessment that counts them, and an end of
 * the measure last (records of that day still belong to it).
 */
const PRIORITY: Record<OpType, number> = {
  person: 0,
  register: 1,
  transition: 2,
  agreement: 3,
  sign: 4,
  test: 5,
  goodReason: 6,
  contact: 6,
  leave: 7,
  leaveDecision: 8,
  leaveCancel: 9,
  leaveReturn: 9,
  absence: 10,
  absenceEnd: 10,
  violation: 11,
  policeReport: 12,
  care: 13,
  helpPlan: 14,
  helpDecision: 15,
  helpItem: 16,
  risk: 17,
  clean: 18,
  archive: 18,
};
const ENDING = 19;

function priority(op: DemoOp): number {
  if (op.type === 'transition' && op.transition.action !== 'report_in' && op.transition.action !== 'resume') return ENDING;
  return PRIORITY[op.type];
}

const MS_PER_DAY = 86_400_000;
/** Work starts at 08:30 China time; each kind of call gets its own 20 minutes. */
const FIRST_MINUTE = 8 * 60 + 30;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * Puts the calls in the order they happen and stamps each with its instant (never after `now`,
 * so that a run on the day itself does not write the afternoon ahead). Refuses a sort that would
 * reorder one measure's state changes: that is a planner bug, not data.
 */
export function sequence(ops: DemoOp[], now: Date): DemoOp[] {
  const keyed = ops.map((op, i) => ({ op, key: op.day * 32 + priority(op), i }));
  keyed.sort((a, b) => a.key - b.key || a.i - b.i);
  const cap = now.getTime();
  const lastTransition = new Map<number, number>();
  return keyed.map(({ op, key, i }) => {
    if (op.type === 'transition') {
      if ((lastTransition.get(op.measure) ?? -1) > i) throw new Error(`demo: transitions of measure ${op.measure} out of order`);
      lastTransition.set(op.measure, i);
    }
    op.at = instant(key, cap);
    return op;
  });
}

let instants = { cap: Number.NaN, byKey: new Map<number, string>() };

/** The instant of a day's slot (cached per clock: a run stamps millions of records from a few thousand slots). */
function instant(key: number, cap: number): string {
  if (instants.cap !== cap) instants = { cap, byKey: new Map() };
  let iso = instants.byKey.get(key);
  if (iso === undefined) {
    iso = new Date(Math.min(Math.floor(key / 32) * MS_PER_DAY + (FIRST_MINUTE + (key % 32) * 20) * 60_000 - CHINA_OFFSET_MS, cap)).toISOString();
    instants.byKey.set(key, iso);
  }
  return iso;
}
