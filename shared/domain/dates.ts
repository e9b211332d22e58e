/**
 * Calendar days as YYYY-MM-DD strings: the law counts days, not instants. The arithmetic is done
 * on UTC midnights (no time zone, no daylight saving can shift a day); evaluating a county's
 * worklist calls these millions of times, so they stay plain arithmetic.
 */
export type IsoDate = string;

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const DAY_MS = 86_400_000;

function utc(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/**
 * The calendar day of a UTC instant, by arithmetic on days since the epoch (H. Hinnant's
 * civil_from_days) rather than Date#toISOString: the first worklist evaluation of a county calls
 * it about a million times, and the string formatting was a tenth of the rules' own time.
 * Years 0–9999, written with four digits as ISO_DATE wants.
 */
function fromUtc(ms: number): IsoDate {
  const days = Math.floor(ms / DAY_MS) + 719_468;
  const era = Math.floor(days / 146_097);
  const dayOfEra = days - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** A real calendar day written as YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && fromUtc(utc(value)) === value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(utc(date) + days * DAY_MS);
}

/** Calendar months later (earlier); a day past the month's end becomes its last day (01-31 + 1 month = 02-28/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(year, month, Math.min(Number(date.slice(8, 10)), lastDay)));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

/** The calendar day of an instant in China Standard Time (stations are all on UTC+8). */
export function chinaDay(instant: Date): IsoDate {
  return fromUtc(instant.getTime() + 8 * 3_600_000);
}

/** An instant as China wall-clock time, `YYYY-MM-DD HH:mm` (or with `:ss`), for printouts and spreadsheets. */
export function chinaTime(instant: Date | string, withSeconds = false): string {
  const ms = (typeof instant === 'string' ? new Date(instant) : instant).getTime() + 8 * 3_600_000;
  return new Date(ms).toISOString().slice(0, withSeconds ? 19 : 16).replace('T', ' ');
}
