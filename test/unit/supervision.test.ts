import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { unlockWithPassword, vaultPaths } from '../../electron/core/kernel/vault';
import { call, refusal, reportedInPerson } from './support/core';
import { FAST_SCRYPT } from './support/tmp';

const activePerson = reportedInPerson;

const TEST = { sample: 'urine', mode: 'on_site' } as const;

describe('leave (请销假)', () => {
  it('request → approve → overdue on the worklist after its end → return check-in clears it', async () => {
    const { core, clock, personId } = await activePerson();
    const leave = await call(core, 'leaves:create', { personId, leave: { reason: '探望生病的母亲', province: '安徽省', city: '合肥市', county: '蜀山区', startDate: '2026-03-03', endDate: '2026-03-07' } });
    expect(leave).toMatchObject({ status: 'requested', days: 5 });
    expect((await refusal(core, 'leaves:return', { leaveId: leave.id, returnedOn: '2026-03-02' })).messageKey).toBe('errors.LEAVE_STATE');
    expect((await refusal(core, 'leaves:decide', { leaveId: leave.id, decision: 'reject', note: '' })).fields).toEqual({ note: 'validation.reasonRequired' });
    await call(core, 'leaves:decide', { leaveId: leave.id, decision: 'approve', note: '同意，按时销假' });
    expect((await refusal(core, 'leaves:create', { personId, leave: { reason: '重叠', province: '江苏省', startDate: '2026-03-05', endDate: '2026-03-06' } })).messageKey).toBe('errors.LEAVE_OVERLAP');

    clock.set('2026-03-07T18:00:00+08:00');
    expect((await call(core, 'worklist:list', { group: 'leave' })).total).toBe(0);
    clock.set('2026-03-09T09:00:00+08:00');
    const overdue = await call(core, 'worklist:list', { group: 'leave' });
    expect(overdue.rows).toEqual([expect.objectContaining({ ruleId: 'leave_overdue', personName: '张三', facts: expect.objectContaining({ daysOverdue: 2 }) })]);
    expect((await call(core, 'worklist:counts', {})).byGroup.leave).toBe(1);

    await call(core, 'leaves:return', { leaveId: leave.id, returnedOn: '2026-03-09', note: '火车晚点' });
    expect((await call(core, 'worklist:list', { group: 'leave' })).total).toBe(0);
    // The two days past the approved end are an unauthorized absence.
    expect(await call(core, 'absences:list', { personId })).toEqual([expect.objectContaining({ fromDate: '2026-03-08', toDate: '2026-03-09', days: 2, discovered: 'leave_overstay' })]);
  });

  it('a leave never checked back in stops counting when its measure ends: the next measure does not inherit it', async () => {
    const { core, clock, personId } = await activePerson();
    const leave = await call(core, 'leaves:create', { personId, leave: { reason: '探亲', province: '安徽省', startDate: '2026-03-03', endDate: '2026-03-07' } });
    await call(core, 'leaves:decide', { leaveId: leave.id, decision: 'approve', note: '' });
    clock.set('2026-03-12T09:00:00+08:00');
    const [first] = await call(core, 'measures:list', { personId });
    await call(core, 'measures:transition', { measureId: first!.id, action: 'terminate', date: '2026-03-12', reasonCode: 'compulsory_isolation', reason: '决定强制隔离戒毒' });
    clock.set('2028-03-01T09:00:00+08:00');
    const next = await call(core, 'measures:create', {
      personId,
      decision: { kind: 'community_rehab', decisionNumber: '康复1号', decisionAuthority: '玄武分局', decisionDate: '2028-02-27', deliveryDate: '2028-03-01', termMonths: 36 },
    });
    await call(core, 'measures:transition', { measureId: next.id, action: 'report_in', date: '2028-03-01' });
    clock.set('2028-04-05T09:00:00+08:00');
    // The overstay ran from the day after the leave to the measure's end, 5 days, and no further.
    expect(await call(core, 'absences:list', { personId })).toEqual([expect.objectContaining({ fromDate: '2026-03-08', toDate: '2026-03-12', days: 5, discovered: 'leave_overstay' })]);
    const rules = (await call(core, 'worklist:list', {})).rows.filter((r) => r.personId === personId).map((r) => r.ruleId);
    expect(rules).not.toContain('absence_breach');
    expect(rules).not.toContain('leave_overdue');
    // An absence in the new measure is recorded (no clash with the old leave).
    await call(core, 'absences:create', { personId, absence: { fromDate: '2028-04-01', toDate: '2028-04-02', discovered: 'home_visit' } });
  });

  it('a withdrawal keeps its own day, who and why; the approval before it keeps its note', async () => {
    const { core, clock, personId, dataDir } = await activePerson();
    const leave = await call(core, 'leaves:create', { personId, leave: { reason: '探亲', province: '安徽省', startDate: '2026-03-10', endDate: '2026-03-12' } });
    await call(core, 'leaves:decide', { leaveId: leave.id, decision: 'approve', note: '同意，按时销假' });
    clock.set('2026-03-05T09:00:00+08:00');
    await call(core, 'leaves:cancel', { leaveId: leave.id, reason: '母亲已出院' });
    const [withdrawn] = await call(core, 'leaves:list', { personId });
    expect(withdrawn).toMatchObject({ status: 'cancelled', decisionNote: '同意，按时销假', decidedOn: '2026-03-02', cancelledOn: '2026-03-05', cancelledBy: '王站长', cancelReason: '母亲已出院' });
    const timeline = (await call(core, 'timeline:person', { personId })).filter((e) => e.kind.startsWith('leave.'));
    expect(timeline.map((e) => [e.kind, e.date, e.detail])).toEqual(
      expect.arrayContaining([
        ['leave.approved', '2026-03-02', '同意，按时销假'],
        ['leave.cancelled', '2026-03-05', '母亲已出院'],
      ]),
    );

    // Withdrawn before migration 0016 (or at a station not yet updated): the reason sat in the
    // decision's note and no day was kept. It reads as the withdrawal's reason, not as an approval's note.
    const second = await call(core, 'leaves:create', { personId, leave: { reason: '务工', province: '浙江省', startDate: '2026-04-01', endDate: '2026-04-03' } });
    const db = unlockWithPassword(vaultPaths(dataDir), 'admin', 'admin password', { scrypt: FAST_SCRYPT }).db;
    try {
      db.prepare(`UPDATE leaves SET status = 'cancelled', decision_note = '行程取消', decided_on = '2026-03-02', decided_by = '王站长', cancelled_on = NULL, cancelled_by = NULL, cancel_reason = '' WHERE id = ?`).run(second.id);
    } finally {
      db.close();
    }
    expect((await call(core, 'leaves:list', { personId })).find((l) => l.id === second.id)).toMatchObject({ status: 'cancelled', decisionNote: '', cancelledOn: null, cancelReason: '行程取消' });
    // Nor does the timeline show it as approved (with no withdrawal beside it, it would read as standing).
    const legacy = (await call(core, 'timeline:person', { personId })).filter((e) => e.key.startsWith(`leave:${String(second.id).padStart(10, '0')}`));
    expect(legacy.map((e) => e.kind)).toEqual(['leave.requested']);
    const form = await call(core, 'print:render', { document: 'leaveForm', leaveId: second.id });
    expect(form.html).toContain('已撤销：行程取消。');
  });

  it('the period report counts a withdrawn leave in both rows as it stood at the period\'s end, or in neither', async () => {
    const { core, clock, personId } = await activePerson();
    const leave = async (startDate: string, endDate: string) => {
      const made = await call(core, 'leaves:create', { personId, leave: { reason: '探亲', province: '安徽省', startDate, endDate } });
      await call(core, 'leaves:decide', { leaveId: made.id, decision: 'approve', note: '' });
      return made.id;
    };
    const withinMarch = await leave('2026-03-20', '2026-03-22');
    const inApril = await leave('2026-03-30', '2026-04-05');
    clock.set('2026-03-10T09:00:00+08:00');
    await call(core, 'leaves:cancel', { leaveId: withinMarch, reason: '不去了' });
    clock.set('2026-04-01T09:00:00+08:00');
    // Withdrawn in April, while it runs: in March it was still a leave requested and approved.
    await call(core, 'leaves:cancel', { leaveId: inApril, reason: '提前返回' });
    const march = await call(core, 'reports:period', { month: '2026-03' });
    expect(march.leaves).toMatchObject({ requested: 1, approved: 1 });
  });

  it('registers a written report when the station does not require approval', async () => {
    const { core, personId } = await activePerson();
    const settings = await call(core, 'schedules:get', {});
    await call(core, 'schedules:update', { ...settings, leaveApprovalRequired: false });
    const leave = await call(core, 'leaves:create', { personId, leave: { reason: '务工', province: '浙江省', startDate: '2026-03-04', endDate: '2026-03-10' } });
    expect(leave.status).toBe('registered');
    expect((await refusal(core, 'leaves:decide', { leaveId: leave.id, decision: 'approve' })).messageKey).toBe('errors.LEAVE_STATE');
  });
});

describe('serious breaches', () => {
  it('three refused tests → alert citing RR art. 20 → violation recorded → reported to police → cleared', async () => {
    const { core, personId } = await activePerson();
    await call(core, 'tests:create', { personId, test: { ...TEST, date: '2026-01-20', result: 'refused' } });
    await call(core, 'tests:create', { personId, test: { ...TEST, date: '2026-02-10', result: 'missed' } });
    expect((await call(core, 'worklist:list', { ruleId: 'tests_refused' })).total).toBe(0);
    await call(core, 'tests:create', { personId, test: { ...TEST, date: '2026-03-01', result: 'refused' } });
    const [breach] = (await call(core, 'worklist:list', { group: 'serious_breach' })).rows;
    expect(breach).toMatchObject({ ruleId: 'tests_refused', severity: 'critical', article: 'RR-20', facts: { count: 3 } });

    const violation = await call(core, 'violations:create', { personId, violation: { date: '2026-03-02', severity: 'general', description: '三次拒绝/逃避检测', ruleKey: breach!.key } });
    expect(violation).toMatchObject({ severity: 'serious', ruleId: 'tests_refused', article: 'RR-20' });
    const afterRecord = (await call(core, 'worklist:list', { group: 'serious_breach' })).rows;
    expect(afterRecord.map((r) => r.ruleId)).toEqual(['violation_unreported']);

    expect((await refusal(core, 'violations:reportToPolice', { violationId: violation.id, date: '2026-03-01', reportedTo: '玄武分局' })).fields).toEqual({ date: 'validation.reportBeforeViolation' });
    await call(core, 'violations:reportToPolice', { violationId: violation.id, date: '2026-03-02', reportedTo: '玄武分局禁毒大队' });
    expect((await call(core, 'worklist:list', { group: 'serious_breach' })).total).toBe(0);
    const timeline = (await call(core, 'timeline:person', { personId })).map((t) => t.kind);
    expect(timeline).toEqual(expect.arrayContaining(['test.refused', 'test.missed', 'violation.serious', 'violation.reported']));
  });

  it('a positive test needs substances and goes on the list for the police', async () => {
    const { core, personId } = await activePerson();
    expect((await refusal(core, 'tests:create', { personId, test: { ...TEST, date: '2026-03-01', result: 'positive' } })).fields).toEqual({ 'test.substances': 'validation.substancesRequired' });
    await call(core, 'tests:create', { personId, test: { ...TEST, date: '2026-03-01', result: 'positive', substances: ['methamphetamine'] } });
    expect((await call(core, 'worklist:person', { personId })).map((a) => a.ruleId)).toContain('positive_test');
  });
});

describe('worklist', () => {
  it('dismissing needs a reason, is audited, and hides only that occurrence', async () => {
    const { core, personId } = await activePerson();
    const alerts = await call(core, 'worklist:person', { personId });
    const testDue = alerts.find((a) => a.ruleId === 'test_overdue');
    expect(testDue).toBeDefined();
    expect((await refusal(core, 'worklist:dismiss', { personId, key: testDue!.key, reason: '' })).fields).toEqual({ reason: 'validation.reasonRequired' });
    await call(core, 'worklist:dismiss', { personId, key: testDue!.key, reason: '已在外地检测，报告待补' });
    expect((await call(core, 'worklist:list', { ruleId: 'test_overdue' })).total).toBe(0);
    expect((await call(core, 'worklist:list', { ruleId: 'test_overdue', includeDismissed: true })).rows[0]?.dismissed).toMatchObject({ reason: '已在外地检测，报告待补' });
    expect((await call(core, 'audit:list', { limit: 1 }))[0]).toMatchObject({ action: 'alerts.dismiss' });
  });

  it('counts by group, and recording a test fulfils the due test', async () => {
    const { core, personId } = await activePerson();
    const before = await call(core, 'worklist:counts', {});
    expect(before.byRule).toMatchObject({ test_overdue: 1, contact_overdue: 1, agreement_missing: 1, reassessment_due: 1 });
    await call(core, 'tests:create', { personId, test: { ...TEST, date: '2026-03-02', result: 'negative' } });
    await call(core, 'contacts:create', { personId, contact: { date: '2026-03-02', kind: 'home_visit', summary: '家访，状态稳定，已就业' } });
    const after = await call(core, 'worklist:counts', {});
    expect(after.byRule.test_overdue ?? 0).toBe(0);
    expect(after.byRule.contact_overdue ?? 0).toBe(0);
    expect(after.station).toEqual([]);
  });

  it('each row carries the gender from the ID number, so 登记检测 opened from 待办 reminds of a female collector as the file does', async () => {
    const { core, personId } = await activePerson();
    const { personId: woman } = await call(core, 'persons:create', { person: { name: '李梅', idNumber: composeIdNumber('320102', '1990-02-01', 242) } });
    const measure = await call(core, 'measures:create', {
      personId: woman,
      decision: { kind: 'community_detox', decisionNumber: '宁公决字〔2026〕2号', decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36 },
    });
    await call(core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-01-05' });
    const rows = (await call(core, 'worklist:list', { ruleId: 'test_overdue' })).rows;
    expect(Object.fromEntries(rows.map((r) => [r.personId, r.gender]))).toEqual({ [personId]: 'male', [woman]: 'female' });
    expect((await call(core, 'worklist:person', { personId: woman })).every((a) => a.gender === 'female')).toBe(true);
  });

  it('archived files leave the worklist', async () => {
    const { core, personId } = await activePerson();
    expect((await call(core, 'worklist:list', {})).total).toBeGreaterThan(0);
    await call(core, 'persons:archive', { personId, reason: '迁出本地' });
    expect((await call(core, 'worklist:list', {})).total).toBe(0);
  });
});
