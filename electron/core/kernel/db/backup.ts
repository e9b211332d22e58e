import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { HavenError } from '../../../../shared/ipc/errors';
import { keyFilePathFor, readKeyFile, writeKeyFile } from '../crypto/keyFile';
import { integrityCheck, openDatabase, type Db } from './database';
import { lastMessageAtExit, startDbThread } from './dbThread';
import { withPageCache } from './pageCache';

/** Written into the copy's meta table (key `backup`); removed again from a restored database. */
export interface BackupLabel {
  at: string;
  by: string | null;
  automatic: boolean;
}

/**
 * A backup is the pair a station needs to restore: `VACUUM INTO` a temporary file (it stays
 * encrypted with the same key), the label written into it and integrity_check run on it before it
 * is renamed into place, plus a copy of the key file beside it. The SQLite backup API is not
 * reliable across encrypted databases, so it is not used.
 *
 * Two ways to make the copy, the same steps: `backupDatabase` on the caller's connection (the
 * command line, and the backup at lock or exit, when nobody waits for the core) and
 * `backupDatabaseInThread` on a connection of its own in another thread (the admin's 立即备份 and
 * the daily time, while people work: at county scale the copy and its check take ~10 s).
 */
function beginBackup(outPath: string): string {
  if (existsSync(outPath)) throw new HavenError('CONFLICT', { messageKey: 'errors.BACKUP_EXISTS' });
  mkdirSync(dirname(outPath), { recursive: true });
  // Unique per call: two backups of the same second (an exit during 立即备份) never share one.
  const tmp = `${outPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  rmSync(tmp, { force: true });
  return tmp;
}

/** The checked copy and its key file renamed into place; on any failure neither is left behind. */
function finishBackup(tmp: string, sourcePath: string, outPath: string, makeCopy: () => void): void {
  try {
    makeCopy();
    writeKeyFile(`${keyFilePathFor(outPath)}.tmp`, readKeyFile(keyFilePathFor(sourcePath)));
    renameSync(tmp, outPath);
    renameSync(`${keyFilePathFor(outPath)}.tmp`, keyFilePathFor(outPath));
  } catch (error) {
    discardBackup(tmp, outPath);
    throw error;
  }
}

function discardBackup(tmp: string, outPath: string): void {
  rmSync(tmp, { force: true });
  rmSync(`${tmp}-journal`, { force: true });
  rmSync(`${keyFilePathFor(outPath)}.tmp`, { force: true });
}

/** The page cache while a copy is made on the caller's connection (KiB). */
const COPY_PAGE_CACHE_KIB = 8 * 1024;

const LABEL_SQL = `INSERT INTO meta (key, value) VALUES ('backup', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;

export function backupDatabase(db: Db, masterKey: Buffer, sourcePath: string, outPath: string, label?: BackupLabel): void {
  const tmp = beginBackup(outPath);
  finishBackup(tmp, sourcePath, outPath, () => {
    // VACUUM gives the copy the connection's page cache size (128 MB and more), and reads every
    // page through that cache: each page is read and written once, so a small one does as well
    // and the process does not grow by both caches at lock.
    withPageCache(db, COPY_PAGE_CACHE_KIB, () => db.prepare('VACUUM INTO ?').run(tmp));
    const check = openDatabase(tmp, masterKey, { migrate: false, create: true });
    try {
      // Inside the copy, so that a restore's list can say who made it without any file beside it.
      if (label) check.prepare(LABEL_SQL).run(JSON.stringify(label));
      const result = integrityCheck(check);
      if (result.length !== 1 || result[0] !== 'ok') throw new HavenError('INTERNAL', { messageKey: 'errors.BACKUP_CHECK_FAILED' });
      // WAL is a property of the open file; the copy is a plain rollback-journal database.
      check.pragma('journal_mode = DELETE');
    } finally {
      check.close();
    }
  });
}

/** The copy's steps for the progress bar: writing it (bytes so far of about `total`), then checking it. */
export type BackupProgress = { step: 'copy'; bytes: number; total: number } | { step: 'check' };

// Runs after dbThread.ts's prelude. The same steps as backupDatabase's copy, on the thread's own
// connections: a read-only one on the database (it copies the last committed state while the core
// goes on writing) and one on the copy.
const COPY_SOURCE = `
let source;
let copy;
let outcome;
try {
  source = openKeyed(workerData.path, { readonly: true, fileMustExist: true });
  source.prepare('VACUUM INTO ?').run(workerData.tmp);
  source.close();
  source = undefined;
  parentPort.postMessage({ step: 'check' });
  copy = openKeyed(workerData.tmp, { fileMustExist: true });
  rawKey.fill(0);
  copy.pragma('journal_mode = DELETE');
  if (workerData.label) copy.prepare(workerData.labelSql).run(workerData.label);
  const lines = copy.pragma('integrity_check').map((r) => String(r.integrity_check));
  outcome = { step: 'done', ok: lines.length === 1 && lines[0] === 'ok' };
} catch (error) {
  outcome = { step: 'failed', error: describeError(error) };
} finally {
  rawKey.fill(0);
  if (source) source.close();
  if (copy) copy.close();
}
// After the files are closed: the core renames or deletes the copy next.
parentPort.postMessage(outcome);
`;

const PROGRESS_MS = 250;

/**
 * As `backupDatabase`, with the copy and its check in a thread of their own, so the core keeps
 * answering (and the idle lock keeps counting) meanwhile; `onProgress` hears how many bytes of the
 * copy are written. A copy that fails (a USB stick pulled out, a full disk) leaves nothing behind.
 */
export async function backupDatabaseInThread(
  db: Db,
  masterKey: Buffer,
  sourcePath: string,
  outPath: string,
  options: { label?: BackupLabel; nativeBinding?: string; onProgress?: (progress: BackupProgress) => void },
): Promise<void> {
  const tmp = beginBackup(outPath);
  // VACUUM INTO writes the pages in use, about the file less its free pages.
  const pages = (db.pragma('page_count', { simple: true }) as number) - (db.pragma('freelist_count', { simple: true }) as number);
  const total = pages * (db.pragma('page_size', { simple: true }) as number);
  const report = options.onProgress ?? (() => {});
  let outcome: { step: 'done'; ok: boolean } | { step: 'failed'; error: string };
  const worker = startDbThread(COPY_SOURCE, masterKey, {
    path: sourcePath,
    tmp,
    label: options.label ? JSON.stringify(options.label) : null,
    labelSql: LABEL_SQL,
    nativeBinding: options.nativeBinding,
  });
  let copying = true;
  const poll = setInterval(() => {
    if (!copying) return;
    let bytes = 0;
    try {
      bytes = statSync(tmp).size;
    } catch {
      bytes = 0;
    }
    report({ step: 'copy', bytes: Math.min(bytes, total), total });
  }, PROGRESS_MS);
  try {
    report({ step: 'copy', bytes: 0, total });
    outcome = await lastMessageAtExit<typeof outcome>(
      worker,
      (detail) => ({ step: 'failed', error: detail }),
      (message) => {
        if ((message as { step: string }).step !== 'check') return false;
        copying = false;
        report({ step: 'check' });
        return true;
      },
    );
  } finally {
    clearInterval(poll);
  }
  finishBackup(tmp, sourcePath, outPath, () => {
    if (outcome.step === 'failed') throw new HavenError('INTERNAL', { messageKey: 'errors.BACKUP_FAILED', params: { reason: outcome.error } });
    if (!outcome.ok) throw new HavenError('INTERNAL', { messageKey: 'errors.BACKUP_CHECK_FAILED' });
  });
}
