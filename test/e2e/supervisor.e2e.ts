import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateDemo } from '../../electron/core/demo/generate';
import { opsFor } from '../../electron/core/kernel/ops';
import { createVault, unlockWithPassword, vaultPaths } from '../../electron/core/kernel/vault';
import type { KeySheetView } from '../../shared/domain/bundles';
import { ADMIN } from './flows';
import { E2E_SCRYPT, launchBrowser, startHarness, type Harness } from './harness';

/**
 * The county supervisor's screens: a station's demo file imported through the 导入导出 screen (with
 * the progress panel, and the window answering clicks meanwhile), then read-only everywhere:
 * no button that would change a person's file is shown on any tab.
 */
const NOW = new Date('2026-03-02T01:00:00Z');

async function invoke<T>(h: Harness, channel: string, input: unknown): Promise<T> {
  const result = await h.core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** A database made the way `haven init` and `haven demo` make one, before any harness opens it. */
function database(code: string, name: string, mode: 'station' | 'supervisor', persons: number): string {
  const dir = mkdtempSync(join(tmpdir(), `haven-e2e-${code}-`));
  createVault(vaultPaths(dir), { station: { code, name, mode }, admin: { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password } }, NOW, { scrypt: E2E_SCRYPT });
  if (persons > 0) {
    const { db } = unlockWithPassword(vaultPaths(dir), ADMIN.username, ADMIN.password, { scrypt: E2E_SCRYPT });
    try {
      generateDemo(db, { persons, seed: 'supervisor-e2e', at: '2026-03-01', now: NOW, actor: opsFor(db, NOW, { userId: 1, username: ADMIN.username, displayName: ADMIN.displayName }).actor });
    } finally {
      db.close();
    }
  }
  return dir;
}

/** Buttons a user could press, minus those that only read, print or move between tabs. */
async function writeButtons(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const reading = /^(打印|预览|显示|隐藏|查看|展开|收起|刷新|重试|关闭|导出 PDF|下载|上一页|下一页|返回)/;
    // Printing, revealing the ID number and viewing texts only read (and are audited where it matters).
    const readingIds = /^(print-|reveal-id|hide-id|agreement-view-text|agreement-row-view|view-)/;
    return [...document.querySelectorAll('main button, main [role="button"]')]
      .filter((b) => (b as HTMLElement).offsetParent !== null && !b.closest('[role="tablist"]'))
      .filter((b) => !readingIds.test(b.getAttribute('data-testid') ?? ''))
      .map((b) => ((b as HTMLElement).innerText || b.getAttribute('aria-label') || '').trim())
      .filter((text) => text.length > 0 && !reading.test(text));
  });
}

describe('the county supervisor', () => {
  it('imports a station with progress while the window answers, then sees every file read-only', async () => {
    const browser = await launchBrowser();
    const stationDir = database('JS-NJ-01', '南京市某街道社区戒毒社区康复工作站', 'station', 2500);
    const supDir = database('SUP-NJ', '南京市玄武区禁毒办', 'supervisor', 0);
    const station = await startHarness({ browser, dataDir: stationDir });
    const sup = await startHarness({ browser, dataDir: supDir });
    try {
      await invoke(station, 'auth:login', { username: ADMIN.username, password: ADMIN.password });
      await invoke(sup, 'auth:login', { username: ADMIN.username, password: ADMIN.password });
      const supKeys = await invoke<KeySheetView>(sup, 'bundles:keys', {});
      const stationKeys = await invoke<KeySheetView>(station, 'bundles:keys', {});
      const recipient = await invoke<{ id: number }>(station, 'bundles:addRecipient', { name: '', recipient: supKeys.recipientFile, confirmFingerprint: supKeys.recipientFingerprint });
      const made = await invoke<{ jobId: string }>(station, 'bundles:export', { recipientId: recipient.id, kind: 'full' });
      const file = (await station.core.fileJob(made.jobId))!.path;

      // (Logged in through the core above: the page opens on the unlocked app.)
      await sup.open('/transfer');
      await sup.page.getByTestId('transfer-page').waitFor();
      sup.toChoose.push(file);
      await sup.page.getByTestId('import-choose').click();
      await sup.page.getByTestId('import-chosen').waitFor();
      await sup.page.getByTestId('import-submit').click();
      // A first-time station: its fingerprint is compared, then the real import runs with progress.
      const first = sup.page.locator('[data-testid="import-result"][data-reason="BUNDLE_UNKNOWN_STATION"]');
      await first.getByTestId('import-confirm-fingerprint').fill(stationKeys.fingerprint);
      await first.getByTestId('import-confirm-submit').click();
      await sup.page.getByTestId('job-progress').waitFor();
      expect(await sup.page.getByTestId('job-phase').innerText()).not.toBe('');
      // The window answers while the core works: the account menu opens and closes.
      await sup.page.getByTestId('user-menu').click();
      await sup.page.getByRole('menu').waitFor();
      expect(await sup.page.getByTestId('job-progress').isVisible()).toBe(true);
      await sup.page.keyboard.press('Escape');
      await sup.page.locator('[data-testid="import-result"][data-outcome="accepted"]').waitFor({ timeout: 60_000 });
      await sup.page.getByTestId('job-progress').waitFor({ state: 'detached' });
      // The stations table: how current the station is and what its snapshot shows.
      const row = sup.page.locator('[data-testid="station-row"][data-code="JS-NJ-01"]');
      await row.waitFor();
      expect(await row.getByTestId('station-age').getAttribute('data-stale')).toBe('false');
      expect(await row.getByTestId('station-measures').innerText()).toMatch(/执行中 \d+/);
      expect(await row.getByTestId('station-staffing').innerText()).toMatch(/^\d+ \/ \d+（每人 [\d.]+）$/);
      if (process.env.HAVEN_SHOTS) await sup.page.screenshot({ path: `${process.env.HAVEN_SHOTS}/supervisor-transfer.png`, fullPage: true });

      // 统计报表: the rates per station and in total, each with its formula.
      await sup.open('/reports');
      const rates = sup.page.getByTestId('figure-rates');
      await rates.getByTestId('rates-total').waitFor();
      expect(await rates.locator('[data-testid="rates-row"][data-station="JS-NJ-01"]').count()).toBe(1);
      expect(await rates.getByTestId('rate-consolidation').first().innerText()).toMatch(/\d+(\.\d)?%（\d+\/\d+）/);
      expect(await rates.getByTestId('rates-reportInFormula').innerText()).toContain('15 日内报到的人数');
      if (process.env.HAVEN_SHOTS) await sup.page.screenshot({ path: `${process.env.HAVEN_SHOTS}/supervisor-reports.png`, fullPage: true });

      // The worklist: each row names its station and opens the file; it answers nothing itself.
      await sup.open('/worklist');
      await sup.page.getByTestId('worklist-row-station').first().waitFor();
      expect(await sup.page.getByTestId('worklist-act').count()).toBe(0);
      await sup.page.getByTestId('worklist-station').waitFor();
      // 人员档案 filters by station; the supervisor's own users keep no files, so no 责任社工 filter.
      await sup.open('/persons');
      await sup.page.getByTestId('persons-table').waitFor();
      expect(await sup.page.getByTestId('filter-staff').count()).toBe(0);

      // Every tab of an imported file: no button that would change it.
      const list = await invoke<{ rows: { id: number; station: string | null }[] }>(sup, 'persons:list', { limit: 5, measureStatus: 'active' });
      expect(list.rows[0]?.station).toBe('JS-NJ-01');
      const personId = list.rows[0]!.id;
      const seen = new Map<string, string[]>();
      const visit = async (path: string) => {
        await sup.open(path);
        await sup.page.getByTestId('person-file').waitFor();
        await sup.page.waitForLoadState('networkidle');
        await sup.page.waitForTimeout(300);
        seen.set(path, await writeButtons(sup.page));
      };
      for (const tab of ['info', 'measures', 'group', 'agreements', 'attachments', 'timeline']) await visit(`/persons/${personId}/${tab}`);
      for (const sub of ['tests', 'contacts', 'leaves', 'absences', 'violations']) await visit(`/persons/${personId}/supervision/${sub}`);
      for (const sub of ['risk', 'keyCare', 'help', 'clean']) await visit(`/persons/${personId}/care/${sub}`);
      await sup.open(`/persons/${personId}/info`);
      expect(await sup.page.getByTestId('header-origin').innerText()).toContain('南京市某街道社区戒毒社区康复工作站（JS-NJ-01）');
      expect(await sup.page.getByTestId('header-origin').innerText()).toMatch(/第 1 号数据包/);
      if (process.env.HAVEN_SHOTS) await sup.page.screenshot({ path: `${process.env.HAVEN_SHOTS}/supervisor-file.png`, fullPage: true });
      const offending = [...seen].filter(([, buttons]) => buttons.length > 0);
      expect(offending).toEqual([]);
      expect(sup.networkViolations).toEqual([]);
      expect(sup.pageErrors).toEqual([]);
    } finally {
      await station.close();
      await sup.close();
      await browser.close();
      rmSync(stationDir, { recursive: true, force: true });
      rmSync(supDir, { recursive: true, force: true });
    }
  });
});
