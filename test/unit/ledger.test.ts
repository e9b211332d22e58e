import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { suggestMapping, suggestHeaderRow, type LedgerColumnMapping } from '../../shared/domain/ledger';
import { call, loggedIn, loggedInSupervisor, refusal } from './support/core';
import { HEADERS, bombWorkbook, day, grant, idFor, writeWorkbook } from './support/ledger';
import { tempDir } from './support/tmp';
import { writeZip } from '../../electron/core/bundles/zip';
import { openSheetWriter } from '../../electron/core/kernel/xlsxWrite';

const zipOf = (entries: { name: string; data: Buffer }[]) => writeZip(entries, { compress: true, modified: new Date() });


const mappingFor = (headers: string[]): LedgerColumnMapping[] => suggestMapping(headers);

async function readBack(path: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook.worksheets[0]!;
}

describe('ledger import', () => {
  it('suggests the header row and the columns from common Chinese headers', () => {
    const sample = [['某街道戒毒康复人员台账'], [], HEADERS, ['张三', '320102198501010011']];
    expect(suggestHeaderRow(sample)).toBe(3);
    expect(suggestMapping(['序号', ' 姓 名 ', '身份证号码*', '户籍所在地', '现居住地', '手机号', '报到时间', '决定书编号'])).toEqual([
      { column: 2, field: 'name' },
      { column: 3, field: 'idNumber' },
      { column: 4, field: 'householdAddress' },
      { column: 5, field: 'residenceAddress' },
      { column: 6, field: 'phone' },
      { column: 7, field: 'reportInDate' },
      { column: 8, field: 'decisionNumber' },
    ]);
    // What the station chose before wins over the known headers.
    expect(suggestMapping(['人员', '证件'], { 人员: 'name', 证件: 'idNumber' })).toEqual([
      { column: 1, field: 'name' },
      { column: 2, field: 'idNumber' },
    ]);
  });

  it('previews, imports on confirmation with measures through the legal checks, and a second import creates no duplicate', async () => {
    const { core } = await loggedIn();
    const rows = [
      HEADERS,
      ['张三', idFor(1), '男', '汉', '南京市玄武区', '南京市玄武区某路 1 号', '13800000001', '社区戒毒', '宁公（玄）决字〔2026〕1号', '南京市公安局玄武分局', day('2026-02-01'), day('2026-02-03'), day('2026-02-10')],
      ['李四', idFor(2), '男', '回族', '南京市秦淮区', '', '13800000002', '', '', '', null, null, null],
    ];
    const path = await writeWorkbook(rows, { dateColumns: [11, 12, 13] });
    const fileId = grant(core, path);
    const inspected = await call(core, 'ledger:inspect', { fileId });
    expect(inspected.sheets).toMatchObject([{ name: '台账', lastRow: 3, tooManyRows: false }]);
    expect(inspected.sheets[0]!.sample[1]![1]).toBe(`${idFor(1).slice(0, 4)}**********${idFor(1).slice(-4)}`);
    const mapping = mappingFor(inspected.sheets[0]!.sample[0]!);
    expect(mapping).toHaveLength(HEADERS.length);

    const preview = await call(core, 'ledger:preview', { fileId, sheet: '台账', headerRow: 1, mapping });
    expect(preview.problems).toEqual([]);
    expect(preview.counts).toMatchObject({ rows: 2, create: 2, invalid: 0, measuresCreated: 1, reportIns: 1 });
    expect(preview.errorReport).toBeNull();
    // Nothing written by the preview.
    expect((await call(core, 'persons:list', {})).total).toBe(0);

    const done = await call(core, 'ledger:import', { fileId, sheet: '台账', headerRow: 1, mapping, sha256: preview.sha256 });
    expect(done.counts).toMatchObject({ create: 2, measuresCreated: 1, reportIns: 1 });
    const list = await call(core, 'persons:list', { sort: 'name', direction: 'asc' });
    expect(list.rows.map((r) => [r.name, r.measureKind, r.measureStatus, r.reportInDate])).toEqual([
      ['李四', null, null, null],
      ['张三', 'community_detox', 'active', '2026-02-10'],
    ]);
    const zhang = await call(core, 'persons:get', { personId: list.rows[1]!.id });
    expect(zhang).toMatchObject({ ethnicity: '汉族', phone: '13800000001', householdAddress: '南京市玄武区', gender: 'male' });
    expect(zhang.currentMeasure).toMatchObject({ decisionNumber: '宁公（玄）决字〔2026〕1号', deliveryDate: '2026-02-03', termMonths: 36 });

    // The same file again: nothing new, nothing changed.
    const again = await call(core, 'ledger:preview', { fileId, sheet: '台账', headerRow: 1, mapping });
    expect(again.counts).toMatchObject({ create: 0, update: 0, unchanged: 2, invalid: 0 });

    // A changed phone number and a report-in, shown before they are applied.
    rows[2]![6] = '13900000002';
    const changedPath = await writeWorkbook(rows, { dateColumns: [11, 12, 13] });
    const changedId = grant(core, changedPath);
    const changed = await call(core, 'ledger:preview', { fileId: changedId, sheet: '台账', headerRow: 1, mapping });
    expect(changed.counts).toMatchObject({ create: 0, update: 1, unchanged: 1 });
    const updated = changed.rows.find((r) => r.row === 3);
    expect(updated).toMatchObject({ outcome: 'update', changes: [{ field: 'phone', from: '13800000002', to: '13900000002' }] });
    // The stored phone shown beside the sheet's is a look at that file: the preview names it in the log.
    const looked = await call(core, 'audit:list', { personId: updated!.personId!, limit: 5 });
    expect(looked[0]).toMatchObject({ action: 'persons.findByIdNumber', details: { via: 'ledger.preview', row: 3 } });
    await call(core, 'ledger:import', { fileId: changedId, sheet: '台账', headerRow: 1, mapping, sha256: changed.sha256 });
    expect((await call(core, 'persons:list', {})).total).toBe(2);
    const audit = await call(core, 'audit:list', { limit: 50 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['ledger.inspect', 'ledger.preview', 'ledger.import', 'persons.create', 'persons.update', 'measures.create', 'measures.report_in']));
  });
});

/** 1,000 rows of which exactly these ten are bad: row → [column, message] of each problem. */
const BAD: Record<number, [number, string][]> = {
  11: [[2, 'validation.idNumber.checkDigit']],
  101: [[11, 'validation.date']],
  201: [[3, 'validation.ledgerGenderMismatch']],
  301: [[2, 'validation.ledgerDuplicateInFile']],
  302: [[2, 'validation.ledgerDuplicateInFile']],
  501: [[12, 'validation.deliveryBeforeDecision']],
  601: [[13, 'validation.reportInBeforeDelivery']],
  701: [[11, 'validation.dateInFuture']],
  801: [[2, 'validation.ledgerIdAsNumber']],
  901: [[1, 'validation.required']],
};

function thousandRows(): unknown[][] {
  const rows: unknown[][] = [[...HEADERS, '期限（月）']];
  for (let n = 1; n <= 1000; n++) {
    const row = n + 1;
    const id = idFor(n);
    const values: unknown[] = [`人员${n}`, id, '男', '汉族', '南京市玄武区', '南京市玄武区某路', `1380000${String(n).padStart(4, '0')}`, n % 2 ? '社区戒毒' : '社区康复', `决字〔2025〕${n}号`, '南京市公安局玄武分局', day('2025-06-01'), day('2025-06-03'), day('2025-06-10')];
    if (n % 2 === 0) values.push(24);
    if (row === 11) values[1] = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
    if (row === 101) values[10] = '2025-02-30';
    if (row === 201) values[2] = '女';
    if (row === 302) values[1] = idFor(300);
    if (row === 501) values[11] = day('2025-05-01');
    if (row === 601) values[12] = day('2025-06-02');
    if (row === 701) [values[10], values[11]] = [day('2026-05-01'), day('2026-05-02')];
    if (row === 801) values[1] = Number(id.slice(0, 17));
    if (row === 901) values[0] = '';
    rows.push(values);
  }
  return rows;
}

describe('a 1,000-row ledger with ten bad rows', () => {
  it('reports exactly those rows and columns, imports nothing until confirmed, then the good rows only when asked', async () => {
    const { core } = await loggedIn();
    const path = await writeWorkbook(thousandRows(), { dateColumns: [11, 12, 13] });
    const fileId = grant(core, path);
    const mapping = mappingFor([...HEADERS, '期限（月）']);
    expect(mapping).toHaveLength(14);
    const preview = await call(core, 'ledger:preview', { fileId, sheet: '台账', headerRow: 1, mapping });
    expect(preview.problems.filter((p) => !(p.row in BAD))).toEqual([]);
    expect(preview.counts).toMatchObject({ rows: 1000, create: 990, invalid: 10 });
    const found = preview.problems.map((p) => [p.row, p.column, p.messageKey]);
    const expected = Object.entries(BAD).flatMap(([row, list]) => list.map(([column, key]) => [Number(row), column, key]));
    expect(found).toEqual(expected);
    expect(preview.problemsTotal).toBe(10);
    expect(preview.problems.find((p) => p.row === 301)?.params).toEqual({ rows: '302' });
    expect((await call(core, 'persons:list', {})).total).toBe(0);

    // The bad rows as a spreadsheet with the reasons, saved through the shell's spreadsheet channel.
    expect(preview.errorReport).not.toBeNull();
    const report = core.fileJob(preview.errorReport!.jobId)!;
    const sheet = await readBack(report.path);
    expect(sheet.rowCount).toBe(11);
    expect(sheet.getRow(1).values).toEqual([undefined, ...HEADERS, '期限（月）', '原行号', '错误原因']);
    expect(sheet.getRow(2).getCell(15).value).toBe(11);
    expect(String(sheet.getRow(2).getCell(16).value)).toBe('B 列（身份证号）：身份证号校验位不正确，请逐位核对。');
    expect(sheet.getRow(2).getCell(2).value).toBe(thousandRows()[10]![1]);

    // Confirming without skipping: refused, nothing written.
    expect(await refusal(core, 'ledger:import', { fileId, sheet: '台账', headerRow: 1, mapping, sha256: preview.sha256 })).toMatchObject({
      code: 'VALIDATION',
      messageKey: 'errors.LEDGER_HAS_INVALID',
      params: { count: 10 },
    });
    expect((await call(core, 'persons:list', {})).total).toBe(0);
    // A file changed since the preview is refused too.
    expect(await refusal(core, 'ledger:import', { fileId, sheet: '台账', headerRow: 1, mapping, sha256: '0'.repeat(64), skipInvalid: true })).toMatchObject({ messageKey: 'errors.LEDGER_FILE_CHANGED' });

    const done = await call(core, 'ledger:import', { fileId, sheet: '台账', headerRow: 1, mapping, sha256: preview.sha256, skipInvalid: true });
    expect(done.counts).toMatchObject({ create: 990, invalid: 10, measuresCreated: 990, reportIns: 990 });
    expect((await call(core, 'persons:list', {})).total).toBe(990);
    expect((await call(core, 'persons:list', { measureKind: 'community_rehab', measureStatus: 'active' })).total).toBe(500 - Object.keys(BAD).filter((row) => (Number(row) - 1) % 2 === 0).length);
  }, 120_000);
});

describe('a workbook written by another program', () => {
  it('imports the openpyxl fixture: title row, merged cells, header on row 2, formulas, Chinese date formats, two sheets', async () => {
    const { core, events } = await loggedIn();
    const fileId = grant(core, 'test/fixtures/ledger/openpyxl-ledger.xlsx');
    const inspected = await call(core, 'ledger:inspect', { fileId });
    expect(inspected.sheets.map((s) => s.name)).toEqual(['填表说明', '人员台账']);
    const sheet = inspected.sheets[1]!;
    const headerRow = suggestHeaderRow(sheet.sample);
    expect(headerRow).toBe(2);
    const mapping = suggestMapping(sheet.sample[headerRow - 1]!);
    expect(mapping.map((m) => m.field)).toEqual(['name', 'gender', 'idNumber', 'ethnicity', 'householdAddress', 'residenceAddress', 'phone', 'measureKind', 'decisionNumber', 'decisionAuthority', 'decisionDate', 'deliveryDate', 'reportInDate', 'termMonths']);
    const preview = await call(core, 'ledger:preview', { fileId, sheet: '人员台账', headerRow, mapping });
    expect(preview.problems).toEqual([]);
    expect(preview.counts).toMatchObject({ rows: 3, create: 3, measuresCreated: 2, reportIns: 1 });
    await call(core, 'ledger:import', { fileId, sheet: '人员台账', headerRow, mapping, sha256: preview.sha256 });
    const list = await call(core, 'persons:list', { sort: 'name', direction: 'asc' });
    expect(list.rows.map((r) => [r.name, r.measureKind, r.measureStatus, r.reportInDate])).toEqual([
      ['钱七', null, null, null],
      ['王五', 'community_detox', 'active', '2025-11-12'],
      ['赵六', 'community_rehab', 'pending_report', null],
    ]);
    const zhao = await call(core, 'persons:get', { personId: list.rows[2]!.id });
    expect(zhao).toMatchObject({ ethnicity: '回族', gender: 'female' });
    expect(zhao.currentMeasure).toMatchObject({ termMonths: 24, decisionDate: '2026-01-20', deliveryDate: '2026-01-22' });
    expect(events.filter((e) => e.type === 'jobEnded').map((e) => (e as { job: string }).job)).toEqual(['ledger:inspect', 'ledger:preview', 'ledger:import']);
    // The choices are remembered for the next file.
    const again = await call(core, 'ledger:inspect', { fileId });
    expect(again.remembered['公民身份号码']).toBe('idNumber');
  });
});

describe('what the import refuses', () => {
  it('refuses on a supervisor database (person data is read-only there)', async () => {
    const sup = await loggedInSupervisor();
    const path = await writeWorkbook([HEADERS.slice(0, 2), ['张三', idFor(1)]]);
    const fileId = grant(sup.core, path);
    const input = { fileId, sheet: '台账', headerRow: 1, mapping: [{ column: 1, field: 'name' }, { column: 2, field: 'idNumber' }] };
    expect(await refusal(sup.core, 'ledger:preview', input)).toMatchObject({ code: 'FORBIDDEN', messageKey: 'errors.SUPERVISOR_READ_ONLY' });
    expect(await refusal(sup.core, 'ledger:import', { ...input, sha256: 'a'.repeat(64) })).toMatchObject({ code: 'FORBIDDEN', messageKey: 'errors.SUPERVISOR_READ_ONLY' });
    expect((await call(sup.core, 'persons:list', {})).total).toBe(0);
  });

  it('refuses bad and hostile files with a message saying what to do, and changes nothing', async () => {
    const { core, dataDir } = await loggedIn();
    const dir = tempDir('haven-hostile-');
    const write = (name: string, bytes: Buffer | string) => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    };
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]);
    const cases: [string, string][] = [
      [write('old.xls', ole), 'errors.LEDGER_XLS'],
      [write('locked.xlsx', Buffer.concat([ole, Buffer.from('EncryptedPackage', 'utf16le')])), 'errors.LEDGER_ENCRYPTED'],
      [write('ledger.csv', '姓名,身份证号\n张三,320102198501010011\n'), 'errors.LEDGER_CSV'],
      [write('empty.xlsx', Buffer.alloc(0)), 'errors.LEDGER_FILE_EMPTY'],
      [write('noise.xlsx', randomBytes(4096)), 'errors.LEDGER_NOT_XLSX'],
      [write('zip-not-xlsx.xlsx', zipOf([{ name: 'hello.txt', data: Buffer.from('hello') }])), 'errors.LEDGER_NOT_XLSX'],
      // A sheet of 450 MB of spaces in a ZIP of under a megabyte: its declared size is refused before inflating,
      [write('bomb.xlsx', await bombWorkbook(450, 'truth')), 'errors.LEDGER_CONTENT_TOO_LARGE'],
      // and a lie about its size is caught while inflating.
      [write('liar.xlsx', await bombWorkbook(30, 'lie')), 'errors.LEDGER_CONTENT_TOO_LARGE'],
    ];
    for (const [path, key] of cases) {
      const error = await refusal(core, 'ledger:inspect', { fileId: grant(core, path) });
      expect(error.messageKey, path).toBe(key);
    }
    // Too large on disk: refused before it is opened.
    const big = write('big.xlsx', Buffer.alloc(31 * 1024 * 1024, 1));
    expect((await refusal(core, 'ledger:inspect', { fileId: grant(core, big) })).messageKey).toBe('errors.LEDGER_FILE_TOO_LARGE');
    // A file id the core never granted, or input of the wrong shape.
    expect((await refusal(core, 'ledger:inspect', { fileId: '00000000-0000-4000-8000-000000000000' })).messageKey).toBe('errors.BUNDLE_FILE_GONE');
    expect((await refusal(core, 'ledger:preview', { fileId: 'x', sheet: '', headerRow: 0, mapping: [] })).code).toBe('VALIDATION');
    const mappingWithoutId = await refusal(core, 'ledger:preview', { fileId: grant(core, cases[0]![0]), sheet: 'a', headerRow: 1, mapping: [{ column: 1, field: 'name' }] });
    expect(mappingWithoutId.code).toBe('VALIDATION');
    expect((await call(core, 'persons:list', {})).total).toBe(0);
    expect(dataDir).toBeTruthy();
  });

  it('reads wrong types, error values, formulas and rich text cell by cell, as problems of their rows', async () => {
    const { core } = await loggedIn();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['姓名', '身份证号', '报到日期', '联系电话', '民族']);
    sheet.addRow([{ richText: [{ text: '张' }, { text: '三', font: { bold: true } }] }, idFor(1), true, 13800000001, '汉']);
    sheet.addRow(['李四', idFor(2), { error: '#N/A' }, '', '']);
    sheet.addRow(['王五', { formula: 'A1', result: undefined }, null, '', '火星族']);
    sheet.addRow(['赵六', idFor(4), null, 'x'.repeat(3000), '']);
    sheet.addRow(['孙七', idFor(5), '2026年1月5日', '', '']);
    sheet.mergeCells('E2:E3');
    const path = join(tempDir('haven-types-'), 'types.xlsx');
    await workbook.xlsx.writeFile(path);
    const fileId = grant(core, path);
    const mapping = suggestMapping(['姓名', '身份证号', '报到日期', '联系电话', '民族']);
    const preview = await call(core, 'ledger:preview', { fileId, sheet: '台账', headerRow: 1, mapping });
    expect(preview.problems.map((p) => [p.row, p.column, p.messageKey])).toEqual([
      [2, 3, 'validation.date'],
      [3, 3, 'validation.ledgerCellError'],
      [4, 2, 'validation.ledgerFormula'],
      [4, 5, 'validation.ledgerUnknownValue'],
      [5, 4, 'validation.tooLong'],
      // A report-in date with no measure to report in to.
      [6, 3, 'validation.ledgerReportInAlone'],
    ]);
    expect(preview.counts).toMatchObject({ rows: 5, invalid: 5, create: 0 });
  });
});

describe('reading Chinese text', () => {
  it('keeps every character whole where the inflated sheet is cut into chunks (a CJK-heavy 4,000-row sheet)', async () => {
    const { core } = await loggedIn();
    const rows: unknown[][] = [['姓名', '身份证号', '性别', '民族', '户籍地']];
    for (let n = 1; n <= 4000; n++) rows.push([`人员${n}`, idFor(n), '男', n % 3 ? '汉族' : '回族', `江苏省南京市玄武区玄武门街道某某社区第${n}号院`]);
    // Inline strings (as the app's own writer and many others write them): every cell's text sits in the sheet's XML.
    const path = join(tempDir('haven-cjk-'), 'cjk.xlsx');
    const writer = openSheetWriter(path, '台账', (rows[0] as string[]).map((header) => ({ header, width: 10, text: true })), { creator: 'test', created: new Date() });
    for (const row of rows.slice(1)) writer.add(row as string[]);
    await writer.finish();
    const fileId = grant(core, path);
    const preview = await call(core, 'ledger:preview', { fileId, sheet: '台账', headerRow: 1, mapping: suggestMapping(rows[0] as string[]) });
    expect(preview.problems).toEqual([]);
    expect(preview.counts).toMatchObject({ create: 4000, invalid: 0 });
    expect(preview.rows.every((r) => !r.name.includes('\uFFFD'))).toBe(true);
  }, 60_000);
});

describe('the row limit', () => {
  it('refuses a sheet of more than 50,000 rows with a message, reading no further than the limit', async () => {
    const { core } = await loggedIn();
    const path = join(tempDir('haven-rows-'), 'rows.xlsx');
    const writer = openSheetWriter(path, '台账', [{ header: '姓名', width: 10 }, { header: '身份证号', width: 20 }], { creator: 'test', created: new Date() });
    for (let n = 0; n < 50_001; n++) writer.add([`人员${n}`, `x${n}`]);
    await writer.finish();
    const fileId = grant(core, path);
    const inspected = await call(core, 'ledger:inspect', { fileId });
    expect(inspected.sheets[0]).toMatchObject({ tooManyRows: false, lastRow: 50_002 });
    const mapping = [{ column: 1, field: 'name' as const }, { column: 2, field: 'idNumber' as const }];
    expect(await refusal(core, 'ledger:preview', { fileId, sheet: '台账', headerRow: 1, mapping })).toMatchObject({
      messageKey: 'errors.LEDGER_TOO_MANY_ROWS',
      params: { sheet: '台账', max: 50_000 },
    });
    expect((await call(core, 'persons:list', {})).total).toBe(0);
  }, 120_000);
});

describe('stopping', () => {
  it('a stop (停止, or a lock) during the import rolls every row back', async () => {
    const { core, events } = await loggedIn();
    const rows: unknown[][] = [['姓名', '身份证号']];
    for (let n = 1; n <= 600; n++) rows.push([`人员${n}`, idFor(n)]);
    const fileId = grant(core, await writeWorkbook(rows));
    const mapping = suggestMapping(['姓名', '身份证号']);
    const preview = await call(core, 'ledger:preview', { fileId, sheet: '台账', headerRow: 1, mapping });
    expect(preview.counts.create).toBe(600);
    // The progress events come from inside the import's loop: the stop is asked for at the first row written.
    const stop = core.onEvent((event) => {
      if (event.type === 'progress' && event.progress.job === 'ledger:import' && event.progress.phase === 'importing') core.cancelJob();
    });
    expect(await refusal(core, 'ledger:import', { fileId, sheet: '台账', headerRow: 1, mapping, sha256: preview.sha256 })).toMatchObject({ code: 'CANCELLED' });
    stop();
    expect(events.filter((e) => e.type === 'jobEnded').at(-1)).toMatchObject({ job: 'ledger:import', outcome: 'cancelled' });
    expect((await call(core, 'persons:list', {})).total).toBe(0);
    // And it runs through when not stopped.
    await call(core, 'ledger:import', { fileId, sheet: '台账', headerRow: 1, mapping, sha256: preview.sha256 });
    expect((await call(core, 'persons:list', {})).total).toBe(600);
  }, 60_000);
});
