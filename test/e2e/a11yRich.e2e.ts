import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { generateDemo } from '../../electron/core/demo/generate';
import { opsFor } from '../../electron/core/kernel/ops';
import { createVault, unlockWithPassword, vaultPaths } from '../../electron/core/kernel/vault';
import type { KeySheetView } from '../../shared/domain/bundles';
import { ADMIN } from './flows';
import { E2E_SCRYPT, launchBrowser, startHarness, type Harness } from './harness';
import { axeProblems } from './axe';

/**
 * axe-core on screens full of data (issue 14): a station's demo database (hundreds of persons,
 * every kind of alert, years of records) and a county supervisor's database that imported it —
 * dashboard, worklist (with a row's menu and an act's dialog open), person list, a busy file,
 * reports, the bundles screen in station and supervisor mode, the stations table and an imported
 * file — in both languages: no critical and no serious violation of WCAG 2.1 A/AA.
 */
const NOW = new Date('2026-03-02T01:00:00Z');
const PERSONS = 300;

async function invoke<T>(h: Harness, channel: string, input: unknown): Promise<T> {
  const result = await h.core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

function database(code: string, name: string, mode: 'station' | 'supervisor', persons: number): string {
  const dir = mkdtempSync(join(tmpdir(), `haven-e2e-a11y-${code}-`));
  createVault(vaultPaths(dir), { station: { code, name, mode }, admin: { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password } }, NOW, { scrypt: E2E_SCRYPT });
  if (persons > 0) {
    const { db } = unlockWithPassword(vaultPaths(dir), ADMIN.username, ADMIN.password, { scrypt: E2E_SCRYPT });
    try {
      generateDemo(db, { persons, seed: 'a11y-e2e', at: '2026-03-01', now: NOW, actor: opsFor(db, NOW, { userId: 1, username: ADMIN.username, displayName: ADMIN.displayName }).actor });
    } finally {
      db.close();
    }
  }
  return dir;
}

/** Waits until the screen's loaders are gone and an open menu has finished fading in, then runs axe on it. */
async function check(page: Page, screen: string, problems: string[]): Promise<void> {
  await expect.poll(() => page.locator('.mantine-Loader-root').count()).toBe(0);
  await expect.poll(() => page.evaluate(() => [...document.querySelectorAll('[role="menu"], [role="dialog"]')].every((e) => getComputedStyle(e).opacity === '1'))).toBe(true);
  problems.push(...(await axeProblems(page, screen)));
}

async function visit(h: Harness, path: string, testId: string, screen: string, problems: string[]): Promise<void> {
  await h.open(path);
  await h.page.getByTestId(testId).first().waitFor();
  await check(h.page, screen, problems);
}

let browser: Browser;
let stationDir: string;
let supDir: string;

beforeAll(async () => {
  browser = await launchBrowser();
  stationDir = database('JS-NJ-01', '南京市某街道社区戒毒社区康复工作站', 'station', PERSONS);
  supDir = database('SUP-NJ', '南京市玄武区禁毒办', 'supervisor', 0);
  // The supervisor imports the station's full bundle once, through its screen (as a user does).
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
    await sup.open('/transfer');
    await sup.page.getByTestId('transfer-page').waitFor();
    sup.toChoose.push(file);
    await sup.page.getByTestId('import-choose').click();
    await sup.page.getByTestId('import-chosen').waitFor();
    await sup.page.getByTestId('import-submit').click();
    const first = sup.page.locator('[data-testid="import-result"][data-reason="BUNDLE_UNKNOWN_STATION"]');
    await first.getByTestId('import-confirm-fingerprint').fill(stationKeys.fingerprint);
    await first.getByTestId('import-confirm-submit').click();
    await sup.page.locator('[data-testid="import-result"][data-outcome="accepted"]').waitFor({ timeout: 120_000 });
  } finally {
    await station.close();
    await sup.close();
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  for (const dir of [stationDir, supDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const locale of ['zh-CN', 'en'] as const) {
  describe(`accessibility on full screens (axe-core, WCAG 2.1 AA) — ${locale}`, () => {
    it('a station with hundreds of persons and every kind of alert: no critical or serious violation', async () => {
      const h = await startHarness({ browser, dataDir: stationDir, locale, viewport: { width: 1366, height: 768 } });
      const problems: string[] = [];
      try {
        await invoke(h, 'auth:login', { username: ADMIN.username, password: ADMIN.password });
        await visit(h, '/', 'station-name', 'dashboard', problems);
        await visit(h, '/worklist', 'worklist-row', 'worklist', problems);
        await visit(h, '/worklist?group=serious_breach', 'worklist-row', 'worklist serious', problems);
        // A row's menu, and the dialog of a row's act (a due test: 登记检测 for that person).
        await visit(h, '/worklist?group=tests', 'worklist-row', 'worklist tests', problems);
        await h.page.getByTestId('worklist-more').first().click();
        await h.page.getByRole('menu').waitFor();
        await check(h.page, 'worklist row menu', problems);
        await h.page.keyboard.press('Escape');
        await h.page.getByRole('menu').waitFor({ state: 'detached' });
        await h.page.getByTestId('worklist-act').first().click();
        await h.page.getByTestId('test-form').waitFor();
        await check(h.page, 'worklist act dialog', problems);
        await h.page.keyboard.press('Escape');
        await h.page.getByTestId('test-form').waitFor({ state: 'detached' });

        await visit(h, '/persons', 'person-row', 'persons', problems);
        // The busiest file: the person with the most alerts today.
        const page = await invoke<{ rows: { personId: number | null }[] }>(h, 'worklist:list', { limit: 200 });
        const counts = new Map<number, number>();
        for (const row of page.rows) if (row.personId !== null) counts.set(row.personId, (counts.get(row.personId) ?? 0) + 1);
        const busiest = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
        for (const tab of ['info', 'measures', 'supervision', 'supervision/tests', 'supervision/contacts', 'care/risk', 'care/help', 'timeline']) {
          await visit(h, `/persons/${busiest}/${tab}`, 'person-file', `file ${tab}`, problems);
        }
        await visit(h, '/reports', 'station-name', 'reports', problems);
        await visit(h, '/transfer', 'transfer-page', 'bundles (station)', problems);
        await visit(h, '/settings/users', 'users-table', 'settings users', problems);
        expect(problems).toEqual([]);
        expect(h.pageErrors).toEqual([]);
      } finally {
        await h.close();
      }
    }, 240_000);

    it('the county supervisor with an imported station: no critical or serious violation', async () => {
      const h = await startHarness({ browser, dataDir: supDir, locale, viewport: { width: 1366, height: 768 } });
      const problems: string[] = [];
      try {
        await invoke(h, 'auth:login', { username: ADMIN.username, password: ADMIN.password });
        await visit(h, '/', 'station-name', 'dashboard (supervisor)', problems);
        await visit(h, '/transfer', 'station-row', 'bundles and stations table (supervisor)', problems);
        await visit(h, '/worklist', 'worklist-row', 'worklist (supervisor)', problems);
        await h.page.getByTestId('worklist-more').first().click();
        await h.page.getByRole('menu').waitFor();
        await check(h.page, 'worklist row menu (supervisor)', problems);
        await h.page.keyboard.press('Escape');
        await visit(h, '/persons', 'person-row', 'persons (supervisor)', problems);
        const list = await invoke<{ rows: { id: number }[] }>(h, 'persons:list', { limit: 5, measureStatus: 'active' });
        const personId = list.rows[0]!.id;
        for (const tab of ['info', 'measures', 'supervision', 'supervision/tests', 'care/risk', 'timeline']) {
          await visit(h, `/persons/${personId}/${tab}`, 'person-file', `imported file ${tab}`, problems);
        }
        await visit(h, '/reports', 'station-name', 'reports (supervisor)', problems);
        expect(problems).toEqual([]);
        expect(h.pageErrors).toEqual([]);
      } finally {
        await h.close();
      }
    }, 240_000);
  });
}
