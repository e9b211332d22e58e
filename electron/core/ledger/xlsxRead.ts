import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { LEDGER_LIMITS } from '../../../shared/domain/ledger';
import { HavenError } from '../../../shared/ipc/errors';
import { EMPTY, type CellValue } from './cellValue';
import { parseRef, parseSharedStrings, parseSheetXml } from './sheetXml';

export { cellText, cellValue, isoOfDate, type CellValue } from './cellValue';

/**
 * Reads an .xlsx a station chose, as a stream, with exceljs's streaming reader — but in the order
 * the reader needs. Its own driver takes the ZIP's entries as they come: a workbook written by
 * openpyxl (or LibreOffice) puts the sheets before the shared strings and the workbook's part
 * list, and the driver then copies every sheet, unencrypted, into the system's temp folder and
 * cannot name it. People's data must not land there. So the ZIP is opened here (yauzl: central
 * directory, names and sizes checked while inflating), the parts are handed to the reader's part
 * parsers in order (relationships, workbook, styles, shared strings), and every part is held to
 * a size. Those parsers are exceljs 4.4's own (`_parse*`); the sheet itself is read by
 * sheetXml.ts. The ledger tests read workbooks from three writers through them, so an exceljs
 * update that moves them fails there, not in a station.
 */

const MiB = 1024 * 1024;
/** Inflated sizes: a 50,000-row sheet of a few dozen columns is some tens of MiB. */
const PART_LIMITS = { sheet: 400 * MiB, sharedStrings: 150 * MiB, small: 20 * MiB, total: 800 * MiB, entries: 5_000 };
/**
 * The shared strings held in memory while the file is read: a ledger of 50,000 rows has far fewer
 * distinct texts than this, and a hostile file of tiny strings is refused before it fills the heap.
 */
const SHARED_STRINGS_BUDGET = { entries: 1_000_000, characters: 64 * 1024 * 1024 };
/**
 * What one sheet's rows may hold in memory, counted afresh for every sheet read: characters of
 * cell text, and cells of any kind (a number costs memory too: 50,000 rows of 100 numbers took
 * half a gigabyte when only text was counted). A sheet beyond either is refused with a message.
 */
export interface ReadLimits {
  textPerSheet: number;
  cellsPerSheet: number;
}
const READ_LIMITS: ReadLimits = { textPerSheet: 80 * MiB, cellsPerSheet: LEDGER_LIMITS.maxCellsPerSheet };
/** Merged ranges of one sheet (each a short reference); more is no ledger. */
const MAX_MERGES = 100_000;

export interface SheetRow {
  /** The sheet's row number (1-based). */
  number: number;
  /** Cells by column (index 0 is column A), up to the column limit. */
  cells: CellValue[];
  /** Hidden in Excel (by hand or a filter): the import does not take such a row unseen (rows.ts). */
  hidden?: boolean;
}

export interface SheetRead {
  name: string;
  /** The rows with content, up to `keepThroughRow` when that was given. */
  rows: SheetRow[];
  /** The last row with content that was read (kept or only counted). */
  lastRow: number;
  /** Rows beyond `maxRows` were not read. */
  tooManyRows: boolean;
  tooManyColumns: boolean;
  /** Dates are counted from 1904 (old Mac workbooks). */
  date1904: boolean;
}

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
  workbookRels?: Relationship[];
  styles?: {
    getStyleModel(id: number): { numFmt?: string } | null;
    model?: { styles?: ({ numFmtId?: number } | undefined)[] };
  };
  model?: { sheets?: { id: number; name: string; rId: string; state?: string }[] };
  properties?: { model?: { date1904?: boolean } };
  sharedStrings?: unknown[];
}

export interface WorkbookSheet {
  name: string;
  /** Hidden (or "very hidden", only visible to macros) in Excel: never chosen for the user. */
  hidden: boolean;
}

export interface ReadOptions {
  /**
   * Keep the cells of rows up to this row number only; later rows are counted (for `lastRow` and
   * `tooManyRows`) but not held. What inspect needs: the first rows, and how many there are.
   */
  keepThroughRow?: number;
}

export interface LedgerWorkbook {
  sheets: WorkbookSheet[];
  sheetNames: string[];
  date1904: boolean;
  /** Reads one sheet's rows (`maxRows` rows of content at most); `onProgress` gets the rows read so far. */
  readSheet(name: string, maxRows: number, onProgress?: (rows: number) => void, options?: ReadOptions): Promise<SheetRead>;
  close(): void;
}

/**
 * Opens a chosen file: checks its kind and size, then the workbook's parts; refuses what is not a
 * readable .xlsx. `limits` is for tests (the real ones are large).
 */
export async function openWorkbook(path: string, name: string, limits: Partial<ReadLimits> = {}): Promise<LedgerWorkbook> {
  const perSheet = { ...READ_LIMITS, ...limits };
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
    let sharedStrings: string[] = [];
    if (parts.entries.has('xl/sharedStrings.xml')) {
      await parsePart(parts, 'xl/sharedStrings.xml', PART_LIMITS.sharedStrings, async (s) => {
        sharedStrings = await parseSharedStrings(s, SHARED_STRINGS_BUDGET, () => refuse('LEDGER_CONTENT_TOO_LARGE'));
      });
    }
    const sheets = sheetTargets(reader, parts);
    if (sheets.length === 0) refuse('LEDGER_NO_SHEETS');
    if (sheets.length > LEDGER_LIMITS.maxSheets) refuse('LEDGER_TOO_MANY_SHEETS', { max: LEDGER_LIMITS.maxSheets });
    const date1904 = reader.properties?.model?.date1904 === true;
    const context = { sharedStrings, isDateStyle: dateStyles(reader, parts.entries.has('xl/styles.xml')), date1904, maxColumns: LEDGER_LIMITS.maxColumns };
    return {
      sheets: sheets.map((s) => ({ name: s.name, hidden: s.hidden })),
      sheetNames: sheets.map((s) => s.name),
      date1904,
      async readSheet(sheetName, maxRows, onProgress, options = {}) {
        const sheet = sheets.find((s) => s.name === sheetName) ?? refuse('LEDGER_SHEET_NOT_FOUND', { sheet: sheetName });
        const keepThrough = options.keepThroughRow ?? Number.POSITIVE_INFINITY;
        // Each sheet's own budget: reading one sheet never spends another's.
        const budget = { text: perSheet.textPerSheet, cells: perSheet.cellsPerSheet };
        const spend = (value: CellValue) => {
          budget.cells -= 1;
          if (budget.cells < 0) refuse('LEDGER_TOO_MANY_CELLS', { sheet: sheet.name, max: perSheet.cellsPerSheet });
          if (value.kind === 'text') {
            budget.text -= value.text.length;
            if (budget.text < 0) refuse('LEDGER_CONTENT_TOO_LARGE');
          }
        };
        const stream = await openPart(parts, sheet.part, PART_LIMITS.sheet);
        const rows: SheetRow[] = [];
        const merges: string[] = [];
        let counted = 0;
        let lastRow = 0;
        let tooManyRows = false;
        let tooManyColumns = false;
        let complete = true;
        try {
          await parseSheetXml(
            stream,
            context,
            (row) => {
              if (row.tooWide) tooManyColumns = true;
              if (row.cells.length === 0) return true;
              if (counted >= maxRows) {
                tooManyRows = true;
                complete = false;
                return false;
              }
              counted += 1;
              lastRow = row.number;
              if (row.number <= keepThrough) {
                for (let i = 0; i < row.cells.length; i++) {
                  const cell = row.cells[i];
                  if (cell === undefined) row.cells[i] = EMPTY;
                  else spend(cell);
                }
                rows.push({ number: row.number, cells: row.cells, ...(row.hidden ? { hidden: true } : {}) });
              }
              if (onProgress && counted % 500 === 0) onProgress(counted);
              return true;
            },
            (ref) => {
              if (merges.length >= MAX_MERGES) refuse('LEDGER_CONTENT_TOO_LARGE');
              merges.push(ref);
            },
          );
        } catch (error) {
          if (error instanceof HavenError) throw error;
          refuse('LEDGER_NOT_XLSX');
        } finally {
          stream.destroy();
        }
        // The merged ranges come after the rows: known only when the sheet was read to its end.
        if (complete) fillMerged(rows, merges, spend);
        onProgress?.(counted);
        return { name: sheet.name, rows, lastRow, tooManyRows, tooManyColumns, date1904 };
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
function sheetTargets(reader: ReaderParts, parts: ZipParts): { name: string; part: string; hidden: boolean }[] {
  const rels = reader.workbookRels ?? [];
  const out: { name: string; part: string; hidden: boolean }[] = [];
  for (const sheet of reader.model?.sheets ?? []) {
    const rel = rels.find((r) => r.Id === sheet.rId);
    if (!rel || (rel.Type !== undefined && !rel.Type.endsWith('/worksheet'))) continue;
    const part = rel.Target.startsWith('/') ? rel.Target.slice(1) : posix.normalize(posix.join('xl', rel.Target));
    if (part.startsWith('..') || !parts.entries.has(part)) continue;
    if (typeof sheet.name !== 'string' || sheet.name.length === 0) continue;
    out.push({ name: sheet.name.slice(0, 100), part, hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden' });
  }
  return out;
}

/** Excel's built-in number formats that show a date in Chinese (and other East Asian) locales: their codes are not in the file. */
const EAST_ASIAN_DATE_FORMATS = new Set([27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a style shows numbers as dates, by its number format (as exceljs decides it), cached per style. */
function dateStyles(reader: ReaderParts, parsed: boolean): (styleId: number) => boolean {
  // A workbook without styles.xml (the part is optional): nothing is formatted as a date, and
  // exceljs's unparsed styles would throw.
  if (!parsed) return () => false;
  const known = new Map<number, boolean>();
  return (styleId) => {
    let isDate = known.get(styleId);
    if (isDate === undefined) {
      const format = reader.styles?.getStyleModel(styleId)?.numFmt;
      const id = reader.styles?.model?.styles?.[styleId]?.numFmtId;
      isDate = format ? isDateFormat(format) : id !== undefined && EAST_ASIAN_DATE_FORMATS.has(Number(id));
      known.set(styleId, isDate);
    }
    return isDate;
  };
}

/** A number format that shows a date or time: y, m, d, h, s outside quotes and brackets (exceljs's rule). */
function isDateFormat(format: string): boolean {
  return /[ymdhMsb]+/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/**
 * Merged cells filled down from their top-left cell. A ledger merges a column over several rows
 * when they share a value (one 决定机关 or 社工 for a block of persons); Excel keeps that value
 * in the top-left cell only, and the rows below would read as empty. Each row of the range gets
 * it in the range's first column (a range across columns is a heading or label whose value
 * belongs to that column). What Excel shows wins over leftovers hidden under the merge. Every
 * filled cell is spent from the sheet's budget, so a file of huge ranges cannot grow memory.
 */
function fillMerged(rows: SheetRow[], merges: readonly string[], spend: (value: CellValue) => void): void {
  if (merges.length === 0 || rows.length === 0) return;
  const sorted = rows.every((r, i) => i === 0 || (rows[i - 1] as SheetRow).number < r.number) ? rows : [...rows].sort((a, b) => a.number - b.number);
  const byNumber = new Map(sorted.map((r) => [r.number, r]));
  for (const merge of merges) {
    const [from, to] = merge.split(':');
    const top = from ? parseRef(from) : null;
    const bottom = to ? parseRef(to) : null;
    if (!top || !bottom || bottom.row <= top.row || top.column > LEDGER_LIMITS.maxColumns) continue;
    const value = byNumber.get(top.row)?.cells[top.column - 1];
    if (!value || value.kind === 'empty') continue;
    // The first row below the range's top (binary search: the rows are in order).
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((sorted[mid] as SheetRow).number <= top.row) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < sorted.length && (sorted[i] as SheetRow).number <= bottom.row; i++) {
      const cells = (sorted[i] as SheetRow).cells;
      spend(value);
      for (let c = cells.length; c < top.column - 1; c++) cells[c] = EMPTY;
      cells[top.column - 1] = value;
    }
  }
}
