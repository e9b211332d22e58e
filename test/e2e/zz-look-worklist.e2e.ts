import { describe, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { Harness } from './harness';
import { setUpAndLogIn } from './flows';
import { useHarness } from './support';
import { axeProblems } from './axe';

const harness = useHarness({ viewport: { width: 1366, height: 768 } });
async function call<T = unknown>(h: Harness, channel: string, input: unknown): Promise<T> {
  const result = await h.core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}
describe('look', () => {
  it('menu html', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    const { personId } = await call<{ personId: number }>(h, 'persons:create', { person: { name: '周一', idNumber: composeIdNumber('320102', '1988-05-17', 241) } });
    const m = await call<{ id: number }>(h, 'measures:create', { personId, decision: { kind: 'community_detox', decisionNumber: '宁公决字〔2026〕1号', decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36 } });
    await call(h, 'measures:transition', { measureId: m.id, action: 'report_in', date: '2026-01-05' });
    await h.open('/worklist');
    await page.getByTestId('worklist-row').first().waitFor();
    await page.getByTestId('worklist-more').first().click();
    await page.getByRole('menu').waitFor();
    await page.waitForTimeout(500);
    console.log(await page.getByRole('menu').evaluate((e) => e.outerHTML));
    console.log((await axeProblems(page, 'menu')).join('\n'));
  });
});
