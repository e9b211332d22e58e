import { createClient, type HavenBridge, type HavenClient } from '../shared/ipc/client';

declare global {
  interface Window {
    /** Installed by the Electron preload, or by the e2e harness. */
    havenBridge?: HavenBridge;
  }
}

type LockedListener = () => void;
const lockedListeners = new Set<LockedListener>();

/**
 * Any call refused with `LOCKED` means the database closed under us (idle, OS lock, another
 * window): the app must drop every data view at once, whatever screen made the call.
 */
export function onLockedRefusal(listener: LockedListener): () => void {
  lockedListeners.add(listener);
  return () => lockedListeners.delete(listener);
}

function watchLocked(bridge: HavenBridge): HavenBridge {
  return {
    async invoke(channel, input) {
      const result = await bridge.invoke(channel, input);
      if (!result.ok && result.error.code === 'LOCKED') {
        for (const listener of [...lockedListeners]) listener();
      }
      return result;
    },
    onEvent: (listener) => bridge.onEvent(listener),
  };
}

export const bridgeAvailable = window.havenBridge !== undefined;

const missingBridge: HavenBridge = {
  invoke: () => Promise.reject(new Error('havenBridge missing')),
  onEvent: () => () => undefined,
};

/** The typed client of the IPC contract: the page's only way to the data. */
export const haven: HavenClient = createClient(watchLocked(window.havenBridge ?? missingBridge));
