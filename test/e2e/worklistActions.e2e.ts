import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { setUpAndLogIn } from './flows';
import { useHarness } from './support';
import { activePerson, call, choose, dialogTitle, row, shot } from './worklistSupport';

/** 待办: each alert kind touched here is cleared through its own row action, for the right person. */
const harness = useHarness();

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

    // 风险评估: the row's action opens the assessment in a dialog named for this person.
    const risk = row(page, 'reassessment_due', personId).getByTestId('worklist-act');
    await expect(risk.getAttribute('data-action')).resolves.toBe('risk');
    await expect(risk.innerText()).resolves.toBe('进行风险评估');
    await risk.click();
    await page.getByTestId('risk-form').waitFor();
    await expect(dialogTitle(page)).resolves.toBe('新的风险评估：孙九');
    await choose(page, 'risk-factor-drugType', '阿片类（3 分）');
    await choose(page, 'risk-factor-severity', '成瘾（2 分）');
    await choose(page, 'risk-factor-behaviour', '情绪不稳、不够配合（3 分）');
    await choose(page, 'risk-factor-family', '家庭关系紧张（2 分）');
    await choose(page, 'risk-factor-employment', '无业（2 分）');
    await page.getByTestId('risk-suggestion').waitFor();
    await page.getByTestId('risk-submit').click();
    await page.getByTestId('risk-form').waitFor({ state: 'detached' });
    await row(page, 'reassessment_due', other).waitFor();
    await row(page, 'reassessment_due', personId).waitFor({ state: 'detached' });

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
    await expect(dialogTitle(page)).resolves.toBe('登记违反协议：孙九');
    await shot(page, 'worklist-violation-named');
  });

  it('clears a due test, a report-in, an overdue leave, a term ended and an unreported violation from their rows, each in a dialog named for the person; a row with nothing to record says why in its menu', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    const tested = await activePerson(h, '周一', 241);
    // A woman with a test due too (the ID number's 17th digit is even).
    const woman = await activePerson(h, '林七', 252);
    // Delivered a week ago, not yet reported in.
    const { personId: pending } = await call<{ personId: number }>(h, 'persons:create', { person: { name: '吴二', idNumber: composeIdNumber('320102', '1990-02-11', 243) } });
    await call(h, 'measures:create', {
      personId: pending,
      decision: { kind: 'community_detox', decisionNumber: '宁公决字〔2026〕243号', decisionAuthority: '玄武分局', decisionDate: '2026-02-20', deliveryDate: '2026-02-23', termMonths: 36 },
    });
    // Leave that ended on 2026-02-27 with no return check-in.
    const away = await activePerson(h, '郑三', 245);
    const leave = await call<{ id: number }>(h, 'leaves:create', { personId: away, leave: { reason: '探亲', province: '安徽省', startDate: '2026-02-24', endDate: '2026-02-27' } });
    await call(h, 'leaves:decide', { leaveId: leave.id, decision: 'approve', note: '' });
    // 社区康复 of one month: the term ended on 2026-02-04; and one ending soon (informational).
    const ended = await call<{ personId: number }>(h, 'persons:create', { person: { name: '王四', idNumber: composeIdNumber('320102', '1985-07-01', 247) } });
    const endedMeasure = await call<{ id: number }>(h, 'measures:create', {
      personId: ended.personId,
      decision: { kind: 'community_rehab', decisionNumber: '宁公决字〔2026〕247号', decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 1 },
    });
    await call(h, 'measures:transition', { measureId: endedMeasure.id, action: 'report_in', date: '2026-01-05' });
    const ending = await call<{ personId: number }>(h, 'persons:create', { person: { name: '冯五', idNumber: composeIdNumber('320102', '1986-03-03', 249) } });
    const endingMeasure = await call<{ id: number }>(h, 'measures:create', {
      personId: ending.personId,
      decision: { kind: 'community_rehab', decisionNumber: '宁公决字〔2026〕249号', decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 2 },
    });
    await call(h, 'measures:transition', { measureId: endingMeasure.id, action: 'report_in', date: '2026-01-05' });
    // A serious violation recorded but not yet reported to the police.
    const violator = await activePerson(h, '陈六', 251);
    await call(h, 'violations:create', { personId: violator, violation: { date: '2026-03-01', severity: 'serious', description: '严重违反协议' } });

    await h.open('/worklist');
    const title = () => dialogTitle(page);

    // 登记检测 for a woman from her row: the dialog knows her gender, as it does on her file, and
    // reminds that a female staff member collects her urine.
    const womansTest = row(page, 'test_overdue', woman);
    await womansTest.waitFor();
    await womansTest.getByTestId('worklist-more').click();
    await page.getByTestId('worklist-menu-act').click();
    await page.getByTestId('test-form').waitFor();
    await expect(title()).resolves.toBe('登记检测：林七');
    expect(await page.getByTestId('test-form').innerText()).toContain('女性人员的尿液样本应由女性工作人员采集。');
    await page.getByTestId('test-form').getByRole('button', { name: '取消' }).click();
    await page.getByTestId('test-form').waitFor({ state: 'detached' });

    // 登记检测: today's date and the logged-in user as 检测人 are already filled in.
    const test = row(page, 'test_overdue', tested);
    await test.waitFor();
    await test.getByTestId('worklist-more').click();
    await page.getByTestId('worklist-menu-act').waitFor();
    await shot(page, 'worklist-menu-test');
    await page.getByTestId('worklist-menu-act').click();
    await page.getByTestId('test-form').waitFor();
    await expect(title()).resolves.toBe('登记检测：周一');
    await expect(page.getByTestId('test-date').inputValue()).resolves.toBe('2026-03-02');
    expect(await page.getByTestId('test-tester').inputValue()).not.toBe('');
    // A man's test asks nothing about the collector.
    expect(await page.getByTestId('test-collector-female').count()).toBe(0);
    await choose(page, 'test-result-select', '阴性');
    await page.getByTestId('test-submit').click();
    await page.getByTestId('test-form').waitFor({ state: 'detached' });
    await test.waitFor({ state: 'detached' });

    // 登记报到 for the person who has not reported in.
    const reportIn = row(page, 'report_in_due', pending);
    await reportIn.getByTestId('worklist-act').click();
    await page.getByTestId('transition-form').waitFor();
    await expect(title()).resolves.toBe('报到：吴二');
    await page.getByTestId('transition-submit').click();
    await page.getByTestId('transition-form').waitFor({ state: 'detached' });
    await reportIn.waitFor({ state: 'detached' });

    // 销假 for the leave past its end.
    const back = row(page, 'leave_overdue', away);
    await back.getByTestId('worklist-act').click();
    await page.getByTestId('leave-return-form').waitFor();
    await expect(title()).resolves.toBe('销假：郑三');
    await page.getByTestId('leave-return-submit').click();
    await page.getByTestId('leave-return-form').waitFor({ state: 'detached' });
    await back.waitFor({ state: 'detached' });

    // 期满解除 for the term that has ended.
    const term = row(page, 'term_ended', ended.personId);
    await term.getByTestId('worklist-act').click();
    await page.getByTestId('transition-form').waitFor();
    await expect(title()).resolves.toContain('王四');
    await page.getByTestId('transition-submit').click();
    await page.getByTestId('transition-form').waitFor({ state: 'detached' });
    await term.waitFor({ state: 'detached' });
    // … and then its police notice is due: 登记解除通知书, for the same person.
    await row(page, 'discharge_notice_missing', ended.personId).waitFor();

    // 报告公安机关 for the serious violation.
    const police = row(page, 'violation_unreported', violator);
    await police.getByTestId('worklist-act').click();
    await page.getByTestId('police-report-form').waitFor();
    await expect(title()).resolves.toContain('陈六');
    await page.getByTestId('police-to').fill('玄武分局禁毒大队');
    await page.getByTestId('police-submit').click();
    await page.getByTestId('police-report-form').waitFor({ state: 'detached' });
    await police.waitFor({ state: 'detached' });

    // 期满前提醒: nothing to record yet; the menu says so instead of offering a dead button.
    const soon = row(page, 'term_ending', ending.personId);
    expect(await soon.getByTestId('worklist-act').count()).toBe(0);
    await soon.getByTestId('worklist-more').click();
    const info = page.getByTestId('worklist-menu-info');
    await info.waitFor();
    expect(await info.innerText()).toContain('现在无需登记');
    await shot(page, 'worklist-menu-info');
    await page.keyboard.press('Escape');
  });

  it('leaving 新建档案 with typed input asks first (sidebar, Ctrl+F, back); so does going back behind a dialog with typed input', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    await h.open('/persons/new');
    await page.getByTestId('person-form').waitFor();
    await page.getByTestId('nav-worklist').click();
    // Nothing typed: it leaves.
    await page.getByTestId('worklist-page').waitFor();
    await h.open('/persons/new');
    await page.getByTestId('person-form').waitFor();
    await page.getByLabel('姓名').first().fill('林七');

    await page.getByTestId('nav-worklist').click();
    await page.getByTestId('leave-stay').waitFor();
    await shot(page, 'leave-confirm');
    await page.getByTestId('leave-stay').click();
    await page.getByTestId('leave-stay').waitFor({ state: 'detached' });
    expect(page.url()).toContain('/persons/new');
    await expect(page.getByLabel('姓名').first().inputValue()).resolves.toBe('林七');

    await page.keyboard.press('Control+f');
    await page.getByTestId('leave-stay').waitFor();
    await page.getByTestId('leave-stay').click();
    await page.goBack();
    await page.getByTestId('leave-stay').waitFor();
    await page.getByTestId('leave-stay').click();
    await page.getByTestId('leave-stay').waitFor({ state: 'detached' });
    expect(page.url()).toContain('/persons/new');

    await page.getByTestId('nav-persons').click();
    await page.getByTestId('leave-confirm-button').click();
    await page.waitForURL('**/persons');

    // A dialog with typed input: the browser's back asks too, and staying keeps the text.
    const personId = await activePerson(h, '林八', 253);
    // Moved within the app (as a user does), so there is a page to go back to.
    await page.getByTestId('nav-worklist').click();
    await row(page, 'contact_overdue', personId).getByTestId('worklist-act').click();
    await page.getByTestId('contact-form').waitFor();
    await page.getByTestId('contact-summary').fill('面谈，近况良好，已找到工作');
    await page.goBack();
    await page.getByTestId('leave-stay').waitFor();
    await page.getByTestId('leave-stay').click();
    await expect(page.getByTestId('contact-summary').inputValue()).resolves.toBe('面谈，近况良好，已找到工作');
    expect(page.url()).toContain('/worklist');
  });
});
