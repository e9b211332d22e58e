import { describe, expect, it } from 'vitest';
import { confirmRecoveryKey, logIn, setUpStation } from './flows';
import { useHarness } from './support';

const harness = useHarness();

describe('foundation', () => {
  it('first-run setup → recovery key → login → idle auto-lock → unlock → back on the same page', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    expect(await page.title()).toBe('港湾 Haven');
    const key = await setUpStation(page);
    await confirmRecoveryKey(page, key);

    await page.getByTestId('login-form').waitFor();
    await logIn(page, 'admin', 'wrong password');
    await expect(page.getByTestId('form-error').innerText()).resolves.toContain('用户名或密码不正确');

    await logIn(page, 'admin', 'admin password');
    await expect(page.getByTestId('station-name').innerText()).resolves.toContain('工作站');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-tab-users').click();
    await page.getByTestId('users-table').waitFor();
    const settingsUrl = page.url();
    expect(settingsUrl).toContain('#/settings/users');

    // Four minutes idle: still open. One more: locked by the core, and the page shows only the lock screen.
    await h.idle(4 * 60_000);
    expect(await page.getByTestId('users-table').count()).toBe(1);
    await h.idle(60_000);
    await page.getByTestId('lock-reason').waitFor();
    await expect(page.getByTestId('lock-reason').innerText()).resolves.toMatch(/未操作|自动锁定/);
    expect(await page.getByTestId('users-table').count()).toBe(0);
    expect(await page.getByTestId('nav-settings').count()).toBe(0);
    expect(await page.getByTestId('login-username').inputValue()).toBe('admin');
    expect(await page.title()).toBe('港湾 Haven');

    await logIn(page, 'admin', 'admin password');
    await page.getByTestId('users-table').waitFor();
    expect(page.url()).toBe(settingsUrl);
  });

  it('the lock button closes the data; a wrong password five times slows the next attempts', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await confirmRecoveryKey(page, await setUpStation(page));
    await logIn(page, 'admin', 'admin password');
    await page.getByTestId('lock-button').click();
    await page.getByTestId('login-form').waitFor();
    expect((await h.core.invoke('settings:get', {})).ok).toBe(false);
    for (let i = 0; i < 5; i++) {
      await logIn(page, 'admin', `wrong ${i}`);
      await page.getByTestId('form-error').waitFor();
    }
    await expect(page.getByTestId('form-error').innerText()).resolves.toMatch(/30/);
    expect(await page.getByTestId('login-submit').isDisabled()).toBe(true);
  });

  it('notices any attempt to reach the network', async () => {
    const h = harness();
    await h.open();
    await h.page.getByTestId('setup-form').waitFor();
    expect(h.networkViolations).toEqual([]);
    // The detector itself: a navigation off the app is caught and aborted.
    await h.page.goto('https://example.com/').catch(() => {});
    expect(h.networkViolations).toContain('https://example.com/');
    // Clear it so this test's own probe does not fail the after-each check.
    h.networkViolations.length = 0;
    h.pageErrors.length = 0;
  });
});
