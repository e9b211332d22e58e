import { Worker } from 'node:worker_threads';
import { rawKeyFor } from './database';
import { driverPath, nativeBindingFor } from './driver';

/**
 * A thread of its own with its own connection to an encrypted file, for work that reads a whole
 * county's file (the quick check after unlock, a backup's copy) and must not hold up the core.
 *
 * The thread runs plain JS evaluated from a string: it needs no bundling and runs the same under
 * the tests (TypeScript via Vitest) and in the built core. `THREAD_PRELUDE` gives that JS
 * `openKeyed(path, options)`, which opens a file as `openDatabase` does (SQLCipher 4, the raw key,
 * temporary storage in memory because the cipher does not cover temporary files). The raw key
 * crosses in transferred memory and is wiped on both sides.
 */
const THREAD_PRELUDE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const rawKey = Buffer.from(new Uint8Array(workerData.rawKey)); // a copy: the transferred memory is wiped next
new Uint8Array(workerData.rawKey).fill(0);
function openKeyed(path, options) {
  const db = new Database(path, { ...options, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.key(rawKey);
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
function describeError(error) {
  return String((error && (error.code || error.message)) || error);
}
`;

/**
 * Starts `body` (JS after the prelude; it must call `rawKey.fill(0)` once its files are open) in a
 * thread of its own. A `background` thread does not keep the process alive (the check after
 * unlock: an exit never waits for it); any other is awaited by its caller and must (the command
 * line's `haven restore` would otherwise end mid-check with nothing else to wait for).
 */
export function startDbThread(
  body: string,
  masterKey: Buffer,
  data: { nativeBinding: string | undefined } & Record<string, unknown>,
  options: { background?: boolean } = {},
): Worker {
  const rawKey = rawKeyFor(masterKey);
  const shared = new ArrayBuffer(rawKey.length);
  new Uint8Array(shared).set(rawKey);
  rawKey.fill(0);
  try {
    // The same addon as the core's own connections load (driver.ts).
    const nativeBinding = nativeBindingFor(data.nativeBinding);
    const worker = new Worker(`${THREAD_PRELUDE}\n${body}`, {
      eval: true,
      workerData: { ...data, nativeBinding, rawKey: shared, driver: driverPath() },
      transferList: [shared],
      stdout: false,
      stderr: false,
    });
    if (options.background) worker.unref();
    return worker;
  } catch (error) {
    // Not transferred: the key is still here to wipe.
    if (shared.byteLength > 0) new Uint8Array(shared).fill(0);
    throw error;
  }
}

/**
 * The thread's last message, once the thread has ended: its connections are closed by then, so the
 * caller may rename or delete the files it had open (Windows refuses that while a file is open).
 * A thread that ends without one (it crashed) gives `ended(code)`.
 */
export function lastMessageAtExit<T>(worker: Worker, ended: (detail: string) => T, onMessage?: (message: unknown) => boolean): Promise<T> {
  return new Promise<T>((resolve) => {
    let last: T | undefined;
    let failure: string | undefined;
    worker.on('message', (message: unknown) => {
      // onMessage: a step along the way (true), not the last message.
      if (!onMessage?.(message)) last = message as T;
    });
    worker.once('error', (error) => {
      failure = error.message;
    });
    worker.once('exit', (code) => resolve(last ?? ended(failure ?? `exited (${code})`)));
  });
}

// Runs after the prelude: integrity_check of a whole file on a read-only connection.
const INTEGRITY_SOURCE = `
let db;
let lines;
try {
  db = openKeyed(workerData.path, { readonly: true, fileMustExist: true });
  rawKey.fill(0);
  db.pragma('cache_size = -16384');
  lines = db.pragma('integrity_check').map((r) => String(r.integrity_check));
} catch (error) {
  lines = [describeError(error)];
} finally {
  rawKey.fill(0);
  if (db) db.close();
}
parentPort.postMessage({ lines });
`;

/**
 * `PRAGMA integrity_check` of a whole encrypted file in a thread of its own (a backup looked at
 * before a restore: ~5 s at county scale, during which the core goes on answering). Its lines, or
 * the driver's error as the one line: `['ok']` is sound.
 */
export function integrityCheckInThread(path: string, masterKey: Buffer, nativeBinding: string | undefined): Promise<string[]> {
  const worker = startDbThread(INTEGRITY_SOURCE, masterKey, { path, nativeBinding });
  return lastMessageAtExit<{ lines: string[] }>(worker, (detail) => ({ lines: [detail] })).then((message) => message.lines);
}
