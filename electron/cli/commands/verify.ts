import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { refuse } from '../../core/bundles/errors';
import { signingFingerprint } from '../../core/kernel/identity/fingerprint';
import { keyIdHex, parsePublicKey, sameKey } from '../../core/kernel/identity/minisign';
import { digestAndCheckOuter, readOuterFile, verifyOuterDigest } from '../../core/bundles/seal';
import { DEFAULT_ZIP_LIMITS } from '../../core/bundles/zip';
import { CliError, requireFlag, type Translate } from '../io';
import type { Flags } from '../index';

function readFile(path: string, t: Translate): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new CliError(t('cli.bundle.cannotRead', { path }), 2);
  }
}

/**
 * `verify FILE.haven --trust PUBKEY_FILE`: the outer signature of a bundle against a minisign
 * public key obtained separately (never the bundle's own station.pub), without decrypting.
 */
export async function verifyCommand(flags: Flags, t: Translate, args: string[]): Promise<void> {
  const [file, ...rest] = args;
  if (!file || rest.length > 0) throw new CliError(t('cli.bundle.verify.oneFile'), 2);
  const trustPath = resolve(requireFlag(flags, 'trust'));
  const key = parsePublicKey(readFile(trustPath, t).toString('utf8')) ?? refuse('BUNDLE_PUBLIC_KEY_INVALID', { path: trustPath });
  const path = resolve(file);
  if (!existsSync(path)) throw new CliError(t('cli.bundle.cannotRead', { path }), 2);
  // Read as a stream: a bundle of any size is checked without holding it in memory.
  const outer = await readOuterFile(path, DEFAULT_ZIP_LIMITS.maxTotalBytes);
  const header = verifyOuterDigest(outer, key, digestAndCheckOuter(outer));
  const report = {
    ok: true,
    station: header.station,
    kind: header.kind,
    seq: header.seq,
    createdAt: header.createdAt,
    keyId: keyIdHex(key.keyId),
    fingerprint: signingFingerprint(key),
    stationPubMatches: sameKey(key, outer.stationKey),
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  process.stdout.write(
    `${t('cli.bundle.verify.ok', { station: header.station, kind: t(`cli.bundle.kind.${header.kind}`), seq: header.seq, createdAt: header.createdAt, keyId: report.keyId })}\n`,
  );
  if (!report.stationPubMatches) process.stdout.write(`${t('cli.bundle.verify.stationPubDiffers')}\n`);
}
