import { LEDGER_LIMITS } from '../../../shared/domain/ledger';

/**
 * A spreadsheet cell as the import sees it, whoever wrote the file: text (rich text and links as
 * their text), a number, a truth value, a date (a number in a date format), or an error value —
 * Excel's own (#N/A, #REF!…) or "formula" for a formula saved without its result.
 */
export type CellValue =
  | { kind: 'empty' }
  | { kind: 'text'; text: string; truncated: boolean }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'date'; date: Date }
  | { kind: 'error'; code: string };

export const EMPTY: CellValue = { kind: 'empty' };

/** Text held to the cell limit; blank text is an empty cell. */
export function text(raw: string): CellValue {
  const value = raw.length > LEDGER_LIMITS.maxCellChars ? raw.slice(0, LEDGER_LIMITS.maxCellChars) : raw;
  return value.trim() === '' ? EMPTY : { kind: 'text', text: value, truncated: raw.length > LEDGER_LIMITS.maxCellChars };
}

/** An exceljs value (a shared string may be rich text) as a cell: formulas by their cached result. */
export function cellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return text(value);
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'error', code: '#NUM!' };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { kind: 'error', code: '#VALUE!' } : { kind: 'date', date: value };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return text(v.richText.map((r) => (typeof (r as { text?: unknown }).text === 'string' ? (r as { text: string }).text : '')).join(''));
    if ('formula' in v || 'sharedFormula' in v) return 'result' in v && v.result !== undefined ? cellValue(v.result) : { kind: 'error', code: 'formula' };
    if (typeof v.error === 'string') return { kind: 'error', code: v.error.slice(0, 20) };
    if ('text' in v) return cellValue(v.text);
  }
  return { kind: 'error', code: '#VALUE!' };
}

/** A cell as plain text for headers and samples. */
export function cellText(cell: CellValue | undefined): string {
  if (!cell) return '';
  switch (cell.kind) {
    case 'empty':
      return '';
    case 'text':
      return cell.text.trim();
    case 'number':
      return String(cell.value);
    case 'bool':
      return cell.value ? 'TRUE' : 'FALSE';
    case 'date':
      return isoOfDate(cell.date);
    case 'error':
      return cell.code === 'formula' ? '' : cell.code;
  }
}

/** A date cell's calendar day (dates are UTC midnights; a time of day is dropped). */
export function isoOfDate(date: Date): string {
  return new Date(Math.floor((date.getTime() + 1000) / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
}
