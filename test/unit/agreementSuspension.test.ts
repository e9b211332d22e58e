import { describe, expect, it } from 'vitest';
import { suspensionOn } from '../../shared/domain/measures';
import { call, refusal, reportedInPerson } from './support/core';

describe('an agreement is not signed while the measure is suspended (中止, RR art. 24)', () => {
  it('the days held are the suspension’s first day to the day before it resumes', () => {
    const periods = [
      { from: '2026-01-20', to: '2026-02-10' },
      { from: '2026-02-25', to: null },
    ];
    expect(['2026-01-19', '2026-01-20', '2026-02-09', '2026-02-10', '2026-02-24', '2026-02-25', '2027-01-01'].map((d) => suspensionOn(periods, d)?.from ?? null)).toEqual([
      null,
      '2026-01-20',
      '2026-01-20',
      null,
      null,
      '2026-02-25',
      '2026-02-25',
    ]);
  });

  it('refuses a signing date on which the person was detained or arrested, and says until when', async () => {
    // 张三 reported in 2026-01-05; detained 2026-01-20, released 2026-02-10; arrested 2026-02-25, still held. Today is 2026-03-02.
    const { core, personId, measureId } = await reportedInPerson();
    await call(core, 'measures:transition', { measureId, action: 'suspend', date: '2026-01-20', reasonCode: 'detained', reason: '行政拘留十五日' });
    await call(core, 'measures:transition', { measureId, action: 'resume', date: '2026-02-10' });
    await call(core, 'measures:transition', { measureId, action: 'suspend', date: '2026-02-25', reasonCode: 'arrested', reason: '涉嫌盗窃被逮捕' });
    const draft = await call(core, 'agreements:generate', { measureId });

    expect(await refusal(core, 'agreements:sign', { agreementId: draft.id, signedOn: '2026-03-02' })).toMatchObject({
      code: 'VALIDATION',
      messageKey: 'errors.AGREEMENT_SIGNED_WHILE_SUSPENDED_OPEN',
      params: { from: '2026-02-25' },
      fields: { signedOn: 'validation.signedWhileSuspended' },
    });
    for (const signedOn of ['2026-01-20', '2026-02-09']) {
      expect(await refusal(core, 'agreements:sign', { agreementId: draft.id, signedOn }), signedOn).toMatchObject({
        code: 'VALIDATION',
        messageKey: 'errors.AGREEMENT_SIGNED_WHILE_SUSPENDED',
        params: { from: '2026-01-20', resumed: '2026-02-10' },
        fields: { signedOn: 'validation.signedWhileSuspended' },
      });
    }
    expect((await call(core, 'agreements:list', { personId }))[0]?.status).toBe('draft');

    // Free again on the day the measure resumed.
    expect(await call(core, 'agreements:sign', { agreementId: draft.id, signedOn: '2026-02-10' })).toMatchObject({ status: 'signed', signedOn: '2026-02-10' });
  });
});
