import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { backupDatabase } from '../../core/kernel/db/backup';
import { appendRestoreLog, stageRestore, swapIntoPlace } from '../../core/backups/restore';
import { HavenError } from '../../../shared/ipc/errors';
import { writeAudit } from '../../core/kernel/audit';
import { keyFilePathFor } from '../../core/kernel/crypto/keyFile';
import type { Db } from '../../core/kernel/db/database';
import { pathsForDatabase, unlockWithPassword } from '../../core/kernel/vault';
import { findUserByUsername } from '../../core/users/repo';
import { CliError, readPassword, requireFlag, type Translate } from '../io';
import type { Flags } from '../index';
import { openForCli } from '../open';

/** `backup --db FILE --out FILE`: a checked, encrypted copy plus its key file. */
export async function backupCommand(flags: Flags, t: Translate): Promise<void> {
  const source = resolve(requireFlag(flags, 'db'));
  const out = resolve(requireFlag(flags, 'out'));
  const { db, masterKey, username } = await openForCli(source, flags);
  try {
    const user = findUserByUsername(db, username);
    // As backups:run in the app: a copy of every file, readable by whoever holds a password of it, is an admin's act.
    if (!user || user.role !== 'admin') throw new CliError(t('cli.backup.makeAdminOnly'));
    backupDatabase(db, masterKey, source, out);
    writeAudit(db, { userId: user.id, username }, new Date(), { action: 'backup.create', details: { out } });
  } finally {
    db.close();
    masterKey.fill(0);
  }
  process.stdout.write(flags.json ? `${JSON.stringify({ backup: out, keyFile: keyFilePathFor(out) })}\n` : `${t('cli.backup.done', { out })}\n`);
}

/**
 * `restore --db FILE --from BACKUP`: as the app restores (core/backups/restore.ts) — the backup
 * opened read-only with the user's password through its own key slots, copied beside the
 * database and checked there (integrity_check, schema not newer, the user an admin in it); only
 * then the current files are renamed aside (`<name>-before-restore-<time>.db`, never over an
 * existing file) and the copy renamed into place; any failure puts them back. The current
 * database need not open (restoring a damaged one is what this is for).
 */
function currentIfReadable(path: string, username: string, password: string): Db | null {
  if (!existsSync(path) || !existsSync(keyFilePathFor(path))) return null;
  try {
    // Not read-only: that would leave an empty -wal and -shm beside the kept files. Nothing is
    // written (no migration); closing only folds its own WAL in, as any open does, and a damaged
    // WAL is refused by the open (the restore then goes on without it).
    const opened = unlockWithPassword(pathsForDatabase(path), username, password, { migrate: false });
    opened.masterKey.fill(0);
    return opened.db;
  } catch {
    return null;
  }
}

export async function restoreCommand(flags: Flags, t: Translate): Promise<void> {
  const target = resolve(requireFlag(flags, 'db'));
  const backup = resolve(requireFlag(flags, 'from'));
  if (!existsSync(backup) || !existsSync(keyFilePathFor(backup))) throw new CliError(t('cli.backup.missing', { backup }), 2);
  const username = requireFlag(flags, 'user', 'HAVEN_USER').toLowerCase();
  const password = await readPassword(flags);
  const now = new Date();
  const source = { path: backup, name: basename(backup) };
  let keptAs: string;
  // The current database, if it still opens with this password: what it sent upward
  // and the ids it gave come along into the restored one, as in the app. Closed before the swap.
  const current = currentIfReadable(target, username, password);
  try {
    let staged;
    try {
      staged = await stageRestore(
        { source, username, credential: { password }, currentDb: current, currentMode: null, databasePath: target, vaultOptions: {}, confirm: null, now, actor: { username } },
        () => {},
      );
    } finally {
      current?.close();
    }
    keptAs = swapIntoPlace(staged, target, now, {});
  } catch (error) {
    appendRestoreLog(target, now, `refused ${source.name}: ${error instanceof HavenError ? error.messageKey : 'errors.INTERNAL'}`);
    throw error;
  }
  appendRestoreLog(target, now, `restored ${source.name}; previous files kept as ${keptAs}`);
  process.stdout.write(`${t('cli.backup.restored', { db: target, kept: keptAs })}\n`);
}
