import { describe, expect, it } from 'vitest';
import { SyncWorker } from '../../electron/core/kernel/syncWorker';
import { readyHelper } from '../../electron/core/bundles/helper';

/** A helper written inline (CommonJS, eval): the protocol linkToCore speaks, by hand. */
function inline(source: string): SyncWorker<unknown, unknown> {
  return new SyncWorker({ filename: source, options: { eval: true } }, null);
}

const ECHO = `
const { workerData } = require('node:worker_threads');
const { port, signal } = workerData.haven;
const counter = new Int32Array(signal);
const post = (m) => { port.postMessage(m); Atomics.add(counter, 0, 1); Atomics.notify(counter, 0); };
port.on('message', (m) => post({ echo: m }));
post({ type: 'haven:sync-worker-ready' });
`;

describe('a helper thread the core blocks on', () => {
  it('is waited for without blocking until it listens; its ready signal is never taken for an answer', async () => {
    const worker = inline(ECHO);
    try {
      await worker.ready(30_000);
      worker.post({ n: 1 });
      expect(worker.receive()).toEqual({ echo: { n: 1 } });
      expect(worker.poll()).toBeUndefined();
    } finally {
      worker.close();
    }
  });

  it('a helper that never listens, or stops, fails `ready` instead of leaving the core waiting', async () => {
    const silent = inline('setInterval(() => {}, 1000);');
    try {
      await expect(silent.ready(200)).rejects.toThrow('did not start in time');
    } finally {
      silent.close();
    }
    const dying = inline('process.exit(3);');
    await expect(dying.ready(30_000)).rejects.toThrow('stopped');
    dying.close();
  });

  it("the bundles' helper starts from the sources and is ready before a job blocks on it", async () => {
    await expect(readyHelper()).resolves.toBeUndefined();
    // A second call finds the idle one ready.
    await expect(readyHelper()).resolves.toBeUndefined();
  });
});
