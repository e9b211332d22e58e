import { measureKinds, measureStatuses, type MeasureKind, type MeasureStatus } from '../../../shared/domain/measures';
import { writeAudit } from '../audit/audit';
import { inTransaction, type Db } from '../db/database';
import { opsFor, type Ops } from '../ops';
import { newPlanContext, planPerson, type PersonPlan } from './plan';
import { bulkWriter, serviceWriter } from './writers';

/**
 * `haven demo`: N synthetic persons with measures in every state, written in batches of one
 * transaction each, then one audit event `demo.generate` with the counts. Electron-free, so
 * tests and benchmarks call it directly.
 */
export const DEMO_MAX_PERSONS = 500_000;

export interface DemoOptions {
  persons: number;
  seed: string;
  /** The day the data is as of (YYYY-MM-DD): every date is on or before it. */
  at: string;
  /** Stamped on created_at/updated_at as the services would; must not be before `at`. */
  now: Date;
  actor: Ops['actor'];
  /** `bulk` (default) or the feature services one call at a time; both leave the same rows. */
  writer?: 'bulk' | 'services';
  batchSize?: number;
  /** Number of the first person in the seed's sequence; an append continues after the persons already there. */
  firstIndex?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoSummary {
  seed: string;
  at: string;
  persons: number;
  personsWithoutMeasure: number;
  measures: number;
  /** Every measure by its state on `at`. */
  measuresByStatus: Record<MeasureStatus, number>;
  measuresByKind: Record<MeasureKind, number>;
  /** Each person's current (latest) measure by state. */
  currentByStatus: Record<MeasureStatus, number>;
  measureEvents: number;
  groupMembers: number;
  firstPersonId: number | null;
  lastPersonId: number | null;
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function generateDemo(db: Db, options: DemoOptions): DemoSummary {
  const { persons, seed, at } = options;
  if (!Number.isInteger(persons) || persons < 1 || persons > DEMO_MAX_PERSONS) throw new Error(`demo: persons must be 1..${DEMO_MAX_PERSONS}`);
  const ops = opsFor(db, options.now, options.actor, false);
  if (at > ops.today) throw new Error(`demo: ${at} is after today (${ops.today})`);
  const staff = db.prepare('SELECT id FROM users WHERE disabled = 0 ORDER BY id').pluck().all() as number[];
  if (staff.length === 0) throw new Error('demo: no user to put in charge');
  const used = new Set(db.prepare('SELECT id_number FROM persons').pluck().all() as string[]);
  const ctx = newPlanContext(seed, at, staff, used);
  const writer = options.writer === 'services' ? serviceWriter(ops) : bulkWriter(ops);
  const batchSize = options.batchSize ?? 5000;
  const firstIndex = options.firstIndex ?? 0;
  const before = (db.prepare('SELECT coalesce(max(id), 0) FROM persons').pluck().get() as number) ?? 0;
  const summary: DemoSummary = {
    seed,
    at,
    persons: 0,
    personsWithoutMeasure: 0,
    measures: 0,
    measuresByStatus: zeros(measureStatuses),
    measuresByKind: zeros(measureKinds),
    currentByStatus: zeros(measureStatuses),
    measureEvents: 0,
    groupMembers: 0,
    firstPersonId: null,
    lastPersonId: null,
  };
  try {
    for (let start = 0; start < persons; start += batchSize) {
      const end = Math.min(persons, start + batchSize);
      const plans: PersonPlan[] = [];
      for (let i = start; i < end; i++) plans.push(planPerson(ctx, firstIndex + i));
      inTransaction(db, () => {
        for (const plan of plans) {
          const personId = writer.person(plan.person);
          summary.firstPersonId ??= personId;
          summary.lastPersonId = personId;
          summary.persons++;
          if (plan.measures.length === 0) summary.personsWithoutMeasure++;
          for (const measure of plan.measures) {
            writer.measure(personId, measure);
            summary.measures++;
            summary.measuresByStatus[measure.status]++;
            summary.measuresByKind[measure.decision.kind]++;
            summary.measureEvents += measure.transitions.length + 1;
            summary.groupMembers += measure.members.length;
          }
          const current = plan.measures.at(-1);
          if (current) summary.currentByStatus[current.status]++;
        }
      });
      options.onProgress?.(end, persons);
    }
  } catch (error) {
    // Earlier batches are committed: take them out again, so a failed run leaves the database as it was.
    try {
      inTransaction(db, () => db.prepare('DELETE FROM persons WHERE id > ?').run(before));
    } catch {
      // The original error says more than a failed clean-up.
    }
    throw error;
  }
  writeAudit(db, { userId: options.actor.userId, username: options.actor.username }, options.now, {
    action: 'demo.generate',
    entity: 'station',
    details: { ...summary },
  });
  return summary;
}
