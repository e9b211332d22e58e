import { MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort, type TransferListItem, type WorkerOptions } from 'node:worker_threads';

/**
 * A helper thread the core's own thread talks to without awaiting. The core never awaits inside a
 * transaction (another request would slip into it), so it posts work to the helper and, when it
 * needs an answer, blocks on a shared counter the helper bumps after every message it posts
 * (Atomics.wait), then takes the message off its port (receiveMessageOnPort). Answers come in the
 * order the helper posts them. The helper has no database: it does the CPU work around one (a
 * bundle's compression, hashing, parsing and checks) while the core's thread does the SQL.
 */
export interface WorkerEntry {
  filename: string | URL;
  options?: WorkerOptions;
}

/** How often a blocked wait looks whether the helper is still alive (its death sends no message we could wait for). */
const POLL_MS = 250;
/**
 * A helper silent this long while the core waits for it is given up on (the job fails) rather than
 * waited for forever: its slowest answer, a county bundle's last part, takes seconds.
 */
const SILENCE_MS = 120_000;
/** What the helper's side posts first, once its code is loaded and it listens (see `ready`). */
const READY = 'haven:sync-worker-ready';

interface HelperData {
  port: MessagePort;
  signal: SharedArrayBuffer;
  data: unknown;
}

export class SyncWorker<In, Out> {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private closed = false;
  private started = false;

  constructor(entry: WorkerEntry, data: unknown) {
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const haven: HelperData = { port: port2, signal, data };
    this.worker = new Worker(entry.filename, {
      ...entry.options,
      workerData: { haven },
      transferList: [port2],
    });
    // Nothing of the helper keeps the process alive; errors come back as messages or as its death.
    this.worker.on('error', () => {});
    this.worker.unref();
    this.port = port1;
    this.signal = new Int32Array(signal);
  }

  post(message: In, transfer?: readonly TransferListItem[]): void {
    if (this.closed) throw new Error('helper thread closed');
    this.port.postMessage(message, transfer);
  }

  /** The next message if one is there, without waiting. */
  poll(): Out | undefined {
    for (;;) {
      const got = receiveMessageOnPort(this.port);
      if (got === undefined) return undefined;
      if ((got.message as { type?: unknown } | null)?.type !== READY) return got.message as Out;
      this.started = true;
    }
  }

  /**
   * Resolves once the helper's code is loaded and it listens, without blocking this thread. Wait
   * for it before the first blocking `receive`: from the sources, the helper's modules are
   * compiled through the loader hooks of tsx, and with this thread blocked in Atomics.wait that
   * loading could wait for this thread in turn (a fresh checkout's first test run hung so).
   */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // A message before READY cannot come (the helper posts READY first); poll() keeps none back.
      const early = this.poll();
      if (early !== undefined) throw new Error('the helper thread answered before it was ready');
      if (this.started) return;
      if (this.worker.threadId === -1) throw new Error('the helper thread stopped (it could not start, or it crashed)');
      if (Date.now() > deadline) throw new Error('the helper thread did not start in time');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** The next message, waiting for it (this thread blocks: nothing else runs in it meanwhile). */
  receive(): Out {
    const since = Date.now();
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const message = this.poll();
      if (message !== undefined) return message;
      if (Atomics.wait(this.signal, 0, seen, POLL_MS) === 'timed-out') {
        if (this.worker.threadId === -1) {
          // It may have posted its last message just before it stopped.
          const last = this.poll();
          if (last !== undefined) return last;
          throw new Error('the helper thread stopped (it could not start, or it crashed)');
        }
        if (Date.now() - since > SILENCE_MS) throw new Error('the helper thread does not answer');
      }
    }
  }

  /** Whether the thread still runs (a crash sends no message). */
  get alive(): boolean {
    return !this.closed && this.worker.threadId !== -1;
  }

  /** Stops the helper (whatever it is doing) and frees its memory. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }
}

/** The helper's side: the data it was started with, and posting an answer so that a blocked `receive` wakes. */
export interface CoreLink<In, Out> {
  data: unknown;
  post(message: Out, transfer?: readonly TransferListItem[]): void;
  onMessage(handle: (message: In) => void): void;
}

/** Called once by the helper's code when it is loaded: the core's `ready` resolves with its first listener. */
export function linkToCore<In, Out>(): CoreLink<In, Out> {
  const { port, signal, data } = (workerData as { haven: HelperData }).haven;
  const counter = new Int32Array(signal);
  const post = (message: unknown, transfer?: readonly TransferListItem[]) => {
    port.postMessage(message, transfer);
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
  };
  let announced = false;
  return {
    data,
    post,
    onMessage(handle) {
      port.on('message', handle);
      if (!announced) post({ type: READY });
      announced = true;
    },
  };
}
