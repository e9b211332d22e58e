import { isShellChannel, shellContract } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/errors';
import type { CoreHost } from './host/protocol';

/** What only the shell can do (Electron's print pipeline and save dialog; the harness's stand-ins). */
export interface ShellBackend {
  print(document: { title: string; html: string }): Promise<{ printed: boolean }>;
  /** Renders to PDF and saves where the user chooses (`fileName` the dialog's default name); null when cancelled. */
  savePdf(document: { title: string; html: string; fileName?: string }): Promise<{ path: string | null }>;
  /** Copies a file the core made to where the user chooses, whole or not at all; null when cancelled. */
  saveFile(file: { fileName: string; path: string }): Promise<{ path: string | null }>;
  /** The open dialog for bundle files (several); the chosen paths, none when cancelled. */
  chooseBundles(): Promise<string[]>;
  /** The open dialog for one spreadsheet (人员台账); the chosen path, none when cancelled. */
  chooseSpreadsheet(): Promise<string[]>;
  /** The folder dialog for the backup folder (a USB stick); the chosen path, none when cancelled. */
  chooseBackupFolder(): Promise<string[]>;
  /** The open dialog for one backup file (恢复); the chosen path, none when cancelled. */
  chooseBackupFile(): Promise<string[]>;
}

const refuse = (code: 'VALIDATION' | 'NOT_FOUND' | 'INTERNAL' | 'UNKNOWN_CHANNEL'): IpcResult<never> => ({
  ok: false,
  error: { code, messageKey: code === 'NOT_FOUND' ? 'errors.PRINT_JOB_GONE' : `errors.${code}` },
});

/**
 * The one dispatcher of the shell's channels, shared by the main process and the e2e harness: the
 * contract's access rule (checked by the core, as for its own channels), the input schema, the
 * job lookup; only then the backend. The page names a job, never HTML, bytes or a path.
 */
export function createShellDispatcher(core: CoreHost, backend: ShellBackend, logError: (error: unknown, channel: string) => void = () => {}) {
  return async (channel: string, input: unknown): Promise<IpcResult<unknown>> => {
    if (!isShellChannel(channel)) return refuse('UNKNOWN_CHANNEL');
    const parsed = shellContract[channel].input.safeParse(input);
    if (channel === 'shell:cancelJob') {
      // Not through the core: it is busy with the very job this stops.
      if (!parsed.success) return refuse('VALIDATION');
      core.cancelJob();
      return { ok: true, value: null };
    }
    try {
      const refused = await core.checkAccess(channel);
      if (refused) return { ok: false, error: refused };
      if (!parsed.success) return refuse('VALIDATION');
      if (channel === 'shell:chooseBundles') {
        const paths = await backend.chooseBundles();
        return { ok: true, value: { files: paths.length > 0 ? await core.grantFiles(paths) : [] } };
      }
      if (channel === 'shell:chooseSpreadsheet') {
        const paths = (await backend.chooseSpreadsheet()).slice(0, 1);
        return { ok: true, value: { files: paths.length > 0 ? await core.grantFiles(paths) : [] } };
      }
      if (channel === 'shell:chooseBackupFolder') {
        const [path] = await backend.chooseBackupFolder();
        if (path === undefined) return { ok: true, value: { status: null } };
        const folderId = await core.grantFolder(path);
        if (folderId === null) return refuse('VALIDATION');
        // Checked (there, writable, not emptied by the app), saved and audited by the core.
        const saved = await core.invoke('backups:setFolder', { folderId });
        return saved.ok ? { ok: true, value: { status: saved.value } } : saved;
      }
      if (channel === 'shell:chooseBackupFile') {
        const paths = (await backend.chooseBackupFile()).slice(0, 1);
        return { ok: true, value: { files: paths.length > 0 ? await core.grantFiles(paths) : [] } };
      }
      const jobId = (parsed.data as { jobId: string }).jobId;
      if (channel === 'shell:saveSpreadsheet') {
        // Staff save what they exported; only spreadsheets, never another kind of file job.
        const file = await core.fileJob(jobId);
        return file && file.fileName.toLowerCase().endsWith('.xlsx') ? { ok: true, value: await backend.saveFile(file) } : refuse('NOT_FOUND');
      }
      if (channel === 'shell:saveFile') {
        const file = await core.fileJob(jobId);
        if (!file) return refuse('NOT_FOUND');
        const saved = await backend.saveFile(file);
        // A bundle counts as sent only once saved; a cancelled save changes nothing.
        if (saved.path !== null) {
          const recorded = await core.invoke('bundles:confirmSaved', { jobId });
          if (!recorded.ok) return recorded;
        }
        return { ok: true, value: saved };
      }
      const job = await core.printJob(jobId);
      if (!job) return refuse('NOT_FOUND');
      return { ok: true, value: channel === 'shell:print' ? await backend.print(job) : await backend.savePdf(job) };
    } catch (error) {
      logError(error, channel);
      return refuse('INTERNAL');
    }
  };
}
