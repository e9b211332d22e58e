import { resolve } from 'node:path';
import { importBundleFiles, type ImportResult, type StationKeyReplacement, type StationRenumbering } from '../../core/bundles/import';
import { CliError, type Translate } from '../io';
import type { Flags } from '../index';
import { confirmedFingerprints } from './export';
import { withOps } from './keys';

/** One line per file, in the user's words. */
export function describeImport(t: Translate, r: ImportResult): string {
  if (r.outcome === 'duplicate') return t('cli.bundle.import.duplicate', { file: r.file, station: r.station ?? '?', seq: r.seq ?? '?' });
  if (r.outcome === 'refused') {
    // A kind named in the refusal (BUNDLE_WRONG_KIND) in the user's words, not its code.
    const params = typeof r.params.kind === 'string' ? { ...r.params, kind: t(`cli.bundle.kind.${r.params.kind}`) } : r.params;
    const reason = t(r.messageKey ?? 'errors.BUNDLE_UNREADABLE', params);
    const hintKey = r.reason === 'BUNDLE_STATION_KEY_MISMATCH' ? 'cli.bundle.import.replaceHint' : 'cli.bundle.import.confirmHint';
    const hint =
      r.reason === 'BUNDLE_RENUMBERED'
        ? ` ${t('cli.bundle.import.renumberHint', { code: String(r.params.code ?? '') })}`
        : typeof r.params.fingerprint === 'string'
          ? ` ${t(hintKey, { fingerprint: r.params.fingerprint })}`
          : '';
    return t('cli.bundle.import.refused', { file: r.file, reason: `${reason}${hint}` });
  }
  const rows = Object.values(r.rows).reduce((a, b) => a + b, 0);
  return t('cli.bundle.import.accepted', { file: r.file, station: r.station ?? '?', kind: t(`cli.bundle.kind.${r.kind ?? 'full'}`), seq: r.seq ?? '?', rows });
}

/**
 * `--replace-station-key CODE:FINGERPRINT --reason TEXT [--restart-numbering]`: a registered
 * station's new key, as its own explicit act (an admin; checked and audited by the core).
 */
function replacements(flags: Flags, t: Translate): StationKeyReplacement[] {
  const given = (flags['replace-station-key'] as string[] | undefined) ?? [];
  if (given.length === 0) return [];
  const reason = typeof flags.reason === 'string' ? flags.reason.trim() : '';
  if (reason.length < 2) throw new CliError(t('cli.bundle.import.replaceNeedsReason'), 2);
  return given.map((value) => {
    const at = value.indexOf(':');
    const code = at > 0 ? value.slice(0, at).trim() : '';
    const fingerprint = at > 0 ? value.slice(at + 1).trim() : '';
    if (!code || !fingerprint) throw new CliError(t('cli.bundle.import.replaceFormat', { value }), 2);
    return { code, fingerprint, reason, restartNumbering: flags['restart-numbering'] === true };
  });
}

/** `--renumber-station CODE --reason TEXT`: a station's numbering accepted anew (BUNDLE_RENUMBERED), an admin's explicit act. */
function renumberings(flags: Flags, t: Translate): StationRenumbering[] {
  const given = (flags['renumber-station'] as string[] | undefined) ?? [];
  if (given.length === 0) return [];
  const reason = typeof flags.reason === 'string' ? flags.reason.trim() : '';
  if (reason.length < 2) throw new CliError(t('cli.bundle.import.renumberNeedsReason'), 2);
  return given.map((code) => ({ code: code.trim(), reason }));
}

/**
 * `import --db FILE FILE.haven… [--confirm-fingerprint FP]…`: verify, decrypt with this
 * database's identity, apply. One line per file; every refusal on standard error and exit 1.
 */
export async function importCommand(flags: Flags, t: Translate, args: string[]): Promise<void> {
  if (args.length === 0) throw new CliError(t('cli.bundle.import.noFiles'), 2);
  const results = await withOps(flags, true, (ops) =>
    importBundleFiles(
      ops,
      args.map((a) => resolve(a)),
      { confirmFingerprints: confirmedFingerprints(flags), replaceStationKeys: replacements(flags, t), renumberStations: renumberings(flags, t) },
    ),
  );
  const refused = results.filter((r) => r.outcome === 'refused');
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(results)}\n`);
  } else {
    for (const r of results.filter((x) => x.outcome !== 'refused')) {
      process.stdout.write(`${describeImport(t, r)}\n`);
      for (const w of r.warnings) process.stdout.write(`  ${t(`errors.${w.code}`, w.params)}\n`);
    }
  }
  if (refused.length > 0) {
    throw new CliError(refused.map((r) => describeImport(t, r)).join('\n'));
  }
}
