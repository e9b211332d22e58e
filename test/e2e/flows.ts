import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Steps many e2e tests share: first-run setup, confirming the recovery key, logging in. */

export const ADMIN = { username: 'admin', password: 'admin password', displayName: '王站长' } as const;

/** Fills the first-run form; returns the recovery key shown once afterwards. */
export async function setUpStation(page: Page): Promise<string> {
  await page.getByTestId('setup-station-code').fill('JS-NJ-01');
  await page.getByTestId('setup-station-name').fill('南京市某街道社区戒毒社区康复工作站');
  await page.getByTestId('setup-admin-username').fill(ADMIN.username);
  await page.getByTestId('setup-admin-display-name').fill(ADMIN.displayName);
  await page.getByTestId('setup-password').fill(ADMIN.password);
  await page.getByTestId('setup-confirm-password').fill(ADMIN.password);
  await page.getByTestId('setup-submit').click();
  const key = (await page.getByTestId('recovery-key').innerText()).replace(/\s+/g, '');
  expect(key).toMatch(/^(\d{6}-?){8}$/);
  return key.replace(/-/g, '').match(/\d{6}/g)!.join('-');
}

export async function confirmRecoveryKey(page: Page, key: string): Promise<void> {
  const continueButton = page.getByTestId('recovery-key-continue');
  await expect(continueButton.isDisabled()).resolves.toBe(true);
  await page.getByTestId('recovery-key-saved').check();
  await page.getByTestId('recovery-key-last-group').fill('000000');
  await expect(continueButton.isDisabled()).resolves.toBe(true);
  await page.getByTestId('recovery-key-last-group').fill(key.slice(-6));
  await continueButton.click();
}

export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** A new station with its admin logged in, on the dashboard. */
export async function setUpAndLogIn(page: Page): Promise<void> {
  await confirmRecoveryKey(page, await setUpStation(page));
  await page.getByTestId('login-form').waitFor();
  await logIn(page, ADMIN.username, ADMIN.password);
  await page.getByTestId('station-name').waitFor();
}

/** A user an admin created logs in the first time: the app asks for their own password first (issue 14). */
export async function firstLogIn(page: Page, username: string, given: string, own: string): Promise<void> {
  await logIn(page, username, given);
  await page.getByTestId('first-password').waitFor();
  await page.getByTestId('current-password').fill(given);
  await page.getByTestId('new-password').fill(own);
  await page.getByTestId('confirm-password').fill(own);
  await page.getByTestId('change-password-submit').click();
  await page.getByTestId('station-name').waitFor();
}
