import { ipcMain, type BrowserWindow } from 'electron';
import path from 'node:path';
import type { HavenCore } from '../core/app';
import { shellChannelNames, shellContract, type ShellChannelName } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/errors';
import { isTrustedSender } from './ipc';
import { chooseSavePath, writeFileAtomic } from './dialogs';
import { printHtml, saveHtmlAsPdf } from './print';

const refuse = (code: 'FORBIDDEN' | 'VALIDATION' | 'LOCKED' | 'NOT_FOUND' | 'INTERNAL'): IpcResult<never> => ({
  ok: false,
  error: { code, messageKey: code === 'NOT_FOUND' ? 'errors.PRINT_JOB_GONE' : `errors.${code}` },
});

/**
 * The shell's own channels: printing and saving documents the core rendered, and saving files it
 * made. They take a job id, never HTML or bytes, so the page can only print what the core rendered and audited for this session.
 */
export function registerShellIpc(core: HavenCore, getWindow: () => BrowserWindow | null): () => void {
  type Documents = Exclude<ShellChannelName, 'shell:saveFile'>;
  const documents: Record<Documents, (html: string, title: string) => Promise<unknown>> = {
    'shell:print': async (html) => printHtml(html),
    'shell:savePdf': async (html, title) => ({ path: await saveHtmlAsPdf(getWindow(), html, `${title}.pdf`) }),
  };
  /** A file the core made (an export bundle): the user picks where, then it is written whole or not at all. */
  const saveFile = async (jobId: string): Promise<IpcResult<unknown>> => {
    const job = core.fileJob(jobId);
    if (!job) return refuse('NOT_FOUND');
    const extension = path.extname(job.fileName).replace(/^\./, '');
    const file = await chooseSavePath(getWindow(), {
      defaultName: job.fileName,
      filters: extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : undefined,
    });
    if (file === null) return { ok: true, value: { path: null } };
    await writeFileAtomic(file, job.data);
    return { ok: true, value: { path: file } };
  };
  for (const channel of shellChannelNames) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event, getWindow())) return refuse('FORBIDDEN');
      const parsed = shellContract[channel].input.safeParse(input);
      if (!parsed.success) return refuse('VALIDATION');
      try {
        if (channel === 'shell:saveFile') return await saveFile(parsed.data.jobId);
        const job = core.printJob(parsed.data.jobId);
        if (!job) return refuse('NOT_FOUND');
        const value = await documents[channel](job.html, job.title);
        return { ok: true, value };
      } catch (error) {
        console.error(`[haven] ${channel} failed:`, error);
        return refuse('INTERNAL');
      }
    });
  }
  return () => {
    for (const channel of shellChannelNames) ipcMain.removeHandler(channel);
  };
}
