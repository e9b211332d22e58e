import { isShellChannel, shellContract, type ShellChannelName } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/errors';
import type { CoreHost } from './host/protocol';

/**
 * Asked by a save after its dialog closed and before anything is written: false when the session
 * locked (the idle lock does not wait for a dialog) or the job went meanwhile; the save then
 * writes nothing and answers `{ path: null }`, and the dispatcher answers the refusal.
 */
export type StillAllowed = () => Promise<boolean>;

/** What only the shell can do (Electron's print pipeline and save dialog; the harness's stand-ins). */
export interface ShellBackend {
  print(document: { title: string; html: string }): Promise<{ printed: boolean }>;
  /** Renders to PDF and saves where the user chooses (`fileName` the dialog's default name); null when cancelled. */
  savePdf(document: { title: string; html: string; fileName?: string }, stillAllowed: StillAllowed): Promise<{ path: string | null }>;
  /** Copies a file the core made to where the user chooses, whole or not at all; null when cancelled. */
  saveFile(file: { fileName: string; path: string }, stillAllowed: StillAllowed): Promise<{ path: string | null }>;
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

/** A save's `StillAllowed`: the contract's access rule again (a lock answers LOCKED), then the job; `refused()` is the channel's answer when it said no. */
function recheckAfterDialog(core: CoreHost, channel: ShellChannelName, lookup: () => Promise<unknown>) {
  let refused: IpcResult<never> | null = null;
  const stillAllowed: StillAllowed = async () => {
    const error = await core.checkAccess(channel);
    refused = error ? { ok: false, error } : (await lookup()) === null ? refuse('NOT_FOUND') : null;
    return refused === null;
  };
  return { stillAllowed, refused: (): IpcResult<never> | null => refused };
}

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
        if (!file || !file.fileName.toLowerCase().endsWith('.xlsx')) return refuse('NOT_FOUND');
        const after = recheckAfterDialog(core, channel, () => core.fileJob(jobId));
        const saved = await backend.saveFile(file, after.stillAllowed);
        const refused = after.refused();
        if (refused) return refused;
        // Saved where the user chose: the plaintext copy in the outbox goes now (a cancelled or
        // failed save keeps it, to try again).
        if (saved.path !== null) await core.dropFileJob(jobId);
        return { ok: true, value: saved };
      }
      if (channel === 'shell:saveFile') {
        const file = await core.fileJob(jobId);
        if (!file) return refuse('NOT_FOUND');
        const after = recheckAfterDialog(core, channel, () => core.fileJob(jobId));
        const saved = await backend.saveFile(file, after.stillAllowed);
        const refused = after.refused();
        if (refused) return refused;
        // A bundle counts as sent only once saved; a cancelled save changes nothing.
        if (saved.path !== null) {
          const recorded = await core.invoke('bundles:confirmSaved', { jobId });
          if (!recorded.ok) return recorded;
        }
        return { ok: true, value: saved };
      }
      const job = await core.printJob(jobId);
      if (!job) return refuse('NOT_FOUND');
      // Printing cannot be checked again after its dialog: Electron's print dialog and the printing are one call.
      if (channel === 'shell:print') return { ok: true, value: await backend.print(job) };
      const after = recheckAfterDialog(core, channel, () => core.printJob(jobId));
      const saved = await backend.savePdf(job, after.stillAllowed);
      return after.refused() ?? { ok: true, value: saved };
    } catch (error) {
      logError(error, channel);
      return refuse('INTERNAL');
    }
  };
}
