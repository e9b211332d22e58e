import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { Harness } from './harness';
import { ADMIN, logIn, setUpAndLogIn } from './flows';
import { useHarness } from './support';
import { axeProblems } from './axe';

/**
 * 设置 › 备份与恢复 end to end: the admin chooses a folder (a "USB stick", through the folder
 * dialog's stand-in), backs up now, then restores that backup through the screens (checked with
 * the password, what is replaced shown, the station code typed); the login screen follows and the
 * data is the backup's. HAVEN_LOOK=1 saves screenshots to test-results/ to look at.
 */
const harness = useHarness({ viewport: { width: 1366, height: 900 } });

async function call<T>(h: Harness, channel: string, input: unknown): Promise<T> {
  const result = await h.core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function look(h: Harness, name: string): Promise<void> {
  if (!process.env.HAVEN_LOOK) return;
  mkdirSync('test-results', { recursive: true });
  await h.page.screenshot({ path: `test-results/look-backups-${name}.png`, fullPage: true });
}

describe('备份与恢复', () => {
  it('chooses a folder, backs up now, and restores the backup through the screens', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    await call(h, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });

    await h.open('/settings/backups');
    await page.getByTestId('backups-panel').waitFor();
    await page.getByTestId('restore-none').waitFor();
    expect(await page.getByTestId('backups-folder').innerText()).toBe(join(h.dataDir, 'backups'));

    // The folder dialog "chooses" a stick.
    const stick = join(h.dataDir, 'usb-stick');
    mkdirSync(stick);
    h.toChoose.push(stick);
    await page.getByTestId('backups-choose-folder').click();
    await page.getByTestId('backups-default-folder').waitFor();
    expect(await page.getByTestId('backups-folder').innerText()).toBe(stick);

    await page.getByTestId('backups-daily-at').fill('18:00');
    await page.getByTestId('backups-save').click();
    await page.getByText('已保存').first().waitFor();

    await page.getByTestId('backups-run').click();
    await page.getByTestId('backups-last').waitFor();
    expect(readdirSync(stick).sort()).toEqual(['haven-20260302-090000.db', 'haven-20260302-090000.db.keys']);
    await page.getByTestId('restore-candidate').first().waitFor();
    await look(h, '1-backed-up');
    const problems = await axeProblems(page, 'settings backups');

    // A person added after the backup: gone after the restore.
    h.clock.advance(3600_000);
    await call(h, 'persons:create', { person: { name: '李四', idNumber: composeIdNumber('320102', '1990-01-01', 452) } });

    await page.getByTestId('restore-pick').first().click();
    await page.getByTestId('restore-password').fill('wrong password');
    await page.getByTestId('restore-check').click();
    await page.getByText('打不开该备份').waitFor();
    await page.getByTestId('restore-password').fill(ADMIN.password);
    await page.getByTestId('restore-check').click();
    await page.getByTestId('restore-preview').waitFor();
    const compare = await page.getByTestId('restore-compare').innerText();
    expect(compare).toContain('JS-NJ-01');
    expect(await page.getByTestId('restore-submit').isDisabled()).toBe(true);
    await page.getByTestId('restore-confirm').fill('JS-NJ-01');
    await look(h, '2-confirm');
    problems.push(...(await axeProblems(page, 'restore preview')));
    expect(problems).toEqual([]);
    await page.getByTestId('restore-submit').click();

    // The session ends; the login screen says why.
    await page.getByTestId('login-form').waitFor();
    await page.getByText('已从备份恢复数据').waitFor();
    await look(h, '3-login');
    expect(readdirSync(h.dataDir)).toEqual(expect.arrayContaining(['haven-before-restore-20260302-100000.db', 'haven-before-restore-20260302-100000.db.keys']));
    expect(existsSync(join(h.dataDir, 'haven.db.restoring'))).toBe(false);

    await logIn(page, ADMIN.username, ADMIN.password);
    await page.getByTestId('station-name').waitFor();
    const persons = await call<{ total: number }>(h, 'persons:list', {});
    expect(persons.total).toBe(1);
    const events = await call<{ action: string }[]>(h, 'audit:list', { action: 'backup', limit: 5 });
    expect(events[0]!.action).toBe('backup.restore');
  });

  it('a backup file chosen elsewhere that is damaged is refused with a clear message, and a missing folder is said', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    await h.open('/settings/backups');
    await page.getByTestId('backups-panel').waitFor();
    // A "backup" file that is not one (its key file beside it missing).
    const elsewhere = join(h.dataDir, 'elsewhere');
    mkdirSync(elsewhere);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(elsewhere, 'haven-20260101-120000.db'), Buffer.alloc(8192, 1));
    h.toChoose.push(join(elsewhere, 'haven-20260101-120000.db'));
    await page.getByTestId('restore-choose-file').click();
    await page.getByTestId('restore-steps').waitFor();
    await page.getByTestId('restore-password').fill(ADMIN.password);
    await page.getByTestId('restore-check').click();
    await page.getByText('密钥文件').waitFor();
    writeFileSync(join(elsewhere, 'haven-20260101-120000.db.keys'), '{"format":"haven-keys"}');
    await page.getByTestId('restore-check').click();
    await page.getByText('已损坏或不完整').waitFor();
    await look(h, '4-damaged');

    // The chosen stick is unplugged: said on the tab, and backing up fails clearly.
    const stick = join(h.dataDir, 'stick');
    mkdirSync(stick);
    h.toChoose.push(stick);
    await page.getByTestId('backups-choose-folder').click();
    await page.getByTestId('backups-default-folder').waitFor();
    const { rmSync } = await import('node:fs');
    rmSync(stick, { recursive: true });
    await page.getByTestId('backups-run').click();
    await page.getByText('找不到备份文件夹').first().waitFor();
    await page.getByTestId('backups-folder-missing').waitFor();
    await look(h, '5-unplugged');

    // The daily backup's time comes while the stick is still out: nobody asked for it, so the
    // window says so itself, for longer than a confirmation.
    await page.getByTestId('backups-daily-at').fill('09:01');
    await page.getByTestId('backups-save').click();
    await page.getByText('已保存').first().waitFor();
    await h.idle(61_000);
    const notice = page.getByText('今天的定时备份没有做成');
    await notice.waitFor();
    expect(await axeProblems(page, 'scheduled backup failed')).toEqual([]);
    const failed = await call<{ details: Record<string, unknown> }[]>(h, 'audit:list', { action: 'backup.failed', limit: 1 });
    expect(failed[0]!.details).toMatchObject({ automatic: true, when: 'scheduled', reason: 'errors.BACKUP_FOLDER_MISSING' });
    await page.waitForTimeout(5000);
    expect(await notice.isVisible()).toBe(true);
    await look(h, '6-scheduled-failed');
  });

  it('after a master-key rotation, offers to back up under the new key and delete the backups that still open with the old passwords', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    const before = await call<{ folder: string; last: { file: string } }>(h, 'backups:run', {});
    await h.open('/settings/security');
    await page.getByTestId('rotate-master-key').click();
    await page.getByTestId('key-action-password').fill(ADMIN.password);
    await page.getByTestId('key-action-submit').click();
    await page.getByTestId('old-backups').waitFor();
    expect(await page.getByTestId('old-backups').innerText()).toContain('1 份轮换之前的备份');
    expect(await axeProblems(page, 'rotation: old backups')).toEqual([]);
    await look(h, 'rotation-old-backups');
    h.clock.advance(60_000);
    await page.getByTestId('replace-old-backups').click();
    await page.getByTestId('old-backups-removed').waitFor();
    expect(await page.getByTestId('old-backups-removed').innerText()).toContain('删除了 1 份旧备份');
    const left = readdirSync(before.folder).filter((f) => f.endsWith('.db'));
    expect(left).toHaveLength(1);
    expect(left).not.toContain(before.last.file);
  });
});
