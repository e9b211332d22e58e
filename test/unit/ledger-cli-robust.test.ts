import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { publishFile } from '../../electron/cli/io';
import { cliDatabase as database, cliEnv, queryDatabase as query, runCli } from './support/cli';
import { idFor, writeWorkbook } from './support/ledger';
import { tempDir } from './support/tmp';

/**
 * The command line holds to what the screens hold to: an import changes no existing file without
 * being told to, names what it would change in the user's words, never picks a hidden sheet, and
 * every refusal is a sentence in the user's language that names the flag or the field; nothing
 * on disk is overwritten.
 */

const env = cliEnv;

describe('haven ledger import: existing files', () => {
  it('lists what would change in the user\'s words and changes nothing without --confirm-updates; a name differing from the file is a problem', async () => {
    const dir = tempDir();
    const db = database(dir);
    const first = await writeWorkbook([['姓名', '身份证号', '联系电话', '文化程度'], ['张三', idFor(1), '13800000001', '初中'], ['李四', idFor(2), '13800000002', '']], { file: join(dir, 'a.xlsx') });
    expect(runCli(['ledger', 'import', '--db', db, '--file', first], { env }).status).toBe(0);

    const second = await writeWorkbook([['姓名', '身份证号', '联系电话', '文化程度'], ['张三', idFor(1), '13900000001', '高中'], ['王五', idFor(3), '13800000003', '']], { file: join(dir, 'b.xlsx') });
    const unconfirmed = runCli(['ledger', 'import', '--db', db, '--file', second], { env });
    expect(unconfirmed.status).toBe(1);
    expect(unconfirmed.stdout).toContain('联系电话：13800000001 → 13900000001');
    expect(unconfirmed.stdout).toContain('文化程度：初中 → 高中');
    expect(unconfirmed.stdout).not.toMatch(/phone|education/);
    expect(unconfirmed.stderr).toContain('--confirm-updates');
    expect(query(db, 'SELECT name, phone FROM persons ORDER BY name')).toEqual([
      { name: '张三', phone: '13800000001' },
      { name: '李四', phone: '13800000002' },
    ]);
    const english = runCli(['ledger', 'import', '--db', db, '--file', second, '--dry-run'], { env: { ...env, HAVEN_LANG: 'en' } });
    expect(english.stdout).toContain('Phone: 13800000001 → 13900000001');

    const confirmed = runCli(['ledger', 'import', '--db', db, '--file', second, '--confirm-updates'], { env });
    expect(confirmed.stderr).toBe('');
    expect(confirmed.status).toBe(0);
    expect(query(db, 'SELECT name, phone FROM persons ORDER BY name')).toEqual([
      { name: '张三', phone: '13900000001' },
      { name: '李四', phone: '13800000002' },
      { name: '王五', phone: '13800000003' },
    ]);

    // 李四's ID number under another name: the row is refused, the file keeps its name.
    const renamed = await writeWorkbook([['姓名', '身份证号'], ['赵六', idFor(2)]], { file: join(dir, 'c.xlsx') });
    const refused = runCli(['ledger', 'import', '--db', db, '--file', renamed, '--confirm-updates', '--json'], { env });
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout).problems).toMatchObject([{ row: 2, column: 'A', field: 'name', messageKey: 'validation.ledgerNameDiffers' }]);
    expect(query(db, 'SELECT name FROM persons ORDER BY name')).toHaveLength(3);

    // What was printed named stored values of existing files (张三's old phone, 李四's name): each
    // run accounts for a look at each of those files, as the app's preview does; the row that would
    // have created 王五 before he existed named no file.
    const [zhang, li, wang] = query<{ id: number }>(db, 'SELECT id FROM persons ORDER BY name').map((r) => r.id);
    const looks = query<{ entity_id: string; details: string }>(db, "SELECT entity_id, details FROM audit_events WHERE action = 'persons.findByIdNumber' ORDER BY id");
    expect(looks.map((l) => Number(l.entity_id))).toEqual([zhang, zhang, zhang, li]);
    expect(looks.map((l) => l.entity_id)).not.toContain(String(wang));
  }, 120_000);
});

describe('haven ledger import: a header over two rows', () => {
  it('finds the header row as the screen does, merged cells filled in (the whole sheet is read for its merges)', async () => {
    const dir = tempDir();
    const db = database(dir);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['姓名', '身份证号', '决定书', '']);
    sheet.addRow(['', '', '决定书编号', '决定日期']);
    // More rows than a header may span (20): a read that stopped after them never reached the merges.
    for (let i = 1; i <= 30; i++) sheet.addRow([`张${i}`, idFor(i), `宁公决字〔2026〕${i}号`, '2026-01-02']);
    sheet.mergeCells('A1:A2');
    sheet.mergeCells('B1:B2');
    sheet.mergeCells('C1:D1');
    const file = join(dir, 'two-rows.xlsx');
    await workbook.xlsx.writeFile(file);
    const run = runCli(['ledger', 'import', '--db', db, '--file', file, '--dry-run', '--json'], { env });
    const out = JSON.parse(run.stdout) as { headerRow: number; mapping: { field: string }[] };
    expect(out.headerRow).toBe(2);
    expect(out.mapping.map((m) => m.field)).toEqual(expect.arrayContaining(['name', 'idNumber', 'decisionNumber', 'decisionDate']));
  }, 60_000);
});

describe('haven ledger import: hidden sheets', () => {
  it('never picks a hidden sheet by itself, and says so when one is named', async () => {
    const dir = tempDir();
    const db = database(dir);
    const workbook = new ExcelJS.Workbook();
    const hidden = workbook.addWorksheet('旧台账', { state: 'hidden' });
    hidden.addRow(['姓名', '身份证号']);
    hidden.addRow(['旧人', idFor(9)]);
    const visible = workbook.addWorksheet('台账');
    visible.addRow(['姓名', '身份证号']);
    visible.addRow(['张三', idFor(1)]);
    const file = join(dir, 'h.xlsx');
    await workbook.xlsx.writeFile(file);
    const dry = runCli(['ledger', 'import', '--db', db, '--file', file, '--dry-run', '--json'], { env });
    expect(JSON.parse(dry.stdout)).toMatchObject({ sheet: '台账', counts: { create: 1 } });

    const onlyHidden = new ExcelJS.Workbook();
    const sheet = onlyHidden.addWorksheet('台账', { state: 'veryHidden' });
    sheet.addRow(['姓名', '身份证号']);
    sheet.addRow(['张三', idFor(1)]);
    const hiddenFile = join(dir, 'only-hidden.xlsx');
    await onlyHidden.xlsx.writeFile(hiddenFile);
    const refused = runCli(['ledger', 'import', '--db', db, '--file', hiddenFile, '--dry-run'], { env });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('隐藏');
    expect(refused.stderr).toContain('--sheet');
    const named = runCli(['ledger', 'import', '--db', db, '--file', hiddenFile, '--sheet', '台账', '--dry-run'], { env });
    expect(named.status).toBe(0);
    expect(named.stdout).toContain('隐藏');
  }, 60_000);
});

describe('haven: refusals in the user\'s words', () => {
  it('names an unknown flag, a flag without its value, and a flag given a value it does not take', () => {
    const unknown = runCli(['ledger', 'import', '--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--bogus');
    expect(unknown.stderr).not.toMatch(/Unknown option|positional/);
    expect(runCli(['ledger', 'import', '--bogus'], { env: { HAVEN_LANG: 'en' } }).stderr).toMatch(/^Unknown flag --bogus/);
    const missing = runCli(['alerts', '--db']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--db');
    expect(missing.stderr).not.toContain('argument missing');
    const boolean = runCli(['alerts', '--json=yes']);
    expect(boolean.stderr).toContain('--json');
    expect(boolean.stderr).not.toContain('does not take');
    // A schema's field is named by its flag, not by the code's name for it.
    const init = runCli(['init', '--db', join(tempDir(), 'x.db'), '--station-code', '!', '--station-name', '某站', '--admin', 'admin'], { env });
    expect(init.status).not.toBe(0);
    expect(init.stderr).toContain('--station-code');
    expect(init.stderr).not.toContain('stationCode');
  }, 60_000);

  it('says what is wrong with a mapping file: missing, not JSON, an unknown field or key', async () => {
    const dir = tempDir();
    const db = database(dir);
    const file = await writeWorkbook([['人员', '证件'], ['张三', idFor(1)]], { file: join(dir, 'x.xlsx') });
    const mapping = join(dir, 'mapping.json');
    const run = () => runCli(['ledger', 'import', '--db', db, '--file', file, '--mapping', mapping], { env });
    const gone = run();
    expect(gone.status).toBe(2);
    expect(gone.stderr).toContain(mapping);
    expect(gone.stderr).not.toMatch(/ENOENT|no such file/);
    writeFileSync(mapping, '{"columns": {"人员": "name",}}');
    const notJson = run();
    expect(notJson.stderr).toContain('JSON');
    expect(notJson.stderr).not.toMatch(/Unexpected token|position/);
    writeFileSync(mapping, JSON.stringify({ columns: { 人员: 'nickname', 证件: 'idNumber' } }));
    const badField = run();
    expect(badField.status).toBe(2);
    expect(badField.stderr).toContain('人员');
    expect(badField.stderr).toContain('nickname');
    expect(badField.stderr).toContain('idNumber');
    expect(badField.stderr).not.toMatch(/Invalid|expected|"code"/);
    writeFileSync(mapping, JSON.stringify({ headerRow: 1, columns: { 人员: 'name', 证件: 'idNumber' }, sheet: '台账' }));
    const extra = run();
    expect(extra.stderr).toContain('sheet');
    expect(extra.stderr).toContain('headerRow');
    expect(extra.stderr).not.toMatch(/Unrecognized|"code"/);
    writeFileSync(mapping, JSON.stringify({ headerRow: 99, columns: { 人员: 'name' } }));
    expect(run().stderr).toContain('headerRow');
    expect(query(db, 'SELECT id FROM persons')).toEqual([]);
  }, 120_000);
});

describe('haven ledger export', () => {
  it('refuses a folder that does not exist, flags it does not take, and a reason the form would refuse; never overwrites', async () => {
    const dir = tempDir();
    const db = database(dir);
    const noDir = runCli(['ledger', 'export', '--db', db, '--out', join(dir, 'no', 'such', 'x.xlsx')], { env });
    expect(noDir.status).toBe(2);
    expect(noDir.stderr).toContain(join(dir, 'no', 'such'));
    expect(noDir.stderr).not.toMatch(/ENOENT|\.tmp/);
    const dryRun = runCli(['ledger', 'export', '--db', db, '--out', join(dir, 'a.xlsx'), '--dry-run'], { env });
    expect(dryRun.status).toBe(2);
    expect(dryRun.stderr).toContain('--dry-run');
    const reasonAlone = runCli(['ledger', 'export', '--db', db, '--out', join(dir, 'a.xlsx'), '--reason', '移交'], { env });
    expect(reasonAlone.status).toBe(2);
    expect(reasonAlone.stderr).toContain('--full-id-numbers');
    const longReason = runCli(['ledger', 'export', '--db', db, '--out', join(dir, 'a.xlsx'), '--full-id-numbers', '--reason', '因'.repeat(501)], { env });
    expect(longReason.status).toBe(2);
    expect(longReason.stderr).toContain('--reason：内容过长');
    expect(existsSync(join(dir, 'a.xlsx'))).toBe(false);
    const importFlags = runCli(['ledger', 'import', '--db', db, '--file', join(dir, 'a.xlsx'), '--columns', 'name'], { env });
    expect(importFlags.status).toBe(2);
    expect(importFlags.stderr).toContain('--columns');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('publishes a finished file by linking it: a file that appeared meanwhile is kept, the temporary one removed', () => {
    const dir = tempDir();
    const temporary = join(dir, 'x.xlsx.tmp');
    const out = join(dir, 'x.xlsx');
    writeFileSync(temporary, 'new');
    writeFileSync(out, 'someone else\'s');
    expect(() => publishFile(temporary, out, (key, params) => `${key} ${JSON.stringify(params)}`)).toThrow(/outExists/);
    expect(readFileSync(out, 'utf8')).toBe('someone else\'s');
    expect(existsSync(temporary)).toBe(false);
    writeFileSync(temporary, 'new');
    publishFile(temporary, join(dir, 'y.xlsx'), (key) => key);
    expect(readFileSync(join(dir, 'y.xlsx'), 'utf8')).toBe('new');
    expect(existsSync(temporary)).toBe(false);
  });
});

describe('haven keys --out', () => {
  it('writes the key files once and never overwrites them', () => {
    const dir = tempDir();
    const db = database(dir);
    const out = join(dir, 'keys');
    mkdirSync(out);
    expect(runCli(['keys', '--db', db, '--out', out], { env }).status).toBe(0);
    const pub = join(out, 'JS-NJ-01.pub');
    writeFileSync(pub, 'a key someone put here\n');
    const again = runCli(['keys', '--db', db, '--out', out], { env });
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain(pub);
    expect(readFileSync(pub, 'utf8')).toBe('a key someone put here\n');
    expect(readdirSync(out).sort()).toEqual(['JS-NJ-01.pub', 'JS-NJ-01.recipient.txt']);
  }, 60_000);
});
