import { powerMonitor } from 'electron';
import type { CoreHost } from '../core/host/protocol';

/** How often the core checks the idle timeout; the lock happens at most this late. */
const TICK_MS = 10_000;

/**
 * Closes the database when the staff member walks away: after the configured idle time (the
 * core measures it from the page's activity pings), and at once when the OS screen locks or the
 * machine sleeps. Returns a function that stops watching. Call after `app` is ready.
 */
export function startAutoLock(core: CoreHost): () => void {
  // The core runs in its worker: a tick or a lock during a long job waits for the job to stop
  // (it is asked to at once) and the lock follows it; the window stays responsive meanwhile.
  const tick = () => {
    core.tick().catch((error: unknown) => console.error('[haven] idle lock failed:', error));
  };
  const lockNow = () => {
    core.lock('os-lock').catch((error: unknown) => console.error('[haven] lock on OS lock/suspend failed:', error));
  };

  const timer = setInterval(tick, TICK_MS);
  // 'lock-screen' exists on Windows and macOS; on Linux the idle lock still applies.
  powerMonitor.on('lock-screen', lockNow);
  powerMonitor.on('suspend', lockNow);

  return () => {
    clearInterval(timer);
    powerMonitor.off('lock-screen', lockNow);
    powerMonitor.off('suspend', lockNow);
  };
}
