import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PersonListPage } from '../../shared/domain/persons';
import { generateDemo } from '../../electron/core/demo/generate';
import { keySheet } from '../../electron/core/kernel/identity/ownKeys';
import { opsFor } from '../../electron/core/kernel/ops';
import { createVault, unlockWithPassword, vaultPaths } from '../../electron/core/kernel/vault';
import { ADMIN, logIn } from './flows';
import { E2E_SCRYPT, launchBrowser, startHarness } from './harness';

/**
 * README's screenshots (resources/screenshots/*.png, 1366×768), re-made with
 *   node build/scripts/build.mjs --no-electron
 *   HAVEN_SCREENSHOTS=resources/screenshots npx vitest run --config test/e2e/vitest.config.ts test/e2e/screenshots.e2e.ts
 * on a station database of 300 synthetic persons (`haven demo`'s generator, fixed seed and day), so
 * the pictures show no real person. Skipped unless HAVEN_SCREENSHOTS names the folder.
 */
const OUT = process.env.HAVEN_SCREENSHOTS;
const NOW = new Date('2026-03-02T01:00:00Z');

describe.skipIf(!OUT)('README screenshots', () => {
  it('takes the main screens with the demo data', async () => {
    const out = resolve(OUT!);
    mkdirSync(out, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'haven-shots-'));
    createVault(vaultPaths(dir), { station: { code: 'JS-NJ-01', name: '南京市某街道社区戒毒社区康复工作站', mode: 'station' }, admin: { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password } }, NOW, {
      scrypt: E2E_SCRYPT,
    });
    const { db } = unlockWithPassword(vaultPaths(dir), ADMIN.username, ADMIN.password, { scrypt: E2E_SCRYPT });
    try {
      generateDemo(db, { persons: 300, seed: 'readme', at: '2026-03-01', now: NOW, actor: opsFor(db, NOW, { userId: 1, username: ADMIN.username, displayName: ADMIN.displayName }).actor });
    } finally {
      db.close();
    }
    // A county supervisor's keys, so that the station has a recipient and a bundle sent.
    const supDir = mkdtempSync(join(tmpdir(), 'haven-shots-sup-'));
    createVault(vaultPaths(supDir), { station: { code: 'SUP-NJ', name: '南京市玄武区禁毒办', mode: 'supervisor' }, admin: { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password } }, NOW, {
      scrypt: E2E_SCRYPT,
    });
    const sup = unlockWithPassword(vaultPaths(supDir), ADMIN.username, ADMIN.password, { scrypt: E2E_SCRYPT });
    let supKeys: ReturnType<typeof keySheet>;
    try {
      supKeys = keySheet(opsFor(sup.db, NOW, { userId: 1, username: ADMIN.username, displayName: ADMIN.displayName }));
    } finally {
      sup.db.close();
      rmSync(supDir, { recursive: true, force: true });
    }
    const browser = await launchBrowser();
    const h = await startHarness({ browser, dataDir: dir, viewport: { width: 1366, height: 768 } });
    const { page } = h;
    const shot = async (name: string) => {
      // The pointer away from any control, loaders gone, then the picture.
      await page.mouse.move(1360, 760);
      await expect.poll(() => page.locator('.mantine-Loader-root').count(), { timeout: 30_000 }).toBe(0);
      const path = join(out, `${name}.png`);
      await page.screenshot({ path });
      return statSync(path).size;
    };
    try {
      const sizes: Record<string, number> = {};
      await h.open();
      await page.getByTestId('login-form').waitFor();
      await page.getByTestId('login-username').fill(ADMIN.username);
      sizes.login = await shot('login');
      await logIn(page, ADMIN.username, ADMIN.password);
      await page.getByTestId('station-name').waitFor();
      await page.getByTestId('nav-dashboard').waitFor();
      sizes.dashboard = await shot('dashboard');

      await page.getByTestId('nav-worklist').click();
      await page.getByTestId('worklist-row-station').first().waitFor({ state: 'attached' }).catch(() => undefined);
      await page.locator('main table tbody tr').first().waitFor();
      sizes.worklist = await shot('worklist');

      await page.getByTestId('nav-persons').click();
      await page.getByTestId('person-row').first().waitFor();
      sizes.persons = await shot('persons');

      const call = async <T>(channel: string, input: unknown): Promise<T> => {
        const r = await h.core.invoke(channel, input);
        if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
        return r.value as T;
      };
      const personId = (await call<PersonListPage>('persons:list', { measureStatus: 'active', riskLevel: 'high', limit: 1 })).rows[0]!.id;
      await h.open(`/persons/${personId}/supervision/tests`);
      await page.getByTestId('person-file').waitFor();
      sizes['person-file'] = await shot('person-file');

      const recipient = await call<{ id: number }>('bundles:addRecipient', { name: '', recipient: supKeys.recipientFile, confirmFingerprint: supKeys.recipientFingerprint });
      const made = await call<{ jobId: string }>('bundles:export', { recipientId: recipient.id, kind: 'full' });
      await call('bundles:confirmSaved', { jobId: made.jobId });
      await h.open('/transfer');
      await page.getByTestId('transfer-page').waitFor();
      sizes.bundles = await shot('bundles');

      await h.open('/settings/backups');
      await page.getByTestId('backups-panel').waitFor();
      sizes.settings = await shot('settings');

      await h.open('/guide?section=command-line');
      await page.getByTestId('guide-page').waitFor();
      sizes.guide = await shot('guide');

      for (const [name, size] of Object.entries(sizes)) expect(size, name).toBeLessThan(200_000);
    } finally {
      await h.close();
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
