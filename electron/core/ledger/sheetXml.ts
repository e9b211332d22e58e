import type { Readable } from 'node:stream';
import parseSax from 'exceljs/lib/utils/parse-sax.js';
import { EMPTY, cellValue, text, type CellValue } from './cellValue';

/**
 * One worksheet's XML (SpreadsheetML `sheetData` and `mergeCells`) read as a stream, row by row.
 * exceljs's own worksheet reader is not used for this: it drops what a ledger import must see —
 * a formula's cached error value or truth value (t="e", t="b" become NaN or 1), merged ranges,
 * dates stored as ISO text (t="d") — and builds a Row and Cell object with its style for every
 * cell, which is most of the memory a large sheet took. Only the shared strings, the styles and
 * the SAX parser come from exceljs.
 */

export interface SheetXmlContext {
  sharedStrings: readonly unknown[];
  /** Whether a cell style formats numbers as dates (then the number is Excel's day serial). */
  isDateStyle(styleId: number): boolean;
  date1904: boolean;
  /** Columns beyond this are not kept; the row says it had some. */
  maxColumns: number;
}

export interface SheetXmlRow {
  /** 1-based, as the sheet numbers it. */
  number: number;
  /** Non-empty cells by column (index 0 is column A); holes are empty cells. */
  cells: CellValue[];
  /** A non-empty cell lay beyond `maxColumns`. */
  tooWide: boolean;
  /** Hidden in Excel (`hidden="1"`): by hand or by a filter, so nobody looking at the sheet sees it. */
  hidden: boolean;
}

const DAY_MS = 86_400_000;
/** Excel's own limit of a cell's text; what comes beyond it is not kept (the field checks refuse far less). */
export const MAX_CELL_TEXT = 32_767;
const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

/** "AB12" → 28. */
function columnOfRef(ref: string): number {
  let column = 0;
  for (const char of ref.toUpperCase()) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column;
}

/** "AB12" → { column: 28, row: 12 }; null when it is not a cell reference. */
export function parseRef(ref: string): { column: number; row: number } | null {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!match) return null;
  const column = columnOfRef(match[1] as string);
  const row = Number(match[2]);
  return column >= 1 && column <= MAX_COLUMN && row >= 1 && row <= MAX_ROW ? { column, row } : null;
}

/** A day serial in a date format as the UTC midnight exceljs and the writers use. */
function dateOfSerial(serial: number, date1904: boolean): CellValue {
  const date = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * DAY_MS));
  return Number.isNaN(date.getTime()) ? { kind: 'error', code: '#VALUE!' } : { kind: 'date', date };
}

interface OpenCell {
  column: number;
  type: string;
  style: number;
  formula: boolean;
  value: string | null;
  inline: string | null;
}

/** A cell's value from its type (`t`), style, formula and `<v>` or inline text. */
function decode(cell: OpenCell, context: SheetXmlContext): CellValue {
  const { type, value } = cell;
  if (type === 'inlineStr') return text(cell.inline ?? value ?? '');
  if (value === null) return cell.formula ? { kind: 'error', code: 'formula' } : EMPTY;
  switch (type) {
    case 's': {
      const index = Number(value);
      return Number.isInteger(index) && index >= 0 ? cellValue(context.sharedStrings[index]) : { kind: 'error', code: '#REF!' };
    }
    case 'str':
      return text(value);
    case 'b':
      return { kind: 'bool', value: value.trim() === '1' || value.trim().toLowerCase() === 'true' };
    case 'e':
      // A formula's result or a typed error value: #N/A, #REF!, #DIV/0!… named as it is.
      return { kind: 'error', code: value.trim().slice(0, 20) || '#VALUE!' };
    case 'd': {
      // An ISO date and time without an offset is the day as written, not the PC's local time of it.
      const iso = value.trim();
      const date = new Date(/T[\d:.]+$/.test(iso) ? `${iso}Z` : iso);
      return Number.isNaN(date.getTime()) ? { kind: 'error', code: '#VALUE!' } : { kind: 'date', date };
    }
    default: {
      if (value.trim() === '') return cell.formula ? { kind: 'error', code: 'formula' } : EMPTY;
      const number = Number(value);
      if (!Number.isFinite(number)) return { kind: 'error', code: '#NUM!' };
      return context.isDateStyle(cell.style) ? dateOfSerial(number, context.date1904) : { kind: 'number', value: number };
    }
  }
}

/** An element's local name: some writers prefix SpreadsheetML (`<x:row>`). */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Reads the sheet, calling `onRow` for every row element (blank ones too, with no cells) until it
 * returns false, and `onMerge` for every merged range (they follow the rows in the XML, so a read
 * stopped early sees none). Malformed row or cell references throw.
 */
export async function parseSheetXml(stream: Readable, context: SheetXmlContext, onRow: (row: SheetXmlRow) => boolean, onMerge: (ref: string) => void): Promise<void> {
  let inData = false;
  let row: SheetXmlRow | null = null;
  let previousRow = 0;
  let previousColumn = 0;
  let cell: OpenCell | null = null;
  let capture: 'value' | 'inline' | null = null;
  let inIs = false;
  let inPhonetic = false;
  for await (const events of parseSax(stream)) {
    for (const event of events) {
      if (event.eventType === 'text') {
        // A hostile cell of hundreds of megabytes is cut as it comes, not once it is whole.
        if (cell && capture === 'value' && (cell.value?.length ?? 0) <= MAX_CELL_TEXT) cell.value = (cell.value ?? '') + event.value;
        else if (cell && capture === 'inline' && (cell.inline?.length ?? 0) <= MAX_CELL_TEXT) cell.inline = (cell.inline ?? '') + event.value;
        continue;
      }
      const name = local(event.value.name);
      if (event.eventType === 'opentag') {
        const attributes = event.value.attributes;
        switch (name) {
          case 'sheetData':
            inData = true;
            break;
          case 'row': {
            if (!inData) break;
            const number = attributes.r === undefined ? previousRow + 1 : Number(attributes.r);
            if (!Number.isSafeInteger(number) || number < 1 || number > MAX_ROW) throw new Error('bad row');
            row = { number, cells: [], tooWide: false, hidden: attributes.hidden === '1' || attributes.hidden === 'true' };
            previousRow = number;
            previousColumn = 0;
            break;
          }
          case 'c': {
            if (!row) break;
            const column = attributes.r === undefined ? previousColumn + 1 : (parseRef(attributes.r)?.column ?? 0);
            if (column < 1 || column > MAX_COLUMN) throw new Error('bad cell');
            previousColumn = column;
            const style = Number(attributes.s ?? 0);
            cell = { column, type: attributes.t ?? 'n', style: Number.isSafeInteger(style) ? style : 0, formula: false, value: null, inline: null };
            break;
          }
          case 'f':
            if (cell) cell.formula = true;
            break;
          case 'v':
            if (cell) {
              capture = 'value';
              cell.value ??= '';
            }
            break;
          case 'is':
            inIs = true;
            if (cell) cell.inline ??= '';
            break;
          case 'rPh':
            // Phonetic guides (furigana) are not the cell's text.
            inPhonetic = true;
            break;
          case 't':
            if (cell && inIs && !inPhonetic) capture = 'inline';
            break;
          case 'mergeCell':
            if (typeof attributes.ref === 'string') onMerge(attributes.ref);
            break;
          default:
            break;
        }
        continue;
      }
      switch (name) {
        case 'sheetData':
          inData = false;
          break;
        case 'v':
        case 't':
          capture = null;
          break;
        case 'is':
          inIs = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c':
          if (row && cell) {
            const value = decode(cell, context);
            if (value.kind !== 'empty') {
              if (cell.column > context.maxColumns) row.tooWide = true;
              else row.cells[cell.column - 1] = value;
            }
          }
          cell = null;
          capture = null;
          break;
        case 'row':
          if (row && !onRow(row)) return;
          row = null;
          break;
        default:
          break;
      }
    }
  }
}

/** What the shared strings may hold in memory: how many, and characters in all. */
export interface SharedStringsBudget {
  entries: number;
  characters: number;
}

/**
 * The workbook's shared strings (`xl/sharedStrings.xml`), each as plain text: its runs joined, its
 * phonetic guides (拼音指南, `<rPh>`) left out — they are a reading aid, not the cell's text, and
 * exceljs's own reader appends them (a name 王五 read as "王五wangwu"). Counted as they come against
 * `budget`, so a small file that expands into millions of strings is refused before it fills memory.
 */
export async function parseSharedStrings(stream: Readable, budget: SharedStringsBudget, tooLarge: () => never): Promise<string[]> {
  const strings: string[] = [];
  let characters = 0;
  let current: string | null = null;
  let inText = false;
  let inPhonetic = false;
  for await (const events of parseSax(stream)) {
    for (const event of events) {
      if (event.eventType === 'text') {
        if (current !== null && inText && !inPhonetic && current.length <= MAX_CELL_TEXT) current += event.value;
        continue;
      }
      const name = local(event.value.name);
      if (event.eventType === 'opentag') {
        if (name === 'si') current = '';
        else if (name === 'rPh') inPhonetic = true;
        else if (name === 't') inText = true;
        continue;
      }
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si' && current !== null) {
        characters += current.length;
        if (strings.length >= budget.entries || characters > budget.characters) tooLarge();
        strings.push(current);
        current = null;
      }
    }
  }
  return strings;
}
