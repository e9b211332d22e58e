import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

/**
 * Spreadsheets the core writes (the ledger, the worklist, a file's bad rows), streamed to disk a
 * row at a time with exceljs's WorkbookWriter: memory does not grow with the rows. One sheet, a
 * bold header row that stays in view (frozen), column widths, dates as real Excel dates, text
 * cells kept as text (an ID number must not become a rounded number).
 *
 * Every string is written as a string, never as a formula, so nothing runs when the file is
 * opened. But the text is a person's name, a note, a reason someone typed: one that begins with
 * = + - @ (or their full-width forms, which Chinese input methods type), a tab or a carriage
 * return becomes a formula as soon as someone edits that cell and presses Enter (formula
 * injection, OWASP). Such a cell gets the text format (`@`): Excel and WPS then keep whatever is
 * entered in it as text. The value itself is not changed (no apostrophe added), so a file of bad
 * rows imports back to the same values. A CSV keeps no formats: a sheet re-saved as CSV and
 * opened again is not protected by this (README says so).
 */

export type SheetCell = string | number | { date: string } | null;

export interface SheetColumn {
  header: string;
  width: number;
  /** Text (`@`): Excel does not turn it into a number. */
  text?: boolean;
}

export interface SheetWriter {
  add(cells: readonly SheetCell[]): void;
  finish(): Promise<void>;
}

/** Excel's name rules: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1';
}

/** Text a spreadsheet would take for a formula when the cell is edited (see the top of this file). */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r＝＋－＠]/.test(text);
}

/** A calendar day as the UTC midnight Excel counts from (no time zone can move it). */
function excelDate(day: string): Date {
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))));
}

export interface WorkbookWriter {
  /** A sheet with a frozen bold header row; rows added to it go to disk as they come. */
  sheet(name: string, columns: readonly SheetColumn[]): Omit<SheetWriter, 'finish'> & { done(): void };
  finish(): Promise<void>;
}

export function openWorkbookWriter(file: string, meta: { creator: string; created: Date }): WorkbookWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  workbook.creator = meta.creator;
  workbook.created = meta.created;
  const open = new Set<{ commit(): void }>();
  return {
    sheet(name, columns) {
      const sheet = workbook.addWorksheet(sheetName(name), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
      open.add(sheet);
      sheet.columns = columns.map((c) => ({ width: c.width, style: c.text ? { numFmt: '@' } : {} }));
      const header = sheet.addRow(columns.map((c) => c.header));
      header.font = { bold: true };
      header.alignment = { vertical: 'middle' };
      header.eachCell((cell) => {
        // A bad rows' file repeats the station's own headers: user text like any other.
        if (typeof cell.value === 'string' && looksLikeFormula(cell.value)) cell.numFmt = '@';
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
        cell.border = { bottom: { style: 'thin', color: { argb: 'FF9AA5B1' } } };
      });
      header.commit();
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } };
      return {
        add(cells) {
          const row = sheet.addRow(cells.map((c) => (c !== null && typeof c === 'object' ? excelDate(c.date) : c)));
          cells.forEach((c, i) => {
            const cell = row.getCell(i + 1);
            if (c !== null && typeof c === 'object') cell.numFmt = 'yyyy-mm-dd';
            else if (columns[i]?.text || (typeof c === 'string' && looksLikeFormula(c))) cell.numFmt = '@';
            if (typeof c === 'string' && c.length > 40) cell.alignment = { wrapText: true, vertical: 'top' };
          });
          row.commit();
        },
        done() {
          if (open.delete(sheet)) sheet.commit();
        },
      };
    },
    async finish() {
      for (const sheet of open) sheet.commit();
      open.clear();
      await workbook.commit();
    },
  };
}

export function openSheetWriter(file: string, name: string, columns: readonly SheetColumn[], meta: { creator: string; created: Date }): SheetWriter {
  const workbook = openWorkbookWriter(file, meta);
  const sheet = workbook.sheet(name, columns);
  return { add: (cells) => sheet.add(cells), finish: () => workbook.finish() };
}

/** A folder of its own under the outbox for a made file (removed with its job, or when the session ends). */
export function outboxFolder(outbox: string): { folder: string; discard: () => void } {
  const folder = join(outbox, randomUUID());
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return { folder, discard: () => rmSync(folder, { recursive: true, force: true }) };
}

/** A file name without characters Windows refuses. */
export function safeFileName(name: string): string {
  return [...name].map((c) => (c.charCodeAt(0) < 32 || '<>:"/\\|?*'.includes(c) ? '_' : c)).join('').slice(0, 120);
}
