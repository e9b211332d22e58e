import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { startCoreWorker, type CoreWorkerHost } from '../../electron/core/host/client';
import { ManualClock } from '../../electron/core/kernel/clock';
import type { ScryptParams } from '../../electron/core/kernel/crypto/crypto';
import type { HavenEvent } from '../../shared/domain/types';
import { createShellDispatcher } from '../../electron/core/shell';
import { isShellChannel } from '../../shared/ipc/contract';
import { contentSecurityPolicy, withStyleNonce } from '../../shared/ipc/csp';

/**
 * Drives the built renderer in Debian's Chromium against the real core (real handlers, a real
 * encrypted database) with no Electron: a Playwright binding stands in for the preload, and a
 * route handler stands in for the app:// protocol. The core runs as in the app, in its own worker
 * thread (the built dist/electron/core-worker.cjs). Any request to anywhere else is recorded as a
 * network violation and aborted; tests assert there were none.
 */
export const ORIGIN = 'http://haven.test';
const DIST = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../dist');
// HAVEN_RENDERER_DIR lets parallel work build and test its own copy of the renderer.
const RENDERER_DIR = resolve(process.env.HAVEN_RENDERER_DIR ?? join(DIST, 'renderer'));
const CORE_WORKER = join(DIST, 'electron', 'core-worker.cjs');
const CHROMIUM = process.env.HAVEN_CHROMIUM ?? '/usr/bin/chromium';

/** Cheaper scrypt keeps the e2e suite quick; the OWASP default is asserted in the unit tests. */
export const E2E_SCRYPT: ScryptParams = { N: 2 ** 12, r: 8, p: 1 };


const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** The worker's clock, moved from here (a request made after a move sees the new time). */
export interface HarnessClock {
  now(): Date;
  set(to: Date | string): void;
  advance(ms: number): void;
}

export interface Harness {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  core: CoreWorkerHost;
  clock: HarnessClock;
  dataDir: string;
  /** URLs the page tried to reach outside the app. */
  networkViolations: string[];
  /** Documents sent to "the printer" (shell:print) and saved as PDF (shell:savePdf), in order. */
  printed: { title: string; fileName?: string; pdfPath: string | null }[];
  /** Files saved through shell:saveFile (export bundles), in order. */
  saved: string[];
  /** How many of the next shell:saveFile dialogs the user cancels (the save dialog's stand-in returns no path). */
  cancelSaves: { count: number };
  /** What the next shell:chooseBundles, shell:chooseSpreadsheet, shell:chooseBackupFolder or shell:chooseBackupFile "picks" (the open dialog's stand-in); emptied when used. */
  toChoose: string[];
  /** Errors thrown in the page (uncaught) and console errors. */
  pageErrors: string[];
  /** Opens the app at a hash route (default: the root). */
  open(hash?: string): Promise<void>;
  /** Advances the core's clock and runs the idle check, as the main process's timer would. */
  idle(ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  browser?: Browser;
  dataDir?: string;
  /** Where the core's clock starts (default 2026-03-02 09:00 China time); it moves only by hand. */
  startAt?: Date | string;
  viewport?: { width: number; height: number };
  locale?: 'zh-CN' | 'en';
}

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--disable-features=Translate,OptimizationHints,MediaRouter',
    ],
  });
}

function serveRenderer(route: Route, url: URL): Promise<void> {
  let relative = decodeURIComponent(url.pathname);
  if (relative === '/' || relative === '') relative = '/index.html';
  const file = normalize(join(RENDERER_DIR, relative));
  const inside = file === RENDERER_DIR || file.startsWith(RENDERER_DIR + sep);
  const target = inside && existsSync(file) && statSync(file).isFile() ? file : join(RENDERER_DIR, 'index.html');
  const type = MIME[extname(target)] ?? 'application/octet-stream';
  // As the app:// handler does: a fresh style nonce per page (shared/ipc/csp.ts), no 'unsafe-inline'.
  const nonce = type.startsWith('text/html') ? randomBytes(16).toString('base64') : null;
  const body = nonce ? Buffer.from(withStyleNonce(readFileSync(target, 'utf8'), nonce)) : readFileSync(target);
  return route.fulfill({
    status: 200,
    body,
    headers: {
      'content-type': type,
      'content-security-policy': contentSecurityPolicy(nonce),
      'cache-control': 'no-store',
    },
  });
}

/** The preload's stand-in: `window.havenBridge` over the `__havenInvoke` binding, plus an event hook. */
function bridgeScript(locale: string | null): string {
  return `(() => {
    // Only the app's own top frame gets the bridge (the print preview is a sandboxed sub-frame).
    if (window.top !== window) return;
    const listeners = new Set();
    ${locale ? `window.localStorage.setItem('haven.locale', ${JSON.stringify(locale)});` : ''}
    window.__havenEmit = (event) => listeners.forEach((listener) => listener(event));
    window.havenBridge = Object.freeze({
      invoke: (channel, input) => window.__havenInvoke(channel, input),
      onEvent: (listener) => { listeners.add(listener); return () => listeners.delete(listener); },
    });
  })();`;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (!existsSync(join(RENDERER_DIR, 'index.html')) || !existsSync(CORE_WORKER)) {
    throw new Error('dist/renderer or dist/electron/core-worker.cjs is missing: run `node build/scripts/build.mjs --no-electron` first');
  }
  const ownBrowser = !options.browser;
  const browser = options.browser ?? (await launchBrowser());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'haven-e2e-'));
  const ownDataDir = !options.dataDir;
  const local = new ManualClock(options.startAt ?? '2026-03-02T09:00:00+08:00');
  const core = await startCoreWorker({ entry: CORE_WORKER, dataDir, manualClock: local.now().toISOString(), vaultOptions: { scrypt: E2E_SCRYPT } });
  const clock: HarnessClock = {
    now: () => local.now(),
    set: (to) => {
      local.set(to);
      core.setClock(to);
    },
    advance: (ms) => {
      local.advance(ms);
      core.advanceClock(ms);
    },
  };
  const networkViolations: string[] = [];
  const pageErrors: string[] = [];

  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'block',
  });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === ORIGIN) return serveRenderer(route, url);
    networkViolations.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${ORIGIN}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) networkViolations.push(url);
  });

  const page = await context.newPage();
  page.on('websocket', (ws) => networkViolations.push(ws.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });

  // The preload's counterpart: only the app's own main frame may call the core.
  await context.exposeBinding('__havenInvoke', async (source, channel: unknown, input: unknown) => {
    if (source.frame !== source.page.mainFrame() || !source.frame.url().startsWith(`${ORIGIN}/`)) {
      return { ok: false, error: { code: 'FORBIDDEN', messageKey: 'errors.FORBIDDEN' } };
    }
    if (isShellChannel(channel)) return shell(channel, input);
    return core.invoke(String(channel), input);
  });

  // The shell's printing, done the way the app does it: Chromium's print pipeline to PDF; the
  // save dialog's stand-in puts a file into the data folder. Access, input and job lookup are the
  // core's dispatcher, the same as in the main process.
  const printed: Harness['printed'] = [];
  const saved: string[] = [];
  const cancelSaves = { count: 0 };
  const toChoose: string[] = [];
  const toPdf = async (job: { title: string; html: string; fileName?: string }) => {
    const printPage = await context.newPage();
    await printPage.setContent(job.html, { waitUntil: 'load' });
    const pdfPath = join(dataDir, `printed-${printed.length + 1}.pdf`);
    writeFileSync(pdfPath, await printPage.pdf({ preferCSSPageSize: true, printBackground: true }));
    await printPage.close();
    printed.push({ title: job.title, ...(job.fileName ? { fileName: job.fileName } : {}), pdfPath });
    return pdfPath;
  };
  const shell = createShellDispatcher(core, {
    print: async (job) => {
      await toPdf(job);
      return { printed: true };
    },
    savePdf: async (job) => ({ path: await toPdf(job) }),
    saveFile: async (file) => {
      if (cancelSaves.count > 0) {
        cancelSaves.count -= 1;
        return { path: null };
      }
      const folder = join(dataDir, `saved-${saved.length + 1}`);
      mkdirSync(folder);
      const path = join(folder, file.fileName);
      copyFileSync(file.path, path);
      saved.push(path);
      return { path };
    },
    chooseBundles: async () => toChoose.splice(0),
    chooseSpreadsheet: async () => toChoose.splice(0),
    // The folder dialog's stand-in: the test sets the "chosen" folder (a stick) the same way.
    chooseBackupFolder: async () => toChoose.splice(0),
    chooseBackupFile: async () => toChoose.splice(0),
  });
  // A string, not a function: bundlers (tsx) decorate functions with helpers the page lacks.
  await context.addInitScript(bridgeScript(options.locale ?? null));
  // Any breach of the page's policy (an inline style without the nonce, an eval probe) is a page
  // error, which every test asserts there are none of (support.ts).
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`CSP violation: ${event.violatedDirective} ${event.sourceFile}:${event.lineNumber} ${event.sample}`),
    ),
  );

  const unsubscribe = core.onEvent((event: HavenEvent) => {
    void page.evaluate((e) => (window as unknown as { __havenEmit: (e: unknown) => void }).__havenEmit(e), event).catch(() => {});
  });

  return {
    browser,
    context,
    page,
    core,
    clock,
    dataDir,
    networkViolations,
    pageErrors,
    printed,
    saved,
    cancelSaves,
    toChoose,
    async open(hash = '') {
      await page.goto(`${ORIGIN}/index.html${hash ? `#${hash.replace(/^#/, '')}` : ''}`);
    },
    async idle(ms: number) {
      clock.advance(ms);
      await core.tick();
      // Let the event reach the page.
      await page.waitForTimeout(50);
    },
    async close() {
      unsubscribe();
      await core.close();
      await context.close();
      if (ownBrowser) await browser.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
