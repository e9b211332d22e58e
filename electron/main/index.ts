import { app, dialog, Menu, session, type BrowserWindow } from 'electron';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createHavenCore, type HavenCore } from '../core/app';
import { startAutoLock } from './autolock';
import { APP_USER_MODEL_ID } from './constants';
import { registerIpc } from './ipc';
import { registerShellIpc } from './shell';
import { buildMenu } from './menu';
import { checkNativeBinding, nativeBindingPath } from './native';
import { registerAppScheme, serveRenderer } from './protocol';
import { hardenAllWebContents, hardenSession } from './security';
import { createMainWindow, focusWindow } from './window';

/**
 * The Electron entry point: stays thin. It wires the hardened window, the app:// protocol and
 * the IPC handlers to the Electron-free core (electron/core), and never touches data itself.
 */

const isDev = !app.isPackaged;
/** DevTools exist only in development; HAVEN_DEVTOOLS=1 opens them at start. */
const allowDevTools = isDev;
const openDevTools = isDev && process.env.HAVEN_DEVTOOLS === '1';

// Both must happen before `ready`.
registerAppScheme();
app.enableSandbox();
if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
// A development run must never open a station's real database by accident.
if (isDev) app.setPath('userData', path.join(app.getPath('appData'), 'Haven-dev'));

let mainWindow: BrowserWindow | null = null;
let core: HavenCore | null = null;
let stopIpc: (() => void) | null = null;
let stopAutoLock: (() => void) | null = null;

if (!app.requestSingleInstanceLock()) {
  // Two processes on one encrypted database would fight over it: the first one keeps it.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) focusWindow(mainWindow);
  });
  hardenAllWebContents();
  app.whenReady().then(start).catch(fail);
  // Closing the window ends the app on every platform: nothing should stay unlocked behind it.
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', shutdown);
  // Ctrl+C on `npm start`, or a service manager: close the database cleanly first.
  process.on('SIGINT', () => app.quit());
  process.on('SIGTERM', () => app.quit());
}

function start(): void {
  const nativeBinding = nativeBindingPath();
  const problem = checkNativeBinding(nativeBinding);
  if (problem !== null) {
    dialog.showErrorBox('港湾 Haven', problem);
    app.exit(1);
    return;
  }

  const dataDir = resolveDataDir();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const ses = session.defaultSession;
  hardenSession(ses, { allowDevTools });
  serveRenderer(ses, path.join(app.getAppPath(), 'dist', 'renderer'));
  Menu.setApplicationMenu(buildMenu({ devTools: allowDevTools }));

  // Printed documents embed subsets of the bundled fonts: from resources/fonts when installed.
  const fontsRoot = app.isPackaged ? path.join(process.resourcesPath, 'fonts') : path.join(app.getAppPath(), 'node_modules', '@fontsource');
  const opened = createHavenCore({ dataDir, nativeBinding, fontsRoot });
  core = opened;
  const stopCoreIpc = registerIpc(opened, () => mainWindow);
  const stopShellIpc = registerShellIpc(opened, () => mainWindow);
  stopIpc = () => {
    stopCoreIpc();
    stopShellIpc();
  };
  stopAutoLock = startAutoLock(opened);

  openWindow();
  // macOS: clicking the dock icon with no window open shows one again.
  app.on('activate', () => {
    if (mainWindow === null) openWindow();
  });
}

function openWindow(): void {
  const win = createMainWindow({
    // main.cjs and preload.cjs are built side by side into dist/electron.
    preload: path.join(__dirname, 'preload.cjs'),
    devTools: allowDevTools,
    openDevTools,
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  // Windows log-off or shutdown may end the process without 'will-quit'.
  win.on('session-end', shutdown);
  mainWindow = win;
}

/** `<userData>/data`; in development HAVEN_DATA_DIR may point elsewhere (e.g. a CLI demo database). */
function resolveDataDir(): string {
  const override = isDev ? process.env.HAVEN_DATA_DIR : undefined;
  return override ? path.resolve(override) : path.join(app.getPath('userData'), 'data');
}

/** Idempotent: closes the database and drops the key before the process ends. */
function shutdown(): void {
  stopAutoLock?.();
  stopAutoLock = null;
  stopIpc?.();
  stopIpc = null;
  try {
    core?.close();
  } catch (error) {
    console.error('[haven] closing the database failed:', error);
  }
  core = null;
}

function fail(error: unknown): void {
  console.error('[haven] start failed:', error);
  const detail = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('港湾 Haven', `程序无法启动。\nThe application could not start.\n\n${detail}`);
  app.exit(1);
}
