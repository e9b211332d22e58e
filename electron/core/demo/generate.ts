import { measureKinds, measureStatuses, type MeasureKind, type MeasureStatus } from '../../../shared/domain/measures';
import { writeAudit } from '../kernel/audit';
import { inTransaction, type Db } from '../kernel/db/database';
import { opsFor, type Ops } from '../kernel/ops';
import { getRiskTable } from '../risk/service';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import type { DemoOp } from './ops';
import { newPlanContext, planPerson, type PersonPlan } from './plan';
import type { ScenarioName } from './scenarios';
import { bulkWriter, countOps, serviceWriter } from './writers';

/**
 * `haven demo`: N synthetic persons with measures in every state and years of records (tests,
 * talks, leave, absences, violations, risk assessments, care flags, help plans, agreements,
 * three-years-clean decisions), written in batches of one transaction each, then one audit event
 * `demo.generate` with the counts. Each record carries the day it was made as its timestamp.
 * The stored worklist is left to evaluate on its first read. Electron-free, so tests and
 * benchmarks call it directly.
 */
export const DEMO_MAX_PERSONS = 500_000;
/** Page cache while generating (KiB). */
const DEMO_CACHE_KIB = 256 * 1024;

export interface DemoOptions {
  persons: number;
  seed: string;
  /** The day the data is as of (YYYY-MM-DD): every date is on or before it. */
  at: string;
  /** The run's clock: records are stamped with the day they were made, never later than this; must not be before `at`. */
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
  /** Calls made to build the files, by kind (tests, contacts, leave, violations, risk, …). */
  records: Partial<Record<DemoOp['type'], number>>;
  /** The person of each rule scenario (scenarios.ts) in this run. */
  scenarios: Partial<Record<ScenarioName, number>>;
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
  const ctx = newPlanContext(seed, at, staff, used, { now: options.now, settings: getSupervisionSettings(db), riskTable: getRiskTable(db) });
  const writer = options.writer === 'services' ? serviceWriter(db, options.actor) : bulkWriter(db, options.actor);
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
    records: {},
    scenarios: {},
    firstPersonId: null,
    lastPersonId: null,
  };
  // Millions of rows go into a few indexes at random places (names, ID numbers, update times):
  // a large page cache for the run keeps those pages in memory instead of re-reading (and
  // decrypting) them. Restored afterwards; the app's own connections keep their default.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-DEMO_CACHE_KIB}`);
  try {
    for (let start = 0; start < persons; start += batchSize) {
      const end = Math.min(persons, start + batchSize);
      const plans: PersonPlan[] = [];
      for (let i = start; i < end; i++) plans.push(planPerson(ctx, firstIndex + i));
      inTransaction(db, () => {
        for (const plan of plans) {
          const personId = writer.write(plan);
          summary.firstPersonId ??= personId;
          summary.lastPersonId = personId;
          summary.persons++;
          if (plan.scenario) summary.scenarios[plan.scenario] = personId;
          countOps(plan.ops, summary.records);
          if (plan.measures.length === 0) summary.personsWithoutMeasure++;
          for (const measure of plan.measures) {
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
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
  writeAudit(db, { userId: options.actor.userId, username: options.actor.username }, options.now, {
    action: 'demo.generate',
    entity: 'station',
    details: { ...summary },
  });
  return summary;
}
