/**
 * Names shared by the main process and the preload. No imports here: the preload bundle pulls
 * this file in and must stay free of anything but 'electron'.
 */

/** The renderer is served from `app://haven/` (see protocol.ts), never from file:// or http. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'haven';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/`;

/** The one channel on which the main process pushes HavenEvents to the page. */
export const EVENT_CHANNEL = 'haven:event';

/** Neutral on purpose: the title bar and task bar must not say what the files are about. */
export const WINDOW_TITLE = '港湾 Haven';

/** Windows groups task-bar entries and notifications by this; it matches electron-builder's appId. */
export const APP_USER_MODEL_ID = 'cn.haven.app';

/** True for any URL of our own origin, `app://haven/…` (and nothing like `app://haven.evil/`). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
