import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { suggestMapping, suggestHeaderRow, type LedgerColumnMapping } from '../../shared/domain/ledger';
import { call, loggedIn, loggedInSupervisor, refusal } from './support/core';
import { HEADERS, day, grant, idFor, writeWorkbook } from './support/ledger';

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
    expect(inspected.sheets[0]!.sample[1]![1]).toBe(idFor(1));
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
    expect(changed.rows.find((r) => r.row === 3)).toMatchObject({ outcome: 'update', changes: [{ field: 'phone', from: '13800000002', to: '13900000002' }] });
    await call(core, 'ledger:import', { fileId: changedId, sheet: '台账', headerRow: 1, mapping, sha256: changed.sha256 });
    expect((await call(core, 'persons:list', {})).total).toBe(2);
    const audit = await call(core, 'audit:list', { limit: 50 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['ledger.inspect', 'ledger.preview', 'ledger.import', 'persons.create', 'persons.update', 'measures.create', 'measures.report_in']));
  });
});
