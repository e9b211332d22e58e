import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn } from './support/core';

const CREDIT = '强制隔离戒毒已执行 120 日折抵（《戒毒条例》第三十一条）';
/** The 期限折抵 line of a printed form: its value spans the rest of the row. */
const creditLine = (page: string) => /期限折抵<\/td>\s*<td colspan="3">([^<]*)<\/td>/.exec(page)?.[1];

async function detox(creditedDays: number, serial: number) {
  const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
  const { personId } = await call(ctx.core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', serial) } });
  const measure = await call(ctx.core, 'measures:create', {
    personId,
    decision: { kind: 'community_detox', decisionNumber: '宁公决字〔2026〕1号', decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36, creditedDays },
  });
  await call(ctx.core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-01-05' });
  return { ...ctx, personId, measureId: measure.id };
}

describe('days credited from compulsory isolation (RR art. 31)', () => {
  it('are printed beside the shorter 预计期满 on the 报到登记表, the case file and the 期满解除记录', async () => {
    const { core, clock, personId, measureId } = await detox(120, 231);
    // 2026-01-05 + 3 years − 1 day = 2029-01-04, 120 days earlier.
    const [measure] = await call(core, 'measures:list', { personId });
    expect(measure?.plannedEnd).toBe('2028-09-06');
    const reportIn = (await call(core, 'print:render', { document: 'reportIn', measureId })).html;
    expect(reportIn).toContain('36 个月');
    expect(creditLine(reportIn)).toBe(CREDIT);
    expect(creditLine((await call(core, 'print:render', { document: 'caseFile', personId })).html)).toBe(CREDIT);

    clock.set('2028-09-07T09:00:00+08:00');
    await call(core, 'measures:transition', { measureId, action: 'complete', date: '2028-09-06' });
    const ended = (await call(core, 'print:render', { document: 'measureEnd', measureId })).html;
    expect(ended).toContain('社区戒毒期满解除记录');
    expect(creditLine(ended)).toBe(CREDIT);
  });

  it('leave no such line where nothing was credited', async () => {
    const { core, personId, measureId } = await detox(0, 251);
    for (const request of [{ document: 'reportIn', measureId }, { document: 'caseFile', personId }] as const) {
      expect((await call(core, 'print:render', request)).html).not.toContain('折抵');
    }
  });

  it('are said after the term in the built-in 社区戒毒协议书 (migration 0018), and nothing is said without them', async () => {
    for (const [days, serial, end, said] of [[120, 271, '2028-09-06', '（已执行的强制隔离戒毒 120 日依照《戒毒条例》第三十一条折抵）'], [0, 291, '2029-01-04', '']] as const) {
      const { core, measureId } = await detox(days, serial);
      const agreement = await call(core, 'agreements:generate', { measureId });
      expect(agreement.text).toContain(`起至 ${end} 止${said}。`);
      if (days === 0) expect(agreement.text).not.toContain('折抵');
    }
  });
});
