import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { composeIdNumber, maskIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn, refusal, SETUP } from './support/core';

const ID = composeIdNumber('320102', '1988-05-17', 231);

async function reportedIn() {
  const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
  const { personId } = await call(ctx.core, 'persons:create', { person: { name: '张三', idNumber: ID, residenceAddress: '南京市玄武区某路 1 号' } });
  const measure = await call(ctx.core, 'measures:create', {
    personId,
    decision: { kind: 'community_detox', decisionNumber: '宁公(玄)决字〔2026〕第 0123 号', decisionAuthority: '南京市公安局玄武分局', decisionDate: '2026-02-10', deliveryDate: '2026-02-12', termMonths: 36 },
  });
  await call(ctx.core, 'measures:setWorkingGroup', { measureId: measure.id, members: [{ role: 'full_time_staff', name: '赵社工' }, { role: 'community_police', name: '钱警官' }] });
  await call(ctx.core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-02-20' });
  return { ...ctx, personId, measureId: measure.id };
}

describe('agreements', () => {
  it('fill the template from the records, fix text and hash at signing, and survive later template edits', async () => {
    const { core, personId, measureId } = await reportedIn();
    expect((await call(core, 'worklist:person', { personId })).map((a) => a.ruleId)).toContain('agreement_missing');
    const draft = await call(core, 'agreements:generate', { measureId });
    expect(draft).toMatchObject({ status: 'draft', title: '社区戒毒协议书', templateVersion: 3 });
    expect(draft.text).toContain('乙方：张三');
    // On screen the ID number is masked, as everywhere; the stored (signed, printed) text has it whole.
    expect(draft.text).not.toContain(ID);
    expect(draft.text).toContain(maskIdNumber(ID));
    expect(draft.text).toContain('自 2026-02-20 起至 2029-02-19 止');
    expect(draft.text).toContain('专职工作人员赵社工、社区民警钱警官');
    expect(draft.text).toContain('逃避或者拒绝接受检测三次以上');
    expect(draft.text).not.toMatch(/\{\{/);
    expect(draft.sha256).toBe(createHash('sha256').update(draft.text.split(maskIdNumber(ID)).join(ID), 'utf8').digest('hex'));
    const printed = await call(core, 'print:render', { document: 'agreement', agreementId: draft.id });
    expect(printed.html).toContain(ID);

    expect((await refusal(core, 'agreements:sign', { agreementId: draft.id, signedOn: '2026-02-19' })).fields).toEqual({ signedOn: 'validation.signedBeforeReportIn' });
    const signed = await call(core, 'agreements:sign', { agreementId: draft.id, signedOn: '2026-02-20' });
    expect(signed).toMatchObject({ status: 'signed', signedOn: '2026-02-20', sha256: draft.sha256, text: draft.text });
    expect((await call(core, 'worklist:person', { personId })).map((a) => a.ruleId)).not.toContain('agreement_missing');

    const [detox] = (await call(core, 'agreements:templates', {})).filter((t) => t.kind === 'community_detox').sort((a, b) => b.version - a.version);
    expect((await refusal(core, 'agreements:saveTemplate', { kind: 'community_detox', title: detox!.title, body: `${detox!.body}\n{{person.nickname}}` })).fields).toEqual({ body: 'validation.templatePlaceholder' });
    const v2 = await call(core, 'agreements:saveTemplate', { kind: 'community_detox', title: detox!.title, body: detox!.body.replace('六、其他', '六、附则'), note: '改“其他”为“附则”' });
    expect(v2.version).toBe(4);
    const [after] = await call(core, 'agreements:list', { personId });
    expect(after).toMatchObject({ text: draft.text, sha256: draft.sha256, templateVersion: 3 });
    expect((await refusal(core, 'agreements:generate', { measureId })).messageKey).toBe('errors.AGREEMENT_ALREADY_SIGNED');

    // After a transfer (RR art. 22) the old agreement is voided and a new one drafted from the new version.
    await call(core, 'agreements:void', { agreementId: signed.id, reason: '变更执行地后重新签订' });
    const redraft = await call(core, 'agreements:generate', { measureId });
    expect(redraft.templateVersion).toBe(4);
    expect(redraft.text).toContain('六、附则');
    expect((await call(core, 'agreements:list', { personId })).map((a) => a.status)).toEqual(['draft', 'voided']);
  });

  it('are drafted only after report-in; community rehab uses its own template', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    const { personId } = await call(ctx.core, 'persons:create', { person: { name: '李四', idNumber: composeIdNumber('320104', '1979-11-02', 42) } });
    const measure = await call(ctx.core, 'measures:create', {
      personId,
      decision: { kind: 'community_rehab', decisionNumber: '2号', decisionAuthority: '秦淮分局', decisionDate: '2026-02-10', deliveryDate: '2026-02-12', termMonths: 24 },
    });
    expect((await refusal(ctx.core, 'agreements:generate', { measureId: measure.id })).messageKey).toBe('errors.AGREEMENT_NEEDS_REPORT_IN');
    await call(ctx.core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-02-20' });
    const draft = await call(ctx.core, 'agreements:generate', { measureId: measure.id });
    expect(draft.title).toBe('社区康复协议书');
    expect(draft.text).toContain('社区康复期限为两年');
    // Only the station's own name may say 社区戒毒.
    expect(draft.text.replaceAll(SETUP.stationName, '')).not.toContain('社区戒毒');
  });
});
