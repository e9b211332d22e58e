import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  LEDGER_LIMITS,
  ledgerImportFields,
  normalizeHeader,
  type LedgerColumnMapping,
  type LedgerImportField,
  type LedgerInspectView,
} from '../../../shared/domain/ledger';
import { HavenError } from '../../../shared/ipc/errors';
import { maskIdNumber } from '../../../shared/domain/idNumber';
import type { Db } from '../kernel/db/database';
import { cellText, openWorkbook, type SheetRead } from './xlsxRead';

/**
 * The chosen file as the import sees it: its digest (so the import is of the file the preview
 * showed), its sheets, and the station's remembered header → field choices.
 */

const SETTING_KEY = 'ledgerMapping';
const REMEMBERED_MAX = 400;

export function fileSha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', () => reject(new HavenError('NOT_FOUND', { messageKey: 'errors.BUNDLE_FILE_GONE' })));
  });
}

/** Header (normalised) → field, as this station mapped them before. */
export function rememberedMapping(db: Db): Record<string, LedgerImportField> {
  const raw = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(SETTING_KEY) as string | undefined;
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, LedgerImportField] => typeof e[1] === 'string' && (ledgerImportFields as readonly string[]).includes(e[1])),
    );
  } catch {
    return {};
  }
}

/** Adds the headers of a confirmed mapping to what is remembered (newest choice wins, the list stays bounded). */
export function rememberMapping(db: Db, headers: readonly string[], mapping: readonly LedgerColumnMapping[]): void {
  const current = rememberedMapping(db);
  for (const m of mapping) {
    const key = normalizeHeader(headers[m.column - 1] ?? '');
    if (key === '' || key.length > 60) continue;
    delete current[key];
    current[key] = m.field;
  }
  const entries = Object.entries(current).slice(-REMEMBERED_MAX);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SETTING_KEY, JSON.stringify(Object.fromEntries(entries)));
}

/** Every sheet's extent and first rows (as text), to choose the sheet, the header row and the columns. */
export async function inspectFile(db: Db, file: { name: string; path: string; bytes: number }, onProgress?: (sheet: number, sheets: number) => void): Promise<LedgerInspectView> {
  const sha256 = await fileSha256(file.path);
  const workbook = await openWorkbook(file.path, file.name);
  try {
    const sheets: LedgerInspectView['sheets'] = [];
    for (const [index, sheet] of workbook.sheets.entries()) {
      onProgress?.(index, workbook.sheets.length);
      // The first rows are held (to choose the header row and see the data); the rest only counted.
      const read = await workbook.readSheet(sheet.name, LEDGER_LIMITS.maxRows + LEDGER_LIMITS.maxHeaderRow, undefined, { keepThroughRow: SAMPLE_ROWS });
      sheets.push({
        name: sheet.name,
        hidden: sheet.hidden,
        lastRow: read.lastRow,
        tooManyRows: read.tooManyRows,
        tooManyColumns: read.tooManyColumns,
        sample: sampleOf(read),
      });
    }
    return { fileName: file.name, bytes: file.bytes, sha256, sheets, remembered: rememberedMapping(db) };
  } finally {
    workbook.close();
  }
}

/** Rows a sample shows: the header may be as low as row 20, and some rows of data below it. */
const SAMPLE_ROWS = LEDGER_LIMITS.sampleRows + LEDGER_LIMITS.maxHeaderRow;

/** The first rows as text, row numbers kept (an empty row shows as an empty line). */
function sampleOf(read: SheetRead): string[][] {
  const width = Math.min(LEDGER_LIMITS.maxColumns, Math.max(0, ...read.rows.slice(0, SAMPLE_ROWS).map((r) => r.cells.length)));
  const out: string[][] = [];
  const last = Math.min(SAMPLE_ROWS, read.lastRow, read.rows.at(-1)?.number ?? 0);
  const byNumber = new Map(read.rows.filter((r) => r.number <= last).map((r) => [r.number, r]));
  for (let n = 1; n <= last; n++) {
    const row = byNumber.get(n);
    out.push(Array.from({ length: width }, (_, i) => shown(cellText(row?.cells[i]).slice(0, 200))));
  }
  return out;
}

/** What looks like an ID number leaves the core masked, as everywhere else (the import reads the file itself). */
function shown(text: string): string {
  const compact = text.replace(/\s/g, '');
  return /^\d{17}[\dXx]$/.test(compact) ? maskIdNumber(compact.toUpperCase()) : text;
}

/** The chosen sheet read for an import: refused beyond the row limit; the header row's texts and the rows below it. */
export async function readForImport(path: string, name: string, sheet: string, headerRow: number, onRows?: (rows: number) => void) {
  const workbook = await openWorkbook(path, name);
  try {
    const read = await workbook.readSheet(sheet, LEDGER_LIMITS.maxRows + headerRow, onRows);
    const data = read.rows.filter((r) => r.number > headerRow);
    if (read.tooManyRows || data.length > LEDGER_LIMITS.maxRows) {
      throw new HavenError('VALIDATION', { messageKey: 'errors.LEDGER_TOO_MANY_ROWS', params: { sheet, max: LEDGER_LIMITS.maxRows } });
    }
    const header = read.rows.find((r) => r.number === headerRow);
    const headers = (header?.cells ?? []).map((c) => cellText(c));
    return { headers, rows: data, date1904: read.date1904, width: Math.max(headers.length, ...data.map((r) => r.cells.length)) };
  } finally {
    workbook.close();
  }
}
