import { addMonths } from '../../../shared/domain/dates';

/**
 * The planner works in day numbers (days since 1970-01-01) so that ranges are plain integers;
 * month arithmetic goes through shared/domain/dates so it agrees with the term rules exactly.
 */
const MS_PER_DAY = 86_400_000;

export function toDay(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY;
}

export function toIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function plusMonths(day: number, months: number): number {
  return toDay(addMonths(toIso(day), months));
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}
