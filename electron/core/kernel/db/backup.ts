import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { HavenError } from '../../../../shared/ipc/errors';
import { keyFilePathFor, readKeyFile, writeKeyFile } from '../crypto/keyFile';
import { integrityCheck, openDatabase, type Db } from './database';

/** Written into the copy's meta table (key `backup`); removed again from a restored database. */
export interface BackupLabel {
  at: string;
  by: string | null;
  automatic: boolean;
}

/**
 * A backup is the pair a station needs to restore: `VACUUM INTO` a temporary file (it stays
 * encrypted with the same key), checked with integrity_check before it is renamed into place,
 * plus a copy of the key file beside it. The SQLite backup API is not reliable across
 * encrypted databases, so it is not used.
 */
export function backupDatabase(db: Db, masterKey: Buffer, sourcePath: string, outPath: string, label?: BackupLabel): void {
  if (existsSync(outPath)) throw new HavenError('CONFLICT', { messageKey: 'errors.BACKUP_EXISTS' });
  mkdirSync(dirname(outPath), { recursive: true });
  const tmp = `${outPath}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    const check = openDatabase(tmp, masterKey, { migrate: false, create: true });
    try {
      // Inside the copy, so that a restore's list can say who made it without any file beside it.
      if (label) check.prepare(`INSERT INTO meta (key, value) VALUES ('backup', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(JSON.stringify(label));
      const result = integrityCheck(check);
      if (result.length !== 1 || result[0] !== 'ok') throw new HavenError('INTERNAL', { messageKey: 'errors.BACKUP_CHECK_FAILED' });
      // WAL is a property of the open file; the copy is a plain rollback-journal database.
      check.pragma('journal_mode = DELETE');
    } finally {
      check.close();
    }
    writeKeyFile(`${keyFilePathFor(outPath)}.tmp`, readKeyFile(keyFilePathFor(sourcePath)));
    renameSync(tmp, outPath);
    renameSync(`${keyFilePathFor(outPath)}.tmp`, keyFilePathFor(outPath));
  } catch (error) {
    rmSync(tmp, { force: true });
    rmSync(`${keyFilePathFor(outPath)}.tmp`, { force: true });
    throw error;
  }
}
