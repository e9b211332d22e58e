import { firstLogin } from './support/core';
import { describe, expect, it } from 'vitest';
import { createHavenCore, type HavenCore } from '../../electron/core/app';
import { ManualClock } from '../../electron/core/kernel/clock';
import { verifyAuditChain } from '../../electron/core/kernel/audit';
import { unlockWithPassword, vaultPaths } from '../../electron/core/kernel/vault';
import type { HavenEvent } from '../../shared/domain/types';
import type { ChannelName, InputOf, ResultOf } from '../../shared/ipc/contract';
import type { IpcError } from '../../shared/ipc/errors';
import { FAST_SCRYPT, tempDir } from './support/tmp';

function makeCore(dataDir = tempDir()) {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00');
  const core = createHavenCore({ dataDir, clock, vaultOptions: { scrypt: FAST_SCRYPT }, logError: () => {} });
  const events: HavenEvent[] = [];
  core.onEvent((e) => events.push(e));
  return { core, clock, events, dataDir };
}

async function call<C extends ChannelName>(core: HavenCore, channel: C, input: InputOf<C>): Promise<ResultOf<C>> {
  const result = await core.invoke(channel, input);
  if (!result.ok) throw Object.assign(new Error(result.error.code), result.error);
  return result.value as ResultOf<C>;
}

async function refusal(core: HavenCore, channel: string, input: unknown): Promise<IpcError> {
  const result = await core.invoke(channel, input);
  if (result.ok) throw new Error(`${channel} was expected to be refused`);
  return result.error;
}

const SETUP = {
  stationCode: 'js-nj-01',
  stationName: '南京市某街道社区戒毒社区康复工作站',
  adminUsername: 'Admin',
  adminDisplayName: '王站长',
  password: 'admin password',
};

async function setUp() {
  const ctx = makeCore();
  const { recoveryKey } = await call(ctx.core, 'setup:create', SETUP);
  return { ...ctx, recoveryKey };
}

describe('setup and login through the IPC contract', () => {
  it('goes from uninitialized to locked to unlocked', async () => {
    const { core } = makeCore();
    expect(await call(core, 'app:status', {})).toMatchObject({ state: 'uninitialized', session: null });
    expect((await refusal(core, 'auth:login', { username: 'admin', password: 'x' })).code).toBe('NOT_INITIALIZED');
    const { recoveryKey } = await call(core, 'setup:create', SETUP);
    expect(recoveryKey).toMatch(/^(\d{6}-){7}\d{6}$/);
    expect((await refusal(core, 'setup:create', SETUP)).code).toBe('ALREADY_INITIALIZED');
    expect(await call(core, 'app:status', {})).toMatchObject({ state: 'locked' });
    const session = await call(core, 'auth:login', { username: 'ADMIN', password: 'admin password' });
    expect(session.user).toMatchObject({ username: 'admin', role: 'admin', displayName: '王站长' });
    expect(session.station).toEqual({ code: 'JS-NJ-01', name: SETUP.stationName, mode: 'station' });
    expect(session.settings.idleLockMinutes).toBe(5);
    expect(await call(core, 'app:status', {})).toMatchObject({ state: 'unlocked' });
  });

  it('refuses bad setup input with per-field keys and creates nothing', async () => {
    const { core } = makeCore();
    const error = await refusal(core, 'setup:create', { ...SETUP, stationCode: '!', password: 'short' });
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toMatchObject({ stationCode: 'validation.stationCode', password: 'validation.passwordTooShort' });
    expect(await call(core, 'app:status', {})).toMatchObject({ state: 'uninitialized' });
    expect((await refusal(core, 'setup:create', { ...SETUP, extra: 1 })).code).toBe('VALIDATION');
  });

  it('gives the same message for a wrong password and an unknown user, then slows down after 5 failures', async () => {
    const { core, clock } = await setUp();
    expect((await refusal(core, 'auth:login', { username: 'admin', password: 'nope' })).code).toBe('INVALID_CREDENTIALS');
    expect((await refusal(core, 'auth:login', { username: 'ghost', password: 'nope' })).code).toBe('INVALID_CREDENTIALS');
    for (let i = 2; i <= 4; i++) await refusal(core, 'auth:login', { username: 'admin', password: 'nope' });
    const fifth = await refusal(core, 'auth:login', { username: 'admin', password: 'nope' });
    expect(fifth).toMatchObject({ code: 'INVALID_CREDENTIALS', params: { seconds: 30 } });
    // Even the right password waits now.
    const blocked = await refusal(core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect(blocked).toMatchObject({ code: 'THROTTLED', params: { seconds: 30 } });
    clock.advance(31_000);
    const sixth = await refusal(core, 'auth:login', { username: 'admin', password: 'nope' });
    expect(sixth.params).toEqual({ seconds: 60 });
    clock.advance(61_000);
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
  });

  it('checks the session and the role on every call', async () => {
    const { core } = await setUp();
    expect((await refusal(core, 'users:list', {})).code).toBe('LOCKED');
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    await call(core, 'users:create', { username: 'li.si', displayName: '李四', role: 'staff', password: 'staff password' });
    await call(core, 'auth:logout', {});
    await firstLogin(core, 'li.si', 'staff password');
    expect((await refusal(core, 'users:list', {})).code).toBe('FORBIDDEN');
    expect((await refusal(core, 'settings:update', { idleLockMinutes: 10 })).code).toBe('FORBIDDEN');
    expect(await call(core, 'settings:get', {})).toEqual({ idleLockMinutes: 5 });
    expect((await refusal(core, 'persons:drop', {})).code).toBe('UNKNOWN_CHANNEL');
  });
});

describe('idle auto-lock', () => {
  it('locks after the idle time, drops the session, and emits an event; activity postpones it', async () => {
    const { core, clock, events } = await setUp();
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    clock.advance(4 * 60_000);
    core.tick();
    expect(events).toEqual([]);
    await call(core, 'auth:activity', {});
    clock.advance(4 * 60_000);
    core.tick();
    expect(events).toEqual([]);
    clock.advance(60_000);
    core.tick();
    expect(events).toEqual([{ type: 'locked', reason: 'idle' }]);
    expect(await call(core, 'app:status', {})).toMatchObject({ state: 'locked', lockReason: 'idle', lastUsername: 'admin' });
    expect((await refusal(core, 'settings:get', {})).code).toBe('LOCKED');
  });

  it('follows the station setting', async () => {
    const { core, clock, events } = await setUp();
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect((await refusal(core, 'settings:update', { idleLockMinutes: 0 })).fields).toEqual({ idleLockMinutes: 'validation.idleLockMinutes' });
    await call(core, 'settings:update', { idleLockMinutes: 2 });
    clock.advance(2 * 60_000);
    core.tick();
    expect(events).toEqual([{ type: 'locked', reason: 'idle' }]);
  });

  it('locks on an OS screen lock', async () => {
    const { core, events } = await setUp();
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    core.lock('os-lock');
    expect(events).toEqual([{ type: 'locked', reason: 'os-lock' }]);
    expect((await call(core, 'app:status', {})).state).toBe('locked');
  });
});

describe('users', () => {
  it('adds, resets, disables and re-enables accounts; a disabled password opens nothing', async () => {
    const { core } = await setUp();
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    const staff = await call(core, 'users:create', { username: 'zhao', displayName: '赵社工', role: 'staff', password: 'first password' });
    expect((await refusal(core, 'users:create', { username: 'ZHAO', displayName: 'x', role: 'staff', password: '12345678' })).code).toBe('CONFLICT');
    await call(core, 'users:resetPassword', { userId: staff.id, newPassword: 'second password' });
    await call(core, 'users:disable', { userId: staff.id });
    expect((await call(core, 'users:list', {})).find((u) => u.id === staff.id)).toMatchObject({ disabled: true, hasKeySlot: false });
    await call(core, 'auth:logout', {});
    expect((await refusal(core, 'auth:login', { username: 'zhao', password: 'second password' })).code).toBe('INVALID_CREDENTIALS');
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    await call(core, 'users:enable', { userId: staff.id, newPassword: 'third password' });
    await call(core, 'auth:logout', {});
    await call(core, 'auth:login', { username: 'zhao', password: 'third password' });
  });

  it('never leaves the station without an active admin', async () => {
    const { core } = await setUp();
    const session = await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect((await refusal(core, 'users:update', { userId: session.user.id, displayName: 'x', role: 'staff' })).code).toBe('CONFLICT');
    expect((await refusal(core, 'users:disable', { userId: session.user.id })).code).toBe('CONFLICT');
  });

  it('changes one’s own password only with the current one', async () => {
    const { core } = await setUp();
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    const wrong = await refusal(core, 'auth:changePassword', { currentPassword: 'bad', newPassword: 'new password' });
    expect(wrong.fields).toEqual({ currentPassword: 'errors.CURRENT_PASSWORD_WRONG' });
    await call(core, 'auth:changePassword', { currentPassword: 'admin password', newPassword: 'new password' });
    await call(core, 'auth:logout', {});
    expect((await refusal(core, 'auth:login', { username: 'admin', password: 'admin password' })).code).toBe('INVALID_CREDENTIALS');
    await call(core, 'auth:login', { username: 'admin', password: 'new password' });
  });

  it('recovers a lost password with the recovery key', async () => {
    const { core, recoveryKey } = await setUp();
    expect((await refusal(core, 'auth:recover', { recoveryKey: '123', username: 'admin', newPassword: 'recovered pw' })).fields).toEqual({
      recoveryKey: 'validation.recoveryKeyFormat',
    });
    const session = await call(core, 'auth:recover', { recoveryKey, username: 'admin', newPassword: 'recovered pw' });
    expect(session.user.username).toBe('admin');
    await call(core, 'auth:logout', {});
    await call(core, 'auth:login', { username: 'admin', password: 'recovered pw' });
  });

  it('rotates the master key: other users need a reset, everything is audited in an unbroken chain', async () => {
    const { core, dataDir, recoveryKey } = await setUp();
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    await call(core, 'users:create', { username: 'qian', displayName: '钱社工', role: 'staff', password: 'staff password' });
    expect((await refusal(core, 'keys:rotateMasterKey', { currentPassword: 'wrong' })).code).toBe('INVALID_CREDENTIALS');
    const seen: string[] = [];
    const off = core.onEvent((e) => seen.push(e.type === 'progress' ? `${e.progress.job}:${e.progress.phase}:${e.progress.cancellable}` : e.type));
    const rotated = await call(core, 'keys:rotateMasterKey', { currentPassword: 'admin password' });
    off();
    // A long job that cannot stop halfway: the screen shows it without a 停止.
    expect(seen).toEqual(['keys:rotateMasterKey:rekeying:false', 'jobEnded']);
    expect(rotated.usersNeedingReset).toEqual(['qian']);
    expect(rotated.recoveryKey).not.toBe(recoveryKey);
    expect((await call(core, 'users:list', {})).find((u) => u.username === 'qian')?.hasKeySlot).toBe(false);
    // The session goes on with the new key.
    await call(core, 'settings:update', { idleLockMinutes: 7 });
    const actions = (await call(core, 'audit:list', { limit: 50 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['setup.create', 'auth.login', 'users.create', 'keys.rotateMasterKey', 'settings.update']));
    await call(core, 'auth:logout', {});
    expect((await refusal(core, 'auth:login', { username: 'qian', password: 'staff password' })).code).toBe('INVALID_CREDENTIALS');

    const opened = unlockWithPassword(vaultPaths(dataDir), 'admin', 'admin password', { scrypt: FAST_SCRYPT });
    expect(verifyAuditChain(opened.db)).toMatchObject({ ok: true, brokenAt: null });
    opened.db.close();
  });
});

describe('a supervisor database', () => {
  it('reads imported files but creates or changes none', async () => {
    const { createVault, vaultPaths } = await import('../../electron/core/kernel/vault');
    const { core, dataDir } = makeCore();
    createVault(vaultPaths(dataDir), { station: { code: 'SUP-01', name: '某县禁毒办', mode: 'supervisor' }, admin: { username: 'admin', displayName: '督导', password: 'admin password' } }, new Date(), {
      scrypt: FAST_SCRYPT,
    });
    const session = await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect(session.station.mode).toBe('supervisor');
    const refused = await refusal(core, 'persons:create', { person: { name: '张三', idNumber: '11010519491231002X' } });
    expect(refused).toMatchObject({ code: 'FORBIDDEN', messageKey: 'errors.SUPERVISOR_READ_ONLY' });
    expect((await call(core, 'persons:list', {})).total).toBe(0);
    expect((await call(core, 'worklist:counts', {})).byGroup.serious_breach).toBe(0);
  });
});
