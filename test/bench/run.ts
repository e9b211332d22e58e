import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_CREDENTIALS, cachedDatabase, runBench, SCALES, type ScaleFigures, type ScaleName } from '../../electron/core/bench/run';
import { systemClock } from '../../electron/core/kernel/clock';
import { launchBrowser, startHarness } from '../e2e/harness';

/**
 * `npm run bench`: the core's figures per scale (`haven bench`, in process) and the renderer's in
 * Chromium through the e2e harness on the largest scale's database: from pressing 登录 to the first
 * painted person list, and scrolling that list from top to bottom. The renderer needs a build and
 * Playwright, which the installed app's `haven bench` does not have.
 */
const { values } = parseArgs({ options: { quick: { type: 'boolean' }, json: { type: 'boolean' }, persons: { type: 'string' }, 'renderer-only': { type: 'boolean' } } });

interface RendererFigures {
  persons: number;
  firstListPaintMs: number;
  /** Scrolling the whole list, top to bottom; also as `scroll100kMs` at 100,000 persons. */
  scrollAllMs: number;
  scroll100kMs?: number;
  rowsScrolled: number;
}

async function rendererFigures(persons: number): Promise<RendererFigures> {
  const cache = await cachedDatabase({ persons }, systemClock);
  const dataDir = mkdtempSync(join(tmpdir(), 'haven-bench-renderer-'));
  cpSync(cache.dir, dataDir, { recursive: true });
  const browser = await launchBrowser();
  const harness = await startHarness({ browser, dataDir, startAt: new Date(), viewport: { width: 1366, height: 768 } });
  try {
    const { page } = harness;
    await harness.open('/persons');
    await page.getByTestId('login-username').fill(BENCH_CREDENTIALS.username);
    await page.getByTestId('login-password').fill(BENCH_CREDENTIALS.password);
    const start = performance.now();
    await page.getByTestId('login-submit').click();
    // Unlocked: the app opens where it was asked to (the person list), or on the dashboard.
    await page.getByTestId('login-submit').waitFor({ state: 'detached', timeout: 120_000 });
    if (!(await page.evaluate(() => window.location.hash.includes('/persons')))) await page.evaluate(() => (window.location.hash = '/persons'));
    await page.getByTestId('person-row').first().waitFor({ timeout: 120_000 });
    const firstListPaintMs = Math.round(performance.now() - start);
    // Scroll to the bottom in screen-sized steps, as a wheel would, until the last row is painted.
    const scroller = page.getByTestId('persons-scroller');
    const scrollStart = performance.now();
    let steps = 0;
    for (;;) {
      const done = await scroller.evaluate((el) => {
        el.scrollTop += el.clientHeight * 20;
        return el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
      });
      steps++;
      await page.waitForTimeout(0);
      if (done || steps > 100_000) break;
    }
    const lastIndex = await page.locator('[data-testid="person-row"]').last().getAttribute('aria-rowindex');
    const scrollAllMs = Math.round(performance.now() - scrollStart);
    return { persons, firstListPaintMs, scrollAllMs, ...(persons === 100_000 ? { scroll100kMs: scrollAllMs } : {}), rowsScrolled: Number(lastIndex ?? 0) - 1 };
  } finally {
    await harness.close();
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const scales: [ScaleName | 'custom', number][] = values.persons
  ? [['custom', Number(values.persons)]]
  : (Object.entries(SCALES) as [ScaleName, number][]).filter(([name]) => !values.quick || name !== 'stress');
const results: Record<string, ScaleFigures | RendererFigures> = {};
for (const [name, persons] of values['renderer-only'] ? [] : scales) {
  results[name] = await runBench({ persons, onStep: (step) => process.stderr.write(`bench (${name}): ${step}…\n`) });
}
process.stderr.write('bench (renderer)…\n');
results.renderer = await rendererFigures(Math.max(...scales.map(([, n]) => n)));
process.stdout.write(`${values.json ? JSON.stringify(results) : JSON.stringify(results, null, 2)}\n`);
