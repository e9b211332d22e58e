import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { Harness } from './harness';
import { setUpAndLogIn } from './flows';
import { useHarness } from './support';

const harness = useHarness();
async function call<T = unknown>(h: Harness, channel: string, input: unknown): Promise<T> {
  const result = await h.core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

describe('tmp', () => {
  it('notice', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    const { personId } = await call<{ personId: number }>(h, 'persons:create', { person: { name: '钱一', idNumber: composeIdNumber('320102', '1985-02-03', 12) } });
    const m = await call<{ id: number }>(h, 'measures:create', {
      personId,
      decision: { kind: 'community_rehab', decisionNumber: '宁公康字1号', decisionAuthority: '玄武分局', decisionDate: '2024-01-01', deliveryDate: '2024-01-01', termMonths: 24 },
    });
    await call(h, 'measures:transition', { measureId: m.id, action: 'report_in', date: '2024-01-05' });
    await page.evaluate(() => { window.location.hash = '/settings/schedules'; });
    await page.getByTestId('schedules-police-report-hours').waitFor();
    await page.screenshot({ path: 'test-results/tmp-schedules.png', fullPage: true });
    await page.evaluate((id) => { window.location.hash = `/persons/${id}/measures`; }, personId);
    await page.getByTestId('discharge-notice-missing').waitFor();
    await page.getByTestId('measure-action-complete').click();
    await page.getByTestId('transition-has-notice').check();
    await page.screenshot({ path: 'test-results/tmp-complete.png', fullPage: true });
    await page.getByRole('button', { name: '取消' }).click();
    await page.getByTestId('record-discharge-notice').click();
    await page.getByTestId('notice-number').fill('宁公解字〔2026〕3号');
    await page.getByTestId('discharge-notice-submit').click();
    await page.getByTestId('discharge-notice').waitFor();
    await expect(page.getByTestId('discharge-notice').innerText()).resolves.toContain('宁公解字');
    await page.screenshot({ path: 'test-results/tmp-notice.png', fullPage: true });
  });
});
