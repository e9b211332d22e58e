import { useEffect } from 'react';
import { haven } from '../ipc';

const PING_INTERVAL_MS = 30_000;
const EVENTS = ['mousemove', 'keydown', 'pointerdown', 'wheel'] as const;

/**
 * Tells the core the user is at the keyboard, at most once per 30 s, so the idle lock counts
 * from real inactivity. A `LOCKED` answer locks the page (handled by the IPC wrapper).
 */
export function useActivityPing(): void {
  useEffect(() => {
    // Pointer moves and deliberate input (keys, clicks, the wheel) are throttled apart: Chromium
    // sends mouse moves of its own when content moves under a still pointer, and the main process
    // passes a ping on only when the PC saw real input lately (electron/main/autolock.ts). A move
    // ping it dropped must not hold back the ping of the typing that follows, or the idle lock
    // could come while someone types.
    const last = { move: 0, input: 0 };
    const onActivity = (event: Event) => {
      const kind = event.type === 'mousemove' ? 'move' : 'input';
      const now = Date.now();
      if (now - last[kind] < PING_INTERVAL_MS) return;
      last[kind] = now;
      haven.auth.activity().catch(() => undefined);
    };
    for (const name of EVENTS) window.addEventListener(name, onActivity, { passive: true, capture: true });
    return () => {
      for (const name of EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, []);
}
