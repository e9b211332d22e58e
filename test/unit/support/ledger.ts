import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { composeIdNumber } from '../../../shared/domain/idNumber';
import type { HavenCore } from '../../../electron/core/app';
import { tempDir } from './tmp';

/** Writes a one-sheet workbook (exceljs's in-memory writer, not the app's streaming one) for a test. */
export async function writeWorkbook(rows: unknown[][], options: { sheet?: string; file?: string; textColumns?: number[]; dateColumns?: number[] } = {}): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(options.sheet ?? '台账');
  for (const values of rows) {
    const row = sheet.addRow(values);
    for (const column of options.dateColumns ?? []) {
      const cell = row.getCell(column);
      if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
    }
  }
  const file = options.file ?? join(tempDir('haven-ledger-'), 'ledger.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
}

/** A UTC midnight, as Excel stores a day. */
export const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A valid ID number for the n-th synthetic person (unique per n; odd sequence numbers: men). */
export function idFor(n: number, birth = '1985-01-01'): string {
  const base = new Date(`${birth}T00:00:00Z`).getTime() + Math.floor(n / 400) * 86_400_000;
  const birthDate = new Date(base).toISOString().slice(0, 10);
  return composeIdNumber('320102', birthDate, (n % 400) * 2 + 1);
}

/** Names the file for the core as the open dialog would, and returns its id. */
export function grant(core: HavenCore, path: string): string {
  const [file] = core.grantFiles([path]);
  if (!file) throw new Error(`not granted: ${path}`);
  return file.fileId;
}

export const HEADERS = ['姓名', '身份证号', '性别', '民族', '户籍地', '现住址', '联系电话', '措施类型', '决定书文号', '决定机关', '决定日期', '送达日期', '报到日期'];
