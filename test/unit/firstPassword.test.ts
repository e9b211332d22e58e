import { describe, expect, it } from 'vitest';
import { call, loggedIn, refusal } from './support/core';

describe('a new or reset user sets their own password at first login (issue 14)', () => {
  it('refuses every other channel until the password is changed, then works; a reset asks again', async () => {
    const { core } = await loggedIn();
    const li = await call(core, 'users:create', { username: 'li.si', displayName: '李四', role: 'staff', password: 'given password' });
    await call(core, 'auth:logout', {});

    const first = await call(core, 'auth:login', { username: 'li.si', password: 'given password' });
    expect(first.mustChangePassword).toBe(true);
    for (const [channel, input] of [['persons:list', {}], ['drafts:take', { key: 'x' }], ['users:directory', {}]] as const) {
      expect(await refusal(core, channel, input), channel).toMatchObject({ code: 'FORBIDDEN', messageKey: 'errors.PASSWORD_CHANGE_REQUIRED' });
    }
    await call(core, 'auth:activity', {});
    await call(core, 'auth:changePassword', { currentPassword: 'given password', newPassword: 'my own password' });
    expect((await call(core, 'persons:list', {})).total).toBe(0);
    await call(core, 'auth:logout', {});
    expect((await call(core, 'auth:login', { username: 'li.si', password: 'my own password' })).mustChangePassword).toBe(false);
    await call(core, 'auth:logout', {});

    // An admin's reset asks again; the admin's own sessions are not affected.
    const admin = await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect(admin.mustChangePassword).toBe(false);
    await call(core, 'users:resetPassword', { userId: li.id, newPassword: 'reset password' });
    await call(core, 'auth:logout', {});
    expect((await call(core, 'auth:login', { username: 'li.si', password: 'reset password' })).mustChangePassword).toBe(true);
    expect((await refusal(core, 'persons:list', {})).messageKey).toBe('errors.PASSWORD_CHANGE_REQUIRED');
    await call(core, 'auth:logout', {});
  });

  it('a recovery, where the user types the new password, asks for no change', async () => {
    const { core, recoveryKey } = await loggedIn();
    await call(core, 'users:create', { username: 'zhao', displayName: '赵社工', role: 'staff', password: 'given password' });
    await call(core, 'auth:logout', {});
    const session = await call(core, 'auth:recover', { recoveryKey, username: 'zhao', newPassword: 'chosen password' });
    expect(session.mustChangePassword).toBe(false);
    expect((await call(core, 'persons:list', {})).total).toBe(0);
  });
});
