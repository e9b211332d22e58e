import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { auditHead, verifyAnchor, verifyAuditChain, ANCHOR_PREFIX_HEX, type AnchorCheck, type AuditHead } from '../../core/kernel/audit';
import { keyFilePathFor } from '../../core/kernel/crypto/keyFile';
import { forgetChainKey } from '../../core/kernel/audit';
import { integrityCheck } from '../../core/kernel/db/database';
import { SCHEMA_VERSION, schemaVersion } from '../../core/kernel/db/migrate';
import { pathsForDatabase, unlockWithPassword } from '../../core/kernel/vault';
import { CliError, readPassword, type Translate } from '../io';
import type { Flags } from '../index';
import { openForCli } from '../open';

interface Anchor {
  eventId: number;
  hash: string;
  from: string;
}

/** `--anchor ID:HASH` as printed on an audit receipt (the hash may be shortened to 16 hex digits). */
function parseAnchor(text: string, t: Translate): Anchor {
  const match = /^(\d{1,12}):([0-9a-fA-F\s]+)$/.exec(text.trim());
  const hash = match?.[2]?.replace(/\s+/g, '').toLowerCase() ?? '';
  if (!match || hash.length < ANCHOR_PREFIX_HEX || hash.length > 64) throw new CliError(t('cli.check.badAnchor', { anchor: text }), 2);
  return { eventId: Number(match[1]), hash, from: text.trim() };
}

/**
 * The head of a backup's chain: opened with the same user and password, read-only (a read-write
 * open would switch it to WAL, change its bytes and leave -wal/-shm beside it — and fail on a
 * write-protected stick), read, closed.
 */
function backupHead(path: string, username: string, password: string, t: Translate): AuditHead {
  if (!existsSync(path) || !existsSync(keyFilePathFor(path))) throw new CliError(t('cli.backup.missing', { backup: path }), 2);
  const opened = unlockWithPassword(pathsForDatabase(path), username, password, { migrate: false, readOnly: true });
  try {
    const head = auditHead(opened.db);
    if (!head) throw new CliError(t('cli.check.backupEmpty', { backup: path }));
    return head;
  } finally {
    forgetChainKey(opened.db);
    opened.db.close();
    opened.masterKey.fill(0);
  }
}

/**
 * `check`: SQLite integrity, the audit chain (keyed links, the first event, the append-only
 * triggers) and, given anchors written down outside the file (an audit receipt's `--anchor`,
 * an older backup's `--against`), that the chain still holds them. Exit 1 if anything fails.
 */
export async function checkCommand(flags: Flags, t: Translate): Promise<void> {
  const anchors = ((flags.anchor as string[] | undefined) ?? []).map((a) => parseAnchor(a, t));
  const password = await readPassword(flags);
  const { db, masterKey, username } = await openForCli(resolve(String(flags.db ?? '')), flags, password);
  try {
    for (const backup of (flags.against as string[] | undefined) ?? []) {
      const head = backupHead(resolve(backup), username, password, t);
      anchors.push({ eventId: head.id, hash: head.hash, from: backup });
    }
    const integrity = integrityCheck(db);
    const audit = verifyAuditChain(db);
    const anchored = anchors.map((anchor) => ({ ...anchor, outcome: verifyAnchor(db, anchor).outcome as AnchorCheck['outcome'] }));
    const report = {
      integrity: integrity.length === 1 && integrity[0] === 'ok' ? 'ok' : integrity,
      schemaVersion: schemaVersion(db),
      supportedSchemaVersion: SCHEMA_VERSION,
      audit,
      anchors: anchored,
    };
    if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      process.stdout.write(`${t('cli.check.integrity')}: ${report.integrity === 'ok' ? 'ok' : integrity.join('; ')}\n`);
      const problem = audit.problem ? t(`auditChain.problem.${audit.problem}`, { id: audit.brokenAt ?? '?' }) : 'ok';
      process.stdout.write(`${t('cli.check.audit', { events: audit.events })}: ${problem}\n`);
      if (audit.head) process.stdout.write(`${t('cli.check.head', { id: audit.head.id, hash: audit.head.hash })}\n`);
      for (const a of anchored) {
        process.stdout.write(`${t('cli.check.anchor', { from: a.from, id: a.eventId })}: ${t(`cli.check.anchorOutcome.${a.outcome}`)}\n`);
      }
    }
    if (report.integrity !== 'ok' || !audit.ok || anchored.some((a) => a.outcome !== 'holds')) throw new CliError(t('cli.check.failed'));
  } finally {
    forgetChainKey(db);
    db.close();
    masterKey.fill(0);
  }
}
