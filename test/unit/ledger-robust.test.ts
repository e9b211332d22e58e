import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ZodError } from 'zod';
import { suggestMapping, suggestSheet, type LedgerSheetView } from '../../shared/domain/ledger';
import { measureTransitionSchema } from '../../shared/schemas/measure';
import { problemsFromError } from '../../electron/core/ledger/apply';
import { cellText, openWorkbook } from '../../electron/core/ledger/xlsxRead';
import { looksLikeFormula, openWorkbookWriter } from '../../electron/core/kernel/xlsxWrite';
import { call, loggedIn, refusal } from './support/core';
import { HEADERS, day, grant, idFor, writeWorkbook } from './support/ledger';
import { tempDir } from './support/tmp';
import yauzl from 'yauzl';
import { writeZip } from '../../electron/core/bundles/zip';

/**
 * What a station's real spreadsheets hold and the import must survive cell by cell: dates typed
 * as numbers into date columns, merged cells, hidden sheets, formulas whose result is an error,
 * text that looks like a formula, and workbooks larger than one sheet's budget.
 */

async function save(workbook: ExcelJS.Workbook, name = 'ledger.xlsx'): Promise<string> {
  const path = join(tempDir('haven-robust-'), name);
  await workbook.xlsx.writeFile(path);
  return path;
}

const mapping = suggestMapping(HEADERS);

describe('a bad date cell is a problem of its row, never the whole batch', () => {
  it('reports a date-formatted 20260205 and a year typed alone (2024) at their row and column; the other rows go through', async () => {
    const { core } = await loggedIn();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(HEADERS);
    const measure = (n: number): unknown[] => [`人员${n}`, idFor(n), '男', '汉族', '南京市', '南京市', '', '社区戒毒', `决字${n}号`, '玄武分局', day('2026-02-01'), day('2026-02-03'), day('2026-02-10')];
    const typedNumber = sheet.addRow(measure(1));
    // Someone typed 20260205 into a column formatted as dates: Excel keeps the number, shows it as a date in year 57317.
    typedNumber.getCell(13).value = 20260205;
    typedNumber.getCell(13).numFmt = 'yyyy-mm-dd';
    sheet.addRow(measure(2));
    const yearInDateColumn = sheet.addRow(measure(3));
    yearInDateColumn.getCell(13).value = 2024;
    yearInDateColumn.getCell(13).numFmt = 'yyyy-mm-dd';
    const yearAsNumber = sheet.addRow(measure(4));
    yearAsNumber.getCell(11).value = 2025;
    for (const row of [2, 3, 4, 5]) for (const column of [11, 12, 13]) if (sheet.getRow(row).getCell(column).value instanceof Date) sheet.getRow(row).getCell(column).numFmt = 'yyyy-mm-dd';
    const fileId = grant(core, await save(workbook));
    const preview = await call(core, 'ledger:preview', { fileId, sheet: '台账', headerRow: 1, mapping });
    expect(preview.problems.map((p) => [p.row, p.column, p.messageKey, p.params])).toEqual([
      [2, 13, 'validation.date', undefined],
      [4, 13, 'validation.ledgerYearOnly', { year: 2024 }],
      [5, 11, 'validation.ledgerYearOnly', { year: 2025 }],
    ]);
    expect(preview.counts).toMatchObject({ rows: 4, create: 1, invalid: 3 });
  });

  it('turns a schema refusal inside a row\'s writes into that row\'s problem at the mapped column', () => {
    const parsed = measureTransitionSchema.safeParse({ measureId: 1, action: 'report_in', date: '+057317-01-01' });
    expect(parsed.success).toBe(false);
    const error = (parsed as { error: ZodError }).error;
    expect(problemsFromError(7, error, new Map([['reportInDate', 13]]))).toEqual([{ row: 7, column: 13, field: 'reportInDate', messageKey: 'validation.date' }]);
    // Anything else is still a fault of the program, not of the row.
    expect(() => problemsFromError(7, new TypeError('bug'), new Map())).toThrow(TypeError);
  });
});

describe('a name that differs from the file with the same ID number', () => {
  it('is a problem of the row (the import never renames a file)', async () => {
    const { core } = await loggedIn();
    await call(core, 'persons:create', { person: { name: '张三', idNumber: idFor(1) } });
    const fileId = grant(core, await writeWorkbook([['姓名', '身份证号', '联系电话'], ['李四', idFor(1), '13900000001'], ['张 三', idFor(1).toLowerCase(), '13900000002']]));
    const preview = await call(core, 'ledger:preview', { fileId, sheet: '台账', headerRow: 1, mapping: suggestMapping(['姓名', '身份证号', '联系电话']) });
    // Row 3's name differs only by a space: the same name. (Its ID number repeats row 2's.)
    expect(preview.problems.filter((p) => p.field === 'name').map((p) => [p.row, p.column, p.messageKey, p.params])).toEqual([[2, 1, 'validation.ledgerNameDiffers', { name: '张三' }]]);
    expect(preview.rows.find((r) => r.row === 2)).toMatchObject({ outcome: 'invalid', changes: [] });
  });

  it('is a look at that file however many bad rows come before it; a row that would create a file names none', async () => {
    const { core } = await loggedIn();
    const { personId } = await call(core, 'persons:create', { person: { name: '张三', idNumber: idFor(1) } });
    // 510 bad rows push the named one past the rows the preview lists (500 bad at most); its
    // problem, with the stored name, is still in the problem list and the bad-rows file.
    const junk = Array.from({ length: 510 }, (_, i) => [`某${i}`, `${idFor(100 + i).slice(0, 17)}Z`]);
    const fileId = grant(core, await writeWorkbook([['姓名', '身份证号'], ['王五', idFor(2)], ...junk, ['李四', idFor(1)]]));
    const preview = await call(core, 'ledger:preview', { fileId, sheet: '台账', headerRow: 1, mapping: suggestMapping(['姓名', '身份证号']) });
    expect(preview.rows.some((r) => r.row === 513)).toBe(false);
    expect(preview.problems.find((p) => p.row === 513)).toMatchObject({ messageKey: 'validation.ledgerNameDiffers', params: { name: '张三' } });
    const looks = await call(core, 'audit:list', { action: 'persons.findByIdNumber', limit: 50 });
    expect(looks.map((e) => [e.entityId, e.details])).toEqual([[String(personId), { via: 'ledger.preview', row: 513 }]]);
  });
});

describe('hidden sheets', () => {
  it('are marked by inspect and never suggested', async () => {
    const { core } = await loggedIn();
    const workbook = new ExcelJS.Workbook();
    // A hidden sheet of old data that fits the headers best, before the visible one.
    const old = workbook.addWorksheet('旧台账', { state: 'hidden' });
    old.addRow(HEADERS);
    old.addRow(['旧人', idFor(9)]);
    const lists = workbook.addWorksheet('代码表', { state: 'veryHidden' });
    lists.addRow(['姓名', '身份证号', '性别', '民族']);
    const visible = workbook.addWorksheet('台账');
    visible.addRow(['姓名', '身份证号']);
    visible.addRow(['张三', idFor(1)]);
    const fileId = grant(core, await save(workbook));
    const inspected = await call(core, 'ledger:inspect', { fileId });
    expect(inspected.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['旧台账', true],
      ['代码表', true],
      ['台账', false],
    ]);
    expect(suggestSheet(inspected.sheets, inspected.remembered)).toBe('台账');
    const only = (hidden: boolean[]): LedgerSheetView[] => hidden.map((h, i) => ({ name: `s${i}`, hidden: h, lastRow: 1, tooManyRows: false, tooManyColumns: false, sample: [['姓名']] }));
    // No sheet visible: none is chosen for the user.
    expect(suggestSheet(only([true, true]), {})).toBeNull();
    // A tie: the first visible sheet.
    expect(suggestSheet(only([true, false, false]), {})).toBe('s1');
  });
});

describe('merged cells', () => {
  it('fill down from the top-left cell: every row of a vertically merged block holds its value', async () => {
    const { core } = await loggedIn();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['姓名', '身份证号', '户籍地', '现住址']);
    for (let n = 1; n <= 4; n++) sheet.addRow([`人员${n}`, idFor(n), n === 1 ? '南京市玄武区' : null, `某路${n}号`]);
    sheet.mergeCells('C2:C5');
    const path = await save(workbook);
    const book = await openWorkbook(path, 'ledger.xlsx');
    try {
      const read = await book.readSheet('台账', 100);
      expect(read.rows.map((r) => cellText(r.cells[2]))).toEqual(['户籍地', '南京市玄武区', '南京市玄武区', '南京市玄武区', '南京市玄武区']);
    } finally {
      book.close();
    }
    const fileId = grant(core, path);
    const preview = await call(core, 'ledger:preview', { fileId, sheet: '台账', headerRow: 1, mapping: suggestMapping(['姓名', '身份证号', '户籍地', '现住址']) });
    expect(preview.counts).toMatchObject({ create: 4, invalid: 0 });
    await call(core, 'ledger:import', { fileId, sheet: '台账', headerRow: 1, mapping: suggestMapping(['姓名', '身份证号', '户籍地', '现住址']), sha256: preview.sha256 });
    const list = await call(core, 'persons:list', { sort: 'name', direction: 'asc' });
    const addresses = await Promise.all(list.rows.map(async (r) => (await call(core, 'persons:get', { personId: r.id })).householdAddress));
    expect(addresses).toEqual(['南京市玄武区', '南京市玄武区', '南京市玄武区', '南京市玄武区']);
  });
});

describe('what one sheet may hold', () => {
  it('gives each sheet its own text budget: two sheets of 42 million characters each are inspected', async () => {
    const { core } = await loggedIn();
    const path = join(tempDir('haven-budget-'), 'two.xlsx');
    const book = openWorkbookWriter(path, { creator: 'test', created: new Date() });
    const cell = 'x'.repeat(2000);
    for (const name of ['一', '二']) {
      const sheet = book.sheet(name, [{ header: '备注', width: 10 }]);
      for (let n = 0; n < 21_000; n++) sheet.add([cell]);
      sheet.done();
    }
    await book.finish();
    const inspected = await call(core, 'ledger:inspect', { fileId: grant(core, path) });
    expect(inspected.sheets.map((s) => [s.name, s.lastRow])).toEqual([
      ['一', 21_001],
      ['二', 21_001],
    ]);
  }, 120_000);

  it('refuses a sheet of more cells than the limit, numbers counted too, with a message', async () => {
    const rows: unknown[][] = [];
    for (let n = 0; n < 40; n++) rows.push(Array.from({ length: 30 }, (_, i) => n * 30 + i));
    const path = await writeWorkbook(rows);
    const book = await openWorkbook(path, 'ledger.xlsx', { cellsPerSheet: 1000 });
    try {
      await expect(book.readSheet('台账', 100)).rejects.toMatchObject({ messageKey: 'errors.LEDGER_TOO_MANY_CELLS', params: { sheet: '台账', max: 1000 } });
      // Within the limit it reads.
      expect((await book.readSheet('台账', 30)).rows).toHaveLength(30);
    } finally {
      book.close();
    }
  });
});

describe('formulas whose result is an error or a truth value', () => {
  it('names the error value (#N/A), and reads a TRUE/FALSE result as such', async () => {
    const { core } = await loggedIn();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['姓名', '身份证号', '民族', '联系电话']);
    sheet.addRow(['张三', idFor(1), { formula: 'VLOOKUP(A2,代码!A:B,2,FALSE)', result: { error: '#N/A' } }, '']);
    sheet.addRow(['李四', idFor(2), '', { formula: 'ISBLANK(C3)', result: true }]);
    const path = await save(workbook);
    const book = await openWorkbook(path, 'ledger.xlsx');
    try {
      const read = await book.readSheet('台账', 10);
      expect(read.rows[1]!.cells[2]).toEqual({ kind: 'error', code: '#N/A' });
      expect(read.rows[2]!.cells[3]).toEqual({ kind: 'bool', value: true });
    } finally {
      book.close();
    }
    const preview = await call(core, 'ledger:preview', { fileId: grant(core, path), sheet: '台账', headerRow: 1, mapping: suggestMapping(['姓名', '身份证号', '民族', '联系电话']) });
    expect(preview.problems.find((p) => p.row === 2)).toMatchObject({ column: 3, messageKey: 'validation.ledgerCellError', params: { code: '#N/A' } });
    expect(preview.problems.map((p) => p.messageKey)).not.toContain('validation.ledgerFormula');
  });
});

describe('text that a spreadsheet would take for a formula', () => {
  it('is written as text in the bad rows\' file (kept as text when edited), and that file re-imports to the same values', async () => {
    const { core } = await loggedIn();
    const names = ['=HYPERLINK("http://example.invalid","点我")', '+张三', '-李四', '@SUM(1)', '\t王五', '＝赵六'];
    const rows: unknown[][] = [['姓名', '身份证号', '联系电话', '出生日期', '备注']];
    names.forEach((name, i) => {
      const id = idFor(i + 1);
      // A wrong check digit: every row is bad and lands in the file.
      rows.push([name, `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`, '13800000001', day('1985-01-01'), `=cmd|' /C calc'!A0 ${i}`]);
    });
    const headers = rows[0] as string[];
    const fileId = grant(core, await writeWorkbook(rows, { dateColumns: [4] }));
    const preview = await call(core, 'ledger:preview', { fileId, sheet: '台账', headerRow: 1, mapping: suggestMapping(headers) });
    expect(preview.counts.invalid).toBe(names.length);
    const report = core.fileJob(preview.errorReport!.jobId)!;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(report.path);
    const sheet = book.worksheets[0]!;
    names.forEach((name, i) => {
      const row = sheet.getRow(i + 2);
      // The file holds a cell's text as the import reads it (trimmed).
      expect(row.getCell(1).value).toBe(name.trim());
      expect(row.getCell(1).numFmt).toBe(looksLikeFormula(name.trim()) ? '@' : undefined);
      expect(row.getCell(5).value).toBe(`=cmd|' /C calc'!A0 ${i}`);
      expect(row.getCell(5).numFmt).toBe('@');
      // Dates stay dates, phone numbers plain text.
      expect(row.getCell(4).value).toEqual(day('1985-01-01'));
      expect(row.getCell(3).value).toBe('13800000001');
    });
    expect(names.map((n) => looksLikeFormula(n))).toEqual([true, true, true, true, true, true]);
    expect(['张三', '3201', '1+1', ' =1'].map((n) => looksLikeFormula(n))).toEqual([false, false, false, false]);
    // The file read back by the import: the same names, the same problems.
    const again = await call(core, 'ledger:preview', { fileId: grant(core, report.path), sheet: sheet.name, headerRow: 1, mapping: suggestMapping(headers) });
    expect(again.rows.map((r) => r.name)).toEqual(names.map((n) => n.trim()));
    expect(again.problems.filter((p) => p.field === 'idNumber').map((p) => p.messageKey)).toEqual(names.map(() => 'validation.idNumber.checkDigit'));
  });
});

describe('refusals stay refusals', () => {
  it('a hidden sheet named explicitly is read (the user chose it)', async () => {
    const { core } = await loggedIn();
    const workbook = new ExcelJS.Workbook();
    const hidden = workbook.addWorksheet('台账', { state: 'hidden' });
    hidden.addRow(['姓名', '身份证号']);
    hidden.addRow(['张三', idFor(1)]);
    workbook.addWorksheet('空白');
    const fileId = grant(core, await save(workbook));
    const preview = await call(core, 'ledger:preview', { fileId, sheet: '台账', headerRow: 1, mapping: suggestMapping(['姓名', '身份证号']) });
    expect(preview.counts.create).toBe(1);
    expect((await refusal(core, 'ledger:preview', { fileId, sheet: '没有', headerRow: 1, mapping: suggestMapping(['姓名', '身份证号']) })).messageKey).toBe('errors.LEDGER_SHEET_NOT_FOUND');
  });
});

/** The workbook's parts rewritten as a hand-made file would have them (`change` edits or removes parts by name). */
async function rewritten(path: string, change: (parts: Map<string, string | null>) => void): Promise<string> {
  const parts = new Map<string, string | null>();
  await new Promise<void>((resolve, reject) => {
    yauzl.fromBuffer(readFileSync(path), { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('zip'));
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            parts.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve());
      zip.readEntry();
    });
  });
  change(parts);
  const out = join(tempDir('haven-hand-'), 'hand.xlsx');
  writeFileSync(out, writeZip([...parts].filter(([, text]) => text !== null).map(([name, text]) => ({ name, data: Buffer.from(text as string) })), { compress: true, modified: new Date('2026-03-02T00:00:00Z') }));
  return out;
}

describe('what other writers put in a workbook (review of 1 Dec)', () => {
  it('reads a shared string without its phonetic guide (拼音指南), an ISO date as the day written, and numbers without styles.xml', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['姓名', '报到日期', '序号']);
    sheet.addRow(['王五', 'X', 7]);
    const path = await rewritten(await save(workbook), (parts) => {
      const strings = parts.get('xl/sharedStrings.xml') as string;
      parts.set('xl/sharedStrings.xml', strings.replace('<t>王五</t>', '<t>王五</t><rPh sb="0" eb="2"><t>wangwu</t></rPh>'));
      const xml = parts.get('xl/worksheets/sheet1.xml') as string;
      parts.set('xl/worksheets/sheet1.xml', xml.replace(/<c r="B2"[^>]*>.*?<\/c>/, '<c r="B2" t="d"><v>2024-01-05T00:00:00</v></c>'));
      parts.set('xl/styles.xml', null);
      parts.set('[Content_Types].xml', (parts.get('[Content_Types].xml') as string).replace(/<Override PartName="\/xl\/styles.xml"[^>]*\/>/, ''));
      parts.set('xl/_rels/workbook.xml.rels', (parts.get('xl/_rels/workbook.xml.rels') as string).replace(/<Relationship [^>]*styles.xml"\/>/, ''));
    });
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    const book = await openWorkbook(path, 'hand.xlsx');
    try {
      const read = await book.readSheet('台账', 10);
      expect(cellText(read.rows[1]!.cells[0]!)).toBe('王五');
      const date = read.rows[1]!.cells[1]!;
      expect(date.kind === 'date' && date.date.toISOString()).toBe('2024-01-05T00:00:00.000Z');
      expect(read.rows[1]!.cells[2]).toEqual({ kind: 'number', value: 7 });
    } finally {
      book.close();
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('refuses shared strings that would fill memory (a small file of millions of tiny strings), with a message', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('台账').addRow(['姓名']);
    const path = await rewritten(await save(workbook), (parts) => {
      parts.set('xl/sharedStrings.xml', `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${'<si><r><t>a</t></r></si>'.repeat(1_100_000)}</sst>`);
    });
    await expect(openWorkbook(path, 'hand.xlsx')).rejects.toMatchObject({ messageKey: 'errors.LEDGER_CONTENT_TOO_LARGE' });
  });
});

describe('rows hidden in Excel', () => {
  it('are a problem of their row (a filter hid them from whoever looked at the sheet): never imported unseen', async () => {
    const { core } = await loggedIn();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['姓名', '身份证号']);
    sheet.addRow(['张三', idFor(1)]);
    sheet.addRow(['李四', idFor(2)]);
    sheet.getRow(3).hidden = true;
    const path = await save(workbook);
    const preview = await call(core, 'ledger:preview', { fileId: grant(core, path), sheet: '台账', headerRow: 1, mapping: suggestMapping(['姓名', '身份证号']) });
    expect(preview.counts).toMatchObject({ create: 1, invalid: 1 });
    expect(preview.problems).toEqual([expect.objectContaining({ row: 3, messageKey: 'validation.ledgerHiddenRow' })]);
  });
});
