import { createHavenCore, type HavenCore } from '../../../electron/core/app';
import { ManualClock } from '../../../electron/core/kernel/clock';
import { createVault, vaultPaths } from '../../../electron/core/kernel/vault';
import { composeIdNumber } from '../../../shared/domain/idNumber';
import type { HavenEvent } from '../../../shared/domain/types';
import type { ChannelName, InputOf, ResultOf } from '../../../shared/ipc/contract';
import type { IpcError } from '../../../shared/ipc/errors';
import { FAST_SCRYPT, tempDir } from './tmp';

export function makeCore(dataDir = tempDir(), start = '2026-03-02T09:00:00+08:00') {
  const clock = new ManualClock(start);
  const core = createHavenCore({ dataDir, clock, vaultOptions: { scrypt: FAST_SCRYPT }, logError: () => {} });
  const events: HavenEvent[] = [];
  core.onEvent((e) => events.push(e));
  return { core, clock, events, dataDir };
}

export async function call<C extends ChannelName>(core: HavenCore, channel: C, input: InputOf<C>): Promise<ResultOf<C>> {
  const result = await core.invoke(channel, input);
  if (!result.ok) throw Object.assign(new Error(`${channel}: ${result.error.code} ${JSON.stringify(result.error)}`), result.error);
  return result.value as ResultOf<C>;
}

export async function refusal(core: HavenCore, channel: string, input: unknown): Promise<IpcError> {
  const result = await core.invoke(channel, input);
  if (result.ok) throw new Error(`${channel} was expected to be refused`);
  return result.error;
}

export const SETUP = {
  stationCode: 'js-nj-01',
  stationName: '南京市某街道社区戒毒社区康复工作站',
  adminUsername: 'Admin',
  adminDisplayName: '王站长',
  password: 'admin password',
};

/** A set-up station with the admin logged in. */
export async function loggedIn(start?: string) {
  const ctx = makeCore(undefined, start);
  const { recoveryKey } = await call(ctx.core, 'setup:create', SETUP);
  const session = await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
  return { ...ctx, recoveryKey, session };
}

/** A station where 张三 is under community detox, reported in on 2026-01-05; today is 2026-03-02. */
export async function reportedInPerson() {
  const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
  const { personId } = await call(ctx.core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
  const measure = await call(ctx.core, 'measures:create', {
    personId,
    decision: { kind: 'community_detox', decisionNumber: '宁公决字〔2026〕1号', decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36 },
  });
  await call(ctx.core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-01-05' });
  return { ...ctx, personId, measureId: measure.id };
}

/** A supervisor's database (as `haven init --mode supervisor` makes one), its admin logged in. */
export async function loggedInSupervisor() {
  const dir = tempDir();
  createVault(
    vaultPaths(dir),
    { station: { code: 'SUP-01', name: '某区禁毒办', mode: 'supervisor' }, admin: { username: 'admin', displayName: '李主任', password: 'admin password' } },
    new Date('2026-03-01T09:00:00+08:00'),
    { scrypt: FAST_SCRYPT },
  );
  const ctx = makeCore(dir, '2026-03-02T10:00:00+08:00');
  await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
  return ctx;
}

/**
 * A user an admin created (or reset) logs in for the first time: they must set their own password
 * before anything else (issue 14); here they set it to the same words, for tests about other things.
 */
export async function firstLogin(core: HavenCore, username: string, password: string) {
  const session = await call(core, 'auth:login', { username, password });
  if (session.mustChangePassword) await call(core, 'auth:changePassword', { currentPassword: password, newPassword: password });
  return { ...session, mustChangePassword: false };
}
