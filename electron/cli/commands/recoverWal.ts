import { copyFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { forgetChainKey, writeAudit } from '../../core/kernel/audit';
import { checkpointWal, integrityCheck } from '../../core/kernel/db/database';
import { scanWal } from '../../core/kernel/db/wal';
import { findUserByUsername } from '../../core/users/repo';
import { CliError, requireFlag, type Translate } from '../io';
import type { Flags } from '../index';
import { openForCli } from '../open';

/**
 * `recover-wal`: the way out of "the WAL is damaged part-way" (the app refuses to open such a
 * file so that nothing is lost unseen). Copies of the damaged WAL and of the database are kept
 * beside them first; then SQLite opens the file, keeping every frame before the damage, the WAL
 * is checkpointed into the database, the result is integrity-checked and the loss is audited.
 */
export async function recoverWalCommand(flags: Flags, t: Translate): Promise<void> {
  const databasePath = resolve(requireFlag(flags, 'db'));
  const walPath = `${databasePath}-wal`;
  const scan = scanWal(walPath);
  if (!scan || scan.damagedAt === null) {
    process.stdout.write(flags.json ? `${JSON.stringify({ damaged: false })}\n` : `${t('cli.recoverWal.notDamaged')}\n`);
    return;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const kept = { wal: `${walPath}.damaged-${stamp}`, database: `${databasePath}.before-recover-wal-${stamp}` };
  if (existsSync(kept.wal) || existsSync(kept.database)) throw new CliError(t('cli.recoverWal.exists'));
  copyFileSync(walPath, kept.wal);
  copyFileSync(databasePath, kept.database);
  const { db, masterKey, username } = await openForCli(databasePath, flags, undefined, { acceptWalLoss: true });
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
