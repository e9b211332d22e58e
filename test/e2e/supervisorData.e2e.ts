import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BundleImportView, KeySheetView } from '../../shared/domain/bundles';
import { axeProblems } from './axe';
import { ADMIN } from './flows';
import { launchBrowser, startHarness, type Harness } from './harness';
import { importAt, made, ok, recipientAt, station, supervised, type Station, closeCounty, countyOfficeDir } from './stations';

/**
 * A county office with three stations: A sent its files on 2 March (40 days ago: past the red
 * flag), B on 10 April, C only figures (统计数字) today. The stations table says C has no files
 * and when its figures were made; 待办 and 工作台 name A and C above today's counts, and each of
 * A's rows says its data is of 2 March; 统计报表 names the stations whose files end before today
 * and shows C's figures in a section of their own, apart from the totals. Both languages, axe-core
 * on each screen. HAVEN_SHOTS=<folder> leaves pictures of the screens there.
 */

/** A bundle for the supervisor made at the station and imported there. */
async function sendTo(sup: Harness, from: Station, supKeys: KeySheetView, kind: 'full' | 'stats'): Promise<BundleImportView> {
  const path = await made(from, await recipientAt(from, supKeys), kind);
  return importAt(sup, path, (await ok<KeySheetView>(from.core, 'bundles:keys', {})).fingerprint);
}

const A = '南京市某街道社区戒毒社区康复工作站';
const C = '南京市第三街道社区戒毒社区康复工作站';

const WORDS = {
  'zh-CN': {
    figuresOnly: '仅统计数字',
    noFiles: '无档案',
    figuresAsOf: '统计数字截至 2026-04-11（第 1 号）',
    lineA: `${A}（JS-NJ-01）：数据截至 2026-03-02（40 天前）`,
    lineC: `${C}（JS-NJ-03）：尚未报送全部档案，待办中没有该站的人员`,
    rowDate: '数据截至 2026-03-02',
    coverageA: `${A}（JS-NJ-01）：最近一次全部档案生成于 2026年3月2日，本表中该站的数字只含此日及以前的工作。`,
    reportedTitle: '各站报送的统计数字',
    onlyFigures: '该站尚未报送全部档案：合计中没有该站，这里是本办仅有的该站数字。',
  },
  en: {
    figuresOnly: 'Figures only',
    noFiles: 'No files',
    figuresAsOf: 'Figures as of 2026-04-11 (no. 1)',
    lineA: `${A} (JS-NJ-01): data as of 2026-03-02 (40 days old)`,
    lineC: `${C} (JS-NJ-03): no “All files” bundle yet; none of its persons are on the worklist`,
    rowDate: 'Data as of 2026-03-02',
    coverageA: `${A}（JS-NJ-01）: last “All files” bundle made 2026-03-02; its figures here cover its work up to that day only.`,
    reportedTitle: 'Figures reported by stations',
    onlyFigures: 'No “All files” bundle from this station yet: it is not in the totals, and these are the only figures of it here.',
  },
} as const;

for (const locale of ['zh-CN', 'en'] as const) {
  describe(`how current each station's data is, at the county office — ${locale}`, () => {
    it('says which stations sent figures only or old files, on the stations table, 待办, 工作台 and 统计报表', async () => {
      const words = WORDS[locale];
      const a = await station('JS-NJ-01', A);
      const b = await station('JS-NJ-02', '南京市另一街道社区戒毒社区康复工作站');
      const c = await station('JS-NJ-03', C);
      const supDir = countyOfficeDir();
      const browser = await launchBrowser();
      const sup = await startHarness({ browser, dataDir: supDir, locale, startAt: '2026-04-11T10:00:00+08:00', viewport: { width: 1440, height: 900 } });
      try {
        await ok(sup.core, 'auth:login', { username: ADMIN.username, password: ADMIN.password });
        const supKeys = await ok<KeySheetView>(sup.core, 'bundles:keys', {});
        // A: two persons, files sent on 2 March. B: one, files sent on 10 April. C: figures only, today.
        await supervised(a, '李四', 452);
        await supervised(a, '赵六', 894);
        expect((await sendTo(sup, a, supKeys, 'full')).outcome).toBe('accepted');
        await supervised(b, '王五', 673);
        b.clock.set('2026-04-10T09:00:00+08:00');
        expect((await sendTo(sup, b, supKeys, 'full')).outcome).toBe('accepted');
        const zhang = (await supervised(c, '张三', 231)).personId;
        await ok(c.core, 'tests:create', { personId: zhang, test: { date: '2026-02-20', sample: 'urine', mode: 'on_site', result: 'positive', substances: ['heroin'] } });
        c.clock.set('2026-04-11T09:00:00+08:00');
        expect((await sendTo(sup, c, supKeys, 'stats')).outcome).toBe('accepted');

        const problems: string[] = [];
        const shot = async (name: string) => {
          if (process.env.HAVEN_SHOTS) {
            mkdirSync(process.env.HAVEN_SHOTS, { recursive: true });
            await sup.page.screenshot({ path: join(process.env.HAVEN_SHOTS, `${name}-${locale}.png`), fullPage: true });
          }
        };
        const settled = () => expect.poll(() => sup.page.locator('.mantine-Loader-root').count()).toBe(0);

        // 导入导出: C has no files and says when its figures were made; its file columns show nothing, not zeros.
        await sup.open('/transfer');
        const rowC = sup.page.locator('[data-testid="station-row"][data-code="JS-NJ-03"]');
        await rowC.waitFor();
        expect(await rowC.getAttribute('data-figures-only')).toBe('true');
        expect(await rowC.getByTestId('station-figures-only').textContent()).toBe(words.figuresOnly);
        expect(await rowC.getByTestId('station-persons').innerText()).toBe('—');
        expect(await rowC.getByTestId('station-data-as-of').innerText()).toContain(words.noFiles);
        expect(await rowC.getByTestId('station-breaches').innerText()).toBe('—');
        expect(await rowC.getByTestId('station-figures-as-of').innerText()).toBe(words.figuresAsOf);
        const rowA = sup.page.locator('[data-testid="station-row"][data-code="JS-NJ-01"]');
        expect(await rowA.getAttribute('data-figures-only')).toBe('false');
        expect(await rowA.getByTestId('station-figures-as-of').count()).toBe(0);
        await settled();
        problems.push(...(await axeProblems(sup.page, 'stations')));
        await shot('data-stations');

        // 待办: A (40 days old) and C (no files) named above the list; B (yesterday) not. A's rows carry A's date.
        await sup.open('/worklist');
        await sup.page.getByTestId('worklist-row').first().waitFor();
        await settled();
        const notice = sup.page.getByTestId('station-data-notice');
        expect(await notice.getByTestId('station-data-line').allInnerTexts()).toEqual([words.lineA, words.lineC]);
        expect(await notice.innerText()).toContain('2026-04-11');
        const aRows = sup.page.locator('[data-testid="worklist-row"]', { has: sup.page.locator('[data-testid="worklist-row-station"]', { hasText: 'JS-NJ-01' }) });
        expect(await aRows.count()).toBeGreaterThan(0);
        expect(new Set(await aRows.getByTestId('worklist-row-data-as-of').allInnerTexts())).toEqual(new Set([words.rowDate]));
        expect(await aRows.first().getByTestId('worklist-row-data-as-of').getAttribute('data-stale')).toBe('true');
        const bRow = sup.page.locator('[data-testid="worklist-row"]', { has: sup.page.locator('[data-testid="worklist-row-station"]', { hasText: 'JS-NJ-02' }) }).first();
        expect(await bRow.getByTestId('worklist-row-data-as-of').getAttribute('data-stale')).toBe('false');
        problems.push(...(await axeProblems(sup.page, 'worklist')));
        await shot('data-worklist');
        // One fresh station chosen: nothing old to name.
        await sup.open('/worklist?station=JS-NJ-02');
        await sup.page.getByTestId('worklist-row').first().waitFor();
        await settled();
        // (the counts for the chosen station come after the rows: wait for them, not for a moment)
        await expect.poll(() => sup.page.getByTestId('station-data-notice').count()).toBe(0);

        // 工作台: the same notice above today's counts.
        await sup.open('/');
        await sup.page.getByTestId('dashboard-card-serious_breach').waitFor();
        await settled();
        expect(await sup.page.getByTestId('station-data-notice').getByTestId('station-data-line').allInnerTexts()).toEqual([words.lineA, words.lineC]);
        problems.push(...(await axeProblems(sup.page, 'dashboard')));
        await shot('data-dashboard');

        // 统计报表 (this month, read today): whose files end before today; C's figures apart, said to be all there is of it.
        await sup.open('/reports');
        await sup.page.getByTestId('period-report').waitFor();
        await settled();
        const coverage = await sup.page.getByTestId('report-coverage').getByTestId('report-coverage-line').allInnerTexts();
        expect(coverage).toContain(words.coverageA);
        expect(coverage.map((l) => l.slice(0, l.indexOf('）') + 1))).toEqual([`${A}（JS-NJ-01）`, '南京市另一街道社区戒毒社区康复工作站（JS-NJ-02）', `${C}（JS-NJ-03）`]);
        const reported = sup.page.getByTestId('reported-figures');
        expect(await reported.getByRole('heading', { level: 3 }).innerText()).toBe(words.reportedTitle);
        const cFigures = reported.locator('[data-testid="reported-station"][data-code="JS-NJ-03"]');
        expect(await cFigures.getAttribute('data-only')).toBe('true');
        expect(await cFigures.getByTestId('reported-station-note').allInnerTexts()).toContain(words.onlyFigures);
        expect(await cFigures.getByTestId('reported-alerts').locator('tr').first().innerText()).toMatch(/\t1$/);
        problems.push(...(await axeProblems(sup.page, 'reports')));
        await shot('data-reports');

        expect(problems).toEqual([]);
        expect(sup.networkViolations).toEqual([]);
        expect(sup.pageErrors).toEqual([]);
      } finally {
        await closeCounty(sup, browser, [a, b, c], supDir);
      }
    });
  });
}
