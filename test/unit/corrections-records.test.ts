import { describe, expect, it } from 'vitest';
import type { HavenCore } from '../../electron/core/app';
import { call, loggedInSupervisor, refusal, reportedInPerson } from './support/core';

/**
 * 更正 of the records beyond tests, talks, absences and violations (issue 14): leave and its 销假,
 * 正当理由, risk assessments, care flags and help items. Each: a good correction audited field by
 * field with old and new values; a bad one refused with nothing changed.
 */

const activePerson = reportedInPerson;

async function auditOf(core: HavenCore, action: string) {
  return (await call(core, 'audit:list', { limit: 100 })).filter((e) => e.action === action).map((e) => e.details);
}

const LEAVE = { reason: '探望生病的母亲', province: '安徽省', city: '合肥市', county: '', address: '', startDate: '2026-02-10', endDate: '2026-02-14' };
const CALM = { drugType: 'cannabis', severity: 'use', behaviour: 'cooperative', family: 'supportive', employment: 'stable' };
const TROUBLED = { drugType: 'multiple', severity: 'severe', behaviour: 'aggressive_or_psychotic', family: 'none', employment: 'none' };

describe('corrections of leave (请销假)', () => {
  it('a request not yet decided: everything may be corrected, under the request rules; days counted again', async () => {
    const { core, personId } = await activePerson();
    const other = await call(core, 'leaves:create', { personId, leave: { ...LEAVE, startDate: '2026-03-20', endDate: '2026-03-22' } });
    const leave = await call(core, 'leaves:create', { personId, leave: LEAVE });
    expect(leave.status).toBe('requested');

    // Refused, nothing changed: overlapping the other leave, end before start, a reason too short, no change at all.
    expect((await refusal(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, startDate: '2026-03-19', endDate: '2026-03-21' }, reason: '日期录错' })).messageKey).toBe('errors.LEAVE_OVERLAP');
    expect((await refusal(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, endDate: '2026-02-01' }, reason: '日期录错' })).fields).toEqual({ 'leave.endDate': 'validation.endBeforeStart' });
    expect((await refusal(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, endDate: '2026-02-15' }, reason: '错' })).fields).toEqual({ reason: 'validation.reasonRequired' });
    expect((await refusal(core, 'leaves:correct', { leaveId: leave.id, leave: LEAVE, reason: '没有改动' })).messageKey).toBe('errors.NOTHING_CHANGED');
    // A 销假 for a leave nobody checked in: refused.
    expect((await refusal(core, 'leaves:correct', { leaveId: leave.id, leave: LEAVE, returned: { returnedOn: '2026-02-14' }, reason: '补录销假' })).messageKey).toBe('errors.LEAVE_STATE');
    expect(await call(core, 'leaves:list', { personId })).toEqual([other, leave]);
    expect(await auditOf(core, 'leaves.correct')).toEqual([]);

    const corrected = await call(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, city: '芜湖市', endDate: '2026-02-16' }, reason: '目的地和返回日期录错' });
    expect(corrected).toMatchObject({ id: leave.id, city: '芜湖市', endDate: '2026-02-16', days: 7, status: 'requested' });
    expect(await auditOf(core, 'leaves.correct')).toEqual([
      { leaveId: leave.id, reason: '目的地和返回日期录错', changes: { city: { from: '合肥市', to: '芜湖市' }, endDate: { from: '2026-02-14', to: '2026-02-16' } } },
    ]);
  });

  it('an approved leave keeps the period it was approved for; its words may be corrected', async () => {
    const { core, personId } = await activePerson();
    const leave = await call(core, 'leaves:create', { personId, leave: { ...LEAVE, startDate: '2026-03-05', endDate: '2026-03-08' } });
    await call(core, 'leaves:decide', { leaveId: leave.id, decision: 'approve', note: '' });
    const refused = await refusal(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, startDate: '2026-03-05', endDate: '2026-03-12' }, reason: '延长几天' });
    expect(refused).toMatchObject({ messageKey: 'errors.LEAVE_PERIOD_FIXED', fields: { 'leave.startDate': 'errors.LEAVE_PERIOD_FIXED' } });
    expect((await call(core, 'leaves:list', { personId }))[0]).toMatchObject({ endDate: '2026-03-08', days: 4 });
    const corrected = await call(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, reason: '探望住院的母亲', startDate: '2026-03-05', endDate: '2026-03-08' }, reason: '事由表述不准确' });
    expect(corrected).toMatchObject({ reason: '探望住院的母亲', status: 'approved', endDate: '2026-03-08' });
  });

  it('销假 corrected: the overstay absence follows the return day (made, moved, dropped), so the serious-breach rule counts the corrected days', async () => {
    const { core, personId } = await activePerson();
    await call(core, 'schedules:update', { ...(await call(core, 'schedules:get', {})), leaveApprovalRequired: false });
    const leave = await call(core, 'leaves:create', { personId, leave: { ...LEAVE, startDate: '2026-01-10', endDate: '2026-01-12' } });
    await call(core, 'leaves:return', { leaveId: leave.id, returnedOn: '2026-01-12', note: '按时返回' });
    expect(await call(core, 'absences:list', { personId })).toEqual([]);

    // Refused: a return in the future, before the start; a change of the period of a returned leave.
    expect((await refusal(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, startDate: '2026-01-10', endDate: '2026-01-12' }, returned: { returnedOn: '2026-03-05' }, reason: '日期录错' })).fields).toEqual({ returnedOn: 'validation.dateInFuture' });
    expect((await refusal(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, startDate: '2026-01-10', endDate: '2026-01-12' }, returned: { returnedOn: '2026-01-09' }, reason: '日期录错' })).fields).toEqual({ returnedOn: 'validation.returnBeforeStart' });
    expect((await refusal(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, startDate: '2026-01-10', endDate: '2026-02-20' }, returned: { returnedOn: '2026-01-12', note: '按时返回' }, reason: '期间录错' })).messageKey).toBe('errors.LEAVE_PERIOD_FIXED');
    expect((await refusal(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, startDate: '2026-01-10', endDate: '2026-01-12' }, reason: '漏填' })).fields).toEqual({ returnedOn: 'validation.required' });

    // Actually back on 02-20: 38 days away without permission, a serious breach (RR art. 20).
    const late = await call(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, startDate: '2026-01-10', endDate: '2026-01-12' }, returned: { returnedOn: '2026-02-20', note: '逾期返回' }, reason: '销假日期录错' });
    expect(late).toMatchObject({ status: 'returned', returnedOn: '2026-02-20', returnNote: '逾期返回' });
    const [absence] = await call(core, 'absences:list', { personId });
    expect(absence).toMatchObject({ fromDate: '2026-01-13', toDate: '2026-02-20', leaveId: leave.id, discovered: 'leave_overstay' });
    expect((await call(core, 'worklist:person', { personId })).map((a) => a.ruleId)).toContain('absence_breach');

    // Moved: back on 01-20.
    await call(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, startDate: '2026-01-10', endDate: '2026-01-12' }, returned: { returnedOn: '2026-01-20', note: '逾期返回' }, reason: '再次核对销假日期' });
    expect((await call(core, 'absences:list', { personId })).map((a) => [a.id, a.fromDate, a.toDate])).toEqual([[absence!.id, '2026-01-13', '2026-01-20']]);
    expect((await call(core, 'worklist:person', { personId })).map((a) => a.ruleId)).not.toContain('absence_breach');

    // Dropped: back on time after all.
    await call(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, startDate: '2026-01-10', endDate: '2026-01-12' }, returned: { returnedOn: '2026-01-12', note: '按时返回' }, reason: '按签到表核实' });
    expect(await call(core, 'absences:list', { personId })).toEqual([]);
    const events = await auditOf(core, 'leaves.correct');
    expect(events[2]).toEqual({
      leaveId: leave.id,
      reason: '销假日期录错',
      changes: { returnedOn: { from: '2026-01-12', to: '2026-02-20' }, returnNote: { from: '按时返回', to: '逾期返回' } },
      overstay: { absenceId: absence!.id, from: '2026-01-13', to: '2026-02-20' },
    });
    expect(events[0]).toMatchObject({ overstay: { absenceId: null } });
  });
});

describe('corrections of 正当理由', () => {
  it('its words, who decided and when may be corrected; not a future date; what it answers stays', async () => {
    const { core, personId } = await activePerson();
    const test = await call(core, 'tests:create', { personId, test: { date: '2026-03-01', sample: 'urine', mode: 'on_site', tester: '李社工', result: 'refused' } });
    const good = await call(core, 'goodReasons:create', { personId, subject: 'test', testId: test.id, goodReason: { reason: '住院', decidedBy: '站长 王某', decidedOn: '2026-03-01' } });
    expect((await refusal(core, 'goodReasons:correct', { goodReasonId: good.id, goodReason: { reason: '住院', decidedBy: '站长 王某', decidedOn: '2026-03-03' }, reason: '日期录错' })).fields).toEqual({
      'goodReason.decidedOn': 'validation.dateInFuture',
    });
    expect((await refusal(core, 'goodReasons:correct', { goodReasonId: good.id, goodReason: { reason: '住院', decidedBy: '站长 王某', decidedOn: '2026-03-01', attachmentId: 99 }, reason: '补扫描件' })).messageKey).toBe('errors.ATTACHMENT_NOT_FOUND');
    // The subject is not part of the input: a stray field is refused by the schema.
    expect((await refusal(core, 'goodReasons:correct', { goodReasonId: good.id, testId: test.id, goodReason: { reason: '住院', decidedBy: '站长 王某', decidedOn: '2026-03-01' }, reason: '改对象' })).code).toBe('VALIDATION');
    expect(await call(core, 'goodReasons:list', { personId })).toEqual([good]);

    const corrected = await call(core, 'goodReasons:correct', { goodReasonId: good.id, goodReason: { reason: '因病住院治疗，有医院证明', decidedBy: '站长 王某', decidedOn: '2026-03-02' }, reason: '补充理由' });
    expect(corrected).toMatchObject({ id: good.id, subject: 'test', testId: test.id, reason: '因病住院治疗，有医院证明', decidedOn: '2026-03-02' });
    expect(await auditOf(core, 'goodReasons.correct')).toEqual([
      { goodReasonId: good.id, subject: 'test', reason: '补充理由', changes: { reason: { from: '住院', to: '因病住院治疗，有医院证明' }, decidedOn: { from: '2026-03-01', to: '2026-03-02' } } },
    ]);
  });
});

describe('corrections of risk assessments', () => {
  it('scored again as of the corrected date; another level than the suggestion still needs a reason; the file shows the new level', async () => {
    const { core, personId } = await activePerson();
    const assessment = await call(core, 'risk:create', { personId, assessment: { date: '2026-03-01', factors: CALM, level: 'low' } });
    expect((await call(core, 'persons:get', { personId })).riskLevel).toBe('low');

    // Refused, nothing changed: a level other than the suggestion without a reason, an option not in the table, a future date.
    expect((await refusal(core, 'risk:correct', { assessmentId: assessment.id, assessment: { date: '2026-03-01', factors: CALM, level: 'high' }, reason: '等级录错' })).fields).toEqual({
      'assessment.overrideReason': 'validation.overrideReason',
    });
    expect((await refusal(core, 'risk:correct', { assessmentId: assessment.id, assessment: { date: '2026-03-01', factors: { ...CALM, family: 'nonsense' }, level: 'low' }, reason: '选项录错' })).fields).toEqual({
      'assessment.factors.family': 'validation.invalid',
    });
    expect((await refusal(core, 'risk:correct', { assessmentId: assessment.id, assessment: { date: '2026-03-09', factors: CALM, level: 'low' }, reason: '日期录错' })).fields).toEqual({
      'assessment.date': 'validation.dateInFuture',
    });
    expect(await call(core, 'risk:list', { personId })).toEqual([assessment]);

    const corrected = await call(core, 'risk:correct', { assessmentId: assessment.id, assessment: { date: '2026-03-01', factors: TROUBLED, level: 'high', notes: '复核后更正各项' }, reason: '各项选择录错' });
    expect(corrected).toMatchObject({ id: assessment.id, suggestedLevel: 'high', level: 'high', notes: '复核后更正各项', nextDueDate: '2026-03-31' });
    expect((await call(core, 'persons:get', { personId })).riskLevel).toBe('high');
    const [event] = await auditOf(core, 'risk.correct');
    expect(event).toEqual({
      assessmentId: assessment.id,
      reason: '各项选择录错',
      changes: {
        factors: { from: CALM, to: TROUBLED },
        level: { from: 'low', to: 'high' },
        notes: { from: '', to: '复核后更正各项' },
        score: { from: assessment.score, to: corrected.score },
        suggestedLevel: { from: 'low', to: 'high' },
        nextDueDate: { from: assessment.nextDueDate, to: '2026-03-31' },
      },
    });
  });
});

describe('risk assessments deleted as a mistake (删除（录入错误）)', () => {
  it('the audit keeps what was deleted and the reason; the file level and the worklist follow the assessments left', async () => {
    const { core, personId } = await activePerson();
    const first = await call(core, 'risk:create', { personId, assessment: { date: '2026-02-01', factors: TROUBLED, level: 'high' } });
    const twice = await call(core, 'risk:create', { personId, assessment: { date: '2026-03-01', factors: CALM, level: 'low' } });
    const reassessment = async () => (await call(core, 'worklist:person', { personId })).filter((a) => a.ruleId === 'reassessment_due').map((a) => a.dueDate);
    expect((await call(core, 'persons:get', { personId })).riskLevel).toBe('low');
    expect(await reassessment()).toEqual([]);

    await call(core, 'risk:remove', { assessmentId: twice.id, reason: '录到了别人的档案里' });
    expect(await call(core, 'risk:list', { personId })).toEqual([first]);
    // The header shows the high level of the one left; its 30-day reassessment (due 2026-03-03) is on the worklist again.
    expect((await call(core, 'persons:get', { personId })).riskLevel).toBe('high');
    expect(await reassessment()).toEqual(['2026-03-03']);
    expect(await auditOf(core, 'risk.remove')).toEqual([
      {
        assessmentId: twice.id,
        reason: '录到了别人的档案里',
        removed: { date: '2026-03-01', factors: CALM, score: twice.score, suggestedLevel: 'low', level: 'low', overrideReason: '', notes: '', nextDueDate: twice.nextDueDate, assessor: twice.assessor },
      },
    ]);

    // The last one gone: the file is 未评估 again and the first assessment (due 30 days after reporting in) is overdue.
    await call(core, 'risk:remove', { assessmentId: first.id, reason: '重复录入' });
    expect(await call(core, 'risk:list', { personId })).toEqual([]);
    expect((await call(core, 'persons:get', { personId })).riskLevel).toBeNull();
    expect(await reassessment()).toEqual(['2026-02-04']);
  });

  it('bad input is refused with nothing changed; an assessment that is not there is not found', async () => {
    const { core, personId } = await activePerson();
    const assessment = await call(core, 'risk:create', { personId, assessment: { date: '2026-03-01', factors: CALM, level: 'low' } });
    expect((await refusal(core, 'risk:remove', { assessmentId: assessment.id, reason: '' })).fields).toEqual({ reason: 'validation.reasonRequired' });
    expect((await refusal(core, 'risk:remove', { assessmentId: assessment.id, reason: '错' })).fields).toEqual({ reason: 'validation.reasonRequired' });
    expect((await refusal(core, 'risk:remove', { assessmentId: assessment.id, reason: '   \n\t ' })).fields).toEqual({ reason: 'validation.reasonRequired' });
    expect((await refusal(core, 'risk:remove', { assessmentId: assessment.id, reason: '长'.repeat(501) })).fields).toEqual({ reason: 'validation.tooLong' });
    expect((await refusal(core, 'risk:remove', { assessmentId: -1, reason: '重复录入' })).code).toBe('VALIDATION');
    expect((await refusal(core, 'risk:remove', { assessmentId: 'one', reason: '重复录入' })).code).toBe('VALIDATION');
    expect((await refusal(core, 'risk:remove', { assessmentId: assessment.id, reason: '重复录入', personId })).code).toBe('VALIDATION');
    expect(await refusal(core, 'risk:remove', { assessmentId: assessment.id + 100, reason: '重复录入' })).toMatchObject({ code: 'NOT_FOUND', messageKey: 'errors.RECORD_NOT_FOUND' });
    expect(await call(core, 'risk:list', { personId })).toEqual([assessment]);
    expect((await call(core, 'persons:get', { personId })).riskLevel).toBe('low');
    expect(await auditOf(core, 'risk.remove')).toEqual([]);
  });
});

describe('corrections of care flags and help items', () => {
  it('a care flag: the one-open-flag-per-category rule holds; old and new values audited', async () => {
    const { core, personId } = await activePerson();
    const alone = await call(core, 'keyCare:add', { personId, flag: { category: 'living_alone', since: '2026-01-10' } });
    const jobless = await call(core, 'keyCare:add', { personId, flag: { category: 'unemployed_hardship', since: '2026-02-01' } });
    // Turning the second into a second open 独居 flag: refused as adding one would be.
    expect((await refusal(core, 'keyCare:correct', { flagId: jobless.id, flag: { category: 'living_alone', since: '2026-02-01' }, reason: '类别录错' })).messageKey).toBe('errors.CARE_FLAG_OPEN');
    expect((await refusal(core, 'keyCare:correct', { flagId: alone.id, flag: { category: 'living_alone', since: '2026-01-10', until: '2026-01-01' }, reason: '日期录错' })).fields).toEqual({ 'flag.until': 'validation.endBeforeStart' });
    expect((await refusal(core, 'keyCare:correct', { flagId: alone.id, flag: { category: 'living_alone', since: '2026-01-10' }, reason: '没有改动' })).messageKey).toBe('errors.NOTHING_CHANGED');
    expect(await call(core, 'keyCare:list', { personId })).toEqual([jobless, alone]);

    const corrected = await call(core, 'keyCare:correct', { flagId: alone.id, flag: { category: 'living_alone', since: '2026-01-05', note: '独自租住' }, reason: '起始日期录错' });
    expect(corrected).toMatchObject({ since: '2026-01-05', note: '独自租住' });
    expect(await auditOf(core, 'care.correct')).toEqual([
      { flagId: alone.id, reason: '起始日期录错', changes: { since: { from: '2026-01-10', to: '2026-01-05' }, note: { from: '', to: '独自租住' } } },
    ]);
  });

  it('a help item: the done date not in the future and an outcome with it; a rejected plan takes no correction', async () => {
    const { core, personId } = await activePerson();
    const plan = await call(core, 'help:createPlan', { personId, plan: { needs: ['employment'], goals: '三个月内稳定就业' } });
    await call(core, 'help:decidePlan', { planId: plan.id, decision: 'approve' });
    const withItem = await call(core, 'help:addItem', { planId: plan.id, item: { category: 'employment', department: 'human_resources', description: '推荐物流公司岗位', doneDate: '2026-02-20', outcome: '已面试' } });
    const item = withItem.items[0]!;
    expect((await refusal(core, 'help:correctItem', { itemId: item.id, item: { ...item, id: undefined, planId: undefined, doneDate: '2026-03-10' }, reason: '日期录错' })).code).toBe('VALIDATION');
    const base = { category: item.category, department: item.department, description: item.description, plannedDate: item.plannedDate, doneDate: item.doneDate, outcome: item.outcome };
    expect((await refusal(core, 'help:correctItem', { itemId: item.id, item: { ...base, doneDate: '2026-03-10' }, reason: '日期录错' })).fields).toEqual({ 'item.doneDate': 'validation.dateInFuture' });
    expect((await refusal(core, 'help:correctItem', { itemId: item.id, item: { ...base, outcome: '' }, reason: '删掉结果' })).fields).toEqual({ 'item.outcome': 'validation.outcomeRequired' });
    expect((await call(core, 'help:listPlans', { personId }))[0]!.items).toEqual([item]);

    const corrected = await call(core, 'help:correctItem', { itemId: item.id, item: { ...base, department: 'civil_affairs', outcome: '已入职' }, reason: '部门录错' });
    expect(corrected.items[0]).toMatchObject({ department: 'civil_affairs', outcome: '已入职' });
    expect(await auditOf(core, 'help.correctItem')).toEqual([
      { planId: plan.id, itemId: item.id, reason: '部门录错', changes: { department: { from: 'human_resources', to: 'civil_affairs' }, outcome: { from: '已面试', to: '已入职' } } },
    ]);

    // Revised, the plan waits for approval again, and is rejected.
    await call(core, 'help:updatePlan', { planId: plan.id, plan: { needs: ['employment'], goals: '一个月内稳定就业' } });
    await call(core, 'help:decidePlan', { planId: plan.id, decision: 'reject', note: '方案需重新制定' });
    expect((await refusal(core, 'help:correctItem', { itemId: item.id, item: { ...base, outcome: '已入职三个月' }, reason: '补充结果' })).messageKey).toBe('errors.PLAN_STATE');
  });
});

describe('corrections refused outright', () => {
  const CHANNELS = [
    ['leaves:correct', { leaveId: 1, leave: LEAVE, reason: '日期录错' }],
    ['goodReasons:correct', { goodReasonId: 1, goodReason: { reason: '住院', decidedBy: '站长', decidedOn: '2026-03-01' }, reason: '补充理由' }],
    ['risk:correct', { assessmentId: 1, assessment: { date: '2026-03-01', factors: CALM, level: 'low' }, reason: '各项录错' }],
    ['risk:remove', { assessmentId: 1, reason: '重复录入' }],
    ['keyCare:correct', { flagId: 1, flag: { category: 'living_alone', since: '2026-01-05' }, reason: '日期录错' }],
    ['help:correctItem', { itemId: 1, item: { category: 'employment', department: 'civil_affairs', description: '推荐岗位' }, reason: '部门录错' }],
  ] as const;

  it('on a supervisor database (its files only change by bundles), and without a session', async () => {
    const { core } = await loggedInSupervisor();
    for (const [channel, input] of CHANNELS) expect(await refusal(core, channel, input), channel).toMatchObject({ code: 'FORBIDDEN', messageKey: 'errors.SUPERVISOR_READ_ONLY' });
    await call(core, 'auth:logout', {});
    for (const [channel, input] of CHANNELS) expect((await refusal(core, channel, input)).code, channel).toBe('LOCKED');
  });

  it('on an archived file, nothing changes', async () => {
    const { core, personId } = await activePerson();
    const leave = await call(core, 'leaves:create', { personId, leave: LEAVE });
    const assessment = await call(core, 'risk:create', { personId, assessment: { date: '2026-03-01', factors: CALM, level: 'low' } });
    await call(core, 'leaves:cancel', { leaveId: leave.id, reason: '不再外出' });
    await call(core, 'persons:archive', { personId, reason: '迁出本辖区' });
    expect((await refusal(core, 'leaves:correct', { leaveId: leave.id, leave: { ...LEAVE, city: '芜湖市' }, reason: '目的地录错' })).messageKey).toBe('errors.PERSON_ARCHIVED');
    expect((await refusal(core, 'risk:correct', { assessmentId: assessment.id, assessment: { date: '2026-03-01', factors: CALM, level: 'low', notes: '补充' }, reason: '补充说明' })).messageKey).toBe('errors.PERSON_ARCHIVED');
    expect((await refusal(core, 'risk:remove', { assessmentId: assessment.id, reason: '重复录入' })).messageKey).toBe('errors.PERSON_ARCHIVED');
    expect(await call(core, 'risk:list', { personId })).toEqual([assessment]);
    expect(await auditOf(core, 'leaves.correct')).toEqual([]);
    expect(await auditOf(core, 'risk.correct')).toEqual([]);
    expect(await auditOf(core, 'risk.remove')).toEqual([]);
  });
});
