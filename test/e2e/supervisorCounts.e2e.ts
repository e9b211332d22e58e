import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { KeySheetView } from '../../shared/domain/bundles';
import { axeProblems } from './axe';
import { ADMIN } from './flows';
import { launchBrowser, startHarness } from './harness';
import { importAt, made, ok, recipientAt, station, supervised, closeCounty, countyOfficeDir } from './stations';

/**
 * A county office with two stations, one person moved from the first to the second (变更执行地):
 * the stations table (how old each station's files are, counted from its last full bundle; the
 * person counted at the second station only; a refused bundle's kind in words), 待办 with one
 * station chosen (badges of that station, the caseworker on each row, no filter by the office's
 * own users) and 统计报表's words for all stations, in both languages, with axe-core on each screen.
 * HAVEN_SHOTS=<folder> leaves pictures of the screens there.
 */

const WORDS = {
  'zh-CN': { age: '40 天', kind: '（转出档案）', staff: '责任社工：王站长', intro: /^各站汇总/ },
  en: { age: '40 days', kind: '(Transfer file)', staff: 'Staff: 王站长', intro: /^All stations together/ },
} as const;

for (const locale of ['zh-CN', 'en'] as const) {
  describe(`the county office after a transfer between its stations — ${locale}`, () => {
    it('shows each station’s files as old as its last full bundle, counts the moved person once, and filters 待办 by station', async () => {
      const words = WORDS[locale];
      const a = await station('JS-NJ-01', '南京市某街道社区戒毒社区康复工作站');
      const b = await station('JS-NJ-02', '南京市另一街道社区戒毒社区康复工作站');
      const supDir = countyOfficeDir();
      const browser = await launchBrowser();
      const sup = await startHarness({ browser, dataDir: supDir, locale, startAt: '2026-04-11T10:00:00+08:00', viewport: { width: 1440, height: 900 } });
      try {
        await ok(sup.core, 'auth:login', { username: ADMIN.username, password: ADMIN.password });
        const supKeys = await ok<KeySheetView>(sup.core, 'bundles:keys', {});
        const aKeys = await ok<KeySheetView>(a.core, 'bundles:keys', {});
        const bKeys = await ok<KeySheetView>(b.core, 'bundles:keys', {});
        const aToSup = await recipientAt(a, supKeys);

        // 3 March at A: 张三, with a positive test not yet reported to the police, moves to B; 李四 stays.
        const moved = await supervised(a, '张三', 231);
        await ok(a.core, 'tests:create', { personId: moved.personId, test: { date: '2026-02-20', sample: 'urine', mode: 'on_site', result: 'positive', substances: ['heroin'] } });
        await supervised(a, '李四', 452);
        await ok(a.core, 'measures:transition', { measureId: moved.measureId, action: 'transfer_out', date: '2026-03-02', reason: '迁居外区', destination: '另一街道' });
        const arrived = await importAt(b, await made(a, await recipientAt(a, bKeys), 'transfer', moved.personId), aKeys.fingerprint);
        expect(arrived.outcome).toBe('accepted');
        // B names its own caseworker (the file comes without one: A's staff are not B's).
        await ok(b.core, 'persons:update', { personId: arrived.personId, person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231), staffUserId: 1 } });
        // Each file is imported as soon as it is made (a station's made file waits only so long).
        expect((await importAt(sup, await made(a, aToSup, 'full'), aKeys.fingerprint)).outcome).toBe('accepted');
        // 10 April: B sends its files; 11 April: A sends figures only (its files stay those of 2 March),
        // and by mistake a transfer file too, which a county office does not take.
        b.clock.set('2026-04-10T09:00:00+08:00');
        expect((await importAt(sup, await made(b, await recipientAt(b, supKeys), 'full'), bKeys.fingerprint)).outcome).toBe('accepted');
        a.clock.set('2026-04-11T09:00:00+08:00');
        expect((await importAt(sup, await made(a, aToSup, 'stats'), aKeys.fingerprint)).outcome).toBe('accepted');
        expect(await importAt(sup, await made(a, aToSup, 'transfer', moved.personId), aKeys.fingerprint)).toMatchObject({ outcome: 'refused', reason: 'BUNDLE_WRONG_KIND' });

        const problems: string[] = [];
        const shot = async (name: string) => {
          if (process.env.HAVEN_SHOTS) await sup.page.screenshot({ path: join(process.env.HAVEN_SHOTS, `${name}-${locale}.png`), fullPage: true });
        };

        // 导入导出: A's files are 40 days old although its last bundle came today; 张三 and his breaches are B's.
        await sup.open('/transfer');
        const rowA = sup.page.locator('[data-testid="station-row"][data-code="JS-NJ-01"]');
        const rowB = sup.page.locator('[data-testid="station-row"][data-code="JS-NJ-02"]');
        await rowB.waitFor();
        expect(await rowA.getByTestId('station-age').textContent()).toBe(words.age);
        expect(await rowA.getByTestId('station-age').getAttribute('data-stale')).toBe('true');
        expect(await rowB.getByTestId('station-age').getAttribute('data-stale')).toBe('false');
        expect(await rowA.getByTestId('station-breaches').innerText()).toBe('0');
        // 张三's positive test, and his report-in at B, overdue since the 15 days after the move ran out.
        expect(await rowB.getByTestId('station-breaches').innerText()).toBe('2');
        // 逾期仍未报到: he has not come to B in the 15 days since the move; no one at A is missing.
        expect(await rowB.getByTestId('station-late-report-ins').innerText()).toBe('1');
        expect(await rowA.getByTestId('station-late-report-ins').innerText()).toBe('0');
        expect(await rowA.getByTestId('station-staffing').innerText()).toMatch(/^1 \/ 1/);
        expect(await rowB.getByTestId('station-staffing').innerText()).toMatch(/^1 \/ 1/);
        const refused = sup.page.locator('[data-testid="log-row"][data-outcome="refused"]');
        expect(await refused.innerText()).toContain(words.kind);
        expect(await refused.innerText()).not.toContain('transfer)');
        await expect.poll(() => sup.page.locator('.mantine-Loader-root').count()).toBe(0);
        problems.push(...(await axeProblems(sup.page, 'stations')));
        await shot('stations');

        // 待办, station B chosen: the badges count B's files, each row names B's caseworker, no 责任社工 filter.
        await sup.open('/worklist?station=JS-NJ-02');
        await sup.page.getByTestId('worklist-row').first().waitFor();
        await expect.poll(() => sup.page.locator('.mantine-Loader-root').count()).toBe(0);
        const listed = await ok<{ total: number }>(sup.core, 'worklist:list', { stationCode: 'JS-NJ-02' });
        const county = await ok<{ total: number }>(sup.core, 'worklist:list', {});
        expect(listed.total).toBeLessThan(county.total);
        expect(await sup.page.getByTestId('worklist-group-all').innerText()).toContain(String(listed.total));
        expect(await sup.page.getByTestId('worklist-group-serious_breach').textContent()).toContain('2');
        expect(await sup.page.getByTestId('worklist-row-station').allInnerTexts()).toEqual(Array(listed.total).fill('JS-NJ-02'));
        expect(await sup.page.getByTestId('worklist-row').first().innerText()).toContain(words.staff);
        expect(await sup.page.getByTestId('worklist-staff').count()).toBe(0);
        problems.push(...(await axeProblems(sup.page, 'worklist, one station')));
        await shot('worklist-station');

        // 统计报表: the words say all stations; the persons are counted once.
        await sup.open('/reports');
        await sup.page.getByTestId('risk-distribution').waitFor();
        expect(await sup.page.getByTestId('reports-page').locator('h2 + p').first().innerText()).toMatch(words.intro);
        await expect.poll(() => sup.page.locator('.mantine-Loader-root').count()).toBe(0);
        problems.push(...(await axeProblems(sup.page, 'reports')));
        await shot('reports');

        expect(problems).toEqual([]);
        expect(sup.networkViolations).toEqual([]);
        expect(sup.pageErrors).toEqual([]);
      } finally {
        await closeCounty(sup, browser, [a, b], supDir);
      }
    });
  });
}
