import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn, refusal } from './support/core';

/** 报到率, 执行率, 戒断巩固率 by their stated definitions, at their edges. */
describe('rates of a period', () => {
  it('count report-ins within 15 days, persons under the measure on the day, and three-years-clean files', async () => {
    const { core, clock } = await loggedIn('2026-03-02T09:00:00+08:00');
    const create = async (serial: number, delivery: string, reportIn: string | null) => {
      const { personId } = await call(core, 'persons:create', { person: { name: `张${serial}`, idNumber: composeIdNumber('320102', '1988-05-17', serial) } });
      const measure = await call(core, 'measures:create', {
        personId,
        decision: { kind: 'community_detox', decisionNumber: `宁公决字〔2026〕${serial}号`, decisionAuthority: '玄武分局', decisionDate: delivery, deliveryDate: delivery, termMonths: 36 },
      });
      if (reportIn) await call(core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: reportIn });
      return personId;
    };
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
});
