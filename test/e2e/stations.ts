import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHavenCore, type HavenCore } from '../../electron/core/app';
import { ManualClock } from '../../electron/core/kernel/clock';
import { createVault, vaultPaths } from '../../electron/core/kernel/vault';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { BundleImportView, KeySheetView } from '../../shared/domain/bundles';
import { ADMIN } from './flows';
import { E2E_SCRYPT, type Harness } from './harness';

/** Stations whose cores run in this process (only the supervisor has a window), sending it bundles. */
export interface Station {
  core: HavenCore;
  clock: ManualClock;
  dir: string;
}

export async function ok<T>(core: HavenCore | Harness['core'], channel: string, input: unknown): Promise<T> {
  const result = await core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** A station's core in this process, set up and its admin logged in, on 2 March 2026. */
export async function station(code: string, name: string): Promise<Station> {
  const dir = mkdtempSync(join(tmpdir(), `haven-e2e-${code}-`));
  const clock = new ManualClock('2026-03-02T09:00:00+08:00');
  const core = createHavenCore({ dataDir: dir, clock, vaultOptions: { scrypt: E2E_SCRYPT }, logError: () => {} });
  await ok(core, 'setup:create', { stationCode: code, stationName: name, adminUsername: ADMIN.username, adminDisplayName: ADMIN.displayName, password: ADMIN.password });
  await ok(core, 'auth:login', { username: ADMIN.username, password: ADMIN.password });
  return { core, clock, dir };
}

/** The supervisor (its key sheet) registered as a recipient of the station, fingerprint compared. */
export async function recipientAt(from: Station, keys: KeySheetView): Promise<number> {
  return (await ok<{ id: number }>(from.core, 'bundles:addRecipient', { name: '', recipient: keys.recipientFile, confirmFingerprint: keys.recipientFingerprint })).id;
}

/** A bundle made and "saved" at the station: its file's path. */
export async function made(from: Station, recipientId: number, kind: 'full' | 'stats' | 'transfer', personId?: number): Promise<string> {
  const bundle = await ok<{ jobId: string }>(from.core, 'bundles:export', { recipientId, kind, ...(personId === undefined ? {} : { personId }) });
  await ok(from.core, 'bundles:confirmSaved', { jobId: bundle.jobId });
  return from.core.fileJob(bundle.jobId)!.path;
}

/** A bundle file imported through the contract, the sender's fingerprint confirmed. */
export async function importAt(to: { core: HavenCore | Harness['core'] }, path: string, fingerprint: string): Promise<BundleImportView> {
  const fileIds = (await to.core.grantFiles([path])).map((g) => g.fileId);
  const [result] = await ok<BundleImportView[]>(to.core, 'bundles:import', { fileIds, confirmFingerprints: [fingerprint] });
  return result!;
}

/** Community detox delivered 2026-01-01, reported in on the 5th, the admin (王站长) the caseworker. */
export async function supervised(s: Station, name: string, serial: number): Promise<{ personId: number; measureId: number }> {
  const { personId } = await ok<{ personId: number }>(s.core, 'persons:create', { person: { name, idNumber: composeIdNumber('320102', '1988-05-17', serial), staffUserId: 1 } });
  const measure = await ok<{ id: number }>(s.core, 'measures:create', {
    personId,
    decision: { kind: 'community_detox', decisionNumber: `宁公决字〔2026〕${serial}号`, decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36 },
  });
  await ok(s.core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-01-05' });
  return { personId, measureId: measure.id };
}

/** A county office's data folder (南京市玄武区禁毒办, set up on 1 March), for a harness to open. */
export function countyOfficeDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'haven-e2e-SUP-'));
  createVault(vaultPaths(dir), { station: { code: 'SUP-NJ', name: '南京市玄武区禁毒办', mode: 'supervisor' }, admin: { ...ADMIN } }, new Date('2026-03-01T01:00:00Z'), { scrypt: E2E_SCRYPT });
  return dir;
}

/** The end of a county office's test: its window and browser, each station's core, and all their folders. */
export async function closeCounty(sup: Harness, browser: { close(): Promise<void> }, stations: Station[], supDir: string): Promise<void> {
  await sup.close();
  await browser.close();
  for (const s of stations) {
    await s.core.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
  rmSync(supDir, { recursive: true, force: true });
}
