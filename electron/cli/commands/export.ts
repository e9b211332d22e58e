import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleKinds, type BundleKind } from '../../core/bundles/format';
import { BundleRefusal, refuse } from '../../core/bundles/errors';
import { exportBundle } from '../../core/bundles/export';
import { recipientFingerprint, sameFingerprint } from '../../core/kernel/identity/fingerprint';
import { findRecipient, parseRecipientText, registerRecipient } from '../../core/bundles/recipients';
import type { Ops } from '../../core/kernel/ops';
import { CliError, requireFlag, type Translate } from '../io';
import type { Flags } from '../index';
import { withOps } from './keys';

/** `--confirm-fingerprint` may be given several times (or once with commas). */
export function confirmedFingerprints(flags: Flags): string[] {
  const value = flags['confirm-fingerprint'];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.flatMap((v) => v.split(/[,;]/)).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** `--to` is an `age1…` recipient or a recipients file (such as `<code>.recipient.txt`). */
function readRecipient(to: string): { recipient: string; name: string | null } {
  const text = existsSync(to) && statSync(to).isFile() ? readFileSync(to, 'utf8') : to;
  return parseRecipientText(text) ?? refuse('BUNDLE_RECIPIENT_INVALID');
}

/**
 * `export --db FILE --to AGE_RECIPIENT --out FILE.haven|DIR [--kind full|stats|transfer] [--person ID]`.
 * A recipient not yet registered is registered when `--confirm-fingerprint` matches its
 * fingerprint (read from the recipient's key sheet); otherwise the export is refused with the
 * fingerprint to compare.
 */
export async function exportCommand(flags: Flags, t: Translate): Promise<void> {
  const kind = (typeof flags.kind === 'string' ? flags.kind : 'full') as BundleKind;
  if (!bundleKinds.includes(kind)) throw new CliError(t('cli.bundle.export.badKind', { kind }), 2);
  const to = requireFlag(flags, 'to');
  const out = resolve(requireFlag(flags, 'out'));
  let personId: number | null = null;
  if (kind === 'transfer') {
    const person = requireFlag(flags, 'person');
    if (!/^[1-9]\d{0,15}$/.test(person)) throw new CliError(t('cli.bundle.export.badPerson', { person }), 2);
    personId = Number(person);
  } else if (flags.person !== undefined) {
    throw new CliError(t('cli.bundle.export.personOnlyTransfer'), 2);
  }
  const { recipient, name } = readRecipient(to);

  const exportWith = async (ops: Ops) => {
    if (!findRecipient(ops.db, recipient)) {
      const fingerprint = recipientFingerprint(recipient);
      const confirm = confirmedFingerprints(flags);
      if (confirm.length === 0) refuse('BUNDLE_RECIPIENT_UNKNOWN', { fingerprint });
      const typed = confirm.find((fp) => sameFingerprint(fp, fingerprint)) ?? confirm[0] ?? '';
      const label = typeof flags['recipient-name'] === 'string' ? flags['recipient-name'] : (name ?? '');
      registerRecipient(ops, { name: label, recipient, fingerprint: typed });
    }
    return exportBundle(ops, { kind, recipient, personId, out });
  };


  const result = await withOps(flags, true, async (ops) => {
    try {
      return await exportWith(ops);
    } catch (error) {
      // Say how to confirm, on the same line.
      if (error instanceof BundleRefusal && typeof error.params?.fingerprint === 'string') {
        throw new CliError(`${t(error.messageKey, error.params)} ${t('cli.bundle.import.confirmHint', { fingerprint: error.params.fingerprint })}`);
      }
      throw error;
    }
  });

  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const rows = Object.entries(result.rows)
    .map(([file, n]) => `${file.replace(/\.ndjson$/, '')} ${n}`)
    .join(t('cli.demo.separator'));
  process.stdout.write(
    `${t('cli.bundle.export.done', { path: result.path, kind: t(`cli.bundle.kind.${result.kind}`), seq: result.seq, recipient: result.recipientName })}\n` +
      `SHA-256: ${result.sha256}\n${t('cli.bundle.export.rows')}${rows}\n`,
  );
}
