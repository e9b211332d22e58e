import { describe, expect, it } from 'vitest';
import { call, refusal, reportedInPerson } from './support/core';

const JOB = { category: 'employment', department: 'human_resources', description: '推荐物流公司岗位', plannedDate: '2026-03-10' } as const;

describe('help items on a rejected plan (一人一策)', () => {
  it('cannot be marked done: help under a plan nobody approved is not counted in 人次', async () => {
    const { core, personId } = await reportedInPerson();
    const plan = await call(core, 'help:createPlan', { personId, plan: { needs: ['employment'], goals: '半年内稳定就业' } });
    const [item] = (await call(core, 'help:addItem', { planId: plan.id, item: JOB })).items;
    await call(core, 'help:decidePlan', { planId: plan.id, decision: 'reject', note: '需求不实' });

    const refused = await refusal(core, 'help:updateItem', { itemId: item!.id, item: { ...JOB, doneDate: '2026-03-01', outcome: '已入职' } });
    expect(refused).toMatchObject({ code: 'CONFLICT', messageKey: 'errors.PLAN_STATE' });
    expect((await call(core, 'help:listPlans', { personId }))[0]!.items[0]).toMatchObject({ doneDate: null, outcome: '' });
    expect((await call(core, 'help:stats', { from: '2026-03-01', to: '2026-03-31' })).total).toBe(0);

    // Revised, the plan goes back for approval; once approved its items are done as usual.
    await call(core, 'help:updatePlan', { planId: plan.id, plan: { needs: ['employment'], goals: '三个月内稳定就业' } });
    await call(core, 'help:decidePlan', { planId: plan.id, decision: 'approve' });
    await call(core, 'help:updateItem', { itemId: item!.id, item: { ...JOB, doneDate: '2026-03-01', outcome: '已入职' } });
    expect((await call(core, 'help:stats', { from: '2026-03-01', to: '2026-03-31' })).total).toBe(1);
  });

  it('are done only once the plan is approved: help done while it waits would count even if it is then rejected', async () => {
    const { core, personId } = await reportedInPerson();
    const plan = await call(core, 'help:createPlan', { personId, plan: { needs: ['employment'], goals: '半年内稳定就业' } });
    // Planned while the plan waits: fine. Done while it waits: refused, added or marked.
    const [item] = (await call(core, 'help:addItem', { planId: plan.id, item: JOB })).items;
    expect((await refusal(core, 'help:addItem', { planId: plan.id, item: { ...JOB, doneDate: '2026-03-01', outcome: '已入职' } })).messageKey).toBe('errors.PLAN_STATE');
    expect((await refusal(core, 'help:updateItem', { itemId: item!.id, item: { ...JOB, doneDate: '2026-03-01', outcome: '已入职' } })).messageKey).toBe('errors.PLAN_STATE');
    await call(core, 'help:decidePlan', { planId: plan.id, decision: 'approve' });
    await call(core, 'help:updateItem', { itemId: item!.id, item: { ...JOB, doneDate: '2026-03-01', outcome: '已入职' } });
    // Revised, the plan waits again: the help already given keeps its date and can be corrected in words.
    await call(core, 'help:updatePlan', { planId: plan.id, plan: { needs: ['employment'], goals: '三个月内稳定就业' } });
    expect((await call(core, 'help:listPlans', { personId }))[0]!.status).toBe('requested');
    await call(core, 'help:updateItem', { itemId: item!.id, item: { ...JOB, doneDate: '2026-03-01', outcome: '已入职，试用期三个月' } });
    expect((await call(core, 'help:stats', { from: '2026-03-01', to: '2026-03-31' })).total).toBe(1);
  });
});
