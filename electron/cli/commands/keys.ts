import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HavenError } from '../../../shared/ipc/errors';
import { systemClock } from '../../core/kernel/clock';
import { keySheet } from '../../core/kernel/identity/ownKeys';
import { opsFor, type Ops } from '../../core/kernel/ops';
import { findUserByUsername } from '../../core/users/repo';
import { CliError, publishFile, systemReason, type Translate } from '../io';
import type { Flags } from '../index';
import { openForCli } from '../open';

/** Opens the database as the given user and hands the command an Ops; admins only when `admin`. */
export async function withOps<T>(flags: Flags, admin: boolean, fn: (ops: Ops) => Promise<T>): Promise<T> {
  const { db, masterKey, username } = await openForCli(resolve(String(flags.db ?? '')), flags);
  try {
    const user = findUserByUsername(db, username);
    if (!user) throw new HavenError('INVALID_CREDENTIALS');
    if (admin && user.role !== 'admin') throw new HavenError('FORBIDDEN');
    return await fn(opsFor(db, systemClock.now(), { userId: user.id, username: user.username, displayName: user.displayName }));
  } finally {
    db.close();
    masterKey.fill(0);
  }
}

/**
 * `keys --db FILE [--out DIR]`: this database's minisign public key (`RW…`), key id and
 * fingerprint, and its age recipient (`age1…`) with its fingerprint. `--out` also writes
 * `<code>.pub` (for `minisign -p` and `haven verify --trust`) and `<code>.recipient.txt`, never
 * over a file of that name: a .pub someone trusts may be another station's key, or this
 * station's before a rotation.
 */
export async function keysCommand(flags: Flags, t: Translate): Promise<void> {
  await withOps(flags, false, async (ops) => {
    const sheet = keySheet(ops);
    const files: { publicKey?: string; recipient?: string } = {};
    if (typeof flags.out === 'string') {
      const dir = resolve(flags.out);
      const wanted = [
        { path: join(dir, `${sheet.station.code}.pub`), text: sheet.publicKeyFile },
        { path: join(dir, `${sheet.station.code}.recipient.txt`), text: sheet.recipientFile },
      ];
      // Both refused before either is written, so a refusal leaves the folder as it was.
      const existing = wanted.find((w) => existsSync(w.path));
      if (existing) throw new CliError(t('cli.outExists', { path: existing.path }), 2);
      const published: string[] = [];
      try {
        for (const file of wanted) {
          // Written whole to a temporary name, then linked into place (fails if the name was taken meanwhile).
          const temporary = `${file.path}.${process.pid}.tmp`;
          try {
            writeFileSync(temporary, file.text, { flag: 'wx' });
          } catch (error) {
            rmSync(temporary, { force: true });
            throw new CliError(t('cli.cannotWrite', { path: file.path, reason: systemReason(error, t) }));
          }
          publishFile(temporary, file.path, t);
          published.push(file.path);
        }
      } catch (error) {
        // Only files this run created are taken back.
        for (const path of published) rmSync(path, { force: true });
        throw error;
      }
      files.publicKey = wanted[0]?.path;
      files.recipient = wanted[1]?.path;
    }
    if (flags.json) {
      const { station, publicKey, keyId, fingerprint, recipient, recipientFingerprint } = sheet;
      process.stdout.write(`${JSON.stringify({ station, publicKey, keyId, fingerprint, recipient, recipientFingerprint, files })}\n`);
      return;
    }
    const rows = (groups: string[]) => `${groups.slice(0, 4).join(' ')}\n      ${groups.slice(4).join(' ')}`;
    process.stdout.write(
      [
        t('cli.bundle.keys.station', { code: sheet.station.code, name: sheet.station.name, mode: t(`cli.bundle.keys.mode.${sheet.station.mode}`) }),
        '',
        t('cli.bundle.keys.signing'),
        `  ${sheet.publicKey}`,
        `  ${t('cli.bundle.keys.keyId')}: ${sheet.keyId}`,
        `  ${t('cli.bundle.keys.fingerprint')}:`,
        `      ${rows(sheet.fingerprintGroups)}`,
        '',
        t('cli.bundle.keys.recipient'),
        `  ${sheet.recipient}`,
        `  ${t('cli.bundle.keys.fingerprint')}:`,
        `      ${rows(sheet.recipientFingerprintGroups)}`,
        ...(files.publicKey ? ['', t('cli.bundle.keys.written', { publicKey: files.publicKey, recipient: files.recipient ?? '' })] : []),
        '',
      ].join('\n'),
    );
  });
}
