import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { LEDGER_LIMITS } from '../../../shared/domain/ledger';
import { HavenError } from '../../../shared/ipc/errors';

/**
 * Reads an .xlsx a station chose, as a stream, with exceljs's streaming reader — but in the order
 * the reader needs. Its own driver takes the ZIP's entries as they come: a workbook written by
 * openpyxl (or LibreOffice) puts the sheets before the shared strings and the workbook's part
 * list, and the driver then copies every sheet, unencrypted, into the system's temp folder and
 * cannot name it. People's data must not land there. So the ZIP is opened here (yauzl: central
 * directory, names and sizes checked while inflating), the parts are handed to the reader's part
 * parsers in order (relationships, workbook, styles, shared strings, then the one sheet asked
 * for), and every part is held to a size. The parsers are exceljs 4.4's own (`_parse*`); the
 * ledger tests read workbooks from three writers through them, so an exceljs update that moves
 * them fails there, not in a station.
 */

const MiB = 1024 * 1024;
/** Inflated sizes: a 50,000-row sheet of a few dozen columns is some tens of MiB. */
const PART_LIMITS = { sheet: 400 * MiB, sharedStrings: 150 * MiB, small: 20 * MiB, total: 800 * MiB, entries: 5_000 };
/** Characters of cell text held for one sheet (every cell, every row). */
const TEXT_BUDGET = 80 * MiB;

export type CellValue =
  | { kind: 'empty' }
  | { kind: 'text'; text: string; truncated: boolean }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'date'; date: Date }
  | { kind: 'error'; code: string };

export interface SheetRow {
  /** The sheet's row number (1-based). */
  number: number;
  /** Cells by column (index 0 is column A), up to the column limit. */
  cells: CellValue[];
}

export interface SheetRead {
  name: string;
  rows: SheetRow[];
  /** Rows beyond `maxRows` were not read. */
  tooManyRows: boolean;
  tooManyColumns: boolean;
  /** Dates are counted from 1904 (old Mac workbooks). */
  date1904: boolean;
}

const EMPTY: CellValue = { kind: 'empty' };

function refuse(key: string, params?: Record<string, string | number>): never {
  throw new HavenError('VALIDATION', { messageKey: `errors.${key}`, params });
}

/** What the first bytes say: a ZIP (xlsx), an OLE compound file (xls, or an xlsx with a password), or text. */
export function sniffSpreadsheet(path: string, name: string): void {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) refuse('LEDGER_NOT_XLSX');
    size = stat.size;
  } catch (error) {
    if (error instanceof HavenError) throw error;
    throw new HavenError('NOT_FOUND', { messageKey: 'errors.BUNDLE_FILE_GONE' });
  }
  if (size === 0) refuse('LEDGER_FILE_EMPTY');
  if (size > LEDGER_LIMITS.maxFileBytes) refuse('LEDGER_FILE_TOO_LARGE', { max: LEDGER_LIMITS.maxFileBytes / MiB });
  const head = Buffer.alloc(Math.min(size, 64 * 1024));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return;
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    // An xlsx saved with a password is an OLE file holding an "EncryptedPackage" stream.
    if (head.includes(Buffer.from('EncryptedPackage', 'utf16le'))) refuse('LEDGER_ENCRYPTED');
    refuse('LEDGER_XLS');
  }
  if (/\.(csv|txt)$/i.test(name)) refuse('LEDGER_CSV');
  if (/\.(xls|et|wps)$/i.test(name)) refuse('LEDGER_XLS');
  refuse('LEDGER_NOT_XLSX');
}

interface ZipParts {
  zip: yauzl.ZipFile;
  entries: Map<string, yauzl.Entry>;
}

function openZip(path: string): Promise<ZipParts> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) return reject(new HavenError('VALIDATION', { messageKey: 'errors.LEDGER_NOT_XLSX' }));
      const entries = new Map<string, yauzl.Entry>();
      let declared = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        declared += entry.uncompressedSize;
        if (entries.size >= PART_LIMITS.entries || declared > PART_LIMITS.total) {
          zip.close();
          return reject(new HavenError('VALIDATION', { messageKey: 'errors.LEDGER_CONTENT_TOO_LARGE' }));
        }
        entries.set(entry.fileName.replace(/^\/+/, ''), entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve({ zip, entries }));
      zip.on('error', () => {
        zip.close();
        reject(new HavenError('VALIDATION', { messageKey: 'errors.LEDGER_NOT_XLSX' }));
      });
      zip.readEntry();
    });
  });
}

/** An entry's inflated bytes as a stream that fails past `limit` (whatever the entry declared). */
function openPart(parts: ZipParts, name: string, limit: number): Promise<Readable> {
  const entry = parts.entries.get(name);
  if (!entry) return Promise.reject(new HavenError('VALIDATION', { messageKey: 'errors.LEDGER_NOT_XLSX' }));
  if (entry.uncompressedSize > limit) return Promise.reject(new HavenError('VALIDATION', { messageKey: 'errors.LEDGER_CONTENT_TOO_LARGE' }));
  return new Promise((resolve, reject) => {
    parts.zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(new HavenError('VALIDATION', { messageKey: 'errors.LEDGER_NOT_XLSX' }));
      let seen = 0;
      const guard = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          seen += chunk.length;
          if (seen > limit) return done(new HavenError('VALIDATION', { messageKey: 'errors.LEDGER_CONTENT_TOO_LARGE' }));
          done(null, chunk);
        },
      });
      // yauzl stops an entry that inflates past its declared size: a ZIP bomb that lies about it.
      stream.on('error', (e) =>
        guard.destroy(
          e instanceof HavenError ? e : new HavenError('VALIDATION', { messageKey: /too many bytes/i.test(String(e?.message)) ? 'errors.LEDGER_CONTENT_TOO_LARGE' : 'errors.LEDGER_NOT_XLSX' }),
        ),
      );
      // Text, decoded across chunk boundaries: exceljs's SAX feed decodes each chunk on its own and
      // would cut a Chinese character split between two chunks into U+FFFD.
      resolve(stream.pipe(guard).setEncoding('utf8'));
    });
  });
}

interface Relationship {
  Id: string;
  Target: string;
  Type?: string;
}

/** The part parsers of exceljs's streaming WorkbookReader (see the comment at the top). */
interface ReaderParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
  workbookRels?: Relationship[];
  model?: { sheets?: { id: number; name: string; rId: string; state?: string }[] };
  properties?: { model?: { date1904?: boolean } };
  sharedStrings?: unknown[];
}

export interface LedgerWorkbook {
  sheetNames: string[];
  date1904: boolean;
  /** Reads one sheet's rows (`maxRows` rows of content at most); `onProgress` gets the rows read so far. */
  readSheet(name: string, maxRows: number, onProgress?: (rows: number) => void): Promise<SheetRead>;
  close(): void;
}

/** Opens a chosen file: checks its kind and size, then the workbook's parts; refuses what is not a readable .xlsx. */
export async function openWorkbook(path: string, name: string): Promise<LedgerWorkbook> {
  sniffSpreadsheet(path, name);
  const parts = await openZip(path);
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      entries: 'ignore',
    }) as unknown as ReaderParts;
    const workbookPart = parts.entries.has('xl/workbook.xml') ? 'xl/workbook.xml' : null;
    if (!workbookPart || !parts.entries.has('xl/_rels/workbook.xml.rels')) refuse('LEDGER_NOT_XLSX');
    await parsePart(parts, 'xl/_rels/workbook.xml.rels', PART_LIMITS.small, (s) => reader._parseRels(s));
    await parsePart(parts, workbookPart, PART_LIMITS.small, (s) => reader._parseWorkbook(s));
    if (parts.entries.has('xl/styles.xml')) await parsePart(parts, 'xl/styles.xml', PART_LIMITS.small, (s) => reader._parseStyles(s));
    if (parts.entries.has('xl/sharedStrings.xml')) {
      await parsePart(parts, 'xl/sharedStrings.xml', PART_LIMITS.sharedStrings, async (s) => {
        for await (const _ of reader._parseSharedStrings(s)) {
          // 'cache' mode keeps them on the reader; nothing is yielded.
        }
      });
    } else {
      reader.sharedStrings = [];
    }
    const sheets = sheetTargets(reader, parts);
    if (sheets.length === 0) refuse('LEDGER_NO_SHEETS');
    if (sheets.length > LEDGER_LIMITS.maxSheets) refuse('LEDGER_TOO_MANY_SHEETS', { max: LEDGER_LIMITS.maxSheets });
    const date1904 = reader.properties?.model?.date1904 === true;
    let textBudget = TEXT_BUDGET;
    return {
      sheetNames: sheets.map((s) => s.name),
      date1904,
      async readSheet(sheetName, maxRows, onProgress) {
        const sheet = sheets.find((s) => s.name === sheetName) ?? refuse('LEDGER_SHEET_NOT_FOUND', { sheet: sheetName });
        const stream = await openPart(parts, sheet.part, PART_LIMITS.sheet);
        const rows: SheetRow[] = [];
        let tooManyRows = false;
        let tooManyColumns = false;
        const generator = reader._parseWorksheet(stream, sheet.number);
        const emitted = generator.next().value as { value: AsyncIterable<ExcelJS.Row> } | undefined;
        if (!emitted) refuse('LEDGER_NOT_XLSX');
        try {
          for await (const row of emitted.value) {
            if (!Number.isSafeInteger(row.number) || row.number < 1 || row.number > 1_048_576) refuse('LEDGER_NOT_XLSX');
            const cells: CellValue[] = [];
            let any = false;
            row.eachCell({ includeEmpty: false }, (cell, column) => {
              if (column > LEDGER_LIMITS.maxColumns) {
                tooManyColumns = true;
                return;
              }
              const value = cellValue(cell.value);
              if (value.kind === 'text') {
                textBudget -= value.text.length;
                if (textBudget < 0) refuse('LEDGER_CONTENT_TOO_LARGE');
              }
              if (value.kind !== 'empty') any = true;
              cells[column - 1] = value;
            });
            if (!any) continue;
            if (rows.length >= maxRows) {
              tooManyRows = true;
              break;
            }
            for (let i = 0; i < cells.length; i++) cells[i] ??= EMPTY;
            rows.push({ number: row.number, cells });
            if (onProgress && rows.length % 500 === 0) onProgress(rows.length);
          }
        } catch (error) {
          if (error instanceof HavenError) throw error;
          refuse('LEDGER_NOT_XLSX');
        } finally {
          stream.destroy();
        }
        onProgress?.(rows.length);
        return { name: sheet.name, rows, tooManyRows, tooManyColumns, date1904 };
      },
      close: () => parts.zip.close(),
    };
  } catch (error) {
    parts.zip.close();
    if (error instanceof HavenError) throw error;
    refuse('LEDGER_NOT_XLSX');
  }
}

async function parsePart(parts: ZipParts, name: string, limit: number, parse: (stream: Readable) => Promise<void>): Promise<void> {
  const stream = await openPart(parts, name, limit);
  try {
    await parse(stream);
  } catch (error) {
    if (error instanceof HavenError) throw error;
    refuse('LEDGER_NOT_XLSX');
  } finally {
    stream.destroy();
  }
}

/** The workbook's worksheets in its order, each with the ZIP part that holds it. */
function sheetTargets(reader: ReaderParts, parts: ZipParts): { name: string; part: string; number: string }[] {
  const rels = reader.workbookRels ?? [];
  const out: { name: string; part: string; number: string }[] = [];
  for (const sheet of reader.model?.sheets ?? []) {
    const rel = rels.find((r) => r.Id === sheet.rId);
    if (!rel || (rel.Type !== undefined && !rel.Type.endsWith('/worksheet'))) continue;
    const part = rel.Target.startsWith('/') ? rel.Target.slice(1) : posix.normalize(posix.join('xl', rel.Target));
    if (part.startsWith('..') || !parts.entries.has(part)) continue;
    if (typeof sheet.name !== 'string' || sheet.name.length === 0) continue;
    out.push({ name: sheet.name.slice(0, 100), part, number: String(out.length + 1) });
  }
  return out;
}

/** A cell as the import sees it: formulas by their cached result, rich text and links as their text. */
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

function text(raw: string): CellValue {
  const value = raw.length > LEDGER_LIMITS.maxCellChars ? raw.slice(0, LEDGER_LIMITS.maxCellChars) : raw;
  return value.trim() === '' ? EMPTY : { kind: 'text', text: value, truncated: raw.length > LEDGER_LIMITS.maxCellChars };
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

/** A date cell's calendar day (exceljs gives UTC midnights; a time of day is dropped). */
export function isoOfDate(date: Date): string {
  return new Date(Math.floor((date.getTime() + 1000) / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
}
