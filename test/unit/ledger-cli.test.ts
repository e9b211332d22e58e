import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { cliDatabase as database, cliEnv, queryDatabase as query, runCli } from './support/cli';
import { HEADERS, day, idFor, writeWorkbook } from './support/ledger';
import { tempDir } from './support/tmp';

const env = cliEnv;

/** A ledger with a title row (header on row 2), two good rows and two bad ones. */
async function ledgerFile(dir: string): Promise<string> {
  return writeWorkbook(
    [
      ['某街道人员台账'],
      HEADERS,
      ['张三', idFor(1), '男', '汉族', '南京市', '南京市', '13800000001', '社区戒毒', '决字1号', '玄武分局', day('2025-06-01'), day('2025-06-03'), day('2025-06-10')],
      ['李四', idFor(2).slice(0, 17) + (idFor(2).endsWith('0') ? '1' : '0'), '男', '汉族', '', '', '', '', '', '', null, null, null],
      ['王五', idFor(3), '女', '汉族', '', '', '', '', '', '', null, null, null],
      ['赵六', idFor(4), '男', '', '', '', '', '', '', '', null, null, null],
    ],
    { file: join(dir, '台账.xlsx'), dateColumns: [11, 12, 13] },
  );
}

describe('haven ledger', () => {
  it('dry run lists every bad row and column as JSON and changes nothing; import refuses bad rows unless told to skip them; both audited', async () => {
    const dir = tempDir();
    const db = database(dir);
    const file = await ledgerFile(dir);
    const dry = runCli(['ledger', 'import', '--db', db, '--file', file, '--dry-run', '--json'], { env });
    expect(dry.status).toBe(1);
    const report = JSON.parse(dry.stdout) as { headerRow: number; dryRun: boolean; imported: boolean; counts: Record<string, number>; problems: { row: number; column: string; header: string; messageKey: string; message: string }[] };
    expect(report).toMatchObject({ headerRow: 2, dryRun: true, imported: false, counts: { rows: 4, create: 2, invalid: 2 } });
    expect(report.problems.map((p) => [p.row, p.column, p.header, p.messageKey])).toEqual([
      [4, 'B', '身份证号', 'validation.idNumber.checkDigit'],
      [5, 'C', '性别', 'validation.ledgerGenderMismatch'],
    ]);
    expect(report.problems[0]!.message).toBe('身份证号校验位不正确，请逐位核对。');
    expect(query(db, 'SELECT id FROM persons')).toEqual([]);

    const refused = runCli(['ledger', 'import', '--db', db, '--file', file], { env });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('第 4 行 B：');
    expect(refused.stderr).toContain('--skip-invalid');
    expect(query(db, 'SELECT id FROM persons')).toEqual([]);

    const imported = runCli(['ledger', 'import', '--db', db, '--file', file, '--skip-invalid'], { env: { ...env, HAVEN_LANG: 'en' } });
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('4 rows: 2 new');
    expect(query<{ name: string }>(db, 'SELECT name FROM persons ORDER BY name')).toEqual([{ name: '张三' }, { name: '赵六' }]);
    expect(query<{ status: string; report_in_date: string }>(db, 'SELECT status, report_in_date FROM measures')).toEqual([{ status: 'active', report_in_date: '2025-06-10' }]);
    const actions = query<{ action: string }>(db, "SELECT action FROM audit_events WHERE action LIKE 'ledger.%' OR action = 'persons.create' OR action = 'auth.cliLogin' ORDER BY id").map((a) => a.action);
    expect(actions).toEqual(['auth.cliLogin', 'ledger.preview', 'auth.cliLogin', 'ledger.preview', 'auth.cliLogin', 'persons.create', 'persons.create', 'ledger.import']);

    // Again: no duplicate.
    const again = runCli(['ledger', 'import', '--db', db, '--file', file, '--skip-invalid', '--json'], { env });
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: true, counts: { create: 0, unchanged: 2, invalid: 2 } });
    expect(query(db, 'SELECT id FROM persons')).toHaveLength(2);
  }, 120_000);

  it('takes a mapping file (header text or column letter), exports chosen columns, refuses a supervisor database', async () => {
    const dir = tempDir();
    const db = database(dir);
    const file = await writeWorkbook([['人员', '证件', '电话'], ['张三', idFor(1), '13800000001']], { file: join(dir, 'x.xlsx') });
    const noMapping = runCli(['ledger', 'import', '--db', db, '--file', file], { env });
    expect(noMapping.status).toBe(2);
    expect(noMapping.stderr).toContain('--mapping');
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ headerRow: 1, columns: { 人员: 'name', B: 'idNumber', 电话: 'phone' } }));
    const done = runCli(['ledger', 'import', '--db', db, '--file', file, '--mapping', mapping, '--json'], { env });
    expect(done.status).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ imported: true, counts: { create: 1 }, mapping: [{ column: 'A', field: 'name' }, { column: 'B', field: 'idNumber' }, { column: 'C', field: 'phone' }] });
    writeFileSync(mapping, '{"columns": {"人员": "nickname"}}');
    expect(runCli(['ledger', 'import', '--db', db, '--file', file, '--mapping', mapping], { env }).status).toBe(2);

    const out = join(dir, 'out.xlsx');
    const exported = runCli(['ledger', 'export', '--db', db, '--out', out, '--columns', 'name,身份证号,phone', '--json'], { env });
    expect(exported.status).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ rows: 1, columns: ['name', 'idNumber', 'phone'], fullIdNumbers: false });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets[0]!.getRow(2).values).toEqual([undefined, '张三', `${idFor(1).slice(0, 4)}**********${idFor(1).slice(-4)}`, '13800000001']);
    expect(runCli(['ledger', 'export', '--db', db, '--out', out], { env }).status).toBe(2);
    expect(runCli(['ledger', 'export', '--db', db, '--out', join(dir, 'b.xlsx'), '--columns', 'name,shoe size'], { env }).status).toBe(2);
    const full = runCli(['ledger', 'export', '--db', db, '--out', join(dir, 'full.xlsx'), '--full-id-numbers', '--reason', '移交县禁毒办'], { env });
    expect(full.status).toBe(0);
    expect(query<{ details: string }>(db, "SELECT details FROM audit_events WHERE action = 'ledger.export' ORDER BY id").map((r) => JSON.parse(r.details))).toMatchObject([
      { via: 'cli', rows: 1, fullIdNumbers: false },
      { via: 'cli', rows: 1, fullIdNumbers: true, reason: '移交县禁毒办' },
    ]);

    const sup = database(dir, 'supervisor');
    const refused = runCli(['ledger', 'import', '--db', sup, '--file', file, '--mapping', mapping], { env });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('上级禁毒办的数据库');
    expect(existsSync(join(dir, 'b.xlsx'))).toBe(false);
  }, 120_000);
});
