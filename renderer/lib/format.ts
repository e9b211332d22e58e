import dayjs from 'dayjs';

/** Dates and times read the Chinese way in every language: 2025-03-01 14:05. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : value;
}

export function formatDate(value: Date | string): string {
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : String(value);
}

/** A code from a fixed list, or null: turns a Select's string back into the typed code. */
export function codeOf<T extends string>(list: readonly T[], value: string | null | undefined): T | null {
  return list.find((code) => code === value) ?? null;
}
