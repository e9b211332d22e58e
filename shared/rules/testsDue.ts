import type { IsoDate } from '../domain/dates';
import type { SuspensionPeriod } from '../domain/measures';
import type { IntervalTable } from '../domain/supervision';
import { afterActiveDays, measureYear } from './schedule';

/**
 * Tests due in a period, and how many were met on time, replaying the schedule the worklist
 * applies (engine.ts scheduleRule): each test (or the report-in) opens an obligation — the next test
 * within the interval set by the risk level at that time and the year of the measure. An obligation
 * counts in the period where it closes: on the day of the test that closes it (after the last one
 * and by the deadline; any result but 'missed'), or on its deadline when no test came by then
 * (not met; a later test opens the next one). So a month's 应检 is its on-time tests plus its missed
 * deadlines, and an obligation still open at the period's end counts later. A refusal closes its
 * obligation as the worklist's schedule does (the next interval runs from it) but does not meet it:
 * 按期完成 counts tests done, and a refusal is a serious-breach fact (RR art. 20), not a test done.
 * A suspension pauses the replay as it pauses the worklist's schedule (schedule.ts): no obligation
 * falls due while the person is detained, and the year of the measure moves on by those days.
 */
export interface TestScheduleFacts {
  reportIn: IsoDate;
  /** The measure's end (or the day the report is read on if still running). */
  until: IsoDate;
  /** Dates of tests taken or refused (not 'missed'), ascending. */
  testDates: readonly IsoDate[];
  /** Those of `testDates` on which the only result was a refusal: they close an obligation, unmet. */
  refusedDates?: readonly IsoDate[];
  /** Risk assessments (date, level), ascending. */
  assessments: readonly { date: IsoDate; level: 'high' | 'medium' | 'low' }[];
  /** The measure's suspensions (an open one runs past `until`). */
  suspensions?: readonly SuspensionPeriod[];
}

export interface DueCount {
  due: number;
  met: number;
}

function levelOn(assessments: TestScheduleFacts['assessments'], day: IsoDate): keyof IntervalTable {
  let level: keyof IntervalTable = 'unassessed';
  for (const a of assessments) {
    if (a.date > day) break;
    level = a.level;
  }
  return level;
}

export function testsDueIn(facts: TestScheduleFacts, table: IntervalTable, from: IsoDate, to: IsoDate): DueCount {
  const inPeriod = (day: IsoDate) => day >= from && day <= to;
  let base = facts.reportIn;
  let due = 0;
  let met = 0;
  // Bounded: each step moves `base` forward by at least a day.
  for (let step = 0; step < 5000; step++) {
    const suspensions = facts.suspensions ?? [];
    const deadline = afterActiveDays(base, table[levelOn(facts.assessments, base)][measureYear(facts.reportIn, suspensions, base)] as number, suspensions);
    const next = facts.testDates.find((d) => d > base && d <= facts.until);
    if (next !== undefined && (deadline === null || next <= deadline)) {
      if (inPeriod(next)) {
        due++;
        if (!facts.refusedDates?.includes(next)) met++;
      }
      base = next;
      continue;
    }
    if (deadline === null || deadline > facts.until) break;
    if (inPeriod(deadline)) due++;
    if (next === undefined) break;
    base = next;
  }
  return { due, met };
}
