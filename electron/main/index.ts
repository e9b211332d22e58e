import { app, dialog, Menu, session, type BrowserWindow } from 'electron';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startCoreWorker } from '../core/host/client';
import type { CoreHost } from '../core/host/protocol';
import { clearClipboard, startAutoLock } from './autolock';
import type { HavenEvent } from '../../shared/domain/types';
import { APP_USER_MODEL_ID, EVENT_CHANNEL } from './constants';
import { registerIpc } from './ipc';
import { registerShellIpc } from './shell';
import { buildMenu } from './menu';
import { runCli } from './cli';
import { cliArguments } from './cliArgs';
import { configuredDataDir } from './dataDir';
import { checkNativeBinding, nativeBindingPath } from './native';
import { registerAppScheme, serveRenderer } from './protocol';
import { blockNameResolution, blockRuntimeRequests, hardenAllWebContents, hardenSession } from './security';
import { createMainWindow, focusWindow } from './window';

/**
 * The Electron entry point: stays thin. It wires the hardened window, the app:// protocol and
 * the IPC handlers to the Electron-free core (electron/core), and never touches data itself.
 */

const isDev = !app.isPackaged;
/** DevTools exist only in development; HAVEN_DEVTOOLS=1 opens them at start. */
const allowDevTools = isDev;
const openDevTools = isDev && process.env.HAVEN_DEVTOOLS === '1';

const cliArgs = cliArguments(process.argv);
// The installed app's data stays in %APPDATA%\Haven (~/.config/Haven) whatever the product's
// display name: a renamed installer must never start a station on an empty folder.
if (!isDev) app.setPath('userData', path.join(app.getPath('appData'), 'Haven'));

// A debugging port or pipe would let any program on this PC drive an unlocked window and read every
// file it shows; the fuses (build/electron-builder.config.mjs) close --inspect and NODE_OPTIONS, not these
// Chromium switches. The installed app refuses to start with them.
if (!isDev && (app.commandLine.hasSwitch('remote-debugging-port') || app.commandLine.hasSwitch('remote-debugging-pipe'))) {
  process.stderr.write('Haven: refusing to start with a remote debugging switch.\n');
  app.exit(1);
}

// These must happen before `ready`.
registerAppScheme();
app.enableSandbox();
blockNameResolution();
if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
// A development run must never open a station's real database by accident.
if (isDev) app.setPath('userData', path.join(app.getPath('appData'), 'Haven-dev'));

let mainWindow: BrowserWindow | null = null;
let core: CoreHost | null = null;
let stopIpc: (() => void) | null = null;
let stopAutoLock: (() => void) | null = null;

if (cliArgs !== null) {
  // `Haven --cli …`: a command, no window (electron/main/cli.ts).
  void runCli(cliArgs);
} else if (!app.requestSingleInstanceLock()) {
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
  app.on('will-quit', (event) => shutdown(event));
  // Ctrl+C on `npm start`, or a service manager: close the database cleanly first.
  process.on('SIGINT', () => app.quit());
  process.on('SIGTERM', () => app.quit());
}

async function start(): Promise<void> {
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
  // Before any page loads: the dead-end proxy is in place once these settle.
  await blockRuntimeRequests();
  await hardenSession(ses, { allowDevTools });
  serveRenderer(ses, path.join(app.getAppPath(), 'dist', 'renderer'));
  const openGuide = () => {
    if (mainWindow !== null && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, { type: 'openGuide' } satisfies HavenEvent);
  };
  Menu.setApplicationMenu(buildMenu({ devTools: allowDevTools, openGuide }));

  // Printed documents embed subsets of the bundled fonts: from resources/fonts when installed.
  const fontsRoot = app.isPackaged ? path.join(process.resourcesPath, 'fonts') : path.join(app.getAppPath(), 'node_modules', '@fontsource');
  // The core (database, handlers, long jobs) runs in its own thread, so the window, the idle lock
  // and the OS-lock stay responsive during an export, an import or a first worklist evaluation.
  const opened = await startCoreWorker({
    entry: path.join(__dirname, 'core-worker.cjs'),
    dataDir,
    nativeBinding,
    fontsRoot,
    onExit: (error) => {
      console.error('[haven] the core stopped:', error);
      // app.exit skips 'will-quit', where the clipboard is otherwise cleared.
      clearClipboard();
      dialog.showErrorBox('港湾 Haven', `程序的数据部分意外停止，程序将退出。已保存的数据不受影响。\nThe data part of the application stopped unexpectedly; Haven will close. Saved data is not affected.\n\n${error.message}`);
      app.exit(1);
    },
  });
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
    // No reason of its own on the lock screen: 'manual' reads simply "已锁定 / Locked".
    lockSession: () => (core === null ? Promise.resolve() : core.lock('manual')),
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  // Windows log-off or shutdown may end the process without 'will-quit'.
  win.on('session-end', () => shutdown());
  mainWindow = win;
}

/**
 * `<userData>/data` unless configured: HAVEN_DATA_DIR (development, e.g. a CLI demo database),
 * or, for an installed app, `dataDir` in `<userData>/haven.json` — a shared office PC may keep the
 * station's data on another drive (README › Where the data lives).
 */
function resolveDataDir(): string {
  const override = isDev ? process.env.HAVEN_DATA_DIR : configuredDataDir(path.join(app.getPath('userData'), 'haven.json'));
  return override ? path.resolve(override) : path.join(app.getPath('userData'), 'data');
}

/**
 * Idempotent: closes the database and drops the key before the process ends. Quitting waits for
 * the core's worker to close the database (a running job is asked to stop first).
 */
let quitting = false;
function shutdown(event?: Electron.Event): void {
  // What was copied from a file does not outlive the app (the lock's own clearing stops below).
  clearClipboard();
  stopAutoLock?.();
  stopAutoLock = null;
  stopIpc?.();
  stopIpc = null;
  const closing = core;
  core = null;
  if (closing === null || quitting) return;
  quitting = true;
  event?.preventDefault();
  closing.cancelJob();
  closing
    .close()
    .catch((error: unknown) => console.error('[haven] closing the database failed:', error))
    .finally(() => app.quit());
}

function fail(error: unknown): void {
  console.error('[haven] start failed:', error);
  const detail = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('港湾 Haven', `程序无法启动。\nThe application could not start.\n\n${detail}`);
  app.exit(1);
}
