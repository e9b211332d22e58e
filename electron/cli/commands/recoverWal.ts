import { closeSync, constants, copyFileSync, existsSync, fsyncSync, openSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HavenError } from '../../../shared/ipc/errors';
import { usernameSchema } from '../../../shared/schemas/common';
import { syncFolder } from '../../core/backups/restore';
import { forgetChainKey, writeAudit } from '../../core/kernel/audit';
import { checkpointWal, integrityCheck } from '../../core/kernel/db/database';
import { scanWal } from '../../core/kernel/db/wal';
import { mustChangePassword } from '../../core/kernel/passwordChange';
import { LoginThrottle } from '../../core/kernel/throttle';
import { pathsForDatabase, unlockWithPassword, type OpenedVault } from '../../core/kernel/vault';
import { findUserByUsername } from '../../core/users/repo';
import { CliError, readPassword, requireFlag, type Translate } from '../io';
import type { Flags } from '../index';
import { openForCli } from '../open';

/**
 * Who is asking, settled before anything is copied or written: the password against the key
 * file's slots, and the user (an admin, not disabled, with a password of their own) read from a
 * read-only open that sees the WAL as the recovery would keep it, writing to neither file. The
 * login that follows (openForCli) writes its audit into the WAL, which makes the loss final: so
 * it comes only once the answer is yes. A wrong password counts towards the login wait, as in the
 * app. Returns the password, read once.
 */
async function authorizeRecovery(databasePath: string, flags: Flags, t: Translate): Promise<string> {
  const username = usernameSchema.safeParse(requireFlag(flags, 'user', 'HAVEN_USER'));
  if (!username.success) throw new CliError(t(username.error.issues[0]?.message ?? 'validation.required'), 2);
  const throttle = new LoginThrottle(join(dirname(databasePath), 'login-throttle.json'));
  const wait = throttle.waitSeconds(username.data, new Date());
  if (wait > 0) throw new HavenError('THROTTLED', { params: { seconds: wait } });
  const password = await readPassword(flags);
  let opened: OpenedVault;
  try {
    opened = unlockWithPassword(pathsForDatabase(databasePath), username.data, password, { readOnly: true, acceptWalLoss: true, migrate: false });
  } catch (error) {
    if (error instanceof HavenError && error.code === 'INVALID_CREDENTIALS') throttle.recordFailure(username.data, new Date());
    throw error;
  }
  try {
    const user = findUserByUsername(opened.db, username.data);
    if (!user || user.disabled) throw new HavenError('INVALID_CREDENTIALS');
    if (mustChangePassword(opened.db, user.id)) throw new HavenError('FORBIDDEN', { messageKey: 'cli.passwordChangeRequired' });
    if (user.role !== 'admin') throw new CliError(t('cli.recoverWal.adminOnly'));
  } finally {
    opened.db.close();
    opened.masterKey.fill(0);
  }
  return password;
}

/**
 * The copies kept before the recovery changes anything: never over an existing file, each synced
 * (and the folder) before the WAL is given up; a copy that fails is removed with the other, and
 * nothing is recovered.
 */
function keepCopies(pairs: [from: string, to: string][], t: Translate): void {
  const made: string[] = [];
  try {
    for (const [from, to] of pairs) {
      try {
        copyFileSync(from, to, constants.COPYFILE_EXCL);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(t('cli.recoverWal.exists'));
        rmSync(to, { force: true });
        throw error;
      }
      made.push(to);
      const fd = openSync(to, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    syncFolder(dirname(pairs[0]![1]));
  } catch (error) {
    for (const file of made) rmSync(file, { force: true });
    throw error;
  }
}

/**
 * `recover-wal`: the way out of "the WAL is damaged part-way" (the app refuses to open such a
 * file so that nothing is lost unseen). Only an admin, checked before anything is written or
 * copied; then copies of the damaged WAL and of the database are kept beside them; then SQLite
 * opens the file, keeping every frame before the damage, the WAL is checkpointed into the
 * database, the result is integrity-checked and the loss is audited.
 */
export async function recoverWalCommand(flags: Flags, t: Translate): Promise<void> {
  const databasePath = resolve(requireFlag(flags, 'db'));
  const walPath = `${databasePath}-wal`;
  const scan = scanWal(walPath);
  if (!scan || scan.damagedAt === null) {
    process.stdout.write(flags.json ? `${JSON.stringify({ damaged: false })}\n` : `${t('cli.recoverWal.notDamaged')}\n`);
    return;
  }
  const password = await authorizeRecovery(databasePath, flags, t);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const kept = { wal: `${walPath}.damaged-${stamp}`, database: `${databasePath}.before-recover-wal-${stamp}` };
  if (existsSync(kept.wal) || existsSync(kept.database)) throw new CliError(t('cli.recoverWal.exists'));
  keepCopies(
    [
      [walPath, kept.wal],
      [databasePath, kept.database],
    ],
    t,
  );
  const { db, masterKey, username } = await openForCli(databasePath, flags, password, { acceptWalLoss: true });
  try {
    const user = findUserByUsername(db, username);
    if (!user || user.role !== 'admin') throw new CliError(t('cli.recoverWal.adminOnly'));
    writeAudit(db, { userId: user.id, username }, new Date(), {
      action: 'db.recoverWal',
      details: { validFrames: scan.validFrames, droppedFrames: scan.framesBeyond + 1, keptWal: kept.wal, keptDatabase: kept.database },
    });
    checkpointWal(db);
    const integrity = integrityCheck(db);
    const ok = integrity.length === 1 && integrity[0] === 'ok';
    const report = { damaged: true, validFrames: scan.validFrames, droppedFrames: scan.framesBeyond + 1, kept, integrity: ok ? 'ok' : integrity };
    process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${t('cli.recoverWal.done', { valid: scan.validFrames, dropped: report.droppedFrames, wal: kept.wal, database: kept.database })}\n`);
    if (!ok) throw new CliError(t('cli.backup.corrupt'));
  } finally {
    forgetChainKey(db);
    db.close();
    masterKey.fill(0);
  }
}
