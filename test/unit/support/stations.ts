import { expect } from 'vitest';
import { composeIdNumber } from '../../../shared/domain/idNumber';
import type { HavenCore } from '../../../electron/core/app';
import { call, makeCore, SETUP } from './core';

/** Stations and a supervisor sending bundles through the contract, as the screens do. */
export type StationCore = { core: HavenCore; clock: { advance(ms: number): void; set(at: string): void }; dataDir: string };

/** A second station, set up as the first (loggedIn) is but under its own code. */
export async function otherStation(): Promise<StationCore> {
  const ctx = makeCore(undefined, '2026-03-02T09:00:00+08:00');
  await call(ctx.core, 'setup:create', { ...SETUP, stationCode: 'js-nj-02', stationName: '南京市另一街道社区戒毒社区康复工作站' });
  await call(ctx.core, 'auth:login', { username: 'admin', password: SETUP.password });
  return ctx;
}

/** `to` registered as a recipient of `from`, fingerprint compared. */
export async function register(from: StationCore, to: StationCore): Promise<number> {
  const keys = await call(to.core, 'bundles:keys', {});
  return (await call(from.core, 'bundles:addRecipient', { name: '', recipient: keys.recipientFile, confirmFingerprint: keys.recipientFingerprint })).id;
}

/** Made at `from` and imported at `to` (the sender's fingerprint confirmed): what the import says. */
export async function send(from: StationCore, to: StationCore, recipientId: number, kind: 'full' | 'stats' | 'transfer', personId?: number) {
  const made = await call(from.core, 'bundles:export', { recipientId, kind, ...(personId === undefined ? {} : { personId }) });
  await call(from.core, 'bundles:confirmSaved', { jobId: made.jobId });
  const path = from.core.fileJob(made.jobId)!.path;
  const fingerprint = (await call(from.core, 'bundles:keys', {})).fingerprint;
  const [result] = await call(to.core, 'bundles:import', { fileIds: to.core.grantFiles([path]).map((g) => g.fileId), confirmFingerprints: [fingerprint] });
  expect(result?.outcome).toBe('accepted');
  return result!;
}

/** A person under community detox here: delivered 2026-01-01, reported in 2026-01-05 (on time); `staffUserId` their caseworker. */
export async function supervised(core: HavenCore, name: string, serial: number, staffUserId?: number) {
  const { personId } = await call(core, 'persons:create', { person: { name, idNumber: composeIdNumber('320102', '1988-05-17', serial), ...(staffUserId === undefined ? {} : { staffUserId }) } });
  const measure = await call(core, 'measures:create', {
    personId,
    decision: { kind: 'community_detox', decisionNumber: `宁公决字〔2026〕${serial}号`, decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36 },
  });
  await call(core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-01-05' });
  return { personId, measureId: measure.id };
}
