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

/** Applies to every page of the session: request filter, permissions, spell checker. */
export function hardenSession(ses: Session, options: { allowDevTools: boolean }): void {
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

  // Chromium's spell checker would download hunspell dictionaries from Google's CDN.
  ses.setSpellCheckerEnabled(false);
  try {
    // No languages, so nothing to fetch even if something re-enabled the checker (no-op on macOS).
    ses.setSpellCheckerLanguages([]);
  } catch (error) {
    console.warn('[haven] could not clear the spell-checker languages:', error);
  }
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
