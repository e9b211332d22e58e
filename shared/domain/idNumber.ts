/**
 * Resident identity numbers (公民身份号码) after GB 11643-1999: 6-digit area code, 8-digit birth
 * date, 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Province-level codes in use (GB/T 2260), the first two digits of every valid number. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65,
  71, 81, 82,
]);

export const idNumberProblems = ['empty', 'legacy15', 'length', 'characters', 'area', 'birthDate', 'checkDigit'] as const;
export type IdNumberProblem = (typeof idNumberProblems)[number];

export type IdNumberCheck =
  | { ok: true; idNumber: string; birthDate: string; gender: 'male' | 'female' }
  | { ok: false; problem: IdNumberProblem };

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Validates and normalises (upper-case X, no spaces). `today` (YYYY-MM-DD) bounds the birth
 * date: nobody is born in the future or before 1900.
 */
export function parseIdNumber(input: string, today: string): IdNumberCheck {
  const value = input.replace(/\s/g, '').toUpperCase();
  if (value.length === 0) return { ok: false, problem: 'empty' };
  if (/^\d{15}$/.test(value)) return { ok: false, problem: 'legacy15' };
  if (value.length !== 18) return { ok: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'characters' };
  if (!PROVINCES.has(Number(value.slice(0, 2)))) return { ok: false, problem: 'area' };
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (year < 1900 || !isRealDate(year, month, day) || birthDate > today) return { ok: false, problem: 'birthDate' };
  if (checkDigit(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'checkDigit' };
  return { ok: true, idNumber: value, birthDate, gender: Number(value[16]) % 2 === 1 ? 'male' : 'female' };
}

/** `3201**********1234`: area prefix and last four, as shown everywhere unless revealed. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 8) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`;
}

/** Full years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Builds a valid number from its parts (synthetic data, tests): area 6 digits, birth YYYY-MM-DD, sequence 0–999. */
export function composeIdNumber(area: string, birthDate: string, sequence: number): string {
  const first17 = `${area}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return `${first17}${checkDigit(first17)}`;
}
