import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { backupDatabase, restoreDatabase } from '../../core/kernel/db/backup';
import { integrityCheck } from '../../core/kernel/db/database';
import { writeAudit } from '../../core/kernel/audit';
import { keyFilePathFor } from '../../core/kernel/crypto/keyFile';
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
    backupDatabase(db, masterKey, source, out);
    const user = findUserByUsername(db, username);
    writeAudit(db, { userId: user?.id ?? null, username }, new Date(), { action: 'backup.create', details: { out } });
  } finally {
    db.close();
    masterKey.fill(0);
  }
  process.stdout.write(flags.json ? `${JSON.stringify({ backup: out, keyFile: keyFilePathFor(out) })}\n` : `${t('cli.backup.done', { out })}\n`);
}

/**
 * `restore --db FILE --from BACKUP`: the backup must open with the user's password and pass
 * integrity_check before it replaces anything; the replaced files are kept as *.before-restore.
 */
export async function restoreCommand(flags: Flags, t: Translate): Promise<void> {
  const target = resolve(requireFlag(flags, 'db'));
  const backup = resolve(requireFlag(flags, 'from'));
  if (!existsSync(backup) || !existsSync(keyFilePathFor(backup))) throw new CliError(t('cli.backup.missing', { backup }), 2);
  const username = requireFlag(flags, 'user', 'HAVEN_USER').toLowerCase();
  const opened = unlockWithPassword(pathsForDatabase(backup), username, await readPassword(flags));
  try {
    const result = integrityCheck(opened.db);
    if (result.length !== 1 || result[0] !== 'ok') throw new CliError(t('cli.backup.corrupt'));
    const user = findUserByUsername(opened.db, username);
    if (!user || user.disabled || user.role !== 'admin') throw new CliError(t('cli.backup.adminOnly'));
  } finally {
    opened.db.close();
    opened.masterKey.fill(0);
  }
  restoreDatabase(backup, target);
  process.stdout.write(`${t('cli.backup.restored', { db: target })}\n`);
}
