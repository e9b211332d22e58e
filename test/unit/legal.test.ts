import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn, refusal } from './support/core';

/**
 * The legal engine through the app's own channels with a hand-set clock (issue "Legal engine"):
 * each rule at its boundary, and the ways a serious breach used to vanish.
 */
const TEST = { sample: 'urine', mode: 'on_site', tester: '李四', secondTester: '王五' } as const;
const GOOD = (decidedOn: string) => ({ reason: '住院治疗，有医院证明', decidedBy: '社区民警 赵某', decidedOn });

async function person(start: string, options: { kind?: 'community_detox' | 'community_rehab'; termMonths?: number; delivery?: string; female?: boolean } = {}) {
  const ctx = await loggedIn(start);
  const idNumber = composeIdNumber('320102', '1988-05-17', options.female ? 232 : 231);
  const { personId } = await call(ctx.core, 'persons:create', { person: { name: '张三', idNumber } });
  const measure = await call(ctx.core, 'measures:create', {
    personId,
    decision: {
      kind: options.kind ?? 'community_detox',
      decisionNumber: '宁公决字〔2026〕1号',
      decisionAuthority: '玄武分局',
      decisionDate: '2025-12-30',
      deliveryDate: options.delivery ?? '2026-01-01',
      termMonths: options.termMonths ?? 36,
    },
  });
  return { ...ctx, personId, measureId: measure.id };
}

const breaches = async (core: Awaited<ReturnType<typeof person>>['core']) => (await call(core, 'worklist:list', { group: 'serious_breach' })).rows;

describe('rule 1: report-in (RR art. 14)', () => {
  it('day 15 is on time, day 16 is refusal; a late report-in does not erase it', async () => {
    const { core, clock, measureId } = await person('2026-01-16T09:00:00+08:00');
    expect((await call(core, 'worklist:list', { group: 'report_in' })).rows.map((r) => r.ruleId)).toEqual(['report_in_due']);
    expect(await breaches(core)).toEqual([]);
    clock.set('2026-01-17T09:00:00+08:00');
    expect(await breaches(core)).toEqual([expect.objectContaining({ ruleId: 'report_in_overdue', severity: 'critical', article: 'RR-14' })]);

    clock.set('2026-01-21T09:00:00+08:00');
    const measure = await call(core, 'measures:transition', { measureId, action: 'report_in', date: '2026-01-21' });
    expect(measure.reportIns).toEqual([expect.objectContaining({ deadline: '2026-01-16', reportedOn: '2026-01-21', late: true, goodReason: null })]);
    const [row] = await breaches(core);
    expect(row).toMatchObject({ ruleId: 'report_in_overdue', key: `report_in_overdue:m${measureId}`, facts: { reportedOn: '2026-01-21', daysOverdue: 5, breachDate: '2026-01-17', escalated: true, waitingDays: 4 } });
    // Nor can it be dismissed.
    expect((await refusal(core, 'worklist:dismiss', { personId: row!.personId, key: row!.key, reason: '已报到' })).messageKey).toBe('errors.BREACH_NOT_DISMISSABLE');
    // The dashboard counts it, and as escalated (waiting for its report past the day).
    expect(await call(core, 'worklist:counts', {})).toMatchObject({ byRule: { report_in_overdue: 1 }, escalated: 1 });
  });

  it('a 正当理由 recorded with the report-in keeps it from counting, and is audited', async () => {
    const { core, personId, measureId } = await person('2026-01-21T09:00:00+08:00');
    expect((await refusal(core, 'measures:transition', { measureId, action: 'report_in', date: '2026-01-21', goodReason: { ...GOOD('2026-01-21'), reason: '' } })).fields).toEqual({
      'goodReason.reason': 'validation.reasonRequired',
    });
    const measure = await call(core, 'measures:transition', { measureId, action: 'report_in', date: '2026-01-21', goodReason: GOOD('2026-01-20') });
    expect(measure.reportIns[0]?.goodReason).toMatchObject({ decidedBy: '社区民警 赵某', decidedOn: '2026-01-20', subject: 'report_in', reportInFrom: '2026-01-01' });
    expect(await breaches(core)).toEqual([]);
    const audit = (await call(core, 'audit:list', { limit: 20 })).map((e) => e.action);
    expect(audit).toContain('measures.report_in');
    // Withdrawing it brings the refusal back.
    const [reason] = await call(core, 'goodReasons:list', { personId });
    await call(core, 'goodReasons:remove', { goodReasonId: reason!.id, reason: '误登记' });
    expect((await breaches(core)).map((r) => r.ruleId)).toEqual(['report_in_overdue']);
    expect((await call(core, 'audit:list', { limit: 5 })).map((e) => e.action)).toContain('goodReasons.remove');
  });

  it('a good reason is refused for an on-time report-in', async () => {
    const { core, measureId } = await person('2026-01-10T09:00:00+08:00');
    expect((await refusal(core, 'measures:transition', { measureId, action: 'report_in', date: '2026-01-10', goodReason: GOOD('2026-01-10') })).fields).toEqual({ goodReason: 'validation.goodReasonNotLate' });
  });

  it('社区康复 cites RR art. 38', async () => {
    const { core } = await person('2026-01-20T09:00:00+08:00', { kind: 'community_rehab', termMonths: 24 });
    expect((await breaches(core))[0]).toMatchObject({ ruleId: 'report_in_overdue', article: 'RR-38' });
  });
});

describe('rule 2: tests (RR art. 20)', () => {
  it('2 refusals are not a breach, 3 are; a 正当理由 for one takes it back below 3', async () => {
    const { core, personId, measureId } = await person('2026-03-02T09:00:00+08:00');
    await call(core, 'measures:transition', { measureId, action: 'report_in', date: '2026-01-05' });
    await call(core, 'tests:create', { personId, test: { ...TEST, date: '2026-01-20', result: 'refused' } });
    const missed = await call(core, 'tests:create', { personId, test: { ...TEST, date: '2026-02-10', result: 'missed' } });
    expect(await breaches(core)).toEqual([]);
    await call(core, 'tests:create', { personId, test: { ...TEST, date: '2026-03-01', result: 'refused' } });
    expect((await breaches(core)).map((r) => r.ruleId)).toEqual(['tests_refused']);
    const reason = await call(core, 'goodReasons:create', { personId, subject: 'test', testId: missed.id, goodReason: GOOD('2026-02-11') });
    expect(reason).toMatchObject({ subject: 'test', testId: missed.id });
    expect(await breaches(core)).toEqual([]);
    expect((await call(core, 'tests:list', { personId })).find((t) => t.id === missed.id)?.goodReason?.id).toBe(reason.id);
    expect((await refusal(core, 'goodReasons:create', { personId, subject: 'test', testId: missed.id, goodReason: GOOD('2026-02-11') })).messageKey).toBe('errors.GOOD_REASON_EXISTS');
    expect((await refusal(core, 'goodReasons:create', { personId, subject: 'test', testId: missed.id, goodReason: GOOD('2026-03-03') })).fields).toEqual({ 'goodReason.decidedOn': 'validation.dateInFuture' });
  });

  it('warns where the testing procedure was not followed, without refusing the record', async () => {
    const { core, personId, measureId } = await person('2026-03-02T09:00:00+08:00', { female: true });
    await call(core, 'measures:transition', { measureId, action: 'report_in', date: '2026-01-05' });
    const alone = await call(core, 'tests:create', { personId, test: { sample: 'urine', mode: 'on_site', result: 'positive', substances: ['methamphetamine'], tester: '李四', date: '2026-03-01' } });
    expect(alone.procedureWarnings).toEqual(['one_staff', 'female_collector', 'ab_samples']);
    const proper = await call(core, 'tests:create', {
      personId,
      test: { ...TEST, collectorFemale: true, sampleANumber: 'A-001', sampleBNumber: 'B-001', result: 'positive', substances: ['methamphetamine'], date: '2026-03-02' },
    });
    expect(proper.procedureWarnings).toEqual([]);
    expect((await call(core, 'tests:create', { personId, test: { ...TEST, mode: 'retest', date: '2026-03-02', result: 'negative' } })).mode).toBe('retest');
  });
});

describe('rule 3: absences (RR art. 20)', () => {
  async function active() {
    const ctx = await person('2026-06-01T09:00:00+08:00');
    await call(ctx.core, 'measures:transition', { measureId: ctx.measureId, action: 'report_in', date: '2026-01-05' });
    return ctx;
  }
  const ABSENCE = { discovered: 'home_visit' } as const;

  it('refuses overlapping records; 30 days are not a breach, 31 are', async () => {
    const { core, personId } = await active();
    await call(core, 'absences:create', { personId, absence: { ...ABSENCE, fromDate: '2026-02-01', toDate: '2026-02-20' } });
    const overlap = await refusal(core, 'absences:create', { personId, absence: { ...ABSENCE, fromDate: '2026-02-15', toDate: '2026-03-05' } });
    expect(overlap).toMatchObject({ code: 'CONFLICT', messageKey: 'errors.ABSENCE_OVERLAP', params: { from: '2026-02-01' } });
    expect(await call(core, 'absences:list', { personId })).toHaveLength(1);
    await call(core, 'absences:create', { personId, absence: { ...ABSENCE, fromDate: '2026-03-01', toDate: '2026-03-10' } });
    expect(await breaches(core)).toEqual([]);
    const open = await call(core, 'absences:create', { personId, absence: { ...ABSENCE, fromDate: '2026-05-31', toDate: null } });
    expect((await breaches(core)).map((r) => r.ruleId)).toEqual(['absence_breach']);
    // A 正当理由 for the running one takes the total back to 30.
    await call(core, 'goodReasons:create', { personId, subject: 'absence', absenceId: open.id as number, goodReason: GOOD('2026-06-01') });
    expect(await breaches(core)).toEqual([]);
  });

  it('2 departures of 3 days are not a breach, 3 are; 2-day trips do not count by default', async () => {
    const { core, personId } = await active();
    await call(core, 'absences:create', { personId, absence: { ...ABSENCE, fromDate: '2026-02-01', toDate: '2026-02-03' } });
    await call(core, 'absences:create', { personId, absence: { ...ABSENCE, fromDate: '2026-03-01', toDate: '2026-03-03' } });
    await call(core, 'absences:create', { personId, absence: { ...ABSENCE, fromDate: '2026-04-01', toDate: '2026-04-02' } });
    expect(await breaches(core)).toEqual([]);
    await call(core, 'absences:create', { personId, absence: { ...ABSENCE, fromDate: '2026-05-01', toDate: '2026-05-03' } });
    expect((await breaches(core))[0]).toMatchObject({ ruleId: 'absence_breach', facts: { count: 3, totalDays: 11 } });
  });

  it('leave not returned opens an absence the day after its end; day 30 is not a breach, day 31 is; 销假 closes it once', async () => {
    const { core, clock, personId } = await active();
    const leave = await call(core, 'leaves:create', { personId, leave: { reason: '探亲', province: '安徽省', startDate: '2026-06-02', endDate: '2026-06-07' } });
    await call(core, 'leaves:decide', { leaveId: leave.id, decision: 'approve', note: '' });
    clock.set('2026-06-08T09:00:00+08:00');
    expect(await call(core, 'absences:list', { personId })).toEqual([expect.objectContaining({ id: null, fromDate: '2026-06-08', toDate: null, discovered: 'leave_overstay', leaveId: leave.id, days: 1 })]);
    expect((await refusal(core, 'leaves:cancel', { leaveId: leave.id, reason: '撤销' })).messageKey).toBe('errors.LEAVE_ENDED_RETURN_FIRST');
    expect((await refusal(core, 'absences:create', { personId, absence: { ...ABSENCE, fromDate: '2026-06-08', toDate: null } })).messageKey).toBe('errors.ABSENCE_OVERLAPS_LEAVE');
    clock.set('2026-07-07T09:00:00+08:00'); // 30th day away
    expect(await breaches(core)).toEqual([]);
    clock.set('2026-07-08T09:00:00+08:00'); // 31st
    expect((await breaches(core))[0]).toMatchObject({ ruleId: 'absence_breach', facts: { totalDays: 31, breachDate: '2026-07-08' } });
    await call(core, 'leaves:return', { leaveId: leave.id, returnedOn: '2026-07-08', note: '' });
    const absences = await call(core, 'absences:list', { personId });
    expect(absences).toEqual([expect.objectContaining({ id: expect.any(Number), fromDate: '2026-06-08', toDate: '2026-07-08', days: 31, leaveId: leave.id })]);
    expect((await breaches(core))[0]).toMatchObject({ ruleId: 'absence_breach', facts: { totalDays: 31 } });
  });
});

describe('a serious breach survives 解除, 终止 and archiving', () => {
  async function breached() {
    const ctx = await person('2026-03-02T09:00:00+08:00', { kind: 'community_rehab', termMonths: 1 });
    await call(ctx.core, 'measures:transition', { measureId: ctx.measureId, action: 'report_in', date: '2026-01-05' });
    for (const date of ['2026-01-10', '2026-01-20', '2026-01-30']) await call(ctx.core, 'tests:create', { personId: ctx.personId, test: { ...TEST, date, result: 'refused' } });
    return ctx;
  }

  it('解除 is refused naming the breach; after the violation and its police report it goes through', async () => {
    const { core, personId, measureId } = await breached();
    const refused = await refusal(core, 'measures:transition', { measureId, action: 'complete', date: '2026-03-02' });
    expect(refused).toMatchObject({ code: 'CONFLICT', messageKey: 'errors.COMPLETE_WITH_UNREPORTED_BREACH', params: { ruleId: 'tests_refused', date: '2026-01-30', count: 1 } });
    expect((await refusal(core, 'persons:archive', { personId, reason: '期满' })).messageKey).toBe('errors.ARCHIVE_WITH_UNREPORTED_BREACH');
    const [row] = await breaches(core);
    const violation = await call(core, 'violations:create', { personId, violation: { date: '2026-03-02', severity: 'serious', description: '三次拒绝检测', ruleKey: row!.key } });
    expect(violation.ruleFacts).toMatchObject({ breachDate: '2026-01-30' });
    expect((await refusal(core, 'measures:transition', { measureId, action: 'complete', date: '2026-03-02' })).params).toMatchObject({ ruleId: 'violation_unreported' });
    await call(core, 'violations:reportToPolice', { violationId: violation.id, date: '2026-03-02', reportedTo: '玄武分局禁毒大队' });
    const done = await call(core, 'measures:transition', {
      measureId,
      action: 'complete',
      date: '2026-03-02',
      dischargeNotice: { number: '玄公解字〔2026〕3号', issuedOn: '2026-02-04', notifiedOn: '2026-02-10' },
    });
    expect(done).toMatchObject({ status: 'completed', dischargeNotice: { number: '玄公解字〔2026〕3号', notifiedOn: '2026-02-10' } });
  });

  it('a new decision delivered the day the last measure ended: the positive test of that day is one alert, the station\'s worklist still reads', async () => {
    const { core, personId, measureId } = await person('2026-02-10T09:00:00+08:00');
    await call(core, 'measures:transition', { measureId, action: 'report_in', date: '2026-01-05' });
    const test = await call(core, 'tests:create', { personId, test: { ...TEST, date: '2026-02-10', result: 'positive', substances: ['heroin'] } });
    await call(core, 'measures:transition', { measureId, action: 'terminate', date: '2026-02-10', reasonCode: 'compulsory_isolation', reason: '决定强制隔离戒毒' });
    await call(core, 'measures:create', {
      personId,
      decision: { kind: 'community_rehab', decisionNumber: '宁公康字〔2026〕2号', decisionAuthority: '玄武分局', decisionDate: '2026-02-10', deliveryDate: '2026-02-10', termMonths: 36 },
    });
    expect((await breaches(core)).map((r) => r.key)).toEqual([`positive_test:t${String(test.id)}`]);
    expect((await call(core, 'worklist:counts', {})).byGroup.serious_breach).toBe(1);
  });

  it('终止 is allowed, and the breach stays on the worklist', async () => {
    const { core, measureId } = await breached();
    await call(core, 'measures:transition', { measureId, action: 'terminate', date: '2026-03-01', reasonCode: 'compulsory_isolation', reason: '决定强制隔离戒毒' });
    expect((await breaches(core)).map((r) => r.ruleId)).toEqual(['tests_refused']);
  });

  it('a violation for a breach on an ended measure attaches to that measure; without a measure it is refused', async () => {
    const { core, personId, measureId } = await breached();
    await call(core, 'measures:transition', { measureId, action: 'terminate', date: '2026-03-01', reasonCode: 'imprisoned', reason: '判处有期徒刑' });
    expect((await refusal(core, 'violations:create', { personId, violation: { date: '2026-03-02', severity: 'general', description: '未按约定谈话' } })).messageKey).toBe('errors.NO_OPEN_MEASURE');
    const [row] = await breaches(core);
    expect((await call(core, 'violations:create', { personId, violation: { date: '2026-03-02', severity: 'general', description: '三次拒绝检测', ruleKey: row!.key } })).measureId).toBe(measureId);
    expect((await refusal(core, 'tests:create', { personId, test: { ...TEST, date: '2026-03-02', result: 'negative' } })).messageKey).toBe('errors.NO_OPEN_MEASURE');
    expect((await refusal(core, 'absences:create', { personId, absence: { discovered: 'home_visit', fromDate: '2026-03-02', toDate: null } })).messageKey).toBe('errors.NO_OPEN_MEASURE');
  });
});

describe('discharge notice (RR art. 23, 40) and working group (RR art. 17)', () => {
  it('reminds after the term until the police notice is recorded', async () => {
    const { core, clock, personId, measureId } = await person('2026-01-05T09:00:00+08:00', { kind: 'community_rehab', termMonths: 1 });
    await call(core, 'measures:transition', { measureId, action: 'report_in', date: '2026-01-05' });
    expect((await refusal(core, 'measures:recordDischargeNotice', { measureId, notice: { number: 'X', issuedOn: '2026-01-05', notifiedOn: '2026-01-05' } })).messageKey).toBe('errors.NOTICE_BEFORE_TERM_END');
    clock.set('2026-02-06T09:00:00+08:00');
    const alerts = await call(core, 'worklist:person', { personId });
    expect(alerts.find((a) => a.ruleId === 'discharge_notice_missing')).toMatchObject({ article: 'RR-40', facts: { plannedEnd: '2026-02-04', dueDate: '2026-02-11' } });
    expect((await refusal(core, 'measures:recordDischargeNotice', { measureId, notice: { number: 'X', issuedOn: '2026-02-05', notifiedOn: '2026-02-04' } })).fields).toEqual({ 'notice.notifiedOn': 'validation.notifiedBeforeIssued' });
    await call(core, 'measures:recordDischargeNotice', { measureId, notice: { number: '玄公解字〔2026〕9号', issuedOn: '2026-02-05', notifiedOn: '2026-02-06' } });
    expect((await call(core, 'worklist:person', { personId })).map((a) => a.ruleId)).not.toContain('discharge_notice_missing');
  });

  it('warns while an active measure has no full-time staff member in its working group', async () => {
    const { core, personId, measureId } = await person('2026-01-10T09:00:00+08:00');
    await call(core, 'measures:transition', { measureId, action: 'report_in', date: '2026-01-10' });
    await call(core, 'measures:setWorkingGroup', { measureId, members: [{ role: 'community_police', name: '赵警官' }] });
    expect((await call(core, 'worklist:person', { personId })).map((a) => a.ruleId)).toContain('working_group_missing');
    await call(core, 'measures:setWorkingGroup', { measureId, members: [{ role: 'full_time_staff', name: '李社工' }, { role: 'community_police', name: '赵警官' }] });
    expect((await call(core, 'worklist:person', { personId })).map((a) => a.ruleId)).not.toContain('working_group_missing');
  });
});

describe('records need the measure they belong to', () => {
  it('an agreement is signed only while the measure runs', async () => {
    const { core, personId, measureId } = await person('2026-03-02T09:00:00+08:00', { kind: 'community_rehab', termMonths: 1 });
    await call(core, 'measures:transition', { measureId, action: 'report_in', date: '2026-01-05' });
    const draft = await call(core, 'agreements:generate', { measureId });
    expect(draft.text).toContain('第三十八条');
    expect(draft.text).not.toContain('第四十四条');
    await call(core, 'measures:transition', { measureId, action: 'complete', date: '2026-03-02' });
    expect((await refusal(core, 'agreements:sign', { agreementId: draft.id, signedOn: '2026-03-02' })).messageKey).toBe('errors.AGREEMENT_MEASURE_CLOSED');
    expect((await call(core, 'agreements:list', { personId }))[0]?.status).toBe('draft');
  });

  it('dynamic control ends only after the measure has ended (RR art. 7)', async () => {
    const { core, personId, measureId } = await person('2029-01-02T09:00:00+08:00');
    await call(core, 'measures:transition', { measureId, action: 'report_in', date: '2026-01-05' });
    const status = await call(core, 'clean:status', { personId });
    expect(status).toMatchObject({ cleanSince: '2025-12-30', completesOn: '2028-12-30', candidate: false, measureOpen: true });
    expect((await refusal(core, 'clean:endDynamicControl', { personId, decidedOn: '2029-01-02', basis: '经审核满三年未复吸' })).messageKey).toBe('errors.CONTROL_MEASURE_OPEN');
  });

  it('pregnancy and breastfeeding are refused for a male ID number; the breastfeeding protection lapses at one year', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    const male = composeIdNumber('320102', '1990-02-01', 231);
    expect((await refusal(ctx.core, 'persons:create', { person: { name: '李四', idNumber: male, pregnant: true } })).fields).toEqual({ 'person.pregnant': 'validation.protectiveFemaleOnly' });
    const female = composeIdNumber('320102', '1990-02-01', 242);
    expect((await refusal(ctx.core, 'persons:create', { person: { name: '王芳', idNumber: female, breastfeedingInfant: true } })).fields).toEqual({ 'person.infantBirthDate': 'validation.infantBirthDateRequired' });
    const { personId } = await call(ctx.core, 'persons:create', { person: { name: '王芳', idNumber: female, breastfeedingInfant: true, infantBirthDate: '2025-06-10' } });
    expect(await call(ctx.core, 'persons:get', { personId })).toMatchObject({ breastfeedingInfant: true, breastfeedingUntil: '2026-06-09', breastfeedingActive: true });
    ctx.clock.set('2026-06-10T09:00:00+08:00');
    expect(await call(ctx.core, 'persons:get', { personId })).toMatchObject({ breastfeedingActive: false });
  });

  it('an agreement template without the liability section cannot be published (RR art. 16)', async () => {
    const { core } = await loggedIn();
    const body = '甲方：{{station.name}}\n一、社区戒毒的具体措施\n……\n二、乙方应当遵守的规定\n……';
    const refused = await refusal(core, 'agreements:saveTemplate', { kind: 'community_detox', title: '社区戒毒协议书', body, note: '' });
    expect(refused).toMatchObject({ messageKey: 'errors.TEMPLATE_SECTION_MISSING', fields: { body: 'validation.templateSectionMissing' } });
    const saved = await call(core, 'agreements:saveTemplate', { kind: 'community_detox', title: '社区戒毒协议书', body: `${body}\n三、违反协议的责任\n……`, note: '' });
    expect(saved.version).toBe(4); // after the built-in 1 and its upgrades 2 (0014) and 3 (0018)
  });
});

describe('settings', () => {
  it('the police-report limit and the departure length are station settings', async () => {
    const { core } = await loggedIn();
    const settings = await call(core, 'schedules:get', {});
    expect(settings).toMatchObject({ policeReportHours: 24, departureMinDays: 3 });
    expect(await call(core, 'schedules:update', { ...settings, policeReportHours: 48, departureMinDays: 1 })).toMatchObject({ policeReportHours: 48, departureMinDays: 1 });
    expect((await refusal(core, 'schedules:update', { ...settings, policeReportHours: 0 })).code).toBe('VALIDATION');
  });
});

describe('bad input to the new channels changes nothing', () => {
  it('good reasons: wrong subject, another person\'s record or scan, too long, on-time report-in', async () => {
    const a = await person('2026-03-02T09:00:00+08:00');
    await call(a.core, 'measures:transition', { measureId: a.measureId, action: 'report_in', date: '2026-01-05' });
    const missed = await call(a.core, 'tests:create', { personId: a.personId, test: { ...TEST, date: '2026-02-01', result: 'missed' } });
    const other = await call(a.core, 'persons:create', { person: { name: '李四', idNumber: composeIdNumber('320102', '1990-01-01', 11) } });
    const scan = await call(a.core, 'attachments:add', { personId: other.personId, kind: 'document', filename: 'x.pdf', dataBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64') });
    const count = async () => (await call(a.core, 'goodReasons:list', { personId: a.personId })).length + (await call(a.core, 'goodReasons:list', { personId: other.personId })).length;

    expect((await refusal(a.core, 'goodReasons:create', { personId: a.personId, subject: 'test', goodReason: GOOD('2026-02-02') })).fields).toEqual({ testId: 'validation.required' });
    expect((await refusal(a.core, 'goodReasons:create', { personId: other.personId, subject: 'test', testId: missed.id, goodReason: GOOD('2026-02-02') })).messageKey).toBe('errors.RECORD_NOT_FOUND');
    expect((await refusal(a.core, 'goodReasons:create', { personId: a.personId, subject: 'test', testId: missed.id, goodReason: { ...GOOD('2026-02-02'), attachmentId: scan.id } })).messageKey).toBe('errors.ATTACHMENT_NOT_FOUND');
    expect((await refusal(a.core, 'goodReasons:create', { personId: a.personId, subject: 'test', testId: missed.id, goodReason: { ...GOOD('2026-02-02'), reason: '长'.repeat(1001) } })).fields).toEqual({ 'goodReason.reason': 'validation.tooLong' });
    expect((await refusal(a.core, 'goodReasons:create', { personId: a.personId, subject: 'test', testId: missed.id, goodReason: { ...GOOD('2026-02-30'), decidedBy: '' } })).fields).toMatchObject({ 'goodReason.decidedOn': 'validation.date' });
    expect((await refusal(a.core, 'goodReasons:create', { personId: a.personId, subject: 'report_in', measureId: a.measureId, reportInFrom: '2026-01-01', goodReason: GOOD('2026-02-02') })).messageKey).toBe('errors.GOOD_REASON_NOT_LATE');
    expect((await refusal(a.core, 'goodReasons:create', { personId: a.personId, subject: 'test', testId: missed.id, goodReason: GOOD('2026-02-02'), extra: 1 })).code).toBe('VALIDATION');
    expect(await count()).toBe(0);
  });

  it('discharge notice and transition extras: empty, too long, future, on the wrong action', async () => {
    const { core, personId, measureId } = await person('2026-03-02T09:00:00+08:00', { kind: 'community_rehab', termMonths: 1 });
    await call(core, 'measures:transition', { measureId, action: 'report_in', date: '2026-01-05' });
    const notice = (n: Record<string, string>) => refusal(core, 'measures:recordDischargeNotice', { measureId, notice: { number: 'X', issuedOn: '2026-02-05', notifiedOn: '2026-02-06', ...n } });
    expect((await notice({ number: '' })).fields).toEqual({ 'notice.number': 'validation.required' });
    expect((await notice({ number: '号'.repeat(51) })).fields).toEqual({ 'notice.number': 'validation.tooLong' });
    expect((await notice({ notifiedOn: '2026-03-09' })).fields).toEqual({ 'notice.notifiedOn': 'validation.dateInFuture' });
    expect((await refusal(core, 'measures:transition', { measureId, action: 'suspend', date: '2026-03-01', reasonCode: 'detained', reason: '拘留', goodReason: GOOD('2026-03-01') })).fields).toEqual({ goodReason: 'validation.invalid' });
    expect((await refusal(core, 'measures:transition', { measureId, action: 'suspend', date: '2026-03-01', reasonCode: 'detained', reason: '拘留', dischargeNotice: { number: 'X', issuedOn: '2026-03-01', notifiedOn: '2026-03-01' } })).fields).toEqual({ dischargeNotice: 'validation.invalid' });
    const [measure] = await call(core, 'measures:list', { personId });
    expect(measure).toMatchObject({ status: 'active', dischargeNotice: null });
  });
});

