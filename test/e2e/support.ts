import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, logIn } from './flows';
import { launchBrowser, startHarness, type Harness, type HarnessOptions } from './harness';

/**
 * One Chromium per file, a fresh harness (page, core, empty data folder) per test. A failed
 * test leaves a screenshot in test-results/; every test fails if the page reached the network
 * or threw.
 */
export function useHarness(options: Omit<HarnessOptions, 'browser'> = {}): () => Harness {
  let browser: Browser;
  let current: Harness | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    current = await startHarness({ ...options, browser });
  });
  afterEach(async (context) => {
    const harness = current;
    current = undefined;
    if (!harness) return;
    if ((context.task.result?.errors?.length ?? 0) > 0) {
      mkdirSync('test-results', { recursive: true });
      const name = context.task.name.replace(/[^\w\u4e00-\u9fff-]+/g, '_').slice(0, 80);
      await harness.page.screenshot({ path: `test-results/${name}.png`, fullPage: true }).catch(() => {});
    }
    try {
      expect(harness.networkViolations, 'the page must not reach the network').toEqual([]);
      expect(harness.pageErrors, 'the page must not throw').toEqual([]);
    } finally {
      await harness.close();
    }
  });

  return () => {
    if (!current) throw new Error('harness used outside a test');
    return current;
  };
}

/** A channel called on the harness's core as the app calls it; its refusal is a test failure. */
export async function call<T = unknown>(h: Harness, channel: string, input: unknown): Promise<T> {
  const result = await h.core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** With HAVEN_E2E_SHOTS set, leaves a picture of the page in test-results/ (to look at, not compared). */
export async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (!process.env.HAVEN_E2E_SHOTS) return;
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: options.fullPage ?? false });
}

/**
 * Waits until a form's draft in the core's memory holds `text` in `field`, as the dialog sends it
 * while the user types (taken to look at, then put back as it was).
 */
export async function expectDraft(h: Harness, key: string, field: string, text: string): Promise<void> {
  await expect
    .poll(async () => {
      const taken = await call<string | null>(h, 'drafts:take', { key });
      if (taken) await call(h, 'drafts:save', { key, text: taken });
      return taken === null ? null : (JSON.parse(taken) as Record<string, unknown>)[field];
    })
    .toBe(text);
}

/**
 * An hour without activity locks the app (the dialog with `gone`, if named, is no longer on the
 * page); the same user (the admin) logs in again and `ready` shows.
 */
export async function idleLockAndLogIn(h: Harness, ready: string, gone?: string): Promise<void> {
  await h.idle(60 * 60_000);
  await h.page.getByTestId('lock-reason').waitFor();
  if (gone) expect(await h.page.getByTestId(gone).count()).toBe(0);
  await logIn(h.page, ADMIN.username, ADMIN.password);
  await h.page.getByTestId(ready).waitFor();
}
