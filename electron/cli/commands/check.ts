import { resolve } from 'node:path';
import { verifyAuditChain } from '../../core/kernel/audit';
import { integrityCheck } from '../../core/kernel/db/database';
import { SCHEMA_VERSION, schemaVersion } from '../../core/kernel/db/migrate';
import { CliError, type Translate } from '../io';
import type { Flags } from '../index';
import { openForCli } from '../open';

/** `check`: SQLite integrity and the audit hash chain; exit 1 if either fails. */
export async function checkCommand(flags: Flags, t: Translate): Promise<void> {
  const { db } = await openForCli(resolve(String(flags.db ?? '')), flags);
  try {
    const integrity = integrityCheck(db);
    const audit = verifyAuditChain(db);
    const report = {
      integrity: integrity.length === 1 && integrity[0] === 'ok' ? 'ok' : integrity,
      schemaVersion: schemaVersion(db),
      supportedSchemaVersion: SCHEMA_VERSION,
      audit,
    };
    if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      process.stdout.write(`${t('cli.check.integrity')}: ${report.integrity === 'ok' ? 'ok' : integrity.join('; ')}\n`);
      process.stdout.write(`${t('cli.check.audit', { events: audit.events })}: ${audit.ok ? 'ok' : t('cli.check.brokenAt', { id: audit.brokenAt ?? '?' })}\n`);
    }
    if (report.integrity !== 'ok' || !audit.ok) throw new CliError(t('cli.check.failed'));
  } finally {
    db.close();
  }
}
