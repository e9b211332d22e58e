import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
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

/**
 * What this file does not test is set up through the core: a person under community detox,
 * decision delivered 2026-01-01, reported in 2026-01-05 (today is 2026-03-02).
 */
async function activePerson(h: Harness, name = '张三'): Promise<number> {
  const { personId } = await call<{ personId: number }>(h, 'persons:create', {
    person: { name, idNumber: composeIdNumber('320102', '1988-05-17', 231) },
  });
  const measure = await call<{ id: number }>(h, 'measures:create', {
    personId,
    decision: {
      kind: 'community_detox',
      decisionNumber: '宁公决字〔2026〕1号',
      decisionAuthority: '玄武分局',
      decisionDate: '2025-12-30',
      deliveryDate: '2026-01-01',
      termMonths: 36,
    },
  });
  await call(h, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-01-05' });
  return personId;
}

/** Opens a route of the running app (the session stays with the core). */
async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((target) => {
    window.location.hash = target;
  }, hash);
}

async function fillDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(date);
  await input.press('Tab');
}

async function choose(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function submitAndWait(page: Page, formTestId: string, submitTestId: string): Promise<void> {
  await page.getByTestId(submitTestId).click();
  await page.getByTestId(formTestId).waitFor({ state: 'detached' });
}

function alertRow(page: Page, ruleId: string): Locator {
  return page.locator(`[data-testid="alert-row"][data-rule="${ruleId}"]`);
}

/** With HAVEN_E2E_SHOTS set, leaves a picture of the page in test-results/ (to look at, not compared). */
async function shot(page: Page, name: string): Promise<void> {
  if (!process.env.HAVEN_E2E_SHOTS) return;
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}

describe('supervision', () => {
  it('leave: request → approve → past its end without check-in it is on 待办 → 销假 from 待办 clears it and records the extra days', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    const personId = await activePerson(h);

    await go(page, `/supervision/${personId}/leaves`);
    await page.getByTestId('leaves-panel').waitFor();
    await expect(page.getByTestId('person-name-title').innerText()).resolves.toBe('张三');
    await expect(page.getByTestId('leave-mode').innerText()).resolves.toBe('本站请假需审批');

    await page.getByTestId('add-leave').click();
    await page.getByTestId('leave-form').waitFor();
    await page.getByTestId('leave-reason').fill('探望生病住院的母亲');
    await page.getByTestId('leave-province').fill('安徽省');
    await page.getByTestId('leave-city').fill('合肥市');
    await page.getByTestId('leave-county').fill('蜀山区');
    await fillDate(page, 'leave-start', '2026-03-03');
    await fillDate(page, 'leave-end', '2026-03-07');
    await expect(page.getByTestId('leave-days').innerText()).resolves.toContain('共 5 天');
    await submitAndWait(page, 'leave-form', 'leave-submit');
    const row = page.getByTestId('leave-row');
    await expect.poll(() => row.getAttribute('data-status')).toBe('requested');

    // Rejecting needs a reason; approving does not.
    await page.getByTestId('leave-decide').click();
    await page.getByTestId('leave-reject').click();
    await expect(page.getByTestId('leave-decision-form').innerText()).resolves.toContain('请填写原因');
    await page.getByTestId('leave-approve').click();
    await page.getByTestId('leave-decision-form').waitFor({ state: 'detached' });
    await expect.poll(() => row.getAttribute('data-status')).toBe('approved');
    await expect(row.getByTestId('leave-status').innerText()).resolves.toBe('已批准');

    // Two days after the end, with no return check-in.
    h.clock.set('2026-03-09T09:00:00+08:00');
    await go(page, '/worklist?group=leave');
    const overdue = page.locator('[data-testid="worklist-row"][data-rule="leave_overdue"]');
    await overdue.waitFor();
    await expect(overdue.getByTestId('worklist-person').innerText()).resolves.toBe('张三');
    await expect(overdue.getByTestId('worklist-sentence').innerText()).resolves.toBe('请假已于 2026-03-07 到期，未销假（逾期 2 天）');
    await expect(overdue.getByTestId('article').innerText()).resolves.toBe('《戒毒条例》第十九条');
    await expect(page.getByTestId('worklist-group-leave').innerText()).resolves.toContain('1');

    await overdue.getByTestId('worklist-act').click();
    await page.getByTestId('leave-return-form').waitFor();
    await expect(page.getByTestId('leave-return-form').innerText()).resolves.toContain('擅自离开执行地');
    await fillDate(page, 'leave-return-date', '2026-03-09');
    await expect(page.getByTestId('leave-return-late').innerText()).resolves.toContain('2 天');
    await page.getByTestId('leave-return-note').fill('火车晚点');
    await submitAndWait(page, 'leave-return-form', 'leave-return-submit');
    await page.getByTestId('worklist-empty').waitFor();
    expect(await page.locator('[data-testid="worklist-row"][data-rule="leave_overdue"]').count()).toBe(0);

    // The person's record: returned, and the two late days are an unauthorized absence.
    await go(page, `/supervision/${personId}/leaves`);
    await expect.poll(() => page.getByTestId('leave-row').getAttribute('data-status')).toBe('returned');
    expect(await alertRow(page, 'leave_overdue').count()).toBe(0);
    await page.getByTestId('file-subtab-absences').click();
    const absence = page.getByTestId('absence-row');
    await absence.waitFor();
    await expect(absence.innerText()).resolves.toMatch(/2026-03-08[\s\S]*2026-03-09[\s\S]*2[\s\S]*请假逾期未归/);
  });

  it('three refused or missed tests → serious-breach alert citing 《戒毒条例》第二十条 → violation from the alert → police report clears it', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    const personId = await activePerson(h, '李四');

    await go(page, `/supervision/${personId}/tests`);
    await page.getByTestId('tests-panel').waitFor();
    const results: [string, string][] = [
      ['2026-01-20', '拒绝检测'],
      ['2026-02-10', '未按时检测'],
      ['2026-03-01', '拒绝检测'],
    ];
    for (const [date, result] of results) {
      await page.getByTestId('add-test').click();
      await page.getByTestId('test-form').waitFor();
      await fillDate(page, 'test-date', date);
      await choose(page, 'test-result-select', result);
      // Substances are asked for only for a positive result.
      expect(await page.getByTestId('test-substances').count()).toBe(0);
      await submitAndWait(page, 'test-form', 'test-submit');
    }
    await expect.poll(() => page.getByTestId('test-row').count()).toBe(3);

    const breach = alertRow(page, 'tests_refused');
    await breach.waitFor();
    await expect(breach.getByTestId('alert-sentence').innerText()).resolves.toBe('逃避或拒绝检测 3 次，属严重违反协议，应报告公安机关');
    await expect(breach.getByTestId('article').innerText()).resolves.toBe('《戒毒条例》第二十条');
    await expect(breach.getByTestId('severity-badge').innerText()).resolves.toBe('紧急');

    // 工作台 emphasises it and leads to the same alert on 待办.
    await go(page, '/');
    const card = page.getByTestId('dashboard-card-serious_breach');
    await expect.poll(() => card.getAttribute('data-count')).toBe('1');
    await expect(card.getAttribute('data-tone')).resolves.toBe('critical');
    await expect(page.getByTestId('dashboard-as-of').innerText()).resolves.toBe('截至 2026-03-02');
    await card.click();
    const listed = page.locator('[data-testid="worklist-row"][data-rule="tests_refused"]');
    await listed.waitFor();
    await expect(listed.getByTestId('article').innerText()).resolves.toBe('《戒毒条例》第二十条');

    // Answer it: a violation prefilled from the alert (the core makes it serious and keeps the rule).
    await listed.getByTestId('worklist-more').click();
    await page.getByTestId('worklist-open-supervision').click();
    await breach.waitFor();
    await breach.getByTestId('alert-act').click();
    await page.getByTestId('violation-from-alert').waitFor();
    await expect(page.getByTestId('violation-description').inputValue()).resolves.toContain('逃避或拒绝检测 3 次');
    await fillDate(page, 'violation-date', '2026-03-02');
    await submitAndWait(page, 'violation-form', 'violation-submit');

    const unreported = alertRow(page, 'violation_unreported');
    await unreported.waitFor();
    expect(await breach.count()).toBe(0);
    await expect(unreported.getByTestId('article').innerText()).resolves.toBe('《戒毒条例》第二十一条');
    await unreported.getByTestId('alert-act').click();
    await page.getByTestId('police-report-form').waitFor();
    await fillDate(page, 'police-date', '2026-03-02');
    await page.getByTestId('police-to').fill('玄武分局禁毒大队');
    await submitAndWait(page, 'police-report-form', 'police-submit');
    await expect.poll(() => unreported.count()).toBe(0);

    await page.getByTestId('file-subtab-violations').click();
    const violation = page.getByTestId('violation-row');
    await violation.waitFor();
    await expect(violation.getAttribute('data-severity')).resolves.toBe('serious');
    await expect(violation.innerText()).resolves.toContain('《戒毒条例》第二十条');
    await expect(violation.getByTestId('police-reported').innerText()).resolves.toContain('玄武分局禁毒大队');
  });

  it('更正 from the row menu: a test corrected with a reason leaves old and new values in the audit and clears its alert; 删除（录入错误） asks for a reason', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    const personId = await activePerson(h, '周七');
    await call(h, 'tests:create', { personId, test: { date: '2026-03-01', sample: 'urine', mode: 'on_site', result: 'positive', substances: ['methamphetamine'], tester: '李社工' } });
    await call(h, 'contacts:create', { personId, contact: { date: '2026-02-20', kind: 'phone', staff: '李社工', summary: '电话了解近况' } });

    await go(page, `/supervision/${personId}/tests`);
    const row = page.getByTestId('test-row');
    await row.waitFor();
    await alertRow(page, 'positive_test').waitFor();
    // No red remove button on the row: one menu holds 更正 and 删除（录入错误）.
    expect(await row.getByRole('button', { name: '删除', exact: true }).count()).toBe(0);
    await row.getByTestId('record-menu').click();
    await page.getByTestId('correct-test').click();
    const form = page.getByTestId('test-form');
    await form.waitFor();
    await expect(page.getByRole('dialog').getByText('更正检测记录').first().isVisible()).resolves.toBe(true);
    await choose(page, 'test-result-select', '阴性');
    // Without a reason nothing is saved.
    await page.getByTestId('test-submit').click();
    await form.getByText('请填写原因（至少 2 个字）。').waitFor();
    await shot(page, 'correct-test-form');
    await page.getByTestId('correct-reason').fill('复核结果为阴性，原录入错误');
    await submitAndWait(page, 'test-form', 'test-submit');
    await expect.poll(() => row.innerText()).toContain('阴性');
    await expect.poll(() => alertRow(page, 'positive_test').count()).toBe(0);
    const audit = await call<{ action: string; details: Record<string, unknown> }[]>(h, 'audit:list', { limit: 50 });
    expect(audit.find((e) => e.action === 'tests.correct')?.details).toEqual({
      testId: expect.any(Number),
      reason: '复核结果为阴性，原录入错误',
      changes: { result: { from: 'positive', to: 'negative' }, substances: { from: ['methamphetamine'], to: [] } },
    });

    // A talk: corrected the same way.
    await page.getByTestId('file-subtab-contacts').click();
    const contact = page.getByTestId('contact-row');
    await contact.waitFor();
    await contact.getByTestId('record-menu').click();
    await page.getByTestId('correct-contact').click();
    await page.getByTestId('contact-form').waitFor();
    await page.getByTestId('contact-summary').fill('电话了解近况，已找到工作');
    await page.getByTestId('correct-reason').fill('补充谈话内容');
    await submitAndWait(page, 'contact-form', 'contact-submit');
    await expect.poll(() => contact.innerText()).toContain('已找到工作');

    // 删除（录入错误）: behind a confirmation with a reason.
    await contact.getByTestId('record-menu').click();
    await page.getByTestId('remove-contact').click();
    await page.getByTestId('reason-form').waitFor();
    await shot(page, 'remove-contact-confirm');
    await page.getByTestId('reason-input').fill('录到了别人的档案');
    await submitAndWait(page, 'reason-form', 'reason-submit');
    await expect.poll(() => contact.count()).toBe(0);
    const actions = (await call<{ action: string }[]>(h, 'audit:list', { limit: 50 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['contacts.correct', 'contacts.remove']));
  });

  it('dismissing an alert needs a reason; 显示已忽略 shows it with the reason', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    await activePerson(h, '王五');

    await go(page, '/worklist?group=tests');
    const row = page.locator('[data-testid="worklist-row"][data-rule="test_overdue"]');
    await row.waitFor();
    await row.getByTestId('worklist-more').click();
    await page.getByTestId('worklist-dismiss').click();
    await page.getByTestId('reason-form').waitFor();
    await page.getByTestId('reason-submit').click();
    await expect(page.getByTestId('reason-form').innerText()).resolves.toContain('请填写原因');
    await page.getByTestId('reason-input').fill('已在外地检测，报告待补');
    await submitAndWait(page, 'reason-form', 'reason-submit');
    await page.getByTestId('worklist-empty').waitFor();

    await page.getByTestId('worklist-show-dismissed').check();
    await row.waitFor();
    await expect(row.getAttribute('data-dismissed')).resolves.toBe('true');
    await expect(row.getByTestId('worklist-dismissed').innerText()).resolves.toContain('已在外地检测，报告待补');
  });

  it('督导计划: without required approval a leave is registered as a written report and can be checked in at once', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    const personId = await activePerson(h, '赵六');

    await go(page, '/settings/schedules');
    await page.getByTestId('schedules-form').waitFor();
    await page.getByTestId('schedules-leave-approval').uncheck();
    await page.getByTestId('testIntervals-high-0').fill('20');
    await page.getByTestId('schedules-save').click();
    await expect.poll(async () => (await call<{ leaveApprovalRequired: boolean }>(h, 'schedules:get', {})).leaveApprovalRequired).toBe(false);
    expect((await call<{ testIntervals: { high: number[] } }>(h, 'schedules:get', {})).testIntervals.high).toEqual([20, 30, 30]);

    await go(page, `/supervision/${personId}/leaves`);
    await expect(page.getByTestId('leave-mode').innerText()).resolves.toBe('本站实行书面报告');
    await page.getByTestId('add-leave').click();
    await page.getByTestId('leave-form').waitFor();
    await page.getByTestId('leave-reason').fill('外出务工');
    await page.getByTestId('leave-province').fill('浙江省');
    await fillDate(page, 'leave-start', '2026-02-20');
    await fillDate(page, 'leave-end', '2026-02-25');
    await submitAndWait(page, 'leave-form', 'leave-submit');
    const row = page.getByTestId('leave-row');
    await expect.poll(() => row.getAttribute('data-status')).toBe('registered');
    expect(await row.getByTestId('leave-decide').count()).toBe(0);
    await row.getByTestId('leave-check-in').click();
    await fillDate(page, 'leave-return-date', '2026-02-25');
    expect(await page.getByTestId('leave-return-late').count()).toBe(0);
    await submitAndWait(page, 'leave-return-form', 'leave-return-submit');
    await expect.poll(() => row.getAttribute('data-status')).toBe('returned');
  });
  it('正当理由: a late report-in with a good reason and a missed test answered by one do not count; a serious breach cannot be dismissed', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    const { personId } = await call<{ personId: number }>(h, 'persons:create', {
      person: { name: '孙七', idNumber: composeIdNumber('320102', '1990-07-01', 457) },
    });
    await call(h, 'measures:create', {
      personId,
      decision: {
        kind: 'community_detox',
        decisionNumber: '宁公决字〔2026〕7号',
        decisionAuthority: '玄武分局',
        decisionDate: '2025-12-30',
        deliveryDate: '2026-01-01',
        termMonths: 36,
      },
    });

    // Report-in four days after the 15 days (deadline 2026-01-16), with a good reason.
    await go(page, `/persons/${personId}/measures`);
    await page.getByTestId('measure-action-report_in').click();
    await page.getByTestId('transition-form').waitFor();
    await fillDate(page, 'transition-date', '2026-01-20');
    const warning = page.getByTestId('late-report-in-warning');
    await expect(warning.innerText()).resolves.toContain('视为拒绝接受措施');
    await warning.getByTestId('transition-has-good-reason').check();
    await page.getByTestId('good-reason-reason').fill('因病住院治疗，有医院出具的证明');
    await page.getByTestId('good-reason-decided-by').fill('社区民警 李某');
    await expect(page.getByTestId('good-reason-decided-on').inputValue()).resolves.toBe('2026-03-02');
    await submitAndWait(page, 'transition-form', 'transition-submit');
    const late = page.getByTestId('late-report-in');
    await late.waitFor();
    await expect(late.innerText()).resolves.toContain('逾期报到：应于 2026-01-16 前，实际 2026-01-20');
    await late.getByTestId('good-reason-badge').waitFor();
    await expect.poll(() => late.getByTestId('report-in-good-reason').count()).toBe(0);
    // The alerts panel reloads after the change: wait for it rather than read it at once.
    await expect.poll(() => alertRow(page, 'report_in_overdue').count()).toBe(0);
    await shot(page, 'good-reason-measure-card');

    // A missed test, then its good reason through the tests panel.
    await call(h, 'tests:create', { personId, test: { date: '2026-02-10', sample: 'urine', mode: 'on_site', result: 'missed' } });
    await go(page, `/persons/${personId}/supervision/tests`);
    const missed = page.getByTestId('test-row');
    await missed.waitFor();
    await missed.getByTestId('test-good-reason').click();
    const form = page.getByTestId('good-reason-form');
    await form.waitFor();
    await expect(page.getByRole('dialog').innerText()).resolves.toContain('孙七');
    await expect(form.innerText()).resolves.toContain('第十四条');
    await page.getByTestId('good-reason-submit').click();
    await expect(form.innerText()).resolves.toContain('请填写原因');
    await page.getByTestId('good-reason-reason').fill('当天在医院陪护住院的母亲，已电话请假');
    await page.getByTestId('good-reason-decided-by').fill('站长 王某');
    await submitAndWait(page, 'good-reason-form', 'good-reason-submit');
    await missed.getByTestId('good-reason-badge').waitFor();
    await expect.poll(() => missed.getByTestId('test-good-reason').count()).toBe(0);

    // A positive test is a serious breach: it waits for the police report and cannot be dismissed.
    await call(h, 'tests:create', { personId, test: { date: '2026-02-20', sample: 'urine', mode: 'on_site', result: 'positive', substances: ['methamphetamine'], tester: '王站长' } });
    await go(page, '/persons');
    await page.getByTestId('new-person').waitFor();
    await go(page, `/persons/${personId}/supervision/tests`);
    await expect.poll(() => page.getByTestId('test-row').count()).toBe(2);
    const positive = page.getByTestId('test-row').first();
    await expect(positive.getByTestId('test-result').innerText()).resolves.toBe('阳性');
    // 《吸毒检测程序规定》: one tester, no female collector said, no A/B samples — warned, not refused.
    await expect.poll(() => positive.getByTestId('test-procedure-warning').count()).toBe(2);
    await positive.getByTestId('test-good-reason').waitFor();
    await shot(page, 'good-reason-tests-panel');
    const breachAlert = alertRow(page, 'positive_test');
    await breachAlert.waitFor();
    expect(await breachAlert.getByTestId('alert-dismiss').count()).toBe(0);
    await expect(breachAlert.getByTestId('breach-escalated').innerText()).resolves.toBe('超过报告时限');

    await go(page, '/worklist?group=serious_breach');
    const row = page.locator('[data-testid="worklist-row"][data-rule="positive_test"]');
    await row.waitFor();
    await expect(row.getByTestId('breach-waiting-days').innerText()).resolves.toMatch(/已等待 \d+ 天/);
    await row.getByTestId('worklist-more').click();
    await page.getByTestId('worklist-open-file').waitFor();
    expect(await page.getByTestId('worklist-dismiss').count()).toBe(0);
    await page.keyboard.press('Escape');

    await go(page, '/');
    await expect.poll(() => page.getByTestId('dashboard-escalated').getAttribute('data-count')).toBe('1');
  });
});
