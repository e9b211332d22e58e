import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { HavenCore } from '../../electron/core/app';
import { call, loggedIn, refusal } from './support/core';

/** A person with a community-detox decision delivered on `delivery`, reported in on `reportIn` if given. */
async function decided(core: HavenCore, serial: number, delivery: string, reportIn: string | null) {
  const { personId } = await call(core, 'persons:create', { person: { name: `张${serial}`, idNumber: composeIdNumber('320102', '1988-05-17', serial) } });
  const measure = await call(core, 'measures:create', {
    personId,
    decision: { kind: 'community_detox', decisionNumber: `宁公决字〔2026〕${serial}号`, decisionAuthority: '玄武分局', decisionDate: delivery, deliveryDate: delivery, termMonths: 36 },
  });
  if (reportIn) await call(core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: reportIn });
  return { personId, measureId: measure.id };
}

/** 报到率, 执行率, 戒断巩固率 by their stated definitions, at their edges. */
describe('rates of a period', () => {
  it('count report-ins within 15 days, persons under the measure on the day, and three-years-clean files', async () => {
    const { core, clock } = await loggedIn('2026-03-02T09:00:00+08:00');
    const create = async (serial: number, delivery: string, reportIn: string | null) => (await decided(core, serial, delivery, reportIn)).personId;
    await create(231, '2026-01-05', '2026-01-20'); // day 15: on time
    const late = await create(452, '2026-01-10', '2026-01-26'); // day 16: late
    await create(673, '2026-01-20', null); // never reported, deadline passed
    await create(894, '2026-02-25', null); // deadline (03-12) still ahead: pending, not counted

    const march = await call(core, 'rates:period', { from: '2026-01-01', to: '2026-03-31' });
    expect(march.asOf).toBe('2026-03-02');
    expect(march.total).toBeNull();
    expect(march.rows).toHaveLength(1);
    const [own] = march.rows;
    expect(own?.reportIn).toEqual({ numerator: 1, denominator: 3, percent: 33.3, pending: 1 });
    // On 03-02: three should be under the measure (the fourth is within its 15 days); two reported in.
    expect(own?.control).toEqual({ numerator: 2, denominator: 3, percent: 66.7 });
    expect(own?.consolidation).toEqual({ numerator: 0, denominator: 4, percent: 0 });

    // Absent without leave on the day: not under the measure.
    await call(core, 'absences:create', { personId: late, absence: { discovered: 'home_visit', fromDate: '2026-03-01', toDate: null } });
    expect((await call(core, 'rates:period', { from: '2026-01-01', to: '2026-03-31' })).rows[0]?.control).toEqual({ numerator: 1, denominator: 3, percent: 33.3 });

    // A period with no delivery: nothing to divide by.
    clock.set('2026-06-02T09:00:00+08:00');
    const empty = await call(core, 'rates:period', { from: '2026-05-01', to: '2026-05-31' });
    expect(empty.rows[0]?.reportIn).toEqual({ numerator: 0, denominator: 0, percent: null, pending: 0 });
    expect(empty.asOf).toBe('2026-05-31');
    expect((await refusal(core, 'rates:period', { from: '2026-05-31', to: '2026-05-01' })).code).toBe('VALIDATION');
  });

  it('leave out a decision whose measure ended by its deadline without a report-in: none was owed (a death, a sentence)', async () => {
    const { core } = await loggedIn('2026-03-02T09:00:00+08:00');
    const died = await decided(core, 231, '2026-01-02', null);
    await call(core, 'measures:transition', { measureId: died.measureId, action: 'terminate', date: '2026-01-05', reasonCode: 'death', reason: '因病死亡' });
    await decided(core, 452, '2026-01-03', null); // never reported in: a failure
    const rates = await call(core, 'rates:period', { from: '2026-01-01', to: '2026-01-31' });
    expect(rates.rows[0]?.reportIn).toEqual({ numerator: 0, denominator: 1, percent: 0, pending: 0 });
    expect((await call(core, 'reports:period', { from: '2026-01-01', to: '2026-01-31' })).reportIns).toEqual({ onTime: 0, late: 0, missing: 1, pending: 0 });
  });

  it('read the deadline day as still within the 15 days, a leave not returned as absence, and a file opened by China\'s day', async () => {
    // Both files are opened at 01:30 on 03-02 China time: 17:30 on 03-01 in UTC.
    const { core, clock } = await loggedIn('2026-03-02T01:30:00+08:00');
    const create = async (serial: number, delivery: string, reportIn: string | null) => (await decided(core, serial, delivery, reportIn)).personId;
    await create(231, '2026-02-15', null); // deadline 03-02: the last day to report in
    const away = await create(452, '2026-01-05', '2026-01-10');
    const leave = await call(core, 'leaves:create', { personId: away, leave: { reason: '探望生病的母亲', province: '安徽省', startDate: '2026-02-20', endDate: '2026-02-27' } });
    await call(core, 'leaves:decide', { leaveId: leave.id, decision: 'approve', note: '同意' });
    clock.set('2026-03-02T09:00:00+08:00');
    const rates = async (to: string) => (await call(core, 'rates:period', { from: '2026-02-01', to })).rows[0];

    // On 03-02 the first is within its 15 days (pending, not under the measure yet); the second
    // has been away without permission since 02-28 (no 销假 after the leave's end).
    const onDeadline = await rates('2026-03-31');
    expect(onDeadline?.reportIn).toEqual({ numerator: 0, denominator: 0, percent: null, pending: 1 });
    expect(onDeadline?.control).toEqual({ numerator: 0, denominator: 1, percent: 0 });
    expect(onDeadline?.consolidation).toEqual({ numerator: 0, denominator: 2, percent: 0 });
    // On the leave's last day the person is still on leave, under the measure.
    expect((await rates('2026-02-27'))?.control).toEqual({ numerator: 1, denominator: 1, percent: 100 });
    // Read on 03-01 the files were not yet opened (03-02 in China), whatever UTC says.
    const before = await rates('2026-03-01');
    expect(before?.control).toEqual({ numerator: 0, denominator: 1, percent: 0 });
    expect(before?.consolidation).toEqual({ numerator: 0, denominator: 0, percent: null });

    // 销假 on 03-01: the stored absence (02-28 to 03-01) is over by 03-02; the day after the
    // deadline, the 15 days of the first have run out with no report-in.
    await call(core, 'leaves:return', { leaveId: leave.id, returnedOn: '2026-03-01', note: '' });
    expect((await rates('2026-03-31'))?.control).toEqual({ numerator: 1, denominator: 1, percent: 100 });
    clock.set('2026-03-03T09:00:00+08:00');
    const after = await rates('2026-03-31');
    expect(after?.reportIn).toEqual({ numerator: 0, denominator: 1, percent: 0, pending: 0 });
    expect(after?.control).toEqual({ numerator: 1, denominator: 2, percent: 50 });
  });
});
