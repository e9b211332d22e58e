import dayjs from 'dayjs';

/** Calendar days as YYYY-MM-DD strings: the law counts days, not instants. */
export type IsoDate = string;

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && dayjs(value, 'YYYY-MM-DD').format('YYYY-MM-DD') === value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return dayjs(date).add(days, 'day').format('YYYY-MM-DD');
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  return dayjs(date).add(months, 'month').format('YYYY-MM-DD');
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayjs(to).diff(dayjs(from), 'day');
}

/** The calendar day of an instant in China Standard Time (stations are all on UTC+8). */
export function chinaDay(instant: Date): IsoDate {
  return dayjs(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
