import { parentPort, workerData } from 'node:worker_threads';
import { createHavenCore } from '../app';
import { ManualClock, systemClock } from '../kernel/clock';
import { inThisThread, type CoreMessage, type CoreRequest, type CoreWorkerData } from './protocol';

/**
 * The core's worker thread (built to dist/electron/core-worker.cjs): opens the core and answers
 * the host's requests in order of arrival; a request that awaits (an export's encryption, the
 * worklist's evaluation between chunks) lets the next ones in, as the main process did before.
 */
const port = parentPort;
if (!port) throw new Error('core-worker must run as a worker thread');
const data = workerData as CoreWorkerData;
const send = (message: CoreMessage) => port.postMessage(message);

try {
  const manual = data.manualClock ? new ManualClock(data.manualClock) : null;
  const core = createHavenCore({
    dataDir: data.dataDir,
    clock: manual ?? systemClock,
    nativeBinding: data.nativeBinding,
    fontsRoot: data.fontsRoot,
    vaultOptions: data.vaultOptions,
    cancelFlag: new Int32Array(data.cancelBuffer),
  });
  const host = inThisThread(core);
  host.onEvent((event) => send({ event }));

  const answer = async (request: CoreRequest): Promise<unknown> => {
    switch (request.op) {
      case 'invoke':
        return host.invoke(request.channel, request.input);
      case 'checkAccess':
        return host.checkAccess(request.channel);
      case 'printJob':
        return host.printJob(request.jobId);
      case 'fileJob':
        return host.fileJob(request.jobId);
      case 'dropFileJob':
        return host.dropFileJob(request.jobId);
      case 'grantFiles':
        return host.grantFiles(request.paths);
      case 'grantFolder':
        return host.grantFolder(request.path);
      case 'tick':
        return host.tick();
      case 'lock':
        return host.lock(request.reason);
      case 'close':
        return host.close();
      case 'clock':
        if (!manual) throw new Error('the clock is the system clock');
        if (request.set !== undefined) manual.set(request.set);
        if (request.advanceMs !== undefined) manual.advance(request.advanceMs);
        return null;
    }
  };

  port.on('message', (request: CoreRequest) => {
    answer(request).then(
      (value) => send({ id: request.id, ok: true, value: value ?? null }),
      (error: unknown) => {
        console.error(`[haven] core worker ${request.op} failed:`, error);
        send({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) });
      },
    );
  });
  send({ ready: true });
} catch (error) {
  send({ ready: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
