import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Browser } from 'playwright-core';
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
