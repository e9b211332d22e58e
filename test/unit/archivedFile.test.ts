import { describe, expect, it } from 'vitest';
import type { HavenCore } from '../../electron/core/app';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn, refusal } from './support/core';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');
const JOB = { category: 'employment', department: 'human_resources', description: '推荐物流公司岗位' } as const;

async function person(core: HavenCore, name: string, serial: number) {
  const { personId } = await call(core, 'persons:create', { person: { name, idNumber: composeIdNumber('320102', '1988-05-17', serial) } });
  const measure = await call(core, 'measures:create', {
    personId,
    decision: { kind: 'community_detox', decisionNumber: `宁公决字〔2026〕${serial}号`, decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36 },
  });
  await call(core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-01-05' });
  return { personId, measureId: measure.id };
}

describe('an archived file is view and print only', () => {
  it('help, key care, good reasons, the end of dynamic control and agreements refuse every change (PERSON_ARCHIVED)', async () => {
    const { core } = await loggedIn('2026-03-02T09:00:00+08:00');
    // 张三: a help plan with an item, a key-care flag, a missed test with its good reason, an agreement signed with its scan.
    const zs = await person(core, '张三', 231);
    const plan = await call(core, 'help:createPlan', { personId: zs.personId, plan: { needs: ['employment'], goals: '半年内稳定就业' } });
    const [item] = (await call(core, 'help:addItem', { planId: plan.id, item: JOB })).items;
    const flag = await call(core, 'keyCare:add', { personId: zs.personId, flag: { category: 'living_alone', since: '2026-01-10' } });
    const missed = await call(core, 'tests:create', { personId: zs.personId, test: { date: '2026-02-20', sample: 'urine', mode: 'on_site', result: 'missed' } });
    const other = await call(core, 'tests:create', { personId: zs.personId, test: { date: '2026-02-27', sample: 'urine', mode: 'on_site', result: 'missed' } });
    const good = await call(core, 'goodReasons:create', { personId: zs.personId, subject: 'test', testId: missed.id, goodReason: { reason: '当日住院治疗', decidedBy: '社区民警 李某', decidedOn: '2026-02-21' } });
    const signed = await call(core, 'agreements:sign', { agreementId: (await call(core, 'agreements:generate', { measureId: zs.measureId })).id, signedOn: '2026-01-06' });
    const scan = await call(core, 'attachments:add', { personId: zs.personId, kind: 'document', filename: 'scan.png', dataBase64: PNG });
    // 李四: an agreement drafted, not yet signed.
    const ls = await person(core, '李四', 251);
    const draft = await call(core, 'agreements:generate', { measureId: ls.measureId });
    for (const { personId } of [zs, ls]) await call(core, 'persons:archive', { personId, reason: '迁居外省' });
    const before = (await call(core, 'audit:list', { limit: 500 })).length;

    const writes: [string, unknown][] = [
      ['help:createPlan', { personId: zs.personId, plan: { needs: ['employment'], goals: '重新制定' } }],
      ['help:updatePlan', { planId: plan.id, plan: { needs: ['employment'], goals: '三个月内稳定就业' } }],
      ['help:decidePlan', { planId: plan.id, decision: 'approve' }],
      ['help:addItem', { planId: plan.id, item: { ...JOB, description: '技能培训' } }],
      ['help:updateItem', { itemId: item!.id, item: { ...JOB, doneDate: '2026-03-01', outcome: '已入职' } }],
      ['help:correctItem', { itemId: item!.id, item: { ...JOB, department: 'civil_affairs' }, reason: '部门录错' }],
      ['help:removeItem', { itemId: item!.id, reason: '重复录入' }],
      ['keyCare:add', { personId: zs.personId, flag: { category: 'unemployed_hardship', since: '2026-02-01' } }],
      ['keyCare:correct', { flagId: flag.id, flag: { category: 'living_alone', since: '2026-01-11' }, reason: '日期录错' }],
      ['keyCare:remove', { flagId: flag.id, reason: '误录' }],
      ['goodReasons:create', { personId: zs.personId, subject: 'test', testId: other.id, goodReason: { reason: '外出就医', decidedBy: '社区民警 李某', decidedOn: '2026-02-28' } }],
      ['goodReasons:correct', { goodReasonId: good.id, goodReason: { reason: '因病住院治疗', decidedBy: '社区民警 李某', decidedOn: '2026-02-21' }, reason: '补充理由' }],
      ['goodReasons:remove', { goodReasonId: good.id, reason: '录入错误' }],
      ['clean:endDynamicControl', { personId: zs.personId, decidedOn: '2026-03-02', basis: '三年未复吸' }],
      ['agreements:generate', { measureId: ls.measureId }],
      ['agreements:sign', { agreementId: draft.id, signedOn: '2026-03-02' }],
      ['agreements:void', { agreementId: signed.id, reason: '重新签订' }],
      ['agreements:attachScan', { agreementId: signed.id, attachmentId: scan.id }],
    ];
    for (const [channel, input] of writes) expect(await refusal(core, channel, input), channel).toMatchObject({ code: 'CONFLICT', messageKey: 'errors.PERSON_ARCHIVED' });

    // Nothing changed, nothing was recorded as done.
    expect((await call(core, 'audit:list', { limit: 500 })).length).toBe(before);
    expect((await call(core, 'help:listPlans', { personId: zs.personId })).map((p) => [p.status, p.goals, p.items.length])).toEqual([['requested', '半年内稳定就业', 1]]);
    expect(await call(core, 'keyCare:list', { personId: zs.personId })).toEqual([flag]);
    expect(await call(core, 'goodReasons:list', { personId: zs.personId })).toEqual([good]);
    expect((await call(core, 'agreements:list', { personId: zs.personId })).map((a) => [a.status, a.scanAttachmentId])).toEqual([['signed', null]]);
    expect((await call(core, 'agreements:list', { personId: ls.personId })).map((a) => a.status)).toEqual(['draft']);
  });
});
