import { describe, expect, it } from 'vitest';
import { call, refusal, reportedInPerson } from './support/core';

const activePerson = reportedInPerson;

const TEST = { sample: 'urine', mode: 'on_site', tester: '李社工' } as const;

describe('corrections (更正)', () => {
  it('a test corrected with a reason: the audit keeps old and new values field by field, and the rules see the new values', async () => {
    const { core, personId } = await activePerson();
    const test = await call(core, 'tests:create', { personId, test: { ...TEST, date: '2026-03-01', result: 'positive', substances: ['methamphetamine'] } });
    expect((await call(core, 'worklist:person', { personId })).map((a) => a.ruleId)).toContain('positive_test');

    // Refused, nothing changed: a reason too short, a date in the future, a positive without substances, no change at all.
    expect((await refusal(core, 'tests:correct', { testId: test.id, test: { ...TEST, date: '2026-03-01', result: 'negative' }, reason: '错' })).fields).toEqual({
      reason: 'validation.reasonRequired',
    });
    expect((await refusal(core, 'tests:correct', { testId: test.id, test: { ...TEST, date: '2026-03-05', result: 'negative' }, reason: '日期录错' })).fields).toEqual({
      'test.date': 'validation.dateInFuture',
    });
    expect((await refusal(core, 'tests:correct', { testId: test.id, test: { ...TEST, date: '2026-03-01', result: 'positive' }, reason: '补录物质' })).fields).toEqual({
      'test.substances': 'validation.substancesRequired',
    });
    expect(
      (await refusal(core, 'tests:correct', { testId: test.id, test: { ...TEST, date: '2026-03-01', result: 'positive', substances: ['methamphetamine'] }, reason: '没有改动' }))
        .messageKey,
    ).toBe('errors.NOTHING_CHANGED');
    expect((await refusal(core, 'tests:correct', { testId: 999, test: { ...TEST, date: '2026-03-01', result: 'negative' }, reason: '不存在' })).messageKey).toBe('errors.RECORD_NOT_FOUND');
    expect(await call(core, 'tests:list', { personId })).toEqual([test]);
    expect((await call(core, 'audit:list', { limit: 50 })).filter((e) => e.action === 'tests.correct')).toEqual([]);

    const corrected = await call(core, 'tests:correct', {
      testId: test.id,
      test: { ...TEST, date: '2026-02-28', result: 'negative', place: '工作站' },
      reason: '结果录错，复核为阴性',
    });
    expect(corrected).toMatchObject({ id: test.id, date: '2026-02-28', result: 'negative', substances: [], place: '工作站' });
    // The rules evaluated again: the positive test's alert is gone.
    expect((await call(core, 'worklist:person', { personId })).map((a) => a.ruleId)).not.toContain('positive_test');
    const [event] = (await call(core, 'audit:list', { limit: 50 })).filter((e) => e.action === 'tests.correct');
    expect(event?.details).toEqual({
      testId: test.id,
      reason: '结果录错，复核为阴性',
      changes: {
        date: { from: '2026-03-01', to: '2026-02-28' },
        result: { from: 'positive', to: 'negative' },
        substances: { from: ['methamphetamine'], to: [] },
        place: { from: '', to: '工作站' },
      },
    });
    expect(await call(core, 'tests:list', { personId })).toHaveLength(1);
  });

  it('a talk corrected with a reason keeps the old and new text in the audit', async () => {
    const { core, personId } = await activePerson();
    const contact = await call(core, 'contacts:create', { personId, contact: { date: '2026-03-01', kind: 'face_to_face', staff: '李社工', summary: '谈了就业打算' } });
    expect((await refusal(core, 'contacts:correct', { contactId: contact.id, contact: { date: '2026-03-01', kind: 'face_to_face', summary: '' }, reason: '补充内容' })).fields).toMatchObject({
      'contact.summary': expect.any(String),
    });
    const corrected = await call(core, 'contacts:correct', {
      contactId: contact.id,
      contact: { date: '2026-03-01', kind: 'home_visit', staff: '李社工', summary: '家访，谈了就业打算' },
      reason: '方式录错',
    });
    expect(corrected).toMatchObject({ kind: 'home_visit', summary: '家访，谈了就业打算', staff: '李社工' });
    const [event] = (await call(core, 'audit:list', { limit: 50 })).filter((e) => e.action === 'contacts.correct');
    expect(event?.details).toEqual({
      contactId: contact.id,
      reason: '方式录错',
      changes: { kind: { from: 'face_to_face', to: 'home_visit' }, summary: { from: '谈了就业打算', to: '家访，谈了就业打算' } },
    });
  });
});

describe('corrections of absences', () => {
  it('an absence corrected with a reason: the serious-breach rule counts the new days; an overlap is refused as on recording', async () => {
    const { core, personId } = await activePerson();
    const first = await call(core, 'absences:create', { personId, absence: { fromDate: '2026-02-01', toDate: '2026-02-10', discovered: 'home_visit' } });
    const second = await call(core, 'absences:create', { personId, absence: { fromDate: '2026-02-20', toDate: '2026-02-22', discovered: 'home_visit' } });
    expect((await call(core, 'worklist:person', { personId })).map((a) => a.ruleId)).not.toContain('absence_breach');
    // Overlapping the other record: refused as creating it would be; nothing changed.
    expect((await refusal(core, 'absences:correct', { absenceId: second.id!, absence: { fromDate: '2026-02-05', toDate: '2026-02-22', discovered: 'home_visit' }, reason: '日期录错' })).messageKey).toBe(
      'errors.ABSENCE_OVERLAP',
    );
    expect((await refusal(core, 'absences:correct', { absenceId: first.id!, absence: { fromDate: '2026-02-01', toDate: '2026-01-20', discovered: 'home_visit' }, reason: '日期录错' })).fields).toEqual({
      'absence.toDate': 'validation.endBeforeStart',
    });
    expect((await call(core, 'absences:list', { personId })).map((a) => [a.fromDate, a.toDate])).toEqual([
      ['2026-02-20', '2026-02-22'],
      ['2026-02-01', '2026-02-10'],
    ]);
    // Still away (not back on 02-10), and January too: over 30 days in all, a serious breach (RR art. 20).
    await call(core, 'absences:correct', { absenceId: second.id!, absence: { fromDate: '2026-01-01', toDate: '2026-01-31', discovered: 'home_visit' }, reason: '日期录错，应为一月' });
    await call(core, 'absences:correct', { absenceId: first.id!, absence: { fromDate: '2026-02-01', toDate: null, discovered: 'home_visit' }, reason: '实际仍未返回' });
    expect((await call(core, 'worklist:person', { personId })).map((a) => a.ruleId)).toContain('absence_breach');
    const events = (await call(core, 'audit:list', { limit: 50 })).filter((e) => e.action === 'absences.correct');
    expect(events.map((e) => e.details)).toEqual([
      { absenceId: first.id!, reason: '实际仍未返回', changes: { toDate: { from: '2026-02-10', to: null } } },
      { absenceId: second.id!, reason: '日期录错，应为一月', changes: { fromDate: { from: '2026-02-20', to: '2026-01-01' }, toDate: { from: '2026-02-22', to: '2026-01-31' } } },
    ]);
  });
});

describe('corrections of violations', () => {
  it('a violation corrected with a reason; one a serious-breach rule made stays serious, and none moves past its police report', async () => {
    const { core, personId } = await activePerson();
    const general = await call(core, 'violations:create', { personId, violation: { date: '2026-02-01', severity: 'general', description: '未按约定参加帮教' } });
    for (const date of ['2026-01-20', '2026-02-10', '2026-03-01']) await call(core, 'tests:create', { personId, test: { ...TEST, date, result: 'refused' } });
    const [breach] = (await call(core, 'worklist:list', { group: 'serious_breach' })).rows;
    const serious = await call(core, 'violations:create', { personId, violation: { date: '2026-03-01', severity: 'general', description: '三次拒绝检测', ruleKey: breach!.key } });
    expect(serious.severity).toBe('serious');

    expect((await refusal(core, 'violations:correct', { violationId: serious.id, violation: { date: '2026-03-01', severity: 'general', description: '三次拒绝检测' }, reason: '改为一般' })).fields).toEqual({
      'violation.severity': 'validation.seriousByRule',
    });
    expect((await refusal(core, 'violations:correct', { violationId: general.id, violation: { date: '2026-03-09', severity: 'general', description: '未按约定参加帮教' }, reason: '日期录错' })).fields).toEqual({
      'violation.date': 'validation.dateInFuture',
    });
    await call(core, 'violations:reportToPolice', { violationId: serious.id, date: '2026-03-01', reportedTo: '玄武分局' });
    expect((await refusal(core, 'violations:correct', { violationId: serious.id, violation: { date: '2026-03-02', severity: 'serious', description: '三次拒绝检测' }, reason: '日期录错' })).fields).toEqual({
      'violation.date': 'validation.reportBeforeViolation',
    });
    const corrected = await call(core, 'violations:correct', {
      violationId: general.id,
      violation: { date: '2026-02-01', severity: 'general', description: '未按约定参加帮教活动两次', warnedOn: '2026-02-02' },
      reason: '补充情况',
    });
    expect(corrected).toMatchObject({ description: '未按约定参加帮教活动两次', warnedOn: '2026-02-02', severity: 'general' });
    const [event] = (await call(core, 'audit:list', { limit: 50 })).filter((e) => e.action === 'violations.correct');
    expect(event?.details).toEqual({
      violationId: general.id,
      reason: '补充情况',
      changes: { description: { from: '未按约定参加帮教', to: '未按约定参加帮教活动两次' }, warnedOn: { from: null, to: '2026-02-02' } },
    });
  });
});
