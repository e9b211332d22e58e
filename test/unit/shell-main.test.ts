import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreHost } from '../../electron/core/host/protocol';
import type { HavenEvent } from '../../shared/domain/types';
import { tempDir } from './support/tmp';

/**
 * The main process's Electron wiring, run under plain Node against a stand-in for 'electron' (the
 * runtime cannot be downloaded here): what is registered, and what each handler does when called.
 */
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  /** Enough of an EventEmitter for on/once/off and emit. */
  class Emitter {
    listeners = new Map<string, Listener[]>();
    on(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    once(name: string, listener: Listener) {
      return this.on(name, listener);
    }
    off(name: string, listener: Listener) {
      this.listeners.set(name, (this.listeners.get(name) ?? []).filter((l) => l !== listener));
      return this;
    }
    emit(name: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(name) ?? []) listener(...args);
    }
    count(name: string) {
      return (this.listeners.get(name) ?? []).length;
    }
  }
  const calls: string[] = [];
  class FakeContents extends Emitter {
    mainFrame = { processId: 1, frameToken: 'main' };
    reload = () => calls.push('reload');
    send = () => undefined;
    openDevTools = () => undefined;
  }
  const windows: FakeWindow[] = [];
  class FakeWindow extends Emitter {
    webContents = new FakeContents();
    destroyed = false;
    constructor(public options: unknown) {
      super();
      windows.push(this);
    }
    setContentProtection = (on: boolean) => calls.push(`contentProtection:${on}`);
    show = () => calls.push('show');
    loadURL = async () => undefined;
    isDestroyed = () => this.destroyed;
  }
  const handlers = new Map<string, Listener>();
  return {
    calls,
    windows,
    handlers,
    Emitter,
    FakeContents,
    module: {
      app: new (class extends Emitter {
        commandLine = { appendSwitch: vi.fn() };
        setProxy = vi.fn(async () => undefined);
      })(),
      powerMonitor: Object.assign(new Emitter(), { getSystemIdleTime: vi.fn(() => 0) }),
      clipboard: { clear: vi.fn(), selection: { clear: vi.fn() } },
      BrowserWindow: FakeWindow,
      ipcMain: { handle: (channel: string, fn: Listener) => handlers.set(channel, fn), removeHandler: (channel: string) => handlers.delete(channel) },
      protocol: { registerSchemesAsPrivileged: vi.fn() },
    },
  };
});
vi.mock('electron', () => fake.module);

const { app, clipboard, powerMonitor } = fake.module;

beforeEach(() => {
  fake.calls.length = 0;
  fake.windows.length = 0;
  vi.clearAllMocks();
  powerMonitor.getSystemIdleTime.mockReturnValue(0);
});

function fakeSession() {
  const ses = Object.assign(new fake.Emitter(), {
    webRequest: { onBeforeRequest: vi.fn() },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    setSpellCheckerEnabled: vi.fn(),
    setSpellCheckerDictionaryDownloadURL: vi.fn(),
    setSpellCheckerLanguages: vi.fn(),
    setProxy: vi.fn(async () => undefined),
    protocol: { handle: vi.fn() },
  });
  return ses;
}

const preventable = () => ({ preventDefault: vi.fn() });

describe('network backstop, devices and downloads (security.ts)', () => {
  it('resolves no host name, and sends the runtime and the session to a proxy that is not there', async () => {
    const security = await import('../../electron/main/security');
    security.blockNameResolution();
    expect(app.commandLine.appendSwitch).toHaveBeenCalledWith('host-resolver-rules', 'MAP * ~NOTFOUND');
    await security.blockRuntimeRequests();
    expect(app.setProxy).toHaveBeenCalledWith({ mode: 'fixed_servers', proxyRules: '127.0.0.1:9', proxyBypassRules: '<-loopback>' });

    const ses = fakeSession();
    await security.hardenSession(ses as never, { allowDevTools: false });
    expect(ses.setProxy).toHaveBeenCalledWith({ mode: 'fixed_servers', proxyRules: '127.0.0.1:9', proxyBypassRules: '<-loopback>' });
    expect(ses.setSpellCheckerEnabled).toHaveBeenCalledWith(false);
    expect(ses.setSpellCheckerDictionaryDownloadURL).toHaveBeenCalledWith('http://127.0.0.1:9/');
    expect(ses.setSpellCheckerLanguages).toHaveBeenCalledWith([]);
  });

  it('cancels every download and every device chooser', async () => {
    const security = await import('../../electron/main/security');
    const ses = fakeSession();
    await security.hardenSession(ses as never, { allowDevTools: false });

    for (const url of ['blob:app://haven/0b1c', 'data:text/csv,name', 'app://haven/x']) {
      const event = preventable();
      ses.emit('will-download', event, { getURL: () => url }, {}, null);
      expect(event.preventDefault).toHaveBeenCalled();
    }
    for (const name of ['select-hid-device', 'select-usb-device']) {
      const event = preventable();
      const callback = vi.fn();
      ses.emit(name, event, { deviceList: [{ deviceId: 'a' }] }, callback);
      expect(event.preventDefault).toHaveBeenCalled();
      expect(callback).toHaveBeenCalledWith();
    }
    const serial = { event: preventable(), callback: vi.fn() };
    ses.emit('select-serial-port', serial.event, [{ portId: 'COM1' }], {}, serial.callback);
    expect(serial.event.preventDefault).toHaveBeenCalled();
    expect(serial.callback).toHaveBeenCalledWith('');

    security.hardenAllWebContents();
    const contents = new fake.FakeContents() as InstanceType<typeof fake.FakeContents> & { setWindowOpenHandler: () => void };
    contents.setWindowOpenHandler = () => undefined;
    app.emit('web-contents-created', {}, contents);
    const bluetooth = { event: preventable(), callback: vi.fn() };
    contents.emit('select-bluetooth-device', bluetooth.event, [{ deviceId: 'b' }], bluetooth.callback);
    expect(bluetooth.event.preventDefault).toHaveBeenCalled();
    expect(bluetooth.callback).toHaveBeenCalledWith('');
  });
});

describe('the main window (window.ts)', () => {
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('is protected from screen capture before it is ever shown', async () => {
    const { createMainWindow } = await import('../../electron/main/window');
    createMainWindow({ preload: 'p.cjs', devTools: false, openDevTools: false, lockSession: async () => undefined });
    fake.windows[0]!.emit('ready-to-show');
    expect(fake.calls).toEqual(['contentProtection:true', 'show']);
  });

  it('locks the session before a page that ended is loaded again, and does not reload a page that keeps ending', async () => {
    const { createMainWindow } = await import('../../electron/main/window');
    let release = () => {};
    const lockSession = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          fake.calls.push('lock');
          release = resolve;
        }),
    );
    createMainWindow({ preload: 'p.cjs', devTools: false, openDevTools: false, lockSession });
    const win = fake.windows[0]!;
    fake.calls.length = 0;

    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    await flush();
    // Not reloaded while the lock is still under way.
    expect(fake.calls).toEqual(['lock']);
    release();
    await flush();
    expect(fake.calls).toEqual(['lock', 'reload']);

    for (let i = 0; i < 3; i++) {
      win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
      await flush();
      release();
      await flush();
    }
    expect(fake.calls.filter((c) => c === 'lock')).toHaveLength(4);
    expect(fake.calls.filter((c) => c === 'reload')).toHaveLength(3);
  });

  it('does not reload when the lock failed', async () => {
    const { createMainWindow } = await import('../../electron/main/window');
    createMainWindow({ preload: 'p.cjs', devTools: false, openDevTools: false, lockSession: () => Promise.reject(new Error('core gone')) });
    fake.calls.length = 0;
    fake.windows[0]!.webContents.emit('render-process-gone', {}, { reason: 'killed', exitCode: 1 });
    await flush();
    await flush();
    expect(fake.calls).toEqual([]);
  });

  it('counts only the reloads of the last minute', async () => {
    const { mayReloadAfterCrash } = await import('../../electron/main/window');
    expect(mayReloadAfterCrash([], 100_000)).toBe(true);
    expect(mayReloadAfterCrash([50_000, 60_000], 100_000)).toBe(true);
    expect(mayReloadAfterCrash([50_000, 60_000, 70_000], 100_000)).toBe(false);
    expect(mayReloadAfterCrash([10_000, 60_000, 70_000], 100_000)).toBe(true);
  });
});

function fakeCore() {
  const listeners = new Set<(event: HavenEvent) => void>();
  const core = {
    invoke: vi.fn(async () => ({ ok: true as const, value: 'from core' })),
    tick: vi.fn(async () => undefined),
    lock: vi.fn(async () => undefined),
    onEvent: (listener: (event: HavenEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { core: core as unknown as CoreHost & typeof core, emit: (event: HavenEvent) => listeners.forEach((l) => l(event)), listeners };
}

describe('the lock (autolock.ts, ipc.ts)', () => {
  afterEach(() => vi.useRealTimers());

  it('clears the clipboard (and on Linux the selection) at every lock, and stops listening when stopped', async () => {
    vi.useFakeTimers();
    const { startAutoLock } = await import('../../electron/main/autolock');
    const { core, emit, listeners } = fakeCore();
    const stop = startAutoLock(core);
    emit({ type: 'progress', progress: { job: 'x', phase: 'reading', done: 0, total: 1, cancellable: true } });
    expect(clipboard.clear).not.toHaveBeenCalled();
    for (const reason of ['idle', 'os-lock', 'manual', 'logout', 'restored'] as const) emit({ type: 'locked', reason });
    expect(clipboard.clear).toHaveBeenCalledTimes(5);
    expect(clipboard.selection.clear).toHaveBeenCalledTimes(process.platform === 'linux' ? 5 : 0);

    powerMonitor.emit('lock-screen');
    expect(core.lock).toHaveBeenCalledWith('os-lock');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(core.tick).toHaveBeenCalledTimes(1);

    stop();
    expect(listeners.size).toBe(0);
    expect(powerMonitor.count('lock-screen')).toBe(0);
    expect(powerMonitor.count('suspend')).toBe(0);
  });

  it('passes an activity ping to the core only when the OS has seen input lately; other channels always', async () => {
    const { registerIpc } = await import('../../electron/main/ipc');
    const { core } = fakeCore();
    const win = new fake.module.BrowserWindow({});
    const stop = registerIpc(core, () => win as never);
    const frame = { parent: null, detached: false, processId: 1, frameToken: 'main', url: 'app://haven/' };
    const call = (channel: string) => fake.handlers.get(channel)!({ sender: win.webContents, senderFrame: frame }, {});

    powerMonitor.getSystemIdleTime.mockReturnValue(1);
    expect(await call('auth:activity')).toEqual({ ok: true, value: 'from core' });
    expect(core.invoke).toHaveBeenCalledTimes(1);

    // Five minutes without keyboard or mouse: a ping now was made by something else.
    powerMonitor.getSystemIdleTime.mockReturnValue(300);
    expect(await call('auth:activity')).toEqual({ ok: true, value: null });
    expect(core.invoke).toHaveBeenCalledTimes(1);
    expect(await call('auth:lock')).toEqual({ ok: true, value: 'from core' });
    expect(core.invoke).toHaveBeenLastCalledWith('auth:lock', {});
    stop();
  });
});

describe('app:// responses (protocol.ts)', () => {
  it('are never stored in a cache: pages, files, printed documents and errors', async () => {
    const { serveRenderer, addTransientDocument } = await import('../../electron/main/protocol');
    const root = tempDir();
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(root, 'app.js'), 'export {};');
    const ses = fakeSession();
    serveRenderer(ses as never, root);
    const handler = ses.protocol.handle.mock.calls[0]![1] as (request: Request) => Promise<Response>;
    const printed = addTransientDocument('<p>张三 110101198805172312</p>');
    for (const url of ['app://haven/', 'app://haven/app.js', 'app://haven/persons/12', printed.url, 'app://haven/missing.png', 'app://other/']) {
      const response = await handler(new Request(url));
      expect(response.headers.get('Cache-Control'), url).toBe('no-store');
    }
    printed.dispose();
  });
});
