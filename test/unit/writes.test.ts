import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn, refusal, reportedInPerson } from './support/core';

/**
 * The write channels no other test reached (contract.test.ts lists every write channel and fails
 * when one is called by no test): each call here asserts what it changed and what it audited.
 */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
const TEST = { sample: 'urine', mode: 'on_site', tester: '李四', secondTester: '王五' } as const;

async function active() {
  const ctx = await reportedInPerson();
  const audited = async () => (await call(ctx.core, 'audit:list', { limit: 5 })).map((e) => e.action);
  return { ...ctx, audited };
}

describe('write channels', () => {
  it('auth:lock closes the session until the next login', async () => {
    const { core } = await loggedIn();
    await call(core, 'auth:lock', {});
    expect((await refusal(core, 'persons:list', {})).code).toBe('LOCKED');
    expect((await call(core, 'app:status', {})).session).toBeNull();
  });

  it('keys:newRecoveryKey issues a key that recovers, and the old one no longer does', async () => {
    const { core, recoveryKey } = await loggedIn();
    expect((await refusal(core, 'keys:newRecoveryKey', { currentPassword: 'wrong password' })).code).toBe('INVALID_CREDENTIALS');
    const { recoveryKey: fresh } = await call(core, 'keys:newRecoveryKey', { currentPassword: 'admin password' });
    expect(fresh).not.toBe(recoveryKey);
    await call(core, 'auth:logout', {});
    expect((await refusal(core, 'auth:recover', { recoveryKey, username: 'admin', newPassword: 'another password' })).code).toBe('INVALID_CREDENTIALS');
    expect((await call(core, 'auth:recover', { recoveryKey: fresh, username: 'admin', newPassword: 'another password' })).user.username).toBe('admin');
  });

  it('measures:update corrects the decision and audits field by field', async () => {
    const { core, measureId, audited } = await active();
    const updated = await call(core, 'measures:update', {
      measureId,
      decision: { kind: 'community_detox', decisionNumber: '宁公决字〔2026〕2号', decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36 },
    });
    expect(updated.decisionNumber).toBe('宁公决字〔2026〕2号');
    expect(await audited()).toContain('measures.update');
    // The kind is fixed once the person has reported in.
    expect(
      (await refusal(core, 'measures:update', { measureId, decision: { kind: 'community_rehab', decisionNumber: 'X', decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 12 } }))
        .messageKey,
    ).toBe('errors.MEASURE_KIND_FIXED');
  });

  it('tests:remove and contacts:remove delete a mistaken record with a reason', async () => {
    const { core, personId, audited } = await active();
    const test = await call(core, 'tests:create', { personId, test: { ...TEST, date: '2026-02-01', result: 'negative' } });
    const contact = await call(core, 'contacts:create', { personId, contact: { date: '2026-02-01', kind: 'phone', summary: '电话联系，情况稳定' } });
    expect((await refusal(core, 'tests:remove', { testId: test.id, reason: '' })).fields).toEqual({ reason: 'validation.reasonRequired' });
    await call(core, 'tests:remove', { testId: test.id, reason: '重复录入' });
    await call(core, 'contacts:remove', { contactId: contact.id, reason: '录错人员' });
    expect(await call(core, 'tests:list', { personId })).toEqual([]);
    expect(await call(core, 'contacts:list', { personId })).toEqual([]);
    expect(await audited()).toEqual(expect.arrayContaining(['tests.remove', 'contacts.remove']));
  });

  it('absences:end closes a running absence; absences:remove deletes one', async () => {
    const { core, personId, audited } = await active();
    const open = await call(core, 'absences:create', { personId, absence: { fromDate: '2026-02-20', toDate: null, discovered: 'home_visit' } });
    expect((await refusal(core, 'absences:end', { absenceId: open.id as number, toDate: '2026-02-19' })).fields).toEqual({ toDate: 'validation.endBeforeStart' });
    const ended = await call(core, 'absences:end', { absenceId: open.id as number, toDate: '2026-02-25' });
    expect(ended).toMatchObject({ toDate: '2026-02-25', days: 6 });
    expect((await refusal(core, 'absences:end', { absenceId: open.id as number, toDate: '2026-02-26' })).messageKey).toBe('errors.ABSENCE_ALREADY_ENDED');
    await call(core, 'absences:remove', { absenceId: open.id as number, reason: '核实后系误报' });
    expect(await call(core, 'absences:list', { personId })).toEqual([]);
    expect(await audited()).toEqual(expect.arrayContaining(['absences.end', 'absences.remove']));
  });

  it('riskTable:update changes the scoring an assessment uses', async () => {
    const { core } = await active();
    const table = await call(core, 'riskTable:get', {});
    const saved = await call(core, 'riskTable:update', { ...table, thresholds: { ...table.thresholds, high: table.thresholds.high + 1 } });
    expect(saved.thresholds.high).toBe(table.thresholds.high + 1);
    expect((await call(core, 'riskTable:get', {})).thresholds.high).toBe(table.thresholds.high + 1);
  });

  it('keyCare:correct ends a flag (with a reason); keyCare:remove deletes one; keyCare:update is gone', async () => {
    const { core, personId, audited } = await active();
    const flag = await call(core, 'keyCare:add', { personId, flag: { category: 'living_alone', since: '2026-01-10' } });
    expect((await refusal(core, 'keyCare:update', { flagId: flag.id, flag: { category: 'living_alone', since: '2026-01-10', until: '2026-02-28' } })).code).toBe('UNKNOWN_CHANNEL');
    expect(await call(core, 'keyCare:list', { personId })).toEqual([flag]);
    const ended = await call(core, 'keyCare:correct', { flagId: flag.id, flag: { category: 'living_alone', since: '2026-01-10', until: '2026-02-28', note: '已与家人同住' }, reason: '已与家人同住' });
    expect(ended).toMatchObject({ until: '2026-02-28', note: '已与家人同住' });
    await call(core, 'keyCare:remove', { flagId: flag.id, reason: '登记错误' });
    expect(await call(core, 'keyCare:list', { personId })).toEqual([]);
    expect(await audited()).toEqual(expect.arrayContaining(['care.correct', 'care.remove']));
  });

  it('help:updatePlan changes the goals; help:removeItem drops an item', async () => {
    const { core, personId } = await active();
    const plan = await call(core, 'help:createPlan', { personId, plan: { needs: ['employment'], goals: '稳定就业' } });
    const withItem = await call(core, 'help:addItem', { planId: plan.id, item: { category: 'employment', department: 'human_resources', description: '推荐岗位' } });
    const updated = await call(core, 'help:updatePlan', { planId: plan.id, plan: { needs: ['employment', 'skills_training'], goals: '三个月内稳定就业' } });
    expect(updated).toMatchObject({ goals: '三个月内稳定就业', needs: ['employment', 'skills_training'] });
    // The audit keeps the old and new words (issue 14).
    const [event] = (await call(core, 'audit:list', { limit: 20 })).filter((e) => e.action === 'help.updatePlan');
    expect(event?.details).toEqual({ planId: plan.id, changes: { needs: { from: ['employment'], to: ['employment', 'skills_training'] }, goals: { from: '稳定就业', to: '三个月内稳定就业' } } });
    const after = await call(core, 'help:removeItem', { itemId: withItem.items[0]!.id, reason: '重复' });
    expect(after.items).toEqual([]);
  });

  it('agreements:attachScan keeps the signed copy beside the agreement, only the same person\'s file', async () => {
    const { core, personId, measureId } = await active();
    const draft = await call(core, 'agreements:generate', { measureId });
    await call(core, 'agreements:sign', { agreementId: draft.id, signedOn: '2026-03-01' });
    const scan = await call(core, 'attachments:add', { personId, kind: 'document', filename: '协议扫描件.pdf', dataBase64: PDF });
    const attached = await call(core, 'agreements:attachScan', { agreementId: draft.id, attachmentId: scan.id });
    expect(attached.scanAttachmentId).toBe(scan.id);
    const other = await call(core, 'persons:create', { person: { name: '李四', idNumber: composeIdNumber('320102', '1990-01-01', 11) } });
    const foreign = await call(core, 'attachments:add', { personId: other.personId, kind: 'document', filename: 'x.pdf', dataBase64: PDF });
    expect((await refusal(core, 'agreements:attachScan', { agreementId: draft.id, attachmentId: foreign.id })).messageKey).toBe('errors.ATTACHMENT_NOT_FOUND');
  });
});
