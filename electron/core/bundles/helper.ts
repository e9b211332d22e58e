import { MessageChannel, type MessagePort, type TransferListItem } from 'node:worker_threads';
import { AgeDecryptor } from '../kernel/identity/ageStream';
import type { SigningPublicKey } from '../kernel/identity/minisign';
import { SyncWorker, type WorkerEntry } from '../kernel/syncWorker';
import type { Db } from '../kernel/db/database';
import { BatchWriter } from './apply';
import { BundleRefusal, type BundleReason } from './errors';
import type { ClaimedHeader, Manifest } from './format';
import type { PackedPart, Packer } from './pack';
import type { BundleSchema, Batch, Clear, Patch } from './rows';
import { readRange } from './seal';
import { bundleWorkerEntry } from './workerEntry';
import type { ZipLimits } from './zip';

/**
 * The bundles' helper thread, seen from the core's thread. A `full` bundle at county scale is
 * three quarters of a gigabyte of NDJSON: its compression and hashing (export), its inflating,
 * hashing, parsing, checking and remapping (import) run in the helper while the core's thread
 * reads or writes the rows, each a part at a time, so the two overlap on a two-core office PC.
 * The core's thread never awaits (it is inside one transaction): it posts to the helper and
 * blocks when it needs an answer (kernel/syncWorker.ts). The helper gets no key but public ones:
 * decryption and signing stay in the core's thread. Closing the helper (the job ended, failed
 * or was stopped) ends it wherever it is.
 */

/** What the helper is started for (worker.ts reads it). */
export type HelperStart =
  | { role: 'pack' }
  | {
      role: 'import';
      header: ClaimedHeader & { comment: string };
      key: SigningPublicKey;
      limits: ZipLimits;
      readmeSha256: string;
      schema: BundleSchema;
      station: string;
      /**
       * Batches written by the core's thread (Int32 0). The helper keeps at most BATCHES_AHEAD
       * (worker.ts) more, and takes each written batch's buffer back off `spares` to write the
       * next one into.
       */
      written: SharedArrayBuffer;
      spares: MessagePort;
    };

export type PackIn = { type: 'part'; name: string; rows: number; data: Uint8Array };
export type PackOut = ({ type: 'packed' } & PackedPart) | { type: 'failed'; message: string };

export type ImportIn = { type: 'data'; chunk: Uint8Array } | { type: 'flush' } | { type: 'finish' };
export type ImportOut =
  | { type: 'batch'; batch: Batch }
  | { type: 'patch'; patch: Patch }
  | { type: 'clear'; clear: Clear }
  | { type: 'consumed'; bytes: number }
  | { type: 'flushed' }
  | { type: 'done'; manifest: Manifest; patches: Patch[]; clears: Clear[]; made: HelperImportFigures }
  | { type: 'refused'; reason: BundleReason; params?: Record<string, string | number> }
  | { type: 'failed'; message: string };

type AnyHelper = SyncWorker<{ type: 'start'; start: HelperStart } | PackIn | ImportIn, PackOut | ImportOut>;

/**
 * One helper is kept between jobs (starting one costs a few tens of milliseconds built, most of a
 * second from the sources), for a while: a job that ends cleanly gives it back, one that fails or
 * is stopped ends it, whatever it was doing; unused for IDLE_MS, it ends.
 */
let idle: AnyHelper | null = null;
let idleTimer: ReturnType<typeof setTimeout> | null = null;
const IDLE_MS = 60_000;

interface Helper<In, Out> {
  worker: SyncWorker<In, Out>;
  /** The job is over: back to idle if it ended cleanly (every answer taken), else stopped. */
  release(clean: boolean): void;
}

/**
 * The helper's young generation kept small: it makes short-lived objects at a high rate, and
 * V8's default (48 MB on a 64-bit machine) let them add 35–80 MB to an import's peak (measured
 * at 30,000 persons: 349–398 MB against 313–316 MB, for about 6 % more CPU).
 */
function limited(entry: WorkerEntry): WorkerEntry {
  return { ...entry, options: { ...entry.options, resourceLimits: { maxYoungGenerationSizeMb: 8 } } };
}

/** How long a new helper may take to load (from the sources under a loaded machine: seconds). */
const START_MS = 60_000;

/** Keeps `worker` as the idle helper, ended after IDLE_MS unused. */
function park(worker: AnyHelper): void {
  idle = worker;
  idleTimer = setTimeout(() => {
    idle?.close();
    idle = null;
    idleTimer = null;
  }, IDLE_MS);
  // Waiting for it keeps no process alive.
  idleTimer.unref();
}

/**
 * A helper started and loaded before a job blocks on it: called (awaited) before the export's
 * or the import's synchronous part, so that no `receive` ever waits on a helper still loading
 * (SyncWorker.ready says why).
 */
export async function readyHelper(): Promise<void> {
  if (idle?.alive) return;
  idle?.close();
  idle = null;
  const worker = new SyncWorker(limited(bundleWorkerEntry()), null) as AnyHelper;
  try {
    await worker.ready(START_MS);
  } catch (error) {
    worker.close();
    throw error;
  }
  // Another job may have parked one meanwhile: one is enough.
  if (idle) worker.close();
  else park(worker);
}

function startHelper<In, Out>(start: HelperStart, transfer?: readonly TransferListItem[]): Helper<In, Out> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const kept = idle?.alive ? idle : null;
  if (idle && !kept) idle.close();
  const worker = kept ?? (new SyncWorker(limited(bundleWorkerEntry()), null) as AnyHelper);
  idle = null;
  worker.post({ type: 'start', start }, transfer);
  return {
    worker: worker as unknown as SyncWorker<In, Out>,
    release(clean) {
      if (!clean || idle !== null) return worker.close();
      park(worker);
    },
  };
}

const asBuffer = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** Parts handed to the helper and not yet back: 4 × 4 MiB of NDJSON at most. */
const PACKS_IN_FLIGHT = 4;

/** Buffers this long have an ArrayBuffer of their own (Node pools only those under 4 KiB). */
const OWN_BUFFER = 4096;

/** Packs a `full` export's parts in the helper, in order. */
export function helperPacker(): Packer {
  const started = startHelper<PackIn, PackOut>({ role: 'pack' });
  const helper = started.worker;
  let inFlight = 0;
  let failed = false;
  let done: PackedPart[] = [];
  const accept = (message: PackOut) => {
    if (message.type === 'failed') {
      failed = true;
      throw new Error(`bundle helper: ${message.message}`);
    }
    inFlight--;
    const { type: _type, ...part } = message;
    done.push({ ...part, body: asBuffer(part.body) });
  };
  return {
    pack(name, data, rows) {
      // A part's buffer goes over to the helper without a copy (PayloadWriter made it for this part
      // alone); a small one (Node's shared pool holds those) is copied.
      if (data.byteLength >= OWN_BUFFER) helper.post({ type: 'part', name, rows, data }, [data.buffer as ArrayBuffer]);
      else helper.post({ type: 'part', name, rows, data });
      inFlight++;
      for (let m = helper.poll(); m !== undefined; m = helper.poll()) accept(m);
      while (inFlight > PACKS_IN_FLIGHT) accept(helper.receive());
    },
    take(all) {
      for (let m = helper.poll(); m !== undefined; m = helper.poll()) accept(m);
      if (all) while (inFlight > 0) accept(helper.receive());
      const out = done;
      done = [];
      return out;
    },
    close: () => started.release(!failed && inFlight === 0),
  };
}

/**
 * Decrypted payload handed to the helper and not yet taken apart. With 1 MiB the helper sat idle
 * while this thread wrote a batch, and then this thread waited for the next one; 4 MiB keeps both
 * busy (a county import 0.1–0.35 s faster in four alternating pairs, 100,000 persons 1.2–2 s).
 * What the helper makes of it is bounded apart (BATCHES_AHEAD, worker.ts): before that bound, the
 * 4 MiB cost 30–60 MB at the peak, and 1 MiB (with 128 KiB reads) saved most of it but was 0.5 s
 * slower at 30,000 persons and 2.7 s at 100,000.
 */
const IMPORT_IN_FLIGHT = 4 * 1024 * 1024;

/** How many batches the helper planned in an import, and how many buffers it made for them. */
export interface HelperImportFigures {
  batches: number;
  buffers: number;
}

let lastImport: HelperImportFigures | null = null;

/** The last import's figures in this process (tests look at them: a few buffers serve every batch). */
export function lastHelperImport(): HelperImportFigures | null {
  return lastImport;
}

export interface HelperImport {
  path: string;
  payload: { offset: number; length: number };
  /** This database's age identity (decryption happens here, not in the helper). */
  identity: string;
  start: Omit<Extract<HelperStart, { role: 'import' }>, 'written' | 'spares'>;
  /** Bytes of the payload read, as they are. */
  onRead: (done: number, total: number) => void;
}

/**
 * A `full` bundle's payload: read and decrypted here, taken apart and planned in the helper, the
 * rows written here as their batches come back. Everything happens in stream order: a refusal
 * the helper finds comes after the rows before it were written (a database error in one of those
 * is the one reported, as when all of it ran in one stream), and a decryption that fails is
 * reported only once the helper has gone through the plaintext before it. Returns the checked
 * manifest; the caller's transaction is rolled back on any throw.
 */
export function importInHelper(db: Db, run: HelperImport): Manifest {
  const written = new Int32Array(new SharedArrayBuffer(4));
  const { port1: spares, port2: sparesForHelper } = new MessageChannel();
  const started = startHelper<ImportIn, ImportOut>({ ...run.start, written: written.buffer as SharedArrayBuffer, spares: sparesForHelper }, [sparesForHelper]);
  const helper = started.worker;
  const writer = new BatchWriter(db);
  let fed = 0;
  let consumed = 0;
  let flushed = false;
  let result: Extract<ImportOut, { type: 'done' }> | null = null;
  /** The helper has said its last word on this job (done, or why not): nothing more will come from it. */
  let settled = false;
  const handle = (message: ImportOut) => {
    switch (message.type) {
      case 'batch': {
        const jsonb = message.batch.jsonb;
        writer.write({ ...message.batch, jsonb: asBuffer(jsonb) });
        // The buffer goes back to be written over (no garbage of megabytes per batch), then the
        // helper, which may be waiting for this batch to be written, is woken.
        spares.postMessage(jsonb.buffer, [jsonb.buffer as ArrayBuffer]);
        Atomics.add(written, 0, 1);
        Atomics.notify(written, 0);
        return;
      }
      case 'patch':
        writer.patch([message.patch]);
        return;
      case 'clear':
        writer.clear(message.clear);
        return;
      case 'consumed':
        consumed += message.bytes;
        return;
      case 'flushed':
        flushed = true;
        return;
      case 'done':
        settled = true;
        result = message;
        return;
      case 'refused':
        settled = true;
        throw new BundleRefusal(message.reason, message.params);
      case 'failed':
        settled = true;
        throw new Error(`bundle helper: ${message.message}`);
    }
  };
  let plain: Buffer[] = [];
  let plainBytes = 0;
  const send = () => {
    if (plainBytes === 0) return;
    const chunk = Buffer.allocUnsafeSlow(plainBytes);
    let at = 0;
    for (const p of plain) at += p.copy(chunk, at);
    helper.post({ type: 'data', chunk }, [chunk.buffer as ArrayBuffer]);
    fed += plainBytes;
    plain = [];
    plainBytes = 0;
  };
  const decryptor = new AgeDecryptor(run.identity, (p) => {
    plain.push(p);
    plainBytes += p.length;
  });
  const decrypting = (step: () => void) => {
    try {
      step();
    } catch (error) {
      // The plaintext before the chunk that failed is the helper's to go through first.
      send();
      helper.post({ type: 'flush' });
      while (!flushed) handle(helper.receive());
      throw error;
    }
  };
  try {
    readRange(run.path, run.payload.offset, run.payload.length, (chunk, done) => {
      decrypting(() => decryptor.push(chunk));
      send();
      for (let m = helper.poll(); m !== undefined; m = helper.poll()) handle(m);
      while (fed - consumed > IMPORT_IN_FLIGHT) handle(helper.receive());
      run.onRead(done, run.payload.length);
    });
    decrypting(() => decryptor.finish());
    send();
    helper.post({ type: 'finish' });
    while (result === null) handle(helper.receive());
    const { manifest, patches, clears, made } = result as Extract<ImportOut, { type: 'done' }>;
    lastImport = made;
    for (const clear of clears) writer.clear(clear);
    writer.patch(patches);
    return manifest;
  } finally {
    // Kept only if it has nothing more to say (what it was sent after its last word, it ignores).
    spares.close();
    started.release(settled);
  }
}

