import { Worker } from 'node:worker_threads';
import type { HavenEvent } from '../../../shared/domain/types';
import type { IpcResult } from '../../../shared/ipc/errors';
import type { CoreHost, CoreMessage, CoreRequest, CoreWorkerData } from './protocol';

type Op = CoreRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface CoreWorkerOptions extends Omit<CoreWorkerData, 'cancelBuffer'> {
  /** The built worker (dist/electron/core-worker.cjs). */
  entry: string;
  /** The worker died (a crash in native code, out of memory): the shell tells the user and quits. */
  onExit?: (error: Error) => void;
}

export interface CoreWorkerHost extends CoreHost {
  /** Only with `manualClock`: moves the worker's clock (requests after it see the new time). */
  setClock(to: Date | string): void;
  advanceClock(ms: number): void;
}

/**
 * The core's V8 old generation, in MB. Not a budget the core works towards but the bound V8 sizes
 * its collections by: with Node's default (a quarter of the PC's memory, 4 GB here) garbage from the
 * first worklist evaluation piles up before a full collection, and the core's peak at 30,000
 * persons was 320–350 MB; under this bound 270–280 MB, at 100,000 too, as fast (`haven bench`,
 * appPeakRssMb). It leaves room for the largest job that holds rows in memory (a 人员台账 import of
 * 50,000 rows, measured within it).
 */
export const CORE_OLD_GENERATION_MB = 1024;

const internal: IpcResult<never> = { ok: false, error: { code: 'INTERNAL', messageKey: 'errors.INTERNAL' } };

/** Starts the core in a worker thread and resolves once it is open (or rejects with why not). */
export function startCoreWorker(options: CoreWorkerOptions): Promise<CoreWorkerHost> {
  const { entry, onExit, ...rest } = options;
  const cancelBuffer = new SharedArrayBuffer(4);
  const cancelFlag = new Int32Array(cancelBuffer);
  const data: CoreWorkerData = { ...rest, cancelBuffer };
  const worker = new Worker(entry, { workerData: data, stdout: false, stderr: false, resourceLimits: { maxOldGenerationSizeMb: CORE_OLD_GENERATION_MB } });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Set<(event: HavenEvent) => void>();
  let nextId = 1;
  let dead: Error | null = null;
  let closing = false;

  const request = (op: Op): Promise<unknown> => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...op, id });
    });
  };

  return new Promise<CoreWorkerHost>((resolveStart, rejectStart) => {
    let started = false;
    const fail = (error: Error) => {
      if (dead) return;
      dead = error;
      for (const { reject } of pending.values()) reject(error);
      pending.clear();
      if (!started) rejectStart(error);
      else if (!closing) onExit?.(error);
    };
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => fail(new Error(`the core worker exited (code ${code})`)));
    worker.on('message', (message: CoreMessage) => {
      if ('ready' in message) {
        if (!message.ready) {
          fail(new Error(message.message));
          void worker.terminate();
          return;
        }
        started = true;
        resolveStart(host);
        return;
      }
      if ('event' in message) {
        for (const listener of listeners) listener(message.event);
        return;
      }
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.ok) waiting.resolve(message.value);
      else waiting.reject(new Error(message.message));
    });

    const host: CoreWorkerHost = {
      invoke: (channel, input) => (request({ op: 'invoke', channel, input }) as Promise<IpcResult<unknown>>).catch(() => internal),
      checkAccess: (channel) => request({ op: 'checkAccess', channel }) as ReturnType<CoreHost['checkAccess']>,
      printJob: (jobId) => request({ op: 'printJob', jobId }) as ReturnType<CoreHost['printJob']>,
      fileJob: (jobId) => request({ op: 'fileJob', jobId }) as ReturnType<CoreHost['fileJob']>,
      dropFileJob: async (jobId) => {
        await request({ op: 'dropFileJob', jobId });
      },
      grantFiles: (paths) => request({ op: 'grantFiles', paths: [...paths] }) as ReturnType<CoreHost['grantFiles']>,
      grantFolder: (path) => request({ op: 'grantFolder', path }) as ReturnType<CoreHost['grantFolder']>,
      tick: async () => {
        await request({ op: 'tick' });
      },
      lock: async (reason) => {
        await request({ op: 'lock', reason });
      },
      cancelJob: () => {
        Atomics.store(cancelFlag, 0, 1);
      },
      onEvent: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      setClock: (to) => {
        request({ op: 'clock', set: new Date(to).toISOString() }).catch(() => undefined);
      },
      advanceClock: (ms) => {
        request({ op: 'clock', advanceMs: ms }).catch(() => undefined);
      },
      close: async () => {
        if (dead) return;
        closing = true;
        try {
          await request({ op: 'close' });
        } finally {
          listeners.clear();
          await worker.terminate();
        }
      },
    };
  });
}
