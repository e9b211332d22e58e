import { resolve } from 'node:path';
import { HavenError } from '../../../shared/ipc/errors';
import { normalizeRecoveryKey } from '../../../shared/schemas/recoveryKey';
import { pathsForDatabase, unlockWithRecoveryKey } from '../../core/kernel/vault';
import { writeAudit } from '../../core/kernel/audit';
import { readSecretLine, requireFlag, type Translate } from '../io';
import type { Flags } from '../index';

/**
 * `raw-key`: recovery key on stdin → master key as 64 hex digits, so an administrator can always
 * open the data with standard SQLCipher 4 tools (PRAGMA key = "x'…'"): no lock-in.
 */
export async function rawKeyCommand(flags: Flags, _t: Translate): Promise<void> {
  const paths = pathsForDatabase(resolve(requireFlag(flags, 'db')));
  const recoveryKey = (await readSecretLine()).trim();
  if (!normalizeRecoveryKey(recoveryKey)) {
    throw new HavenError('VALIDATION', { fields: { recoveryKey: 'validation.recoveryKeyFormat' } });
  }
  // Opening the database proves the key is the right one before it is printed.
  const opened = unlockWithRecoveryKey(paths, recoveryKey);
  try {
    // Whoever holds the printed master key can read everything: that it was printed is recorded.
    writeAudit(opened.db, { userId: null, username: null }, new Date(), { action: 'keys.rawKey', entity: 'station', details: { by: 'recovery key' } });
  } finally {
    opened.db.close();
  }
  process.stdout.write(`${opened.masterKey.toString('hex')}\n`);
  opened.masterKey.fill(0);
}
