import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { PersonInput } from '../../shared/schemas/person';
import { call, loggedIn, refusal, firstLogin } from './support/core';

const ZHANG = composeIdNumber('320102', '1988-05-17', 231);

function person(overrides: Partial<PersonInput> = {}): PersonInput {
  return { name: '张三', idNumber: ZHANG, phone: '13912345678', residenceAddress: '南京市玄武区某路 1 号', ...overrides };
}

describe('persons', () => {
  it('refuses a bad ID number with a field message and saves nothing', async () => {
    const { core } = await loggedIn();
    const error = await refusal(core, 'persons:create', { person: person({ idNumber: `${ZHANG.slice(0, 17)}0` === ZHANG ? `${ZHANG.slice(0, 17)}1` : `${ZHANG.slice(0, 17)}0` }) });
    expect(error).toMatchObject({ code: 'VALIDATION', fields: { 'person.idNumber': 'validation.idNumber.checkDigit' } });
    expect((await call(core, 'persons:list', {})).total).toBe(0);
  });

  it('derives birth date, gender and age, masks the ID, and reveals it only on request (audited)', async () => {
    const { core } = await loggedIn();
    const { personId } = await call(core, 'persons:create', { person: person() });
    const detail = await call(core, 'persons:get', { personId });
    expect(detail).toMatchObject({ name: '张三', birthDate: '1988-05-17', gender: 'male', age: 37, idNumberMasked: `${ZHANG.slice(0, 4)}**********${ZHANG.slice(-4)}` });
    expect(JSON.stringify(detail)).not.toContain(ZHANG);
    expect(await call(core, 'persons:revealId', { personId })).toEqual({ idNumber: ZHANG });
    const actions = (await call(core, 'audit:list', { limit: 10 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['persons.create', 'persons.view', 'persons.revealId']));
  });

  it('refuses a duplicate ID number and points to the existing file', async () => {
    const { core } = await loggedIn();
    const { personId } = await call(core, 'persons:create', { person: person() });
    const error = await refusal(core, 'persons:create', { person: person({ name: '张叁' }) });
    expect(error).toMatchObject({ code: 'CONFLICT', messageKey: 'errors.DUPLICATE_ID_NUMBER', params: { personId, name: '张三' } });
    expect(await call(core, 'persons:findByIdNumber', { idNumber: ZHANG.toLowerCase() })).toEqual({ personId, name: '张三', archived: false });
  });

  it('accounts for a duplicate refusal as for persons:findByIdNumber: the name it answers with is a look at that file', async () => {
    const { core } = await loggedIn();
    const { personId } = await call(core, 'persons:create', { person: person() });
    const li = await call(core, 'persons:create', { person: person({ name: '李四', idNumber: composeIdNumber('320104', '1979-11-02', 42) }) });
    const last = async () => (await call(core, 'audit:list', { limit: 1 }))[0];

    expect(await refusal(core, 'persons:create', { person: person({ name: '张叁' }) })).toMatchObject({ code: 'CONFLICT', params: { personId, name: '张三' } });
    expect(await last()).toMatchObject({ action: 'persons.findByIdNumber', entity: 'person', entityId: String(personId) });
    expect((await call(core, 'persons:list', {})).total).toBe(2);

    // A correction of 李四's file typed with 张三's ID number: the same.
    const before = (await call(core, 'audit:list', { limit: 100 })).length;
    expect(await refusal(core, 'persons:update', { personId: li.personId, person: person({ name: '李四' }) })).toMatchObject({ code: 'CONFLICT', params: { personId, name: '张三' } });
    const events = await call(core, 'audit:list', { limit: 100 });
    expect(events).toHaveLength(before + 1);
    expect(events[0]).toMatchObject({ action: 'persons.findByIdNumber', entity: 'person', entityId: String(personId) });
    expect((await call(core, 'persons:get', { personId: li.personId })).name).toBe('李四');
  });

  it('names no one when the refusal is inside a caller\'s transaction, where its audit event would be rolled back with it', async () => {
    const { core, dataDir } = await loggedIn();
    const { personId } = await call(core, 'persons:create', { person: person() });
    await core.close();
    const { unlockWithPassword, vaultPaths } = await import('../../electron/core/kernel/vault');
    const { opsFor } = await import('../../electron/core/kernel/ops');
    const { createPerson } = await import('../../electron/core/persons/service');
    const { personInputSchema } = await import('../../shared/schemas/person');
    const { db } = unlockWithPassword(vaultPaths(dataDir), 'admin', 'admin password');
    try {
      const ops = opsFor(db, new Date('2026-03-02T09:00:00+08:00'), { userId: 1, username: 'admin', displayName: '王站长' });
      const count = () => db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
      const before = count();
      let refused: unknown;
      try {
        db.transaction(() => createPerson(ops, personInputSchema.parse(person({ name: '张叁' }))))();
      } catch (error) {
        refused = error;
      }
      expect(refused).toMatchObject({ code: 'CONFLICT', messageKey: 'errors.DUPLICATE_ID_NUMBER_UNNAMED', params: { personId } });
      expect(JSON.stringify(refused)).not.toContain('张三');
      expect((refused as { params: Record<string, unknown> }).params.name).toBeUndefined();
      expect(count()).toBe(before);
      // Outside a transaction (as the channels call it): named, and accounted for.
      expect(() => createPerson(ops, personInputSchema.parse(person({ name: '张叁' })))).toThrow(expect.objectContaining({ params: { personId, name: '张三' } }));
      expect(count()).toBe(before + 1);
    } finally {
      db.close();
    }
  });

  it('finds people by pinyin initials, full pinyin, name, ID fragment and phone fragment', async () => {
    const { core } = await loggedIn();
    await call(core, 'persons:create', { person: person() });
    await call(core, 'persons:create', { person: person({ name: '李四', idNumber: composeIdNumber('320104', '1979-11-02', 42), phone: '025-84561234' }) });
    await call(core, 'persons:create', { person: person({ name: '单田芳', idNumber: composeIdNumber('110105', '1960-01-01', 8), phone: '' }) });
    const names = async (query: string) => (await call(core, 'persons:list', { query })).rows.map((r) => r.name).sort();
    expect(await names('zs')).toEqual(['张三']);
    expect(await names('ZS')).toEqual(['张三']);
    expect(await names('zhangsan')).toEqual(['张三']);
    expect(await names('张')).toEqual(['张三']);
    expect(await names('shantianfang')).toEqual(['单田芳']);
    expect(await names(ZHANG.slice(-6))).toEqual(['张三']);
    expect(await names('8456')).toEqual(['李四']);
    expect(await names('1234')).toEqual(['张三', '李四']);
    expect(await names('wangwu')).toEqual([]);
    expect((await call(core, 'persons:list', {})).rows[0]).toMatchObject({ phoneMasked: expect.stringMatching(/^\d{3}\*{4}\d{4}$|^$/) });
  });

  it('records field-level changes with old and new values', async () => {
    const { core } = await loggedIn();
    const { personId } = await call(core, 'persons:create', { person: person() });
    await call(core, 'persons:update', { personId, person: person({ phone: '13800000000', residenceAddress: '新地址' }) });
    const update = (await call(core, 'audit:list', { limit: 5 })).find((e) => e.action === 'persons.update');
    expect(update?.details).toEqual({
      changes: { phone: { from: '13912345678', to: '13800000000' }, residenceAddress: { from: '南京市玄武区某路 1 号', to: '新地址' } },
    });
  });

  it('archives (out of the default list), unarchives, and lets only an admin purge with the name typed again', async () => {
    const { core } = await loggedIn();
    const { personId } = await call(core, 'persons:create', { person: person() });
    expect((await refusal(core, 'persons:archive', { personId, reason: '' })).fields).toEqual({ reason: 'validation.reasonRequired' });
    await call(core, 'persons:archive', { personId, reason: '迁居外省' });
    expect((await call(core, 'persons:list', {})).total).toBe(0);
    expect((await call(core, 'persons:list', { archived: true })).total).toBe(1);
    await call(core, 'persons:unarchive', { personId });
    expect((await call(core, 'persons:list', {})).total).toBe(1);
    expect((await refusal(core, 'persons:purge', { personId, confirmName: '李四', reason: '重复录入' })).fields).toEqual({ confirmName: 'validation.confirmNameMismatch' });
    await call(core, 'users:create', { username: 'zhao', displayName: '赵社工', role: 'staff', password: 'staff password' });
    await call(core, 'auth:logout', {});
    await firstLogin(core, 'zhao', 'staff password');
    expect((await refusal(core, 'persons:purge', { personId, confirmName: '张三', reason: '重复录入' })).code).toBe('FORBIDDEN');
    await call(core, 'auth:logout', {});
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    await call(core, 'persons:purge', { personId, confirmName: '张三', reason: '重复录入' });
    expect((await refusal(core, 'persons:get', { personId })).code).toBe('NOT_FOUND');
    expect((await call(core, 'audit:list', { limit: 3 }))[0]).toMatchObject({ action: 'persons.purge', details: { reason: '重复录入' } });
  });

  it('a purge leaves nothing of the person readable in the audit log, whose chain still holds', async () => {
    const { core, dataDir } = await loggedIn();
    const { personId } = await call(core, 'persons:create', { person: person() });
    await call(core, 'persons:update', { personId, person: person({ phone: '13800000000', residenceAddress: '新地址某路 9 号' }) });
    // Before the purge the log reads as ever: the old and new values of the change.
    const before = await call(core, 'audit:list', { personId, limit: 20 });
    expect(before.find((e) => e.action === 'persons.update')?.details).toEqual({
      changes: { phone: { from: '13912345678', to: '13800000000' }, residenceAddress: { from: '南京市玄武区某路 1 号', to: '新地址某路 9 号' } },
    });
    // On disk the words are sealed: the database's own copy holds no phone number.
    const { unlockWithPassword, vaultPaths } = await import('../../electron/core/kernel/vault');
    const raw = () => {
      const opened = unlockWithPassword(vaultPaths(dataDir), 'admin', 'admin password');
      try {
        return (opened.db.prepare('SELECT details FROM audit_events WHERE details IS NOT NULL').pluck().all() as string[]).join('\n');
      } finally {
        opened.db.close();
      }
    };
    expect(raw()).not.toContain('13800000000');
    await call(core, 'persons:purge', { personId, confirmName: '张三', reason: '重复录入' });
    const after = JSON.stringify(await call(core, 'audit:list', { limit: 50 }));
    for (const gone of ['13912345678', '13800000000', '新地址某路 9 号', '张三']) expect(after).not.toContain(gone);
    const updated = (await call(core, 'audit:list', { action: 'persons.update', limit: 5 }))[0];
    expect(updated?.details).toEqual({ purged: true });
    expect((await call(core, 'audit:chain', {})).ok).toBe(true);
  });

  it('never gives a deleted file’s id to the next file: its history stays its own and the audit log reads', async () => {
    const { core } = await loggedIn();
    const { personId: kept } = await call(core, 'persons:create', { person: person({ name: '王五', idNumber: composeIdNumber('320102', '1990-01-01', 113) }) });
    const { personId: deleted } = await call(core, 'persons:create', { person: person({ name: '李四' }) });
    await call(core, 'persons:update', { personId: deleted, person: person({ name: '李四', phone: '13800000000' }) });
    await call(core, 'persons:purge', { personId: deleted, confirmName: '李四', reason: '重复录入' });
    // The deleted file was the newest: SQLite alone would hand its id to the next one.
    const { personId: next } = await call(core, 'persons:create', { person: person({ name: '赵六', idNumber: composeIdNumber('320102', '1985-03-04', 155) }) });
    expect(next).toBeGreaterThan(deleted);
    expect(next).toBeGreaterThan(kept);
    await call(core, 'persons:update', { personId: next, person: person({ name: '赵六', idNumber: composeIdNumber('320102', '1985-03-04', 155), phone: '13700000000' }) });
    expect((await call(core, 'audit:list', { personId: next, limit: 50 })).map((e) => e.action).sort()).toEqual(['persons.create', 'persons.update']);
    expect((await call(core, 'audit:list', { limit: 50 })).find((e) => e.action === 'persons.update' && e.entityId === String(next))?.details).toMatchObject({ changes: { phone: { to: '13700000000' } } });
    const printed = await call(core, 'print:render', { document: 'accessHistory', personId: next });
    expect(printed.html).not.toContain('重复录入');
  });

  it('reads the audit log of a database where an older version gave a deleted file’s id to another (the old words stay sealed)', async () => {
    const { core, dataDir } = await loggedIn();
    const { personId } = await call(core, 'persons:create', { person: person({ name: '李四' }) });
    await call(core, 'persons:update', { personId, person: person({ name: '李四', phone: '13800000000' }) });
    await call(core, 'persons:purge', { personId, confirmName: '李四', reason: '重复录入' });
    // What a version before 0017 did: the next file took the same id.
    const { unlockWithPassword, vaultPaths } = await import('../../electron/core/kernel/vault');
    const opened = unlockWithPassword(vaultPaths(dataDir), 'admin', 'admin password');
    opened.db.prepare(`INSERT INTO persons (id, name, name_pinyin, name_initials, id_number, birth_date, gender, created_at, updated_at)
      VALUES (?, '赵六', 'zhaoliu', 'zl', ?, '1985-03-04', 'male', '2026-01-01', '2026-01-01')`).run(personId, composeIdNumber('320102', '1985-03-04', 155));
    opened.db.close();
    await call(core, 'persons:update', { personId, person: person({ name: '赵六', idNumber: composeIdNumber('320102', '1985-03-04', 155), phone: '13700000000' }) });
    const updates = (await call(core, 'audit:list', { action: 'persons.update', limit: 10 })).map((e) => e.details);
    expect(updates).toHaveLength(2);
    expect(updates[0]).toMatchObject({ changes: { phone: { to: '13700000000' } } });
    expect(updates[1]).toEqual({ purged: true });
    expect((await call(core, 'print:render', { document: 'accessHistory', personId })).html).toContain('赵六');
  });
});

describe('measures through the contract', () => {
  async function withPerson() {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    const { personId } = await call(ctx.core, 'persons:create', { person: person() });
    return { ...ctx, personId };
  }
  const DECISION = {
    kind: 'community_detox' as const,
    decisionNumber: '宁公(玄)决字〔2026〕第 0123 号',
    decisionAuthority: '南京市公安局玄武分局',
    decisionDate: '2026-02-10',
    deliveryDate: '2026-02-12',
    termMonths: 36,
  };

  it('registers, reports in, suspends and resumes; the planned end moves by the suspended days', async () => {
    const { core, clock, personId } = await withPerson();
    const created = await call(core, 'measures:create', { personId, decision: DECISION });
    expect(created).toMatchObject({ status: 'pending_report', reportInDeadline: '2026-02-27', plannedEnd: null });
    expect((await refusal(core, 'measures:create', { personId, decision: DECISION })).messageKey).toBe('errors.MEASURE_ALREADY_OPEN');
    const active = await call(core, 'measures:transition', { measureId: created.id, action: 'report_in', date: '2026-02-20' });
    expect(active).toMatchObject({ status: 'active', reportInDate: '2026-02-20', plannedEnd: '2029-02-19', dayCount: 11 });
    await call(core, 'measures:transition', { measureId: created.id, action: 'suspend', date: '2026-02-25', reasonCode: 'detained', reason: '行政拘留十日' });
    clock.set('2026-03-10T09:00:00+08:00');
    await call(core, 'measures:transition', { measureId: created.id, action: 'resume', date: '2026-03-07' });
    const [measure] = await call(core, 'measures:list', { personId });
    expect(measure).toMatchObject({ status: 'active', suspendedDays: 10, plannedEnd: '2029-03-01' });
    expect(measure?.events.map((e) => e.action)).toEqual(['register', 'report_in', 'suspend', 'resume']);
    const list = await call(core, 'persons:list', { measureStatus: 'active' });
    expect(list.rows[0]).toMatchObject({ measureKind: 'community_detox', plannedEnd: '2029-03-01' });
    const timeline = await call(core, 'timeline:person', { personId });
    expect(timeline.map((t) => t.kind)).toEqual(['measure.resume', 'person.created', 'measure.suspend', 'measure.report_in', 'measure.register']);
  });

  it('refuses illegal moves, dates in the future, and completion before the term ends', async () => {
    const { core, personId } = await withPerson();
    const { id } = await call(core, 'measures:create', { personId, decision: DECISION });
    expect((await refusal(core, 'measures:transition', { measureId: id, action: 'resume', date: '2026-02-20' })).messageKey).toBe('errors.ILLEGAL_TRANSITION');
    expect((await refusal(core, 'measures:transition', { measureId: id, action: 'report_in', date: '2026-04-01' })).fields).toEqual({ date: 'validation.dateInFuture' });
    expect((await refusal(core, 'measures:transition', { measureId: id, action: 'report_in', date: '2026-02-01' })).fields).toEqual({ date: 'validation.reportInBeforeDelivery' });
    await call(core, 'measures:transition', { measureId: id, action: 'report_in', date: '2026-02-20' });
    expect((await refusal(core, 'measures:transition', { measureId: id, action: 'complete', date: '2026-03-01' })).messageKey).toBe('errors.TERM_NOT_ENDED');
    expect((await refusal(core, 'measures:transition', { measureId: id, action: 'suspend', date: '2026-03-01' })).fields).toMatchObject({ reasonCode: 'validation.required' });
    expect((await refusal(core, 'measures:create', { personId, decision: { ...DECISION, kind: 'community_detox', termMonths: 12 } })).fields).toEqual({ 'decision.termMonths': 'validation.detoxTerm' });
    const terminated = await call(core, 'measures:transition', { measureId: id, action: 'terminate', date: '2026-03-01', reasonCode: 'compulsory_isolation', reason: '复吸，决定强制隔离戒毒' });
    expect(terminated).toMatchObject({ status: 'terminated', endedOn: '2026-03-01' });
    // A new measure may follow once the old one has ended.
    await call(core, 'measures:create', { personId, decision: { ...DECISION, kind: 'community_rehab', termMonths: 24, decisionDate: '2026-03-01', deliveryDate: '2026-03-01' } });
    expect((await call(core, 'measures:list', { personId })).map((m) => m.status)).toEqual(['pending_report', 'terminated']);
  });

  it('keeps a working group per measure', async () => {
    const { core, personId } = await withPerson();
    const { id } = await call(core, 'measures:create', { personId, decision: DECISION });
    const measure = await call(core, 'measures:setWorkingGroup', {
      measureId: id,
      members: [
        { role: 'full_time_staff', name: '赵社工', phone: '13700000001' },
        { role: 'community_police', name: '钱警官' },
        { role: 'family_member', name: '张母', phone: '13700000002' },
      ],
    });
    expect(measure.workingGroup.map((m) => [m.role, m.name])).toEqual([
      ['full_time_staff', '赵社工'],
      ['community_police', '钱警官'],
      ['family_member', '张母'],
    ]);
  });
});

describe('attachments', () => {
  const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const PDF = Buffer.from('%PDF-1.4\n%EOF\n');

  it('stores photos and documents checked by content and refuses disguised files', async () => {
    const { core } = await loggedIn();
    const { personId } = await call(core, 'persons:create', { person: person() });
    const photo = await call(core, 'attachments:add', { personId, kind: 'photo', filename: 'zs.png', dataBase64: PNG.toString('base64') });
    expect(photo).toMatchObject({ mime: 'image/png', size: PNG.length });
    expect((await call(core, 'persons:get', { personId })).photoAttachmentId).toBe(photo.id);
    const scan = await call(core, 'attachments:add', { personId, kind: 'document', filename: '协议扫描件.pdf', dataBase64: PDF.toString('base64') });
    expect((await call(core, 'attachments:get', { attachmentId: scan.id })).dataBase64).toBe(PDF.toString('base64'));
    const fake = Buffer.from('MZ this is an executable renamed to .png');
    expect((await refusal(core, 'attachments:add', { personId, kind: 'document', filename: 'x.png', dataBase64: fake.toString('base64') })).fields).toEqual({ dataBase64: 'validation.documentType' });
    expect((await refusal(core, 'attachments:add', { personId, kind: 'photo', filename: 'x.pdf', dataBase64: PDF.toString('base64') })).fields).toEqual({ dataBase64: 'validation.photoType' });
    expect((await refusal(core, 'attachments:add', { personId, kind: 'photo', filename: 'x.png', dataBase64: '@@@not base64' })).fields).toEqual({ dataBase64: 'validation.fileUnreadable' });
    expect((await call(core, 'attachments:list', { personId })).length).toBe(2);
    await call(core, 'attachments:remove', { attachmentId: photo.id, reason: '照片不清晰' });
    expect((await call(core, 'persons:get', { personId })).photoAttachmentId).toBeNull();
    const timeline = await call(core, 'timeline:person', { personId });
    expect(timeline.map((t) => t.kind)).toContain('attachment.document');
  });
});
