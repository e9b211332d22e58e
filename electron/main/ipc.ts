import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { CoreHost } from '../core/host/protocol';
import type { HavenEvent } from '../../shared/domain/types';
import { coreChannelNames, type ChannelName } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/errors';
import { activityIsFromInput } from './autolock';
import { EVENT_CHANNEL, isAppUrl } from './constants';

const forbidden: IpcResult<never> = { ok: false, error: { code: 'FORBIDDEN', messageKey: 'errors.FORBIDDEN' } };
const internal: IpcResult<never> = { ok: false, error: { code: 'INTERNAL', messageKey: 'errors.INTERNAL' } };
/** The page's "someone is here" ping (renderer/app/useActivityPing.ts), which resets the core's idle timer. */
const ACTIVITY_CHANNEL: ChannelName = 'auth:activity';
/** What the core answers an accepted ping; the page cannot tell a ping that was not passed on. */
const noted: IpcResult<null> = { ok: true, value: null };

/**
 * Only the main frame of our own window, showing our own page, may call the core: not a
 * sub-frame, not a print window, not a page that somehow navigated elsewhere.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, win: BrowserWindow | null): boolean {
  if (win === null || win.isDestroyed()) return false;
  const frame = event.senderFrame;
  if (frame === null || event.sender !== win.webContents) return false;
  const mainFrame = win.webContents.mainFrame;
  return (
    frame.parent === null &&
    !frame.detached &&
    frame.processId === mainFrame.processId &&
    frame.frameToken === mainFrame.frameToken &&
    isAppUrl(frame.url)
  );
}

/**
 * One handler per contract channel (the contract is the list; nothing else is reachable), and
 * the core's events forwarded to the window. Returns a function that undoes both.
 */
export function registerIpc(core: CoreHost, getWindow: () => BrowserWindow | null): () => void {
  for (const channel of coreChannelNames) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event, getWindow())) {
        console.warn(`[haven] refused ${channel} from an untrusted sender`);
        return forbidden;
      }
      // Activity the OS did not see (no keyboard, mouse or touch input lately) does not keep the
      // session open (autolock.ts). The page still learns of a lock from the core's 'locked' event.
      if (channel === ACTIVITY_CHANNEL && !activityIsFromInput()) return noted;
      try {
        return await core.invoke(channel, input);
      } catch (error) {
        // core.invoke does not reject; this only keeps a stack trace from crossing the boundary.
        console.error(`[haven] ${channel} failed:`, error);
        return internal;
      }
    });
  }

  const stopEvents = core.onEvent((event: HavenEvent) => {
    const win = getWindow();
    if (win !== null && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
  });

  return () => {
    for (const channel of coreChannelNames) ipcMain.removeHandler(channel);
    stopEvents();
  };
}
