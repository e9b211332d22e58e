import { isIsoDate } from '../../../shared/domain/dates';
import { measureKinds, type MeasureKind } from '../../../shared/domain/measures';
import { educationLevels, employmentStatuses, ethnicities, maritalStatuses } from '../../../shared/domain/reference';
import { resources } from '../../../shared/i18n/translate';
import { isoOfDate, type CellValue } from './cellValue';

/**
 * One cell to one field's value, as a station's spreadsheet writes it: dates as Excel dates, serial
 * numbers or text in the usual Chinese forms; code lists by their Chinese or English words; ID
 * numbers as text (an ID number stored as a number has lost its last digits, which is said).
 */

export type Converted<T> = { ok: true; value: T } | { ok: false; messageKey: string; params?: Record<string, string | number> };

const ok = <T>(value: T): Converted<T> => ({ ok: true, value });
const bad = <T>(messageKey: string, params?: Record<string, string | number>): Converted<T> => ({ ok: false, messageKey, params });

/** Common trouble with any cell: an error value, a formula without a result, text cut at the limit. */
function troubled(cell: CellValue): Converted<never> | null {
  if (cell.kind === 'error') return cell.code === 'formula' ? bad('validation.ledgerFormula') : bad('validation.ledgerCellError', { code: cell.code });
  if (cell.kind === 'text' && cell.truncated) return bad('validation.tooLong');
  return null;
}

/** Plain text (names, addresses, numbers of documents). Numbers print without exponent where they can. */
export function toText(cell: CellValue): Converted<string> {
  const trouble = troubled(cell);
  if (trouble) return trouble;
  switch (cell.kind) {
    case 'text':
      return ok(cell.text.trim());
    case 'number':
      return ok(Number.isSafeInteger(cell.value) ? String(cell.value) : String(cell.value));
    case 'bool':
      return ok(cell.value ? 'TRUE' : 'FALSE');
    case 'date':
      return ok(isoOfDate(cell.date));
    default:
      return ok('');
  }
}

/** A phone number: digits typed as a number stay digits. */
export function toPhone(cell: CellValue): Converted<string> {
  const text = toText(cell);
  return text.ok ? ok(text.value.normalize('NFKC').trim()) : text;
}

/**
 * An ID number: text with spaces and full-width digits allowed. A number cell has been rounded by
 * Excel (it keeps 15 significant digits) unless it is a short one, which the check then names.
 */
export function toIdNumber(cell: CellValue): Converted<string> {
  const trouble = troubled(cell);
  if (trouble) return trouble;
  if (cell.kind === 'number') {
    if (!Number.isSafeInteger(cell.value) || String(cell.value).length > 15) return bad('validation.ledgerIdAsNumber');
    return ok(String(cell.value));
  }
  if (cell.kind !== 'text') return cell.kind === 'empty' ? ok('') : bad('validation.idNumber.characters');
  const value = cell.text.normalize('NFKC').replace(/\s/g, '').toUpperCase();
  if (value.includes('*')) return bad('validation.ledgerIdMasked');
  // "3.20102199001011E+17": a number pasted as text after Excel rounded it.
  if (/^\d(\.\d+)?E\+\d+$/.test(value)) return bad('validation.ledgerIdAsNumber');
  return ok(value);
}

const DAY_MS = 86_400_000;

/** Excel's day number (1900 system, with its leap-year bug already folded into 25569 for dates after 1900-03-01). */
function fromSerial(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 61 || serial > 2_958_465) return null;
  const ms = Math.round((Math.floor(serial) - 25569 + (date1904 ? 1462 : 0)) * DAY_MS);
  return new Date(ms).toISOString().slice(0, 10);
}

const pad = (n: string) => n.padStart(2, '0');

/**
 * Years a ledger's dates fall in (births from 1900, decisions and report-ins up to 2100). Beyond
 * them is a number typed into a date column (20260205 in a date format is the year 57317), which
 * the schemas would refuse as an internal error if it got that far: refused here, at its cell.
 */
const YEARS = { first: 1900, last: 2100 };

function plausible(iso: string): Converted<string> {
  const year = Number(iso.slice(0, 4));
  return /^\d{4}-/.test(iso) && isIsoDate(iso) && year >= YEARS.first && year <= YEARS.last ? ok(iso) : bad('validation.date');
}

/**
 * A year typed alone (2024) into a date column: Excel reads it as day 2024 of its calendar,
 * 1905-07-16, which is no ledger's date. Said as "a full date is needed", not misread.
 */
function yearOnly(serial: number): Converted<never> | null {
  return Number.isInteger(serial) && serial >= YEARS.first && serial <= YEARS.last ? bad('validation.ledgerYearOnly', { year: serial }) : null;
}

/** A calendar day from a date cell, a serial number, or text: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305. */
export function toDate(cell: CellValue, date1904: boolean): Converted<string | null> {
  const trouble = troubled(cell);
  if (trouble) return trouble;
  switch (cell.kind) {
    case 'empty':
      return ok(null);
    case 'date': {
      // The serial the cell holds (dates are UTC midnights counted from 1899-12-30, or 1904-01-01).
      const serial = Math.round(cell.date.getTime() / DAY_MS) + 25569 - (date1904 ? 1462 : 0);
      return yearOnly(serial) ?? plausible(isoOfDate(cell.date));
    }
    case 'number': {
      const year = yearOnly(cell.value);
      if (year) return year;
      const day = fromSerial(cell.value, date1904);
      if (day) return plausible(day);
      // 20240305 typed as a number.
      if (Number.isInteger(cell.value)) return toDate({ kind: 'text', text: String(cell.value), truncated: false }, date1904);
      return bad('validation.date');
    }
    case 'text': {
      const text = cell.text.normalize('NFKC').trim();
      if (/^\d{4}(年)?$/.test(text)) return yearOnly(Number(text.slice(0, 4))) ?? bad('validation.date');
      let match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
      match ??= /^(\d{4})(\d{2})(\d{2})$/.exec(text);
      if (!match) return bad('validation.date');
      return plausible(`${match[1]}-${pad(match[2] as string)}-${pad(match[3] as string)}`);
    }
    default:
      return bad('validation.date');
  }
}

/** Whole months: 36, "36", "36个月", "3年". */
export function toMonths(cell: CellValue): Converted<number | null> {
  const trouble = troubled(cell);
  if (trouble) return trouble;
  if (cell.kind === 'empty') return ok(null);
  if (cell.kind === 'number') return Number.isInteger(cell.value) ? ok(cell.value) : bad('validation.termMonths');
  if (cell.kind !== 'text') return bad('validation.termMonths');
  const text = cell.text.normalize('NFKC').replace(/\s/g, '');
  const months = /^(\d{1,3})(个?月)?$/.exec(text);
  if (months) return ok(Number(months[1]));
  const years = /^(\d)年$/.exec(text);
  if (years) return ok(Number(years[1]) * 12);
  return bad('validation.termMonths');
}

type Words = Record<string, string>;

/** Code → word in both languages, and the code itself, to read a list's value back to its code. */
function lookupTable<C extends string>(codes: readonly C[], zh: Words, en: Words, extra: Record<string, C> = {}): Map<string, C> {
  const map = new Map<string, C>();
  const key = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_]/g, '');
  for (const code of codes) {
    map.set(key(code), code);
    if (zh[code]) map.set(key(zh[code]), code);
    if (en[code]) map.set(key(en[code]), code);
  }
  for (const [word, code] of Object.entries(extra)) map.set(key(word), code);
  return map;
}

const zh = resources['zh-CN'];
const en = resources.en;

const lists = {
  education: lookupTable(educationLevels, zh.ref.education, en.ref.education, {
    文盲: 'none', 半文盲: 'none', 中专: 'vocational', 技校: 'vocational', 职高: 'vocational', 大学: 'bachelor', 大学本科: 'bachelor', 大学专科: 'college', 硕士: 'postgraduate', 博士: 'postgraduate',
  }),
  employment: lookupTable(employmentStatuses, zh.ref.employment, en.ref.employment, { 无: 'unemployed', 待业: 'unemployed', 农民: 'farming', 学生: 'student', 个体: 'self_employed' }),
  maritalStatus: lookupTable(maritalStatuses, zh.ref.marital, en.ref.marital, { 离婚: 'divorced', 初婚: 'married', 再婚: 'married' }),
  measureKind: lookupTable(measureKinds, zh.measure.kind, en.measure.kind, { 戒毒: 'community_detox', 康复: 'community_rehab' } as Record<string, MeasureKind>),
  gender: lookupTable(['male', 'female'] as const, zh.ref.gender, en.ref.gender, { 男性: 'male', 女性: 'female', m: 'male', f: 'female' }),
};

/** The words a list accepts, to say in a message (Chinese first). */
export function listWords(list: keyof typeof lists | 'ethnicity', locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const source = locale === 'en' ? en : zh;
  switch (list) {
    case 'education':
      return Object.values(source.ref.education).join('、');
    case 'employment':
      return Object.values(source.ref.employment).join('、');
    case 'maritalStatus':
      return Object.values(source.ref.marital).join('、');
    case 'measureKind':
      return Object.values(source.measure.kind).join('、');
    case 'gender':
      return Object.values(source.ref.gender).join('、');
    case 'ethnicity':
      return '汉族、回族、…';
  }
}

/** A code of one of the lists from its word; empty stays null. */
export function toCode<L extends keyof typeof lists>(cell: CellValue, list: L): Converted<(typeof lists)[L] extends Map<string, infer C> ? C | null : never> {
  const text = toText(cell);
  if (!text.ok) return text;
  if (text.value === '') return ok(null) as never;
  const code = lists[list].get(text.value.normalize('NFKC').toLowerCase().replace(/[\s_]/g, ''));
  return (code ? ok(code) : bad('validation.ledgerUnknownValue', { value: text.value.slice(0, 30), options: listWords(list) })) as never;
}

/** 民族: the standard names, with or without 族 ("汉" → 汉族). */
export function toEthnicity(cell: CellValue): Converted<(typeof ethnicities)[number] | null> {
  const text = toText(cell);
  if (!text.ok) return text;
  const value = text.value.replace(/\s/g, '');
  if (value === '') return ok(null);
  const known = (ethnicities as readonly string[]).includes(value) ? value : (ethnicities as readonly string[]).includes(`${value}族`) ? `${value}族` : null;
  return known ? ok(known as (typeof ethnicities)[number]) : bad('validation.ledgerUnknownValue', { value: value.slice(0, 30), options: listWords('ethnicity') });
}
