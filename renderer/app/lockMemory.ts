/**
 * Where the user was when the session locked, so that unlocking returns there. Kept in
 * sessionStorage (gone when the window closes) and honoured only for the same user: someone
 * else unlocking starts at the dashboard.
 */
const KEY = 'haven.returnTo';

interface ReturnTo {
  username: string;
  path: string;
}

export function rememberLocation(username: string, hash: string): void {
  const path = hash.startsWith('#') ? hash.slice(1) : hash;
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ username, path: path || '/' } satisfies ReturnTo));
  } catch {
    // No storage: unlocking goes to the dashboard.
  }
}

export function forgetLocation(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing to forget.
  }
}

/** The path to return to for this user (consumed), or '/' when none or someone else's. */
export function takeReturnPath(username: string): string {
  let stored: unknown = null;
  try {
    const raw = sessionStorage.getItem(KEY);
    stored = raw ? JSON.parse(raw) : null;
  } catch {
    stored = null;
  }
  forgetLocation();
  if (
    typeof stored === 'object' &&
    stored !== null &&
    'username' in stored &&
    'path' in stored &&
    stored.username === username &&
    typeof stored.path === 'string' &&
    stored.path.startsWith('/')
  ) {
    return stored.path;
  }
  return '/';
}
