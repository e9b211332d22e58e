import { describe, expect, it } from 'vitest';
import { call, reportedInPerson } from './support/core';

/** Each signature line of a printout: who signs, and whether a 指印 blank is beside the signature. */
function signers(page: string): [string, boolean][] {
  return [...page.matchAll(/<div class="nowrap">([^<]+)（签名）：<span class="blank wide"><\/span>(\u3000指印：)?/g)].map((m) => [m[1] as string, m[2] !== undefined]);
}

describe('signature lines', () => {
  it('give a fingerprint (指印) blank to the person, a family member and whoever reports in, and to the three parties of an agreement (PRINT.md); no other staff line', async () => {
    const { core, personId, measureId } = await reportedInPerson();
    const render = async (request: Parameters<typeof call<'print:render'>>[2]) => signers((await call(core, 'print:render', request)).html);

    const agreement = await call(core, 'agreements:generate', { measureId });
    expect(await render({ document: 'agreement', agreementId: agreement.id })).toEqual([
      ['甲方（工作站）经办人', true],
      ['乙方', true],
      ['乙方家属', true],
    ]);
    expect(await render({ document: 'reportIn', measureId })).toEqual([
      ['报到人', true],
      ['经办人', false],
    ]);
    const leave = await call(core, 'leaves:create', { personId, leave: { reason: '探望生病的母亲', province: '安徽省', city: '合肥市', startDate: '2026-03-10', endDate: '2026-03-12' } });
    expect(await render({ document: 'leaveForm', leaveId: leave.id })).toEqual([
      ['申请人', true],
      ['审批人', false],
      ['本人', true],
      ['经办人', false],
    ]);
    expect(await render({ document: 'monthlyReport', month: '2026-02' })).toEqual([
      ['填报人', false],
      ['审核人', false],
    ]);
    expect(await render({ document: 'keySheet' })).toEqual([
      ['交付人', false],
      ['核对人', false],
    ]);
    await call(core, 'measures:transition', { measureId, action: 'terminate', date: '2026-03-01', reasonCode: 'compulsory_isolation', reason: '决定强制隔离戒毒' });
    expect(await render({ document: 'measureEnd', measureId })).toEqual([
      ['经办人', false],
      ['负责人', false],
    ]);
  });
});
