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

  // The page's <title> may change per screen; the title bar stays neutral.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => {
    win.show();
    if (options.openDevTools) win.webContents.openDevTools({ mode: 'detach' });
  });
  win.webContents.on('did-fail-load', (_event, code, description, _url, isMainFrame) => {
    if (isMainFrame) console.error(`[haven] the page failed to load: ${code} ${description}`);
  });
  win.webContents.on('render-process-gone', (_event, details) => {
    console.error(`[haven] the page process ended: ${details.reason} (${details.exitCode})`);
  });

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
