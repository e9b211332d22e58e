import { addDays, daysBetween, type IsoDate } from '../domain/dates';
import { plannedEnd, type SuspensionPeriod } from '../domain/measures';

/**
 * The test and talk schedule's calendar, shared by the worklist (engine.ts scheduleRule) and the
 * reports' replay (testsDue.ts), so that both count a measure's year and its pauses alike.
 */

/**
 * The measure year `from` falls in (0, 1, then 2 for the third and later), counted as the term is:
 * from report-in by calendar years (a leap year has 366 days), each year moved on by the days
 * suspended before it ends (a paused measure's year is not used up while detained).
 */
export function measureYear(reportIn: IsoDate, suspensions: readonly SuspensionPeriod[], from: IsoDate): number {
  for (let year = 0; year < 2; year++) {
    const lastDay = plannedEnd({ reportInDate: reportIn, termMonths: 12 * (year + 1), suspensions, creditedDays: 0 }, from);
    if (lastDay === null || from <= lastDay) return year;
  }
  return 2;
}

/**
 * `days` after `base`, not counting days suspended in between (RR art. 24: the measure is paused);
 * a suspension that starts inside the extended span moves the day on again. Null when the day
 * would fall in a suspension still running: nothing falls due until the measure resumes.
 */
export function afterActiveDays(base: IsoDate, days: number, suspensions: readonly SuspensionPeriod[]): IsoDate | null {
  let due = addDays(base, days);
  for (const p of [...suspensions].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))) {
    if (p.from > due) continue;
    if (p.to === null) return null;
    const from = p.from > base ? p.from : addDays(base, 1);
    if (p.to > from) due = addDays(due, daysBetween(from, p.to));
  }
  return due;
}
