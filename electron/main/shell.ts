import { ipcMain, type BrowserWindow } from 'electron';
import path from 'node:path';
import type { CoreHost } from '../core/host/protocol';
import { createShellDispatcher, type ShellBackend } from '../core/shell';
import { shellChannelNames } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/errors';
import { isTrustedSender } from './ipc';
import { chooseFolder, chooseOpenPaths, chooseSavePath, copyFileAtomic } from './dialogs';
import { printHtml, saveHtmlAsPdf } from './print';

const forbidden: IpcResult<never> = { ok: false, error: { code: 'FORBIDDEN', messageKey: 'errors.FORBIDDEN' } };

/**
 * The shell's own channels: printing and saving documents the core rendered, and saving files it
 * made. The core's dispatcher checks access, input and the job; this file only does Electron's part.
 */
export function registerShellIpc(core: CoreHost, getWindow: () => BrowserWindow | null): () => void {
  const backend: ShellBackend = {
    print: async ({ html }) => ({ printed: (await printHtml(html)).printed }),
    savePdf: async ({ html, title, fileName }, stillAllowed) => ({ path: await saveHtmlAsPdf(getWindow(), html, `${fileName ?? title}.pdf`, {}, stillAllowed) }),
    /** An export bundle: the user picks where, then it is copied there whole or not at all. */
    saveFile: async ({ fileName, path: made }, stillAllowed) => {
      const extension = path.extname(fileName).replace(/^\./, '');
      const file = await chooseSavePath(getWindow(), {
        defaultName: fileName,
        filters: extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : undefined,
      });
      // The session may have locked while the dialog was open (the core's dispatcher answers why).
      if (file === null || !(await stillAllowed())) return { path: null };
      await copyFileAtomic(made, file);
      return { path: file };
    },
    chooseBundles: () => chooseOpenPaths(getWindow(), { filters: [{ name: 'Haven', extensions: ['haven'] }] }),
    // .xls and .csv can be picked too: the core then says to save them as .xlsx.
    chooseSpreadsheet: () => chooseOpenPaths(getWindow(), { filters: [{ name: 'Excel', extensions: ['xlsx', 'xls', 'csv'] }], multiple: false }),
    chooseBackupFolder: () => chooseFolder(getWindow()),
    // The key file (.db.keys) must lie beside the chosen .db; the core says so when it does not.
    chooseBackupFile: () => chooseOpenPaths(getWindow(), { filters: [{ name: 'Haven', extensions: ['db'] }], multiple: false }),
  };
  const dispatch = createShellDispatcher(core, backend, (error, channel) => console.error(`[haven] ${channel} failed:`, error));
  for (const channel of shellChannelNames) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event, getWindow())) return forbidden;
      return dispatch(channel, input);
    });
  }
  return () => {
    for (const channel of shellChannelNames) ipcMain.removeHandler(channel);
  };
}
