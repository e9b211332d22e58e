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
    let last = 0;
    const onActivity = () => {
      const now = Date.now();
      if (now - last < PING_INTERVAL_MS) return;
      last = now;
      haven.auth.activity().catch(() => undefined);
    };
    for (const name of EVENTS) window.addEventListener(name, onActivity, { passive: true, capture: true });
    return () => {
      for (const name of EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, []);
}
