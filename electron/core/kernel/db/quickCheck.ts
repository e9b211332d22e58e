import { lastMessageAtExit, startDbThread } from './dbThread';

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

// Runs after dbThread.ts's prelude (openKeyed, rawKey, describeError).
const CHECK_SOURCE = `
let db;
try {
  db = openKeyed(workerData.path, { readonly: true, fileMustExist: true });
  rawKey.fill(0);
  db.pragma('cache_size = -16384');
  const lines = db.pragma('quick_check(20)').map((r) => String(r.quick_check));
  parentPort.postMessage({ ok: lines.length === 1 && lines[0] === 'ok', problems: lines[0] === 'ok' ? [] : lines });
} catch (error) {
  parentPort.postMessage({ ok: false, problems: [describeError(error)] });
} finally {
  rawKey.fill(0);
  if (db) db.close();
}
`;

export function startQuickCheck(
  path: string,
  masterKey: Buffer,
  nativeBinding: string | undefined,
  onResult: (result: QuickCheckResult) => void,
): QuickCheckHandle {
  let stopped = false;
  const worker = startDbThread(CHECK_SOURCE, masterKey, { path, nativeBinding }, { background: true });
  void lastMessageAtExit<QuickCheckResult>(worker, (detail) => ({ ok: false, problems: [detail] })).then((result) => {
    if (!stopped) onResult(result);
    stopped = true;
  });
  return {
    stop() {
      stopped = true;
      void worker.terminate();
    },
  };
}
