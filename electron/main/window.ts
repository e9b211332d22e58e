import { BrowserWindow, type WebPreferences } from 'electron';
import { APP_URL, WINDOW_TITLE } from './constants';

/**
 * The settings every window of ours gets. The page has no Node and no Electron: it reaches the
 * data only through the preload's bridge (contextIsolation + sandbox).
 */
export function secureWebPreferences(overrides: WebPreferences = {}): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableWebSQL: false,
    plugins: false,
    spellcheck: false,
    // Dropping a file on the window must not navigate away from the app.
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: false,
    ...overrides,
  };
}

export interface MainWindowOptions {
  preload: string;
  devTools: boolean;
  openDevTools: boolean;
  /** Closes the database (the core's lock); awaited before a crashed page is loaded again. */
  lockSession: () => Promise<void>;
}

/** A page that keeps crashing is not reloaded forever: at most this many times in this window of time. */
const MAX_RELOADS = 3;
const RELOAD_WINDOW_MS = 60_000;

/**
 * Whether a page that just ended should be loaded again, given when the earlier reloads happened
 * (a crash loop, e.g. a page that dies as it loads, is left alone). Plain function, for the tests.
 */
export function mayReloadAfterCrash(earlierReloads: readonly number[], now: number): boolean {
  return earlierReloads.filter((at) => now - at < RELOAD_WINDOW_MS).length < MAX_RELOADS;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: WINDOW_TITLE,
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    // Shown once painted, so there is no white flash; the colour matches the page background.
    show: false,
    backgroundColor: '#ffffff',
    // Windows/Linux: the (tiny) menu appears only with Alt, keeping the window plain.
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences({ preload: options.preload, devTools: options.devTools }),
  });
  // The window shows names, ID numbers and case files: screenshots, screen recorders, Windows
  // Recall and remote-support tools that capture the desktop get a black or empty area instead
  // (Windows 10 2004+ and macOS; no effect on Linux). Remote Desktop itself still shows it. Always
  // on: the app's settings live inside the encrypted database, which is closed before login,
  // so there is no place for an admin switch that the window could read at this point.
  win.setContentProtection(true);

  // The page's <title> may change per screen; the title bar stays neutral.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => {
    win.show();
    if (options.openDevTools) win.webContents.openDevTools({ mode: 'detach' });
  });
  win.webContents.on('did-fail-load', (_event, code, description, _url, isMainFrame) => {
    if (isMainFrame) console.error(`[haven] the page failed to load: ${code} ${description}`);
  });
  // A page process that died (crashed, killed, out of memory, or made to crash by something
  // hostile) is reloaded only after the session is locked: the new page starts at the lock
  // screen, and nothing the old page held is carried into it.
  let reloads: number[] = [];
  const lockThenReload = async () => {
    try {
      await options.lockSession();
    } catch (error) {
      // Not locked: no new page on the open session (the core's own failure closes the app).
      console.error('[haven] locking after the page ended failed; not reloading it:', error);
      return;
    }
    if (win.isDestroyed()) return;
    const now = Date.now();
    if (!mayReloadAfterCrash(reloads, now)) {
      console.error('[haven] the page keeps ending; not reloading it again');
      return;
    }
    reloads = [...reloads.filter((at) => now - at < RELOAD_WINDOW_MS), now];
    win.webContents.reload();
  };
  win.webContents.on('render-process-gone', (_event, details) => {
    console.error(`[haven] the page process ended: ${details.reason} (${details.exitCode})`);
    void lockThenReload();
  });
  // A page that stops answering is only logged: the idle lock still runs in the main process and
  // the core's thread (a hung page sends no activity), and locking at once would throw away what
  // someone is typing into a page that is merely slow.
  win.on('unresponsive', () => console.warn('[haven] the page is not responding'));
  win.on('responsive', () => console.warn('[haven] the page is responding again'));

  void win.loadURL(APP_URL);
  return win;
}

/** Brings an existing window to the front (second launch, dock click). */
export function focusWindow(win: BrowserWindow): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
