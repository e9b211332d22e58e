import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVault, unlockWithPassword, vaultPaths } from '../../electron/core/kernel/vault';
import { exportBundle } from '../../electron/core/bundles/export';
import { registerRecipient } from '../../electron/core/bundles/recipients';
import { keySheet } from '../../electron/core/kernel/identity/ownKeys';
import { opsFor } from '../../electron/core/kernel/ops';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { KeySheetView } from '../../shared/domain/bundles';
import { E2E_SCRYPT, startHarness, type Harness } from './harness';
import { ADMIN, logIn, setUpAndLogIn } from './flows';
import { useHarness } from './support';
import { axeProblems } from './axe';

/**
 * 导入导出 end to end: a station registers its supervisor's recipient (fingerprint compared),
 * exports a full bundle and saves it; the supervisor imports that file through its own screen,
 * confirms the station's fingerprint, sees the station in its registry, and a second import of
 * the same file is reported as already imported.
 */
const harness = useHarness();

async function invoke<T>(h: Harness, channel: string, input: unknown): Promise<T> {
  const result = await h.core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** A supervisor's database (set up as the CLI's `init --mode supervisor` does), its admin logged in. */
async function supervisorHarness(station: Harness): Promise<{ sup: Harness; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'haven-e2e-sup-'));
  createVault(
    vaultPaths(dir),
    { station: { code: 'SUP-NJ', name: '南京市玄武区禁毒办', mode: 'supervisor' }, admin: { username: ADMIN.username, displayName: '李主任', password: ADMIN.password } },
    station.clock.now(),
    { scrypt: E2E_SCRYPT },
  );
  const sup = await startHarness({ browser: station.browser, dataDir: dir });
  await sup.open();
  await sup.page.getByTestId('login-form').waitFor();
  await logIn(sup.page, ADMIN.username, ADMIN.password);
  await sup.page.getByTestId('station-name').waitFor();
  return { sup, dir };
}

describe('导入导出', () => {
  it('station exports a signed bundle to its supervisor, who imports it once', async () => {
    const h = harness();
    await h.open();
    await setUpAndLogIn(h.page);
    for (const [name, serial] of [
      ['张三', 231],
      ['李四', 452],
    ] as const) {
      await invoke(h, 'persons:create', { person: { name, idNumber: composeIdNumber('320102', '1988-05-17', serial) } });
    }

    const { sup, dir } = await supervisorHarness(h);
    try {
      const supKeys = await invoke<KeySheetView>(sup, 'bundles:keys', {});
      const stationKeys = await invoke<KeySheetView>(h, 'bundles:keys', {});

      // The station: its own key sheet, then the supervisor as recipient, fingerprint compared.
      await h.open('/transfer');
      await h.page.getByTestId('transfer-page').waitFor();
      expect(await h.page.getByTestId('keys-fingerprint').innerText()).toContain(stationKeys.fingerprintGroups.slice(0, 4).join(' '));
      await h.page.getByTestId('recipients-empty').waitFor();
      await h.page.getByTestId('recipient-key').fill(supKeys.recipientFile);
      await h.page.getByTestId('recipient-fingerprint').fill('12345 12345 12345 12345 12345 12345 12345 12345');
      await h.page.getByTestId('recipient-submit').click();
      const wrong = await h.page.getByTestId('recipient-error').innerText();
      expect(wrong).toContain('不一致');
      expect(wrong).toContain(supKeys.recipientFingerprint);
      await h.page.getByTestId('recipient-fingerprint').fill(supKeys.recipientFingerprint);
      await h.page.getByTestId('recipient-submit').click();
      await h.page.getByTestId('recipients-table').getByText('南京市玄武区禁毒办 (SUP-NJ)').waitFor();

      // Export a full bundle and save it (the harness's save dialog writes into its data folder).
      await h.page.getByTestId('export-submit').click();
      const done = await h.page.getByTestId('export-done').innerText();
      expect(done).toContain('JS-NJ-01-full-1-');
      // Made but not saved: not sent. A cancelled save dialog records nothing and uses no number.
      expect(await invoke<unknown[]>(h, 'bundles:sent', {})).toEqual([]);
      h.cancelSaves.count = 1;
      await h.page.getByTestId('export-save').click();
      expect(await h.page.getByTestId('export-saved').innerText()).toContain('未记为已发送');
      if (process.env.HAVEN_E2E_SHOTS) await h.page.screenshot({ path: 'test-results/bundle-save-cancelled.png' });
      expect(h.saved).toHaveLength(0);
      expect(await invoke<unknown[]>(h, 'bundles:sent', {})).toEqual([]);
      expect((await invoke<{ nextSeq: number }[]>(h, 'bundles:recipients', {}))[0]?.nextSeq).toBe(1);
      await h.page.getByTestId('export-save').click();
      await h.page.getByTestId('export-saved').getByText('已记为已发送').waitFor();
      await h.page.getByTestId('export-saved').waitFor();
      expect(h.saved).toHaveLength(1);
      const file = h.saved[0] as string;
      expect(await h.page.getByTestId('export-saved').innerText()).toContain(file);
      expect(readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');
      await h.page.getByTestId('sent-table').getByText(basename(file)).waitFor();

      // The supervisor: the first import asks for the station's fingerprint.
      await sup.open('/transfer');
      await sup.page.getByTestId('transfer-page').waitFor();
      sup.toChoose.push(file);
      await sup.page.getByTestId('import-choose').click();
      await sup.page.getByTestId('import-chosen').getByText(basename(file)).waitFor();
      await sup.page.getByTestId('import-submit').click();
      const first = sup.page.locator('[data-testid="import-result"][data-reason="BUNDLE_UNKNOWN_STATION"]');
      await first.waitFor();
      expect(await first.getByTestId('import-message').innerText()).toContain('尚未登记');
      expect(await first.getByTestId('import-station-fingerprint').innerText()).toContain(stationKeys.fingerprintGroups.slice(4).join(' '));
      await first.getByTestId('import-confirm-fingerprint').fill(stationKeys.fingerprint);
      await first.getByTestId('import-confirm-submit').click();
      const accepted = sup.page.locator('[data-testid="import-result"][data-outcome="accepted"]');
      await accepted.waitFor();
      expect(await accepted.getByTestId('import-message').innerText()).toMatch(/已导入：站点 JS-NJ-01，全部档案，序号 1/);
      expect(await accepted.getByTestId('import-warning').innerText()).toContain('已核对指纹');

      const row = sup.page.locator('[data-testid="station-row"][data-code="JS-NJ-01"]');
      await row.waitFor();
      const rowText = await row.innerText();
      expect(rowText).toContain('南京市某街道社区戒毒社区康复工作站');
      expect(rowText).toContain('0 天');
      await sup.page.locator('[data-testid="log-row"][data-outcome="accepted"]').waitFor();

      // The same file again: already imported, nothing changes.
      sup.toChoose.push(file);
      await sup.page.getByTestId('import-choose').click();
      await sup.page.getByTestId('import-chosen').getByText(basename(file)).waitFor();
      await sup.page.getByTestId('import-submit').click();
      const again = sup.page.locator('[data-testid="import-result"][data-outcome="duplicate"]');
      await again.waitFor();
      expect(await again.getByTestId('import-message').innerText()).toContain('已导入过');
      await sup.page.locator('[data-testid="log-row"][data-outcome="duplicate"]').waitFor();
      expect(await sup.page.locator('[data-testid="log-row"]').count()).toBe(3);

      const persons = await invoke<{ total: number }>(sup, 'persons:list', { limit: 1 });
      expect(persons.total).toBe(2);
      expect(sup.networkViolations).toEqual([]);
      expect(sup.pageErrors).toEqual([]);
    } finally {
      await sup.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a registered station's new key is refused until an admin replaces it, with the new key sheet's fingerprint and a reason", async () => {
    const h = harness();
    const { sup, dir } = await supervisorHarness(h);
    const made: string[] = [dir];
    try {
      const supKeys = await invoke<KeySheetView>(sup, 'bundles:keys', {});
      /** A station's database with one person, and a full bundle of it for the supervisor. */
      const stationBundle = async () => {
        const stationDir = mkdtempSync(join(tmpdir(), 'haven-e2e-st-'));
        made.push(stationDir);
        const now = h.clock.now();
        createVault(vaultPaths(stationDir), { station: { code: 'JS-NJ-01', name: '某街道工作站', mode: 'station' }, admin: { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password } }, now, { scrypt: E2E_SCRYPT });
        const { db } = unlockWithPassword(vaultPaths(stationDir), ADMIN.username, ADMIN.password, { scrypt: E2E_SCRYPT });
        try {
          const ops = opsFor(db, now, { userId: 1, username: ADMIN.username, displayName: ADMIN.displayName });
          registerRecipient(ops, { name: '区禁毒办', recipient: supKeys.recipient, fingerprint: supKeys.recipientFingerprint });
          const { path } = await exportBundle(ops, { kind: 'full', recipient: supKeys.recipient, personId: null, out: stationDir });
          return { path, fingerprint: keySheet(ops).fingerprint };
        } finally {
          db.close();
        }
      };
      const before = await stationBundle();
      const [firstId] = (await sup.core.grantFiles([before.path])).map((f) => f.fileId);
      await invoke(sup, 'bundles:import', { fileIds: [firstId], confirmFingerprints: [before.fingerprint] });

      const reinstalled = await stationBundle();
      await sup.open('/transfer');
      await sup.page.getByTestId('transfer-page').waitFor();
      sup.toChoose.push(reinstalled.path);
      await sup.page.getByTestId('import-choose').click();
      await sup.page.getByTestId('import-chosen').waitFor();
      await sup.page.getByTestId('import-submit').click();
      const refused = sup.page.locator('[data-testid="import-result"][data-reason="BUNDLE_STATION_KEY_MISMATCH"]');
      await refused.waitFor();
      // Not the new-station confirmation: the replacement form, which names the new fingerprint.
      expect(await refused.getByTestId('import-confirm').count()).toBe(0);
      const form = refused.getByTestId('import-replace-key');
      expect(await form.getByTestId('import-new-fingerprint').innerText()).toContain(reinstalled.fingerprint.split(' ').slice(0, 3).join(' '));
      // The old key sheet's fingerprint is refused; the button waits for a reason.
      await form.getByTestId('import-replace-fingerprint').fill(before.fingerprint);
      expect(await form.getByTestId('import-replace-submit').isDisabled()).toBe(true);
      await form.getByTestId('import-replace-reason').fill('工作站电脑更换，重新安装');
      await form.getByTestId('import-replace-restart').check();
      await form.getByTestId('import-replace-submit').click();
      const stillRefused = sup.page.locator('[data-testid="import-result"][data-reason="BUNDLE_FINGERPRINT_MISMATCH"]');
      await stillRefused.waitFor();
      const again = stillRefused.getByTestId('import-replace-key');
      await again.getByTestId('import-replace-fingerprint').fill(reinstalled.fingerprint);
      await again.getByTestId('import-replace-reason').fill('工作站电脑更换，重新安装');
      await again.getByTestId('import-replace-restart').check();
      await again.getByTestId('import-replace-submit').click();
      const accepted = sup.page.locator('[data-testid="import-result"][data-outcome="accepted"]');
      await accepted.waitFor();
      expect(await accepted.getByTestId('import-warning').innerText()).toContain('序号从 1 重新开始');
      const audit = await invoke<{ action: string; details: Record<string, unknown> }[]>(sup, 'audit:list', { limit: 20 });
      expect(audit.find((e) => e.action === 'bundles.stationKeyReplaced')?.details).toMatchObject({ newFingerprint: reinstalled.fingerprint, reason: '工作站电脑更换，重新安装', restartNumbering: true });
      expect(sup.pageErrors).toEqual([]);
    } finally {
      await sup.close();
      for (const d of made) rmSync(d, { recursive: true, force: true });
    }
  });

  it('a station numbering again after a restore is refused as renumbered and taken when an admin accepts it with a reason', async () => {
    const h = harness();
    const { sup, dir } = await supervisorHarness(h);
    const stationDir = mkdtempSync(join(tmpdir(), 'haven-e2e-st-'));
    try {
      const supKeys = await invoke<KeySheetView>(sup, 'bundles:keys', {});
      createVault(vaultPaths(stationDir), { station: { code: 'JS-NJ-01', name: '某街道工作站', mode: 'station' }, admin: { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password } }, h.clock.now(), { scrypt: E2E_SCRYPT });
      const { db } = unlockWithPassword(vaultPaths(stationDir), ADMIN.username, ADMIN.password, { scrypt: E2E_SCRYPT });
      let fingerprint = '';
      const paths: string[] = [];
      try {
        const send = async (hours: number) => {
          const ops = opsFor(db, new Date(h.clock.now().getTime() + hours * 3600_000), { userId: 1, username: ADMIN.username, displayName: ADMIN.displayName });
          fingerprint = keySheet(ops).fingerprint;
          const out = mkdtempSync(join(stationDir, 'out-'));
          paths.push((await exportBundle(ops, { kind: 'full', recipient: supKeys.recipient, personId: null, out })).path);
        };
        registerRecipient(opsFor(db, h.clock.now(), { userId: 1, username: ADMIN.username, displayName: ADMIN.displayName }), { name: '区禁毒办', recipient: supKeys.recipient, fingerprint: supKeys.recipientFingerprint });
        await send(-3);
        await send(-2);
        // Restored from a backup made after bundle 1, the old database unreadable: numbering goes back.
        db.prepare('DELETE FROM bundle_sent WHERE seq >= 2').run();
        db.prepare('UPDATE bundle_recipients SET next_seq = 2').run();
        await send(-1);
      } finally {
        db.close();
      }
      const ids = (await sup.core.grantFiles(paths.slice(0, 2))).map((f) => f.fileId);
      await invoke(sup, 'bundles:import', { fileIds: ids, confirmFingerprints: [fingerprint] });

      await sup.open('/transfer');
      await sup.page.getByTestId('transfer-page').waitFor();
      sup.toChoose.push(paths[2]!);
      await sup.page.getByTestId('import-choose').click();
      await sup.page.getByTestId('import-chosen').waitFor();
      await sup.page.getByTestId('import-submit').click();
      const refused = sup.page.locator('[data-testid="import-result"][data-reason="BUNDLE_RENUMBERED"]');
      await refused.waitFor();
      expect(await refused.getByTestId('import-message').innerText()).toContain('可能从备份恢复过');
      const form = refused.getByTestId('import-renumber');
      expect(await form.getByTestId('import-renumber-submit').isDisabled()).toBe(true);
      expect(await axeProblems(sup.page, 'renumber form')).toEqual([]);
      if (process.env.HAVEN_SHOTS) await sup.page.screenshot({ path: `${process.env.HAVEN_SHOTS}/renumber-zh-CN.png`, fullPage: true });
      await form.getByTestId('import-renumber-reason').fill('电话核实：该站从备份恢复');
      await form.getByTestId('import-renumber-submit').click();
      const accepted = sup.page.locator('[data-testid="import-result"][data-outcome="accepted"]');
      await accepted.waitFor();
      expect(await accepted.getByTestId('import-warning').first().innerText()).toContain('第 2 号接续');
      const audit = await invoke<{ action: string; details: Record<string, unknown> }[]>(sup, 'audit:list', { limit: 20 });
      expect(audit.find((e) => e.action === 'bundles.stationRenumbered')?.details).toMatchObject({ reason: '电话核实：该站从备份恢复', lastSeqBefore: 2, seq: 2 });
      expect(sup.pageErrors).toEqual([]);
    } finally {
      await sup.close();
      for (const d of [dir, stationDir]) rmSync(d, { recursive: true, force: true });
    }
  });
});
