import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HavenEvent } from '../../shared/domain/types';
import type { HavenBridge } from '../../shared/ipc/client';
// At build time this import is replaced by the bare list of channel names (see
// build/scripts/build.mjs), so the sandboxed preload carries no zod and no schemas.
import { isChannelName } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/errors';
import { EVENT_CHANNEL } from '../main/constants';

/**
 * The page's only way out: `window.havenBridge`. It can invoke the contract's channels (the
 * main process checks the sender, the core checks session, role and input) and hear the core's
 * events. Nothing else of Electron reaches the page.
 */
const bridge: HavenBridge = {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>> {
    if (!isChannelName(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', messageKey: 'errors.UNKNOWN_CHANNEL' } });
    }
    return (ipcRenderer.invoke(channel, input) as Promise<IpcResult<unknown>>).catch((error: unknown) => {
      // E.g. an input that cannot be cloned; the page gets the usual envelope, not a rejection.
      console.error(`[haven] ${channel}:`, error);
      return { ok: false, error: { code: 'INTERNAL', messageKey: 'errors.INTERNAL' } };
    });
  },

  onEvent(listener: (event: HavenEvent) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // The IpcRendererEvent (with its `sender`) stays here; the page receives only the data.
    const forward = (_event: IpcRendererEvent, event: HavenEvent) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('havenBridge', bridge);
