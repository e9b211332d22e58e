import { clipboard, powerMonitor } from 'electron';
import type { CoreHost } from '../core/host/protocol';

/** How often the core checks the idle timeout; the lock happens at most this late. */
const TICK_MS = 10_000;

/**
 * The page pings the core (`auth:activity`) at its first mouse or key event after 30 s without a
 * ping (renderer/app/useActivityPing.ts), so a ping caused by a person comes with OS input less
 * than a second old. One that comes while the OS has seen no keyboard, mouse or touch input for
 * longer than this was caused by something else (events dispatched by a script, the synthetic
 * mouse moves Chromium sends when content scrolls under a still pointer) and is not passed on.
 * Other channels are not filtered: they are the page's real requests, not a claim that someone is there.
 */
const MAX_OS_IDLE_FOR_ACTIVITY_S = 30;

/**
 * Whether an activity ping from the page may reset the core's idle timer: only when the OS has
 * seen real input lately. The core keeps the timeout (a setting in the database) and the clock;
 * this only refuses to vouch for activity the OS did not see, so the configured idle lock still
 * applies to a session kept "busy" by events nobody made. Where the OS cannot tell (some Linux
 * desktops), Electron reports 0 seconds and the ping passes, as before.
 */
export function activityIsFromInput(): boolean {
  return powerMonitor.getSystemIdleTime() <= MAX_OS_IDLE_FOR_ACTIVITY_S;
}

/**
 * Clears the system clipboard (and Linux's selection): a name, an ID number or a phone number
 * copied from a file must not stay there for the next person at the PC once the session has
 * ended. Whatever else was on the clipboard goes too: the clipboard cannot tell who put it there.
 */
export function clearClipboard(): void {
  try {
    clipboard.clear();
    // `selection` exists only on Linux (undefined elsewhere, although typed as always there).
    if (process.platform === 'linux') clipboard.selection?.clear();
  } catch (error) {
    console.warn('[haven] could not clear the clipboard:', error);
  }
}

/**
 * Closes the database when the staff member walks away: after the configured idle time (the
 * core measures it from the page's activity pings), and at once when the OS screen locks or the
 * machine sleeps. Every lock, whatever its cause (idle, OS lock, 锁定, logout, a restore), also
 * clears the clipboard. Returns a function that stops watching. Call after `app` is ready.
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
  // The core announces every end of a session with a 'locked' event (the one the page gets too).
  const stopEvents = core.onEvent((event) => {
    if (event.type === 'locked') clearClipboard();
  });

  return () => {
    clearInterval(timer);
    powerMonitor.off('lock-screen', lockNow);
    powerMonitor.off('suspend', lockNow);
    stopEvents();
  };
}
