import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { call, loggedIn, loggedInSupervisor } from './support/core';
import { otherStation, register, send, supervised } from './support/stations';

/**
 * What a county office is told of the data it holds: a station that sends figures only (统计数字)
 * is shown — in the stations table and on 统计报表, apart from the totals, which come from full
 * snapshots only and never count a station twice — and a station's old files are said to be old
 * on 待办, 工作台 and 统计报表 (screen, print, .xlsx), while the worklist still reads them as of today.
 */
const DAY = 86_400_000;

/** HAVEN_PRINT_OUT=<folder> keeps the printed HTML there, to be looked at as a PDF. */
function keep(name: string, html: string): void {
  if (process.env.HAVEN_PRINT_OUT) writeFileSync(join(process.env.HAVEN_PRINT_OUT, `${name}.html`), html);
}

const rows = (sheet: ExcelJS.Worksheet) => sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? [row.slice(1)] : []));

describe('a station that sends figures only, at the supervisor', () => {
  it('is shown as such in the stations table, and its figures on 统计报表 apart from the totals, never counted twice', async () => {
    const a = await loggedIn('2026-03-02T09:00:00+08:00');
    const b = await otherStation();
    const sup = await loggedInSupervisor();
    // A sends its files: 李四, reported in on time, one negative test.
    const li = (await supervised(a.core, '李四', 452)).personId;
    await call(a.core, 'tests:create', { personId: li, test: { date: '2026-02-10', sample: 'urine', mode: 'on_site', result: 'negative', substances: [] } });
    const aToSup = await register(a, sup);
    await send(a, sup, aToSup, 'full');
    // B sends figures only: two persons, one with a positive test nobody reported, a talk, a refused test.
    const zhang = (await supervised(b.core, '张三', 231)).personId;
    await supervised(b.core, '王五', 673);
    await call(b.core, 'tests:create', { personId: zhang, test: { date: '2026-02-20', sample: 'urine', mode: 'on_site', result: 'positive', substances: ['heroin'] } });
    await call(b.core, 'tests:create', { personId: zhang, test: { date: '2026-02-01', sample: 'urine', mode: 'on_site', result: 'negative', substances: [] } });
    await call(b.core, 'contacts:create', { personId: zhang, contact: { date: '2026-02-21', kind: 'face_to_face', summary: '谈话' } });
    await send(b, sup, await register(b, sup), 'stats');

    // The stations table: B has no files, and says when its figures were made.
    const stations = Object.fromEntries((await call(sup.core, 'bundles:stations', {})).map((s) => [s.code, s]));
    expect(stations['JS-NJ-02']).toMatchObject({ lastCreatedAt: null, ageDays: null, persons: 0, figures: { seq: 1, asOf: '2026-03-02' } });
    expect(stations['JS-NJ-01']).toMatchObject({ figures: null, ageDays: 0 });

    // 统计报表: the totals are A's alone; B's figures stand apart, said to be the only ones of it here.
    const report = await call(sup.core, 'reports:period', { from: '2025-12-01', to: '2026-03-31' });
    expect(report.decisions.total).toBe(1);
    expect(report.tests).toMatchObject({ done: 1, positive: 0 });
    // The rates list every registered station; B's are empty (0/0), not made up from its figures.
    expect(report.rates.rows.map((r) => [r.station, r.reportIn.denominator, r.control.denominator])).toEqual([
      ['JS-NJ-01', 1, 1],
      ['JS-NJ-02', 0, 0],
    ]);
    expect(report.reported).toHaveLength(1);
    expect(report.reported[0]).toMatchObject({
      station: { code: 'JS-NJ-02', name: '南京市另一街道社区戒毒社区康复工作站' },
      seq: 1,
      asOf: '2026-03-02',
      year: '2026',
      from: '2026-01-01',
      to: '2026-03-02',
      snapshotAsOf: null,
      persons: 2,
      measures: { active: 2, pending_report: 0, suspended: 0 },
      decisions: { total: 2, onTime: 2, late: 0, none: 0 },
      tests: { done: 2, negative: 1, positive: 1, refused: 0 },
      contacts: { face_to_face: 1, total: 1 },
      alerts: { unreportedBreaches: 1 },
      staff: 1,
    });
    // B has no files here: the report says so (its figures are below, not in the totals).
    expect(report.behind).toContainEqual({ code: 'JS-NJ-02', name: '南京市另一街道社区戒毒社区康复工作站', dataAsOf: null });

    // A sends figures as well: they stand beside its files for comparison, the totals do not move.
    await send(a, sup, aToSup, 'stats');
    const both = await call(sup.core, 'reports:period', { from: '2025-12-01', to: '2026-03-31' });
    expect(both.decisions.total).toBe(1);
    expect(both.tests.done).toBe(1);
    expect(both.reported.map((f) => [f.station.code, f.snapshotAsOf, f.decisions.total])).toEqual([
      ['JS-NJ-01', '2026-03-02', 1],
      ['JS-NJ-02', null, 2],
    ]);

    // The printed 统计报表 carries the section, each station saying how it stands to the totals.
    const printed = (await call(sup.core, 'print:render', { document: 'periodReport', from: '2026-01-01', to: '2026-03-31' })).html;
    keep('period-report-figures', printed);
    expect(printed).toContain('<h2>各站报送的统计数字</h2>');
    expect(printed).toContain('南京市另一街道社区戒毒社区康复工作站（JS-NJ-02）　第 1 号数据包（2026年3月2日生成）');
    expect(printed).toContain('该站尚未报送全部档案：合计中没有该站');
    expect(printed).toContain('该站也报送了全部档案（截至 2026年3月2日），合计按全部档案计入该站；这里的数字仅供对照');
    expect(printed).toContain('南京市另一街道社区戒毒社区康复工作站（JS-NJ-02）：尚未报送全部档案，本表没有该站的数字；该站报送的统计数字另列于');

    // And the .xlsx: a sheet of the reported figures, in the user's language.
    const made = await call(sup.core, 'reports:export', { from: '2025-12-01', to: '2026-03-31', locale: 'en' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(sup.core.fileJob(made.jobId)!.path) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Figures', 'Rates', 'Trend', 'Reported figures']);
    expect(rows(book.getWorksheet('Reported figures')!)).toContainEqual([
      '南京市另一街道社区戒毒社区康复工作站（JS-NJ-02）',
      'No. 1, made 2026-03-02',
      '2026-01-01 to 2026-03-02',
      'Decisions delivered',
      2,
    ]);
    expect(rows(book.getWorksheet('Figures')!).flat()).toContain(
      '南京市另一街道社区戒毒社区康复工作站（JS-NJ-02）: no “All files” bundle yet; none of its work is in these figures. The figures it reported are listed under “Figures reported by stations”.',
    );
  });

  it('shows a December report the whole year the figures reached, and a station’s own report has none of this', async () => {
    const b = await otherStation();
    const sup = await loggedInSupervisor();
    const zhang = (await supervised(b.core, '张三', 231)).personId;
    await call(b.core, 'tests:create', { personId: zhang, test: { date: '2026-02-01', sample: 'urine', mode: 'on_site', result: 'negative', substances: [] } });
    // Made on 5 January 2027: the 2026 counts are whole.
    b.clock.advance(309 * DAY);
    sup.clock.advance(309 * DAY);
    await send(b, sup, await register(b, sup), 'stats');
    const december = await call(sup.core, 'reports:period', { month: '2026-12' });
    expect(december.reported[0]).toMatchObject({ asOf: '2027-01-05', year: '2026', from: '2026-01-01', to: '2026-12-31', decisions: { total: 1 }, tests: { done: 1 } });
    const january = await call(sup.core, 'reports:period', { month: '2027-01' });
    expect(january.reported[0]).toMatchObject({ year: '2027', from: '2027-01-01', to: '2027-01-05', decisions: { total: 0 }, tests: { done: 0 }, persons: 1 });
    const own = await call(b.core, 'reports:period', { month: '2026-12' });
    expect([own.behind, own.reported]).toEqual([[], []]);
  });
});

describe('a station’s old files at the supervisor', () => {
  it('are named with their date on 待办 and 工作台 (the counts still as of today), and on 统计报表 for a period they do not reach', async () => {
    const a = await loggedIn('2026-03-02T09:00:00+08:00');
    const b = await otherStation();
    const sup = await loggedInSupervisor();
    await supervised(a.core, '李四', 452);
    await supervised(b.core, '张三', 231);
    const aToSup = await register(a, sup);
    const bToSup = await register(b, sup);
    await send(a, sup, aToSup, 'full');
    // Sixty days on: B sends its files again, A only figures (its files stay those of 2 March).
    for (const c of [a, b, sup]) c.clock.advance(60 * DAY);
    await send(b, sup, bToSup, 'full');
    await send(a, sup, aToSup, 'stats');

    const counts = await call(sup.core, 'worklist:counts', {});
    expect(counts.asOf).toBe('2026-05-01');
    expect(counts.stations).toEqual([
      { code: 'JS-NJ-01', name: '南京市某街道社区戒毒社区康复工作站', dataAsOf: '2026-03-02', madeAt: '2026-03-02T01:00:00.000Z', ageDays: 60, stale: true, staleAfterDays: 35, figuresAsOf: '2026-05-01' },
      { code: 'JS-NJ-02', name: '南京市另一街道社区戒毒社区康复工作站', dataAsOf: '2026-05-01', madeAt: '2026-05-01T01:00:00.000Z', ageDays: 0, stale: false, staleAfterDays: 35, figuresAsOf: null },
    ]);
    // One station chosen on 待办: that station's date only. The stations table reads the same.
    expect((await call(sup.core, 'worklist:counts', { stationCode: 'js-nj-02' })).stations.map((s) => s.code)).toEqual(['JS-NJ-02']);
    const table = await call(sup.core, 'bundles:stations', {});
    expect(table.map((s) => [s.code, s.ageDays, s.stale])).toEqual([
      ['JS-NJ-01', 60, true],
      ['JS-NJ-02', 0, false],
    ]);
    // The setting moves the flag for every screen alike.
    const settings = await call(sup.core, 'schedules:get', {});
    await call(sup.core, 'schedules:update', { ...settings, stationStaleDays: 90 });
    expect((await call(sup.core, 'worklist:counts', {})).stations.map((s) => s.stale)).toEqual([false, false]);
    // A station's own worklist has no such list.
    expect((await call(a.core, 'worklist:counts', {})).stations).toEqual([]);
    // The worklist spreadsheet carries each row's station and how far its files go.
    const exported = await call(sup.core, 'ledger:exportWorklist', {});
    const sheetBook = new ExcelJS.Workbook();
    await sheetBook.xlsx.load(readFileSync(sup.core.fileJob(exported.jobId)!.path) as unknown as ArrayBuffer);
    const listed = rows(sheetBook.worksheets[0]!);
    const at = listed[0]!.indexOf('该站数据截至');
    expect(at).toBeGreaterThan(0);
    const station = listed[0]!.indexOf('所属工作站');
    const day = (cell: unknown) => (cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell));
    const dates = new Set(listed.slice(1).map((r) => `${String(r[station])} ${day(r[at])}`));
    expect([...dates].sort()).toEqual(['JS-NJ-01 2026-03-02', 'JS-NJ-02 2026-05-01']);

    // 统计报表 for April: A's files end on 2 March, so its April is not in them; B's reach it.
    const april = await call(sup.core, 'reports:period', { month: '2026-04' });
    expect(april.behind).toEqual([{ code: 'JS-NJ-01', name: '南京市某街道社区戒毒社区康复工作站', dataAsOf: '2026-03-02' }]);
    // February ended before either station's files: nothing to say.
    expect((await call(sup.core, 'reports:period', { month: '2026-02' })).behind).toEqual([]);
    const printed = (await call(sup.core, 'print:render', { document: 'monthlyReport', month: '2026-04' })).html;
    keep('monthly-report-behind', printed);
    expect(printed).toContain('表中各站的数字来自该站最近一次报送的“全部档案”，只含该数据包生成之日及以前的工作：');
    expect(printed).toContain('南京市某街道社区戒毒社区康复工作站（JS-NJ-01）：最近一次全部档案生成于 2026年3月2日，本表中该站的数字只含此日及以前的工作。');
    expect(printed).not.toContain('（JS-NJ-02）：最近一次全部档案');
    const made = await call(sup.core, 'reports:export', { month: '2026-04', locale: 'zh-CN' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(sup.core.fileJob(made.jobId)!.path) as unknown as ArrayBuffer);
    expect(rows(book.getWorksheet('统计')!).flat()).toContain('南京市某街道社区戒毒社区康复工作站（JS-NJ-01）：最近一次全部档案生成于 2026年3月2日，本表中该站的数字只含此日及以前的工作。');
  });
});
