import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createHavenCore } from '../../electron/core/app';
import { ManualClock } from '../../electron/core/kernel/clock';
import { createVault, unlockWithPassword, vaultPaths } from '../../electron/core/kernel/vault';
import { generateDemo } from '../../electron/core/demo/generate';
import { inThisThread } from '../../electron/core/host/protocol';
import { createShellDispatcher } from '../../electron/core/shell';
import { defaultLedgerExportColumns, ledgerImportFields, suggestMapping } from '../../shared/domain/ledger';
import { call, loggedIn, refusal, SETUP, firstLogin } from './support/core';
import { grant } from './support/ledger';
import { FAST_SCRYPT, tempDir } from './support/tmp';

/** A station with demo persons (measures in every state), its admin logged in through the core. */
async function demoStation(persons = 40) {
  const dir = tempDir();
  const now = new Date('2026-03-02T01:00:00Z');
  createVault(vaultPaths(dir), { station: { code: 'JS-NJ-01', name: SETUP.stationName, mode: 'station' }, admin: { username: 'admin', displayName: SETUP.adminDisplayName, password: SETUP.password } }, now, {
    scrypt: FAST_SCRYPT,
  });
  const { db } = unlockWithPassword(vaultPaths(dir), 'admin', SETUP.password);
  try {
    generateDemo(db, { persons, seed: 'ledger', at: '2026-03-01', now, actor: { userId: 1, username: 'admin', displayName: SETUP.adminDisplayName } });
  } finally {
    db.close();
  }
  const clock = new ManualClock('2026-03-02T09:00:00+08:00');
  const core = createHavenCore({ dataDir: dir, clock, vaultOptions: { scrypt: FAST_SCRYPT }, logError: () => {} });
  await call(core, 'auth:login', { username: 'admin', password: SETUP.password });
  return { core, dir };
}

async function sheetOf(path: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook.worksheets[0]!;
}

/** What a person is, as the ledger carries it: the file's fields and the current measure's decision and report-in. */
async function snapshot(core: ReturnType<typeof createHavenCore>) {
  const list = await call(core, 'persons:list', { limit: 500, sort: 'name', direction: 'asc' });
  const out = [];
  for (const row of list.rows) {
    const p = await call(core, 'persons:get', { personId: row.id });
    const { idNumber } = await call(core, 'persons:revealId', { personId: row.id });
    const m = p.currentMeasure;
    out.push({
      name: p.name,
      idNumber,
      gender: p.gender,
      birthDate: p.birthDate,
      formerNames: p.formerNames,
      ethnicity: p.ethnicity,
      phone: p.phone,
      householdAddress: p.householdAddress,
      residenceAddress: p.residenceAddress,
      education: p.education,
      employment: p.employment,
      employer: p.employer,
      maritalStatus: p.maritalStatus,
      staffName: p.staffName,
      notes: p.notes,
      measure: m && { kind: m.kind, decisionNumber: m.decisionNumber, decisionAuthority: m.decisionAuthority, decisionDate: m.decisionDate, deliveryDate: m.deliveryDate, reportInDate: m.reportInDate, termMonths: m.termMonths },
    });
  }
  return out.sort((a, b) => a.idNumber.localeCompare(b.idNumber));
}

describe('ledger export', () => {
  it('export → import gives the same persons (full ID numbers by an admin, with the reason audited)', async () => {
    const { core } = await demoStation();
    const before = await snapshot(core);
    expect(before.length).toBeGreaterThan(20);
    expect(before.filter((p) => p.measure?.reportInDate).length).toBeGreaterThan(5);
    const made = await call(core, 'ledger:export', { columns: [...ledgerImportFields], fullIdNumbers: { reason: '迁移到新电脑' } });
    expect(made.rows).toBe(before.length);
    const file = core.fileJob(made.jobId)!;
    expect(file.fileName).toMatch(/^JS-NJ-01-人员台账-2026-03-02-\d{4}\.xlsx$/);
    const audit = await call(core, 'audit:list', { limit: 5 });
    expect(audit.find((e) => e.action === 'ledger.export')?.details).toMatchObject({ rows: before.length, fullIdNumbers: true, reason: '迁移到新电脑' });

    const target = await loggedIn();
    const fileId = grant(target.core, file.path);
    const inspected = await call(target.core, 'ledger:inspect', { fileId });
    const mapping = suggestMapping(inspected.sheets[0]!.sample[0]!);
    expect(mapping.map((m) => m.field)).toEqual([...ledgerImportFields]);
    const preview = await call(target.core, 'ledger:preview', { fileId, sheet: inspected.sheets[0]!.name, headerRow: 1, mapping });
    expect(preview.problems).toEqual([]);
    await call(target.core, 'ledger:import', { fileId, sheet: inspected.sheets[0]!.name, headerRow: 1, mapping, sha256: preview.sha256 });
    expect(await snapshot(target.core)).toEqual(before);
    // And once more: nothing new, nothing changed.
    const again = await call(target.core, 'ledger:preview', { fileId, sheet: inspected.sheets[0]!.name, headerRow: 1, mapping });
    expect(again.counts).toMatchObject({ create: 0, update: 0, invalid: 0, unchanged: before.length });
  }, 60_000);

  it('writes Chinese headers with widths, a frozen header row, real dates, masked ID numbers; English when asked; the list\'s filters', async () => {
    const { core } = await demoStation(30);
    const made = await call(core, 'ledger:export', { columns: [...defaultLedgerExportColumns] });
    const sheet = await sheetOf(core.fileJob(made.jobId)!.path);
    expect(sheet.name).toBe('人员台账');
    expect(sheet.getRow(1).values).toEqual([undefined, '姓名', '身份证号', '性别', '出生日期', '民族', '联系电话', '户籍地', '现住址', '责任社工', '措施类型', '措施状态', '决定书文号', '决定机关', '决定日期', '送达日期', '报到日期', '期限（月）', '预计期满日期', '风险等级']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBe(22);
    expect(sheet.getColumn(7).width).toBe(36);
    const second = sheet.getRow(2);
    expect(String(second.getCell(2).value)).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
    expect(second.getCell(4).value).toBeInstanceOf(Date);
    expect(second.getCell(4).numFmt).toBe('yyyy-mm-dd');
    expect(made.rows).toBe((await call(core, 'persons:list', {})).total);

    // The list's filters: only 执行中 社区康复, in English.
    const filter = { measureKind: 'community_rehab' as const, measureStatus: 'active' as const };
    const expected = (await call(core, 'persons:list', filter)).total;
    const english = await call(core, 'ledger:export', { columns: ['name', 'measureKind', 'measureStatus', 'reportInDate'], filter, locale: 'en' });
    expect(english.rows).toBe(expected);
    const en = await sheetOf(core.fileJob(english.jobId)!.path);
    expect(en.getRow(1).values).toEqual([undefined, 'Name', 'Measure', 'Measure status', 'Report-in date']);
    for (let r = 2; r <= en.rowCount; r++) expect(en.getRow(r).getCell(3).value).toBe('Active');
  }, 60_000);

  it('refuses full ID numbers to staff (audited), exports the worklist, and saves spreadsheets through the shell', async () => {
    const { core } = await demoStation(200);
    await call(core, 'users:create', { username: 'qian', displayName: '钱社工', role: 'staff', password: 'staff password' });
    await call(core, 'auth:logout', {});
    await firstLogin(core, 'qian', 'staff password');
    expect(await refusal(core, 'ledger:export', { columns: ['name', 'idNumber'], fullIdNumbers: { reason: '想看看' } })).toMatchObject({ code: 'FORBIDDEN', messageKey: 'errors.LEDGER_FULL_ID_ADMIN' });
    expect(await refusal(core, 'ledger:export', { columns: ['name', 'name'] })).toMatchObject({ code: 'VALIDATION' });
    const worklist = await call(core, 'worklist:list', { limit: 500 });
    expect(worklist.total).toBeGreaterThan(10);
    const made = await call(core, 'ledger:exportWorklist', {});
    expect(made.rows).toBe(worklist.total);
    const sheet = await sheetOf(core.fileJob(made.jobId)!.path);
    expect(sheet.getRow(1).values).toEqual([undefined, '紧急程度', '事项', '姓名', '身份证号', '责任社工', '说明', '截止日期', '依据', '已忽略（原因）']);
    const first = worklist.rows[0]!;
    expect(sheet.getRow(2).getCell(3).value).toBe(first.personName);
    expect(sheet.getRow(2).getCell(4).value).toBe(first.idNumberMasked);
    expect(String(sheet.getRow(2).getCell(8).value)).toMatch(/^《/);
    const tests = await call(core, 'ledger:exportWorklist', { group: 'tests', locale: 'en' });
    expect(tests.rows).toBe((await call(core, 'worklist:list', { group: 'tests', limit: 500 })).total);

    // Staff save what they exported through shell:saveSpreadsheet; shell:saveFile stays for admins.
    const saved: string[] = [];
    const shell = createShellDispatcher(inThisThread(core), {
      print: async () => ({ printed: true }),
      savePdf: async () => ({ path: null }),
      saveFile: async (file) => {
        saved.push(file.fileName);
        return { path: `/chosen/${file.fileName}` };
      },
      chooseBundles: async () => [],
      chooseSpreadsheet: async () => [core.fileJob(tests.jobId)!.path, '/elsewhere/second.xlsx'],
      chooseBackupFolder: async () => [],
      chooseBackupFile: async () => [],
    });
    expect(await shell('shell:saveSpreadsheet', { jobId: made.jobId })).toEqual({ ok: true, value: { path: `/chosen/${made.fileName}` } });
    // Saved: its plaintext copy went with its job.
    expect(core.fileJob(made.jobId)).toBeNull();
    expect(await shell('shell:saveFile', { jobId: made.jobId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const printed = await call(core, 'print:render', { document: 'caseFile', personId: first.personId! });
    expect(await shell('shell:saveSpreadsheet', { jobId: printed.jobId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // One spreadsheet at a time is handed to the core.
    const chosen = await shell('shell:chooseSpreadsheet', {});
    expect(chosen).toMatchObject({ ok: true, value: { files: [{ name: tests.fileName }] } });
    expect((chosen as { value: { files: unknown[] } }).value.files).toHaveLength(1);
    expect(saved).toEqual([made.fileName]);
    const actions = (await refusalFreeAudit(core)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['ledger.exportWorklist']));
  }, 60_000);
});

/** The audit log as an admin reads it. */
async function refusalFreeAudit(core: ReturnType<typeof createHavenCore>) {
  await call(core, 'auth:logout', {});
  await call(core, 'auth:login', { username: 'admin', password: SETUP.password });
  const events = await call(core, 'audit:list', { limit: 100 });
  expect(events.find((e) => e.action === 'access.denied' && (e.details as { channel?: string }).channel === 'ledger:export')).toBeTruthy();
  return events;
}

describe('the ledger benchmark', () => {
  it('writes, checks and imports a generated ledger and reports its figures (a figure, not a timed test)', async () => {
    const { benchLedgerImport } = await import('../../electron/core/bench/ledger');
    const figures = await benchLedgerImport(300);
    expect(figures).toMatchObject({ rows: 300 });
    for (const key of ['writeMs', 'inspectMs', 'previewMs', 'importMs', 'peakRssMb'] as const) expect(figures[key]).toBeGreaterThanOrEqual(0);
  }, 60_000);
});
