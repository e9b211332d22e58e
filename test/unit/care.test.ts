import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { DEFAULT_RISK_TABLE, scoreRisk } from '../../shared/rules/risk';
import { call, loggedIn, refusal } from './support/core';

const CALM = { drugType: 'cannabis', severity: 'use', behaviour: 'cooperative', family: 'supportive', employment: 'stable' };
const TROUBLED = { drugType: 'multiple', severity: 'severe', behaviour: 'aggressive_or_psychotic', family: 'none', employment: 'none' };

describe('risk scoring table', () => {
  const none = { priorEpisodes: 0, monthsClean: 40, seriousViolations12m: 0, generalViolations12m: 0, positiveTests12m: 0 };
  it.each([
    [CALM, none, 2, 'low'],
    [{ ...CALM, drugType: 'opioids', severity: 'dependent', family: 'strained' }, { ...none, monthsClean: 10, priorEpisodes: 1 }, 10, 'medium'],
    [TROUBLED, { ...none, monthsClean: 3, priorEpisodes: 5, seriousViolations12m: 1, positiveTests12m: 1 }, 30, 'high'],
  ])('%j with %j scores %i → %s', (factors, records, score, level) => {
    const result = scoreRisk(factors, records, DEFAULT_RISK_TABLE);
    expect(result.score).toBe(score);
    expect(result.suggestedLevel).toBe(level);
  });
  it('sits on the thresholds: 8 is medium, 14 is high', () => {
    const table = { ...DEFAULT_RISK_TABLE, thresholds: { high: 14, medium: 8 } };
    const base = { priorEpisodes: 0, monthsClean: 40, seriousViolations12m: 0, generalViolations12m: 0, positiveTests12m: 0 };
    // cannabis 1 + use 1 + unstable 3 + strained 2 + unstable 1 = 8
    expect(scoreRisk({ drugType: 'cannabis', severity: 'use', behaviour: 'unstable', family: 'strained', employment: 'unstable' }, base, table).suggestedLevel).toBe('medium');
    expect(scoreRisk({ drugType: 'cannabis', severity: 'use', behaviour: 'unstable', family: 'supportive', employment: 'unstable' }, base, table).suggestedLevel).toBe('low');
    expect(scoreRisk({ drugType: 'multiple', severity: 'severe', behaviour: 'unstable', family: 'strained', employment: 'unstable' }, { ...base, priorEpisodes: 1 }, table).score).toBe(14);
  });
});

async function activePerson() {
  const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
  const { personId } = await call(ctx.core, 'persons:create', { person: { name: '王五', idNumber: composeIdNumber('320105', '1985-02-03', 11), drugHistory: { priorEpisodes: 2 } } });
  const measure = await call(ctx.core, 'measures:create', {
    personId,
    decision: { kind: 'community_detox', decisionNumber: '3号', decisionAuthority: '建邺分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36 },
  });
  await call(ctx.core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-01-05' });
  return { ...ctx, personId };
}

describe('risk assessments', () => {
  it('a positive test a 正当理由 answers (prescribed medication) is no relapse in the records either', async () => {
    const { core, personId } = await activePerson();
    const test = await call(core, 'tests:create', { personId, test: { date: '2026-02-20', sample: 'urine', mode: 'on_site', result: 'positive', substances: ['heroin'] } });
    expect((await call(core, 'risk:preview', { personId, date: '2026-03-02', factors: CALM })).records).toMatchObject({ monthsClean: 0, positiveTests12m: 1 });
    await call(core, 'goodReasons:create', { personId, subject: 'test', testId: test.id, goodReason: { reason: '遵医嘱服用含吗啡成分药物', decidedBy: '社区民警 李某', decidedOn: '2026-02-21' } });
    expect(await call(core, 'risk:preview', { personId, date: '2026-03-02', factors: CALM })).toMatchObject({ score: 7, suggestedLevel: 'low', records: { monthsClean: 2, positiveTests12m: 0 } });
  });

  it('suggest a level from the factors and the records; a different level needs a reason; the level shows in the list', async () => {
    const { core, personId } = await activePerson();
    const preview = await call(core, 'risk:preview', { personId, date: '2026-03-02', factors: CALM });
    // cannabis 1 + use 1 + prior episodes 2 + clean 2 months (decision 2025-12-30) 3 = 7
    expect(preview).toMatchObject({ score: 7, suggestedLevel: 'low', records: { priorEpisodes: 2, monthsClean: 2 } });
    expect((await refusal(core, 'risk:create', { personId, assessment: { date: '2026-03-02', factors: CALM, level: 'high' } })).fields).toEqual({
      'assessment.overrideReason': 'validation.overrideReason',
    });
    expect((await refusal(core, 'risk:create', { personId, assessment: { date: '2026-03-02', factors: { ...CALM, drugType: 'nonsense' }, level: 'low' } })).fields).toEqual({
      'assessment.factors.drugType': 'validation.invalid',
    });
    const assessment = await call(core, 'risk:create', { personId, assessment: { date: '2026-03-02', factors: CALM, level: 'high', overrideReason: '家属反映近期情绪波动大' } });
    expect(assessment).toMatchObject({ suggestedLevel: 'low', level: 'high', nextDueDate: '2026-04-01' });
    expect((await call(core, 'persons:list', { riskLevel: 'high' })).rows.map((r) => r.name)).toEqual(['王五']);
    expect((await call(core, 'persons:list', { riskLevel: 'low' })).total).toBe(0);
    expect((await call(core, 'persons:get', { personId })).riskLevel).toBe('high');
    // High risk: reassess in 30 days; the worklist says so a week ahead.
    const due = (await call(core, 'worklist:person', { personId })).filter((a) => a.ruleId === 'reassessment_due');
    expect(due).toEqual([]);
  });
});

describe('key-care categories', () => {
  it('flag with dates, filter and count by category', async () => {
    const { core, personId } = await activePerson();
    await call(core, 'keyCare:add', { personId, flag: { category: 'living_alone', since: '2026-01-10' } });
    expect((await refusal(core, 'keyCare:add', { personId, flag: { category: 'living_alone', since: '2026-02-01' } })).messageKey).toBe('errors.CARE_FLAG_OPEN');
    await call(core, 'keyCare:add', { personId, flag: { category: 'unemployed_hardship', since: '2025-06-01', until: '2025-12-31' } });
    expect(await call(core, 'keyCare:counts', {})).toEqual({ living_alone: 1 });
    expect((await call(core, 'persons:list', { careCategory: 'living_alone' })).total).toBe(1);
    expect((await call(core, 'persons:list', { careCategory: 'unemployed_hardship' })).total).toBe(0);
    expect((await call(core, 'persons:get', { personId })).careCategories).toEqual(['living_alone']);
  });
});

describe('help plans', () => {
  it('need approval, and help given is counted in 人次 by category and period', async () => {
    const { core, personId } = await activePerson();
    const plan = await call(core, 'help:createPlan', { personId, plan: { needs: ['employment', 'psychological_counselling'], goals: '半年内稳定就业' } });
    expect(plan.status).toBe('requested');
    const withItems = await call(core, 'help:addItem', { planId: plan.id, item: { category: 'employment', department: 'human_resources', description: '推荐物流公司岗位', plannedDate: '2026-03-10' } });
    await call(core, 'help:addItem', { planId: plan.id, item: { category: 'psychological_counselling', department: 'social_organisation', description: '每月一次心理咨询' } });
    const [jobItem] = withItems.items;
    expect((await refusal(core, 'help:updateItem', { itemId: jobItem!.id, item: { category: 'employment', department: 'human_resources', description: '推荐物流公司岗位', doneDate: '2026-03-01' } })).fields).toEqual({
      'item.outcome': 'validation.outcomeRequired',
    });
    // Help is given under an approved plan only.
    expect((await refusal(core, 'help:updateItem', { itemId: jobItem!.id, item: { category: 'employment', department: 'human_resources', description: '推荐物流公司岗位', doneDate: '2026-03-01', outcome: '已入职' } })).messageKey).toBe('errors.PLAN_STATE');
    await call(core, 'help:decidePlan', { planId: plan.id, decision: 'approve' });
    await call(core, 'help:updateItem', { itemId: jobItem!.id, item: { category: 'employment', department: 'human_resources', description: '推荐物流公司岗位', doneDate: '2026-03-01', outcome: '已入职' } });
    expect((await refusal(core, 'help:decidePlan', { planId: plan.id, decision: 'reject', note: '重复' })).messageKey).toBe('errors.PLAN_STATE');
    expect(await call(core, 'help:stats', { from: '2026-03-01', to: '2026-03-31' })).toMatchObject({ byCategory: { employment: 1 }, byDepartment: { human_resources: 1 }, total: 1, persons: 1 });
    expect((await call(core, 'help:stats', { from: '2026-02-01', to: '2026-02-28' })).total).toBe(0);
    expect((await refusal(core, 'help:stats', { from: '2026-03-31', to: '2026-03-01' })).fields).toEqual({ to: 'validation.endBeforeStart' });
    // Like every period figure, help given is counted over persons not archived.
    await call(core, 'persons:archive', { personId, reason: '迁居外省' });
    const archived = await call(core, 'help:stats', { from: '2026-03-01', to: '2026-03-31' });
    expect([archived.byCategory, archived.byDepartment, archived.total, archived.persons]).toEqual([{}, {}, 0, 0]);
    expect((await call(core, 'reports:period', { from: '2026-03-01', to: '2026-03-31' })).help.total).toBe(0);
  });
});

describe('three years clean', () => {
  it('runs from the last positive test or known use; a relapse resets it; the decision is recorded and the file stays', async () => {
    const { core, clock, personId } = await activePerson();
    const positive = await call(core, 'tests:create', { personId, test: { date: '2026-02-01', sample: 'urine', mode: 'on_site', result: 'positive', substances: ['heroin'] } });
    expect(await call(core, 'clean:status', { personId })).toMatchObject({ cleanSince: '2026-02-01', completesOn: '2029-02-01', candidate: false });
    clock.set('2029-02-01T09:00:00+08:00');
    // Three years have passed but the measure still runs: dynamic control waits for its end.
    expect(await call(core, 'clean:status', { personId })).toMatchObject({ candidate: false, measureOpen: true });
    expect((await call(core, 'worklist:list', { ruleId: 'three_years_clean' })).total).toBe(0);
    const [measure] = await call(core, 'measures:list', { personId });
    await call(core, 'violations:create', { personId, violation: { date: '2029-02-01', severity: 'serious', description: '检测阳性', ruleKey: `positive_test:t${String(positive.id)}` } }).then((v) =>
      call(core, 'violations:reportToPolice', { violationId: v.id, date: '2029-02-01', reportedTo: '玄武分局' }),
    );
    await call(core, 'measures:transition', { measureId: measure!.id, action: 'complete', date: '2029-02-01' });
    expect((await call(core, 'clean:status', { personId })).candidate).toBe(true);
    expect((await call(core, 'worklist:list', { ruleId: 'three_years_clean' })).total).toBe(1);
    expect((await refusal(core, 'clean:endDynamicControl', { personId, decidedOn: '2029-01-31', basis: '三年未复吸' })).messageKey).toBe('errors.NOT_THREE_YEARS_CLEAN');
    const ended = await call(core, 'clean:endDynamicControl', { personId, decidedOn: '2029-02-01', basis: '检测均为阴性，经评估戒断三年未复吸' });
    expect(ended).toMatchObject({ candidate: false, decision: { decidedOn: '2029-02-01', cleanSince: '2026-02-01' } });
    expect((await call(core, 'worklist:list', { ruleId: 'three_years_clean' })).total).toBe(0);
    expect((await call(core, 'persons:get', { personId })).archivedAt).toBeNull();
  });

  it('a positive test a 正当理由 answers is no relapse; a file transferred out is still under its measure', async () => {
    const { core, clock, personId } = await activePerson();
    const test = await call(core, 'tests:create', { personId, test: { date: '2026-02-01', sample: 'urine', mode: 'on_site', result: 'positive', substances: ['heroin'] } });
    await call(core, 'goodReasons:create', { personId, subject: 'test', testId: test.id, goodReason: { reason: '遵医嘱服用含吗啡成分药物', decidedBy: '社区民警 李某', decidedOn: '2026-02-02' } });
    // The clock runs from the newest decision (2025-12-30), as the worklist's rule reads it.
    expect(await call(core, 'clean:status', { personId })).toMatchObject({ cleanSince: '2025-12-30', completesOn: '2028-12-30', lastPositiveTest: null });
    const [measure] = await call(core, 'measures:list', { personId });
    await call(core, 'measures:transition', { measureId: measure!.id, action: 'transfer_out', date: '2026-03-02', reason: '迁居外区', destination: '秦淮区某街道' });
    clock.set('2029-02-01T09:00:00+08:00');
    // The measure runs on at the new station (RR art. 22): not offered here, and refused.
    expect(await call(core, 'clean:status', { personId })).toMatchObject({ candidate: false, measureOpen: true });
    expect((await call(core, 'worklist:list', { ruleId: 'three_years_clean' })).total).toBe(0);
    expect((await refusal(core, 'clean:endDynamicControl', { personId, decidedOn: '2029-02-01', basis: '三年未复吸' })).messageKey).toBe('errors.CONTROL_MEASURE_OPEN');

    // Years later a new measure here runs and is completed: the old transfer no longer stands.
    clock.set('2030-03-01T09:00:00+08:00');
    const next = await call(core, 'measures:create', {
      personId,
      decision: { kind: 'community_rehab', decisionNumber: '宁公康字〔2030〕1号', decisionAuthority: '玄武分局', decisionDate: '2030-02-26', deliveryDate: '2030-03-01', termMonths: 12 },
    });
    await call(core, 'measures:transition', { measureId: next.id, action: 'report_in', date: '2030-03-01' });
    clock.set('2033-03-01T09:00:00+08:00');
    await call(core, 'measures:transition', { measureId: next.id, action: 'complete', date: '2031-03-01' });
    expect((await call(core, 'worklist:list', { ruleId: 'three_years_clean' })).total).toBe(1);
    expect(await call(core, 'clean:status', { personId })).toMatchObject({ candidate: true, measureOpen: false });
    await call(core, 'clean:endDynamicControl', { personId, decidedOn: '2033-03-01', basis: '检测均为阴性，经评估戒断三年未复吸' });
  });
});
