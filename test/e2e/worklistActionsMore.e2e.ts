import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setUpAndLogIn } from './flows';
import { useHarness } from './support';
import { activePerson, call, choose, dialogTitle, personUnderMeasure, row, shot } from './worklistSupport';

/**
 * 待办 (issue 14): the rule kinds worklistActions.e2e.ts does not clear, each cleared from its row
 * through the act the row offers, filled in as a user does, for the person the row names. The
 * data are set up through the core; today is 2026-03-02.
 */
const harness = useHarness();

/** Clicks a row's act after checking which act it is; returns once the row's dialog is open. */
async function act(page: Page, ruleId: string, personId: number, action: string, label: string): Promise<void> {
  const button = row(page, ruleId, personId).getByTestId('worklist-act');
  await button.waitFor();
  await expect(button.getAttribute('data-action')).resolves.toBe(action);
  await expect(button.innerText()).resolves.toBe(label);
  await button.click();
}

/** Opens 待办 and waits until its list has loaded (the counts and the rows). */
async function openWorklist(page: Page): Promise<void> {
  await page.getByTestId('nav-worklist').click();
  await page.getByTestId('worklist-as-of').waitFor();
  await page.getByTestId('worklist-table').waitFor();
}

describe('worklist actions (the other kinds)', () => {
  it('a late report-in, refused tests, an absence and a positive test: 登记违反协议 from each row, named for the person, clears it and leaves the police report waiting', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    // Delivered 2026-01-01 and never reported in: past the report-in deadline.
    const { personId: late } = await personUnderMeasure(h, { name: '赵一', serial: 301, decisionDate: '2025-12-30', deliveryDate: '2026-01-01' });
    // Three refusals.
    const refuser = await activePerson(h, '钱二', 303);
    for (const date of ['2026-01-20', '2026-02-10', '2026-03-01']) {
      await call(h, 'tests:create', { personId: refuser, test: { date, sample: 'urine', mode: 'on_site', result: 'refused' } });
    }
    // Away from 2026-01-10 to 2026-02-20 without leave.
    const absent = await activePerson(h, '孙三', 305);
    await call(h, 'absences:create', { personId: absent, absence: { fromDate: '2026-01-10', toDate: '2026-02-20', discovered: 'home_visit' } });
    // Tested positive yesterday.
    const positive = await activePerson(h, '李四', 307);
    await call(h, 'tests:create', { personId: positive, test: { date: '2026-03-01', sample: 'urine', mode: 'on_site', result: 'positive', substances: ['methamphetamine'] } });

    await h.open('/worklist');
    const breaches = [
      { rule: 'report_in_overdue', personId: late, name: '赵一' },
      { rule: 'tests_refused', personId: refuser, name: '钱二' },
      { rule: 'absence_breach', personId: absent, name: '孙三' },
      { rule: 'positive_test', personId: positive, name: '李四' },
    ];
    for (const { rule, personId } of breaches) await row(page, rule, personId).waitFor();
    await shot(page, 'worklist-more-breaches');

    for (const [index, { rule, personId, name }] of breaches.entries()) {
      await act(page, rule, personId, 'violation', '登记违反协议');
      await page.getByTestId('violation-form').waitFor();
      await expect(dialogTitle(page)).resolves.toBe(`登记违反协议：${name}`);
      // Prefilled from the alert: today, serious (fixed), the rule's sentence as the description.
      await page.getByTestId('violation-from-alert').waitFor();
      await expect(page.getByTestId('violation-date').inputValue()).resolves.toBe('2026-03-02');
      expect(await page.getByTestId('violation-description').inputValue()).not.toBe('');
      const description = page.getByTestId('violation-description');
      await description.click();
      await description.press('End');
      await description.pressSequentially('；已谈话警示');
      await choose(page, 'violation-handling', '谈话警示');
      await page.getByTestId('violation-submit').click();
      await page.getByTestId('violation-form').waitFor({ state: 'detached' });
      await row(page, rule, personId).waitFor({ state: 'detached' });
      // The violation now waits for its report to the police (RR art. 21), for the same person.
      await row(page, 'violation_unreported', personId).waitFor();
      // The others' rows are still there.
      for (const other of breaches.slice(index + 1)) expect(await row(page, other.rule, other.personId).count()).toBe(1);
    }
    const violations = await call<{ severity: string; description: string; handling: string }[]>(h, 'violations:list', { personId: refuser });
    expect(violations.map((v) => [v.severity, v.handling])).toEqual([['serious', 'talk_warning']]);
    expect(violations[0]?.description).toContain('已谈话警示');
  });

  it('a test and a talk due and overdue: 登记检测 and 记录谈话走访 from each row, named for the person, clear them', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    // Reported in 2026-01-05, never tested or visited: both were due on 2026-02-04.
    const overdue = await activePerson(h, '周五', 311);
    // Tested and visited on 2026-02-02: both due again on 2026-03-04, within the week's notice.
    const due = await activePerson(h, '吴六', 313);
    await call(h, 'tests:create', { personId: due, test: { date: '2026-02-02', sample: 'urine', mode: 'on_site', result: 'negative' } });
    await call(h, 'contacts:create', { personId: due, contact: { date: '2026-02-02', kind: 'home_visit', summary: '家访，状态稳定' } });

    await h.open('/worklist');
    for (const [rule, personId] of [['test_overdue', overdue], ['contact_overdue', overdue], ['test_due', due], ['contact_due', due]] as const) {
      await row(page, rule, personId).waitFor();
    }
    expect(await row(page, 'test_overdue', due).count()).toBe(0);

    for (const [rule, personId, name] of [['test_overdue', overdue, '周五'], ['test_due', due, '吴六']] as const) {
      await act(page, rule, personId, 'test', '登记检测');
      await page.getByTestId('test-form').waitFor();
      await expect(dialogTitle(page)).resolves.toBe(`登记检测：${name}`);
      await expect(page.getByTestId('test-date').inputValue()).resolves.toBe('2026-03-02');
      await choose(page, 'test-result-select', '阴性');
      await page.getByTestId('test-submit').click();
      await page.getByTestId('test-form').waitFor({ state: 'detached' });
      await row(page, rule, personId).waitFor({ state: 'detached' });
    }

    for (const [rule, personId, name, kind] of [['contact_overdue', overdue, '周五', '家访'], ['contact_due', due, '吴六', '电话']] as const) {
      await act(page, rule, personId, 'contact', '记录谈话走访');
      await page.getByTestId('contact-form').waitFor();
      await expect(dialogTitle(page)).resolves.toBe(`记录谈话走访：${name}`);
      await expect(page.getByTestId('contact-date').inputValue()).resolves.toBe('2026-03-02');
      await choose(page, 'contact-kind', kind);
      await page.getByTestId('contact-summary').fill(`${kind}，近况良好，按时参加活动`);
      await page.getByTestId('contact-submit').click();
      await page.getByTestId('contact-form').waitFor({ state: 'detached' });
      await row(page, rule, personId).waitFor({ state: 'detached' });
    }
    // Recorded for the person each row named, as chosen in the dialog (lists are newest first).
    const contacts = await call<{ date: string; kind: string }[]>(h, 'contacts:list', { personId: due });
    expect(contacts.map((c) => [c.date, c.kind])).toEqual([
      ['2026-03-02', 'phone'],
      ['2026-02-02', 'home_visit'],
    ]);
    const tests = await call<{ date: string; result: string }[]>(h, 'tests:list', { personId: overdue });
    expect(tests.map((t) => [t.date, t.result])).toEqual([['2026-03-02', 'negative']]);
  });

  it('a discharge notice missing and three years clean: 登记解除通知书 and 登记不再实行动态管控 from each row, named for the person, clear them', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    // 社区康复 of one month, discharged today: the police notice is not yet on file.
    const ended = await personUnderMeasure(h, { name: '郑七', serial: 321, kind: 'community_rehab', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 1, reportIn: '2026-01-05' });
    await call(h, 'measures:transition', { measureId: ended.measureId, action: 'complete', date: '2026-03-02' });
    // Decided 2022-01-10, the measure completed 2025-01-20: three years clean on 2025-01-10.
    const clean = await personUnderMeasure(h, { name: '王八', serial: 323, birth: '1979-07-08', decisionDate: '2022-01-10', reportIn: '2022-01-15' });
    await call(h, 'measures:transition', { measureId: clean.measureId, action: 'complete', date: '2025-01-20' });

    await h.open('/worklist');
    await row(page, 'discharge_notice_missing', ended.personId).waitFor();
    await row(page, 'three_years_clean', clean.personId).waitFor();
    expect(await row(page, 'three_years_clean', ended.personId).count()).toBe(0);

    await act(page, 'discharge_notice_missing', ended.personId, 'dischargeNotice', '登记解除通知书');
    await page.getByTestId('discharge-notice-form').waitFor();
    await expect(dialogTitle(page)).resolves.toBe('登记解除通知书：郑七');
    await expect(page.getByTestId('notice-issued-on').inputValue()).resolves.toBe('2026-03-02');
    await page.getByTestId('notice-number').fill('玄公解字〔2026〕9号');
    await page.getByTestId('discharge-notice-submit').click();
    await page.getByTestId('discharge-notice-form').waitFor({ state: 'detached' });
    await row(page, 'discharge_notice_missing', ended.personId).waitFor({ state: 'detached' });
    const [measure] = await call<{ id: number; dischargeNotice: { number: string } | null }[]>(h, 'measures:list', { personId: ended.personId });
    expect(measure?.dischargeNotice?.number).toBe('玄公解字〔2026〕9号');

    await act(page, 'three_years_clean', clean.personId, 'endControl', '登记不再实行动态管控');
    await page.getByTestId('clean-form').waitFor();
    await expect(dialogTitle(page)).resolves.toBe('不再实行动态管控：王八');
    await expect(page.getByTestId('clean-date').inputValue()).resolves.toBe('2026-03-02');
    // The basis is required: the form says so before it records anything.
    await page.getByTestId('clean-submit').click();
    await page.getByText('此项为必填。').waitFor();
    await page.getByTestId('clean-basis').fill('三年来检测均为阴性，走访情况稳定');
    await page.getByTestId('clean-submit').click();
    await page.getByTestId('clean-form').waitFor({ state: 'detached' });
    await row(page, 'three_years_clean', clean.personId).waitFor({ state: 'detached' });
    // The decision is recorded; the file stays.
    const status = await call<{ decision: { decidedOn: string; basis: string } | null }>(h, 'clean:status', { personId: clean.personId });
    expect(status.decision).toMatchObject({ decidedOn: '2026-03-02', basis: '三年来检测均为阴性，走访情况稳定' });
    expect((await call<{ archivedAt: string | null }>(h, 'persons:get', { personId: clean.personId })).archivedAt).toBeNull();
  });

  it('a working group without full-time staff and too few staff: 完善工作小组 opens the person\'s group tab and 添加工作人员 opens 设置 › 用户; saving there clears both', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    // A group with only the community police officer in it.
    const grouped = await personUnderMeasure(h, { name: '冯九', serial: 331, decisionDate: '2025-12-30', deliveryDate: '2026-01-01', reportIn: '2026-01-05' });
    await call(h, 'measures:setWorkingGroup', { measureId: grouped.measureId, members: [{ role: 'community_police', name: '赵警官' }] });
    // One person per staff member at most: two persons, one account (the admin).
    const settings = await call<Record<string, unknown>>(h, 'schedules:get', {});
    await call(h, 'schedules:update', { ...settings, staffingRatio: 1 });
    const other = await activePerson(h, '陈十', 333);

    await openWorklist(page);
    await row(page, 'working_group_missing', grouped.personId).waitFor();
    // No group at all lacks a full-time staff member as well.
    await row(page, 'working_group_missing', other).waitFor();
    const staffing = page.getByTestId('station-alert');
    await expect(staffing.count()).resolves.toBe(1);
    expect(await staffing.innerText()).toContain('超过 1:1 配比');

    // 完善工作小组: the person's group tab, where a full-time staff member is added and saved.
    await act(page, 'working_group_missing', grouped.personId, 'group', '完善工作小组');
    await page.waitForURL(`**/persons/${grouped.personId}/group`);
    await page.getByTestId('group-tab').waitFor();
    await expect(page.getByTestId('person-name-title').innerText()).resolves.toContain('冯九');
    await expect(page.getByTestId('group-name-0').inputValue()).resolves.toBe('赵警官');
    await page.getByTestId('group-add').click();
    await choose(page, 'group-role-1', '专职工作人员');
    await page.getByTestId('group-name-1').fill('李社工');
    await page.getByTestId('group-phone-1').fill('13800000000');
    await page.getByTestId('group-save').click();
    await expect.poll(() => page.getByTestId('group-save').isDisabled()).toBe(true);

    await openWorklist(page);
    await row(page, 'agreement_missing', grouped.personId).waitFor();
    expect(await row(page, 'working_group_missing', grouped.personId).count()).toBe(0);
    expect(await row(page, 'working_group_missing', other).count()).toBe(1);

    // 添加工作人员: 设置 › 用户, where the admin creates a staff account.
    const addStaff = page.getByTestId('station-alert-act');
    await expect(addStaff.innerText()).resolves.toBe('添加工作人员');
    await addStaff.click();
    await page.waitForURL('**/settings/users');
    await page.getByTestId('add-user').click();
    await page.getByTestId('new-user-form').waitFor();
    await expect(dialogTitle(page)).resolves.toBe('添加用户');
    await page.getByTestId('new-user-username').fill('li.shegong');
    await page.getByTestId('new-user-display-name').fill('李社工');
    await page.getByTestId('role-staff').check();
    await page.getByTestId('new-user-password').fill('staff password 1');
    await page.getByTestId('new-user-confirm-password').fill('staff password 1');
    await page.getByTestId('new-user-submit').click();
    await page.getByTestId('new-user-form').waitFor({ state: 'detached' });
    await page.getByTestId('user-row-li.shegong').waitFor();

    await openWorklist(page);
    await row(page, 'agreement_missing', other).waitFor();
    await expect(page.getByTestId('station-alert').count()).resolves.toBe(0);
  });
});
