import { ipcMain, type BrowserWindow } from 'electron';
import type { HavenCore } from '../core/app';
import { shellChannelNames, shellContract, type ShellChannelName } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/errors';
import { isTrustedSender } from './ipc';
import { printHtml, saveHtmlAsPdf } from './print';

const refuse = (code: 'FORBIDDEN' | 'VALIDATION' | 'LOCKED' | 'NOT_FOUND' | 'INTERNAL'): IpcResult<never> => ({
  ok: false,
  error: { code, messageKey: code === 'NOT_FOUND' ? 'errors.PRINT_JOB_GONE' : `errors.${code}` },
});

/**
 * The shell's own channels: printing and saving documents the core rendered. They take a job id,
 * never HTML, so the page can only print what the core rendered and audited for this session.
 */
export function registerShellIpc(core: HavenCore, getWindow: () => BrowserWindow | null): () => void {
  const handlers: Record<ShellChannelName, (html: string, title: string) => Promise<unknown>> = {
    'shell:print': async (html) => printHtml(html),
    'shell:savePdf': async (html, title) => ({ path: await saveHtmlAsPdf(getWindow(), html, `${title}.pdf`) }),
  };
  for (const channel of shellChannelNames) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event, getWindow())) return refuse('FORBIDDEN');
      const parsed = shellContract[channel].input.safeParse(input);
      if (!parsed.success) return refuse('VALIDATION');
      const job = core.printJob(parsed.data.jobId);
      if (!job) return refuse('NOT_FOUND');
      try {
        const value = await handlers[channel](job.html, job.title);
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
