import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { rawKeyFor } from './database';

/**
 * `PRAGMA quick_check` of the whole file after unlock, on its own read-only connection in its own
 * thread: at county scale it reads ~600 MB (≈4 s), which must not hold up the first screens.
 * SQLCipher checks every page's HMAC as it reads it, so a damaged page anywhere surfaces here
 * rather than months later when someone opens the file that lives on it.
 */
export interface QuickCheckResult {
  ok: boolean;
  /** quick_check's own lines (or the driver's error) when not ok; at most 20. */
  problems: string[];
}

export interface QuickCheckHandle {
  /** Stops the check (lock, logout); its result is then never reported. */
  stop(): void;
}

// The worker is plain JS evaluated from this string: it needs no bundling and runs the same under
// the tests (TypeScript via Vitest) and in the built core.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const rawKey = Buffer.from(new Uint8Array(workerData.rawKey)); // a copy: the transferred memory is wiped next
new Uint8Array(workerData.rawKey).fill(0);
let db;
try {
  db = new Database(workerData.path, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.key(rawKey);
  rawKey.fill(0);
  db.pragma('cache_size = -16384');
  db.pragma('temp_store = MEMORY'); // as openDatabase: the cipher does not cover temporary files
  const lines = db.pragma('quick_check(20)').map((r) => String(r.quick_check));
  parentPort.postMessage({ ok: lines.length === 1 && lines[0] === 'ok', problems: lines[0] === 'ok' ? [] : lines });
} catch (error) {
  parentPort.postMessage({ ok: false, problems: [String((error && (error.code || error.message)) || error)] });
} finally {
  rawKey.fill(0);
  if (db) db.close();
}
`;

/** Where the driver lives: the built core has CommonJS `require`; under Vitest, resolve from the project. */
function driverPath(): string {
  const resolver = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'package.json'));
  return resolver.resolve('better-sqlite3-multiple-ciphers');
}

export function startQuickCheck(
  path: string,
  masterKey: Buffer,
  nativeBinding: string | undefined,
  onResult: (result: QuickCheckResult) => void,
): QuickCheckHandle {
  const rawKey = rawKeyFor(masterKey);
  const shared = new ArrayBuffer(rawKey.length);
  new Uint8Array(shared).set(rawKey);
  rawKey.fill(0);
  let stopped = false;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, rawKey: shared, nativeBinding, driver: driverPath() },
    transferList: [shared],
    stdout: false,
    stderr: false,
  });
  worker.unref();
  worker.once('message', (result: QuickCheckResult) => {
    if (!stopped) onResult(result);
    stopped = true;
    void worker.terminate();
  });
  worker.once('error', (error) => {
    if (!stopped) onResult({ ok: false, problems: [error.message] });
    stopped = true;
  });
  return {
    stop() {
      stopped = true;
      void worker.terminate();
    },
  };
}
