import { app, type Session, type WebContents } from 'electron';
import { APP_HOST, APP_SCHEME, isAppUrl } from './constants';

/**
 * No network, by construction: whatever a page (or a library inside it) tries to load, only
 * our own origin and in-memory data answer. The Content-Security-Policy says the same to the
 * page; this is the main-process guard that does not depend on the page.
 */
export function isAllowedRequestUrl(url: string, allowDevTools: boolean): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  switch (parsed.protocol) {
    case `${APP_SCHEME}:`:
      return parsed.host === APP_HOST;
    // In-memory (images made by the page, fonts inlined by the bundler): never network.
    case 'data:':
    case 'blob:':
      return true;
    case 'devtools:':
      return allowDevTools;
    default:
      return false;
  }
}

/**
 * Behind the request filter, the network stack itself leads nowhere, in case something reaches it
 * without passing the filter (a Chromium service of its own, a future feature): no host name
 * resolves, and every connection goes to a proxy that is not there. Nothing of ours needs either:
 * the app is served on app:// by our own handler, and data:/blob: are in memory.
 */
export const HOST_RESOLVER_RULES = 'MAP * ~NOTFOUND';
/** Port 9 ("discard") on this PC: nothing normally listens there, and nothing sent there leaves the PC. */
const NOWHERE = '127.0.0.1:9';
/** `<-loopback>`: localhost and link-local addresses go to the dead proxy too, instead of directly. */
export const NO_NETWORK_PROXY: Electron.ProxyConfig = { mode: 'fixed_servers', proxyRules: NOWHERE, proxyBypassRules: '<-loopback>' };
/** Where the spell checker would fetch its Hunspell dictionaries (Google's CDN by default, electron/electron#22995). */
export const NO_DICTIONARY_URL = `http://${NOWHERE}/`;

/** Must run before `app` is ready: the network service reads its switches when it starts. */
export function blockNameResolution(): void {
  app.commandLine.appendSwitch('host-resolver-rules', HOST_RESOLVER_RULES);
}

/**
 * The runtime's own requests made outside any session (e.g. geolocation look-ups) go through the
 * app's proxy setting, not a session's: the same dead end. Call once `app` is ready.
 */
export async function blockRuntimeRequests(): Promise<void> {
  await app.setProxy(NO_NETWORK_PROXY);
}

/**
 * Applies to every page of the session: request filter, dead-end proxy, permissions, devices,
 * downloads, spell checker. Settles once the proxy is in place; await it before loading a page.
 */
export async function hardenSession(ses: Session, options: { allowDevTools: boolean }): Promise<void> {
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url, options.allowDevTools);
    if (!allowed) console.warn(`[haven] blocked a request to ${describeUrl(details.url)}`);
    callback({ cancel: !allowed });
  });

  // Camera, microphone, location, notifications, clipboard reading, HID/USB/serial…: none is
  // needed, so every request and every check is refused.
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // And should a page still get as far as choosing a device, the choice is cancelled.
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  ses.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });

  // Files leave the app only through its own audited save path (shell:saveFile, shell:savePdf).
  // A page could otherwise save a blob: or data: URL through Chromium's download and its own
  // save dialog, unaudited.
  ses.on('will-download', (event, item) => {
    event.preventDefault();
    console.warn(`[haven] blocked a download from ${describeUrl(item.getURL())}`);
  });

  // Chromium's spell checker would download hunspell dictionaries from Google's CDN.
  ses.setSpellCheckerEnabled(false);
  // Should anything re-enable it, its download URL leads nowhere (no-op on macOS).
  ses.setSpellCheckerDictionaryDownloadURL(NO_DICTIONARY_URL);
  try {
    // No languages, so nothing to fetch even if something re-enabled the checker (no-op on macOS).
    ses.setSpellCheckerLanguages([]);
  } catch (error) {
    console.warn('[haven] could not clear the spell-checker languages:', error);
  }

  await ses.setProxy(NO_NETWORK_PROXY);
}

/**
 * For every web contents ever created (the window, a print job, DevTools): no navigation away
 * from our origin, no new windows, no <webview>. Register before the first window.
 */
export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}

function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) {
      event.preventDefault();
      console.warn(`[haven] blocked navigation to ${describeUrl(event.url)}`);
    }
  });
  // Also covers sub-frames, which 'will-navigate' does not.
  contents.on('will-frame-navigate', (event) => {
    // The print preview is a sandboxed srcdoc frame holding the core's rendered document.
    if (!isAppUrl(event.url) && !(event.url === 'about:srcdoc' && !event.isMainFrame)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`[haven] blocked a new window for ${describeUrl(url)}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Without a handler Chromium picks the first Bluetooth device it finds: cancel instead.
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
}

/** Logs say where a request went, never its path or query (they could carry personal data). */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : parsed.protocol;
  } catch {
    return '(invalid URL)';
  }
}
