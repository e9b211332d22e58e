import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { Harness } from './harness';
import { setUpAndLogIn } from './flows';
import { useHarness } from './support';

/** 待办: each alert kind touched here is cleared through its own row action, for the right person. */
const harness = useHarness();

async function call<T = unknown>(h: Harness, channel: string, input: unknown): Promise<T> {
  const result = await h.core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** A person under community detox, reported in 2026-01-05 (today is 2026-03-02): no agreement signed, no risk assessed. */
async function activePerson(h: Harness, name: string, serial: number): Promise<number> {
  const { personId } = await call<{ personId: number }>(h, 'persons:create', { person: { name, idNumber: composeIdNumber('320102', '1988-05-17', serial) } });
  const measure = await call<{ id: number }>(h, 'measures:create', {
    personId,
    decision: { kind: 'community_detox', decisionNumber: `宁公决字〔2026〕${serial}号`, decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36 },
  });
  await call(h, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-01-05' });
  return personId;
}

const row = (page: Page, ruleId: string, personId: number) => page.locator(`[data-testid="worklist-row"][data-rule="${ruleId}"][data-person-id="${personId}"]`);

/** With HAVEN_E2E_SHOTS set, leaves a picture of the page in test-results/ (to look at, not compared). */
async function shot(page: Page, name: string): Promise<void> {
  if (!process.env.HAVEN_E2E_SHOTS) return;
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/${name}.png` });
}

async function choose(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('worklist actions', () => {
  it('协议未签订 → 签订协议 opens the person\'s agreements; 风险评估 → 进行风险评估 opens the assessment; both rows clear; the violation dialog names the person', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    const other = await activePerson(h, '钱八', 233);
    const personId = await activePerson(h, '孙九', 231);

    // 协议未签订: the row's action leads to this person's agreements, where it is generated and signed.
    await h.open('/worklist');
    const agreement = row(page, 'agreement_missing', personId);
    await agreement.waitFor();
    expect(await row(page, 'agreement_missing', other).count()).toBe(1);
    await shot(page, 'worklist-actions');
    const sign = agreement.getByTestId('worklist-act');
    await expect(sign.getAttribute('data-action')).resolves.toBe('agreement');
    await expect(sign.innerText()).resolves.toBe('签订协议');
    await sign.click();
    await page.waitForURL(`**/persons/${personId}/agreements`);
    await page.getByTestId('agreement-generate').click();
    await page.locator('[data-testid=measure-agreement][data-status=draft]').waitFor();
    await page.getByTestId('agreement-sign').click();
    await page.getByTestId('sign-form').waitFor();
    await page.getByTestId('sign-date').fill('2026-03-02');
    await page.getByTestId('sign-date').press('Tab');
    await page.getByTestId('sign-submit').click();
    await page.locator('[data-testid=measure-agreement][data-status=signed]').waitFor();
    await h.open('/worklist');
    await row(page, 'reassessment_due', personId).waitFor();
    expect(await row(page, 'agreement_missing', personId).count()).toBe(0);
    expect(await row(page, 'agreement_missing', other).count()).toBe(1);

    // 风险评估: the row's action opens this person's risk assessment.
    const risk = row(page, 'reassessment_due', personId).getByTestId('worklist-act');
    await expect(risk.getAttribute('data-action')).resolves.toBe('risk');
    await expect(risk.innerText()).resolves.toBe('进行风险评估');
    await risk.click();
    await page.waitForURL(`**/persons/${personId}/care/risk`);
    await page.getByTestId('add-risk').click();
    await page.getByTestId('risk-form').waitFor();
    await choose(page, 'risk-factor-drugType', '阿片类（3 分）');
    await choose(page, 'risk-factor-severity', '成瘾（2 分）');
    await choose(page, 'risk-factor-behaviour', '情绪不稳、不够配合（3 分）');
    await choose(page, 'risk-factor-family', '家庭关系紧张（2 分）');
    await choose(page, 'risk-factor-employment', '无业（2 分）');
    await page.getByTestId('risk-suggestion').waitFor();
    await page.getByTestId('risk-submit').click();
    await page.getByTestId('risk-form').waitFor({ state: 'detached' });
    await h.open('/worklist');
    await row(page, 'reassessment_due', other).waitFor();
    expect(await row(page, 'reassessment_due', personId).count()).toBe(0);

    // 打开相关记录 opens the tab where the rule's records are (a due test: the tests).
    const testDue = page.locator(`[data-testid="worklist-row"][data-person-id="${personId}"][data-rule^="test_"]`).first();
    await testDue.getByTestId('worklist-more').click();
    await page.getByTestId('worklist-open-supervision').click();
    await page.waitForURL(`**/persons/${personId}/supervision/tests`);
    await page.getByTestId('tests-panel').waitFor();

    // A serious breach: the violation dialog opened from 待办 says whom it is for.
    for (const date of ['2026-01-20', '2026-02-10', '2026-03-01']) {
      await call(h, 'tests:create', { personId, test: { date, sample: 'urine', mode: 'on_site', result: 'refused' } });
    }
    await h.open('/worklist');
    const breach = row(page, 'tests_refused', personId);
    await breach.waitFor();
    await breach.getByTestId('worklist-act').click();
    await page.getByTestId('violation-form').waitFor();
    await expect(page.getByRole('dialog').locator('.mantine-Modal-title').innerText()).resolves.toBe('登记违反协议：孙九');
    await shot(page, 'worklist-violation-named');
  });
});
