import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn } from './support/core';

/** What identifies a person (the full ID number, a photo) is never read without an audit event. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).toString('base64');

describe('reading what identifies a person', () => {
  it('the full ID number revealed, a file found by its full ID number and a photo viewed are each audited', async () => {
    const { core } = await loggedIn();
    const idNumber = composeIdNumber('320102', '1988-05-17', 231);
    const { personId } = await call(core, 'persons:create', { person: { name: '张三', idNumber } });
    const actions = async () => (await call(core, 'audit:list', { limit: 20 })).map((e) => e.action);

    expect(await call(core, 'persons:revealId', { personId })).toEqual({ idNumber });
    expect((await actions())[0]).toBe('persons.revealId');

    expect(await call(core, 'persons:findByIdNumber', { idNumber })).toMatchObject({ personId, name: '张三' });
    expect((await actions())[0]).toBe('persons.findByIdNumber');
    // Not found: nothing was read.
    expect(await call(core, 'persons:findByIdNumber', { idNumber: composeIdNumber('320102', '1988-05-17', 452) })).toBeNull();
    expect((await actions())[0]).toBe('persons.findByIdNumber');

    const photo = await call(core, 'attachments:add', { personId, kind: 'photo', filename: 'p.png', note: '', dataBase64: PNG });
    await call(core, 'attachments:get', { attachmentId: photo.id });
    const viewed = (await call(core, 'audit:list', { limit: 1 }))[0];
    expect(viewed).toMatchObject({ action: 'attachments.view', details: { attachmentId: photo.id, kind: 'photo' } });
  });
});
