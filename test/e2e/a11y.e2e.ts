import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { Harness } from './harness';
import { ADMIN, confirmRecoveryKey, logIn, setUpStation } from './flows';
import { useHarness } from './support';
import { axeProblems } from './axe';

/**
 * axe-core on every main screen, in both languages: no critical and no serious violation of WCAG
 * 2.1 A/AA (test/e2e/axe.ts). Screens full of data: a11yRich.e2e.ts.
 */
async function call<T = unknown>(h: Harness, channel: string, input: unknown): Promise<T> {
  const result = await h.core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function go(page: Page, hash: string, testId: string): Promise<void> {
  await page.evaluate((target) => {
    window.location.hash = target;
  }, hash);
  await page.getByTestId(testId).first().waitFor();
}

for (const locale of ['zh-CN', 'en'] as const) {
  describe(`accessibility (axe-core, WCAG 2.1 AA) — ${locale}`, () => {
    const harness = useHarness({ locale, viewport: { width: 1366, height: 768 } });

    it('setup, login, dashboard, worklist, persons, a file and its tabs, forms, reports, transfer and settings: no critical or serious violation', async () => {
      const h = harness();
      const { page } = h;
      const problems: string[] = [];
      await h.open();
      await page.getByTestId('setup-form').waitFor();
      problems.push(...(await axeProblems(page, 'setup')));
      await confirmRecoveryKey(page, await setUpStation(page));
      await page.getByTestId('login-form').waitFor();
      problems.push(...(await axeProblems(page, 'login')));
      await logIn(page, ADMIN.username, ADMIN.password);
      await page.getByTestId('station-name').waitFor();

      const { personId } = await call<{ personId: number }>(h, 'persons:create', {
        person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231), phone: '13912345678' },
      });
      const measure = await call<{ id: number }>(h, 'measures:create', {
        personId,
        decision: { kind: 'community_detox', decisionNumber: '宁公决字〔2026〕1号', decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36 },
      });
      await call(h, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-01-05' });

      const screens: [string, string, string][] = [
        ['dashboard', '/', 'station-name'],
        ['worklist', '/worklist', 'station-name'],
        ['persons', '/persons', 'person-row'],
        ['new file form', '/persons/new', 'person-form'],
        ['reports', '/reports', 'station-name'],
        ['transfer', '/transfer', 'station-name'],
        ['settings account', '/settings/account', 'change-password-form'],
        ['settings users', '/settings/users', 'users-table'],
        ['settings security', '/settings/security', 'station-name'],
        ['settings backups', '/settings/backups', 'restore-panel'],
        ['settings audit', '/settings/audit', 'station-name'],
      ];
      for (const tab of ['info', 'measures', 'group', 'supervision', 'agreements', 'care', 'attachments', 'timeline']) {
        screens.push([`file ${tab}`, `/persons/${personId}/${tab}`, 'person-file']);
      }
      for (const [name, hash, testId] of screens) {
        await go(page, hash, testId);
        // Let the screen's own loads finish (the loaders leave), then check it.
        await page.waitForLoadState('domcontentloaded');
        await expect.poll(() => page.locator('.mantine-Loader-root').count()).toBe(0);
        problems.push(...(await axeProblems(page, name)));
      }

      // A form dialog.
      await go(page, `/persons/${personId}/supervision/contacts`, 'add-contact');
      await page.getByTestId('add-contact').click();
      await page.getByTestId('contact-form').waitFor();
      problems.push(...(await axeProblems(page, 'contact dialog')));

      expect(problems).toEqual([]);
    });
  });
}
