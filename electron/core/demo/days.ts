import { addMonths } from '../../../shared/domain/dates';

/**
 * The planner works in day numbers (days since 1970-01-01) so that ranges are plain integers;
 * month arithmetic goes through shared/domain/dates so it agrees with the term rules exactly.
 */
const MS_PER_DAY = 86_400_000;

export function toDay(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY;
}

/** Millions of records are dated from a few thousand days: each day is formatted once. */
const isoCache = new Map<number, string>();

export function toIso(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, iso);
  }
  return iso;
}

/**
 * shared/domain/dates addMonths on day numbers: the same day of the month `months` later, or the
 * month's last day when it is shorter (31 January + 1 month = 28/29 February), as dayjs does.
 * Computed directly, as the planner calls it hundreds of thousands of times.
 */
export function plusMonths(day: number, months: number): number {
  const date = new Date(day * MS_PER_DAY);
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), last)) / MS_PER_DAY;
}

/** The slow reference plusMonths must agree with (unit-tested). */
export function plusMonthsByDates(day: number, months: number): number {
  return toDay(addMonths(toIso(day), months));
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}
