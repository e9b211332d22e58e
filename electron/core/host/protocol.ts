import type { HavenEvent, LockReason } from '../../../shared/domain/types';
import type { ChannelName } from '../../../shared/ipc/contract';
import type { IpcError, IpcResult } from '../../../shared/ipc/errors';
import type { ChosenFileView } from '../../../shared/domain/bundles';
import type { HavenCore } from '../app';
import type { VaultOptions } from '../kernel/vault';

/**
 * The core as the shell sees it: every call asynchronous, because the core runs in its own worker
 * thread (Signal Desktop's SQL worker, Actual Budget's backend process), so that an export, an
 * import or a first worklist evaluation never freezes the window or the idle lock.
 */
export interface CoreHost {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  /** The contract's access rule for a channel, as `invoke` applies it (core/shell.ts asks first). */
  checkAccess(channel: ChannelName): Promise<IpcError | null>;
  printJob(jobId: string): Promise<{ title: string; html: string; fileName?: string } | null>;
  fileJob(jobId: string): Promise<{ fileName: string; path: string } | null>;
  /** A saved file not kept for a second save (a spreadsheet): its job and its folder go now. */
  dropFileJob(jobId: string): Promise<void>;
  /** Files chosen in the shell's open dialog, named by id for the page. */
  grantFiles(paths: readonly string[]): Promise<ChosenFileView[]>;
  /** A folder chosen in the shell's folder dialog, named by id for the page (null: not a folder, or locked). */
  grantFolder(path: string): Promise<string | null>;
  tick(): Promise<void>;
  lock(reason: LockReason): Promise<void>;
  /** Asks the running long job to stop; takes effect at once, even while the core is busy with it. */
  cancelJob(): void;
  onEvent(listener: (event: HavenEvent) => void): () => void;
  close(): Promise<void>;
}

/** The same face over a core in this thread (the worker serves one of these). */
export function inThisThread(core: HavenCore): CoreHost {
  return {
    invoke: (channel, input) => core.invoke(channel, input),
    checkAccess: async (channel) => core.checkAccess(channel),
    printJob: async (jobId) => core.printJob(jobId),
    fileJob: async (jobId) => core.fileJob(jobId),
    dropFileJob: async (jobId) => core.dropFileJob(jobId),
    grantFiles: async (paths) => core.grantFiles(paths),
    grantFolder: async (path) => core.grantFolder(path),
    tick: async () => core.tick(),
    lock: async (reason) => core.lock(reason),
    cancelJob: () => core.cancelJob(),
    onEvent: (listener) => core.onEvent(listener),
    close: async () => core.close(),
  };
}

/** What the worker is started with (structured-cloneable). */
export interface CoreWorkerData {
  dataDir: string;
  nativeBinding?: string;
  fontsRoot?: string;
  vaultOptions?: Omit<VaultOptions, 'nativeBinding'>;
  /** Tests: a clock moved by hand from the host, starting here. */
  manualClock?: string;
  /** The jobs' stop flag (kernel/jobs.ts), shared with the host. */
  cancelBuffer: SharedArrayBuffer;
}

/** Host → worker. */
export type CoreRequest = { id: number } & (
  | { op: 'invoke'; channel: string; input: unknown }
  | { op: 'checkAccess'; channel: ChannelName }
  | { op: 'printJob'; jobId: string }
  | { op: 'fileJob'; jobId: string }
  | { op: 'dropFileJob'; jobId: string }
  | { op: 'grantFiles'; paths: string[] }
  | { op: 'grantFolder'; path: string }
  | { op: 'tick' }
  | { op: 'lock'; reason: LockReason }
  | { op: 'close' }
  | { op: 'clock'; set?: string; advanceMs?: number }
);

/** Worker → host: a reply, an event, or the start-up outcome. */
export type CoreMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string }
  | { event: HavenEvent }
  | { ready: true }
  | { ready: false; message: string };
