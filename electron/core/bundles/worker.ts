import { receiveMessageOnPort } from 'node:worker_threads';
import { linkToCore, type CoreLink } from '../kernel/syncWorker';
import { BundleRefusal } from './errors';
import type { HelperStart, ImportIn, ImportOut, PackIn, PackOut } from './helper';
import { packPart } from './pack';
import { PayloadReader } from './payload';
import { RowPlanner, snapshotPerson, type Batch, type ScannedPart } from './rows';

/**
 * The bundles' helper thread (see helper.ts): started for one export or one import, it answers
 * the core's thread in order and stops at the first refusal or error, which it reports.
 */
function failed(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Batches the helper may have planned that the core's thread has not yet written: one being
 * written, one waiting. The payload in flight (helper.ts) is compressed, some 45 MB of rows in its
 * 4 MiB, and unbounded the helper ran that far ahead; the buffers written meanwhile came back to it
 * only after the payload before them was taken apart, so it kept making new ones, megabytes each,
 * left to its garbage collector (a re-import at 100,000 persons peaked 60–110 MB higher).
 */
const BATCHES_AHEAD = 2;

type In = { type: 'start'; start: HelperStart } | PackIn | ImportIn;
type Out = PackOut | ImportOut;

/** Packs each part it is given, in order. */
function packing(link: CoreLink<In, Out>): (m: PackIn) => void {
  return (m) => {
    const part = packPart(m.name, m.data, m.rows);
    link.post({ type: 'packed', ...part });
  };
}

/** Takes a `full` bundle's decrypted payload apart as it comes and plans its rows. */
function importing(link: CoreLink<In, Out>, start: Extract<HelperStart, { role: 'import' }>): (m: ImportIn) => void {
  const planner = new RowPlanner(start.schema, snapshotPerson(start.station), {
    patch: (patch) => link.post({ type: 'patch', patch }),
    clear: (clear) => link.post({ type: 'clear', clear }),
  });
  const written = new Int32Array(start.written);
  let posted = 0;
  const out = (batch: Batch) => {
    // Waits (in slices: a helper stopped meanwhile ends) until all but BATCHES_AHEAD - 1 of the
    // batches before this one are written, and takes back the buffers they were in.
    for (let seen = Atomics.load(written, 0); posted - seen >= BATCHES_AHEAD; seen = Atomics.load(written, 0)) Atomics.wait(written, 0, seen, 250);
    for (let got = receiveMessageOnPort(start.spares); got !== undefined; got = receiveMessageOnPort(start.spares)) planner.spare(Buffer.from(got.message as ArrayBuffer));
    posted++;
    link.post({ type: 'batch', batch }, [batch.jsonb.buffer as ArrayBuffer]);
  };
  // The planner reads each part's bytes itself (scan), instead of PayloadReader's JSON.parse.
  const reader = new PayloadReader<ScannedPart>(
    start.header,
    start.key,
    start.limits,
    start.readmeSha256,
    (part) => {
      if (part.table?.scanned) planner.plan(part.table.scanned, out);
    },
    planner,
  );
  return (m) => {
    if (m.type === 'data') {
      reader.push(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength));
      link.post({ type: 'consumed', bytes: m.chunk.byteLength });
    } else if (m.type === 'flush') {
      link.post({ type: 'flushed' });
    } else {
      const manifest = reader.finish();
      link.post({ type: 'done', manifest, ...planner.finish(), made: planner.made });
    }
  };
}

const link = linkToCore<In, Out>();
/** The job in hand (a `start` begins the next one); null once it failed, until the next start. */
let handle: ((m: PackIn & ImportIn) => void) | null = null;
link.onMessage((m) => {
  try {
    if (m.type === 'start') {
      handle = (m.start.role === 'pack' ? packing(link) : importing(link, m.start)) as (m: PackIn & ImportIn) => void;
      return;
    }
    handle?.(m as PackIn & ImportIn);
  } catch (error) {
    handle = null;
    if (error instanceof BundleRefusal) link.post({ type: 'refused', reason: error.reason, params: error.params as Record<string, string | number> | undefined });
    else link.post({ type: 'failed', message: failed(error) });
  }
});
