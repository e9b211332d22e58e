import { describe, expect, it } from 'vitest';
import { call, refusal, reportedInPerson } from './support/core';

/** 社区戒毒 decided 2025-12-30 (three years clean from then: 2028-12-30), reported in 2026-01-05. */
const underDetox = reportedInPerson;

const BASIS = '检测均为阴性，经评估戒断三年未复吸';

describe('不再实行动态管控 (RR art. 7)', () => {
  it('cannot be dated back into the term of a measure that has since ended', async () => {
    const { core, clock, personId, measureId } = await underDetox();
    // The term runs to 2029-01-04: three years clean on 2028-12-30, but the measure still ran then.
    clock.set('2029-01-05T09:00:00+08:00');
    await call(core, 'measures:transition', { measureId, action: 'complete', date: '2029-01-04' });
    expect(await call(core, 'clean:status', { personId })).toMatchObject({ candidate: true, completesOn: '2028-12-30' });

    const refused = await refusal(core, 'clean:endDynamicControl', { personId, decidedOn: '2029-01-02', basis: BASIS });
    expect(refused).toMatchObject({ code: 'VALIDATION', messageKey: 'errors.CONTROL_BEFORE_MEASURE_END', params: { endedOn: '2029-01-04' }, fields: { decidedOn: 'validation.controlBeforeMeasureEnd' } });
    expect((await call(core, 'clean:status', { personId })).decision).toBeNull();

    // From the day the measure ended, when the worklist first offers it.
    expect((await call(core, 'clean:endDynamicControl', { personId, decidedOn: '2029-01-04', basis: BASIS })).decision).toMatchObject({ decidedOn: '2029-01-04' });
  });

  it('is not accepted after the person’s death, as it is not offered then', async () => {
    const { core, clock, personId, measureId } = await underDetox();
    await call(core, 'measures:transition', { measureId, action: 'terminate', date: '2026-03-01', reasonCode: 'death', reason: '因病死亡' });
    clock.set('2029-01-05T09:00:00+08:00');
    expect((await call(core, 'clean:status', { personId })).candidate).toBe(false);

    expect(await refusal(core, 'clean:endDynamicControl', { personId, decidedOn: '2029-01-05', basis: BASIS })).toMatchObject({ code: 'CONFLICT', messageKey: 'errors.CONTROL_AFTER_DEATH' });
    expect((await call(core, 'clean:status', { personId })).decision).toBeNull();
  });
});
