import { createHash } from 'node:crypto';
import { refuse } from './errors';
import { OUTER_ENTRIES, parseTrustedComment, readmeText, trustedComment, type BundleHeader } from './format';
import {
  keyIdHex,
  parsePublicKey,
  parseSignature,
  publicKeyFile,
  publicKeyText,
  signPrehashed,
  verifyPrehashed,
  type SigningPublicKey,
  type SigningSecretKey,
} from '../kernel/identity/minisign';
import { DEFAULT_ZIP_LIMITS, readZip, writeZip, type ZipLimits } from './zip';
import { encryptTo } from '../kernel/identity/ageKeys';

/**
 * The outer bundle (BUNDLE.md "The file"): encrypt the payload ZIP to the recipients, sign the
 * ciphertext, and wrap it with the station's public key and a README in a canonical ZIP. And
 * the reverse, without decrypting: read the outer ZIP strictly and check the signature.
 */
export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

export function untrustedComment(h: BundleHeader): string {
  return `signature from Haven station ${h.station}`;
}

export interface SealInput {
  header: BundleHeader;
  stationName: string;
  signing: SigningSecretKey;
  recipients: readonly string[];
  payloadZip: Uint8Array;
}

export async function sealBundle(input: SealInput): Promise<Buffer> {
  const payloadAge = await encryptTo(input.recipients, input.payloadZip);
  return assembleOuter(input.header, input.stationName, input.signing, payloadAge);
}

/** The outer ZIP around an already encrypted payload (tests use it to sign what they tamper with). */
export function assembleOuter(header: BundleHeader, stationName: string, signing: SigningSecretKey, payloadAge: Uint8Array): Buffer {
  const signature = signPrehashed(signing, payloadAge, trustedComment(header), untrustedComment(header));
  return writeOuter(header.createdAt, {
    'payload.age': payloadAge,
    'payload.age.minisig': Buffer.from(signature, 'utf8'),
    'station.pub': Buffer.from(publicKeyFile(signing, `Haven station ${header.station} minisign public key ${keyIdHex(signing.keyId)}`), 'utf8'),
    'README.txt': Buffer.from(readmeText(header, stationName, publicKeyText(signing)), 'utf8'),
  });
}

function writeOuter(createdAt: string, files: Record<(typeof OUTER_ENTRIES)[number], Uint8Array>): Buffer {
  return writeZip(
    OUTER_ENTRIES.map((name) => ({ name, data: files[name] })),
    { compress: false, modified: new Date(createdAt) },
  );
}

export interface OuterBundle {
  /** From the trusted comment, not yet verified. */
  claimed: BundleHeader;
  stationKey: SigningPublicKey;
  payloadAge: Buffer;
  signatureText: string;
}

/**
 * Reads the outer ZIP: exactly the four entries, within the limits, a well-formed signature file
 * and public key, and the canonical byte layout (our writer, given what was read, must give back
 * the very same bytes). Nothing is trusted yet.
 */
export async function readOuter(bytes: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<OuterBundle> {
  if (bytes.length > limits.maxTotalBytes) refuse('BUNDLE_TOO_LARGE');
  const entries = await readZip(bytes, {
    allowed: (name) => (OUTER_ENTRIES as readonly string[]).includes(name),
    limits: { ...limits, maxEntries: OUTER_ENTRIES.length },
  });
  const get = (name: (typeof OUTER_ENTRIES)[number]) => entries.get(name) ?? refuse('BUNDLE_BAD_ENTRIES');
  const payloadAge = get('payload.age');
  const signatureBytes = get('payload.age.minisig');
  const signatureText = signatureBytes.toString('utf8');
  const stationPub = get('station.pub');
  const readme = get('README.txt');
  const signature = parseSignature(signatureText);
  if (!signature) refuse('BUNDLE_BAD_SIGNATURE');
  const stationKey = parsePublicKey(stationPub.toString('utf8'));
  if (!stationKey) refuse('BUNDLE_BAD_ENTRIES');
  const claimed = parseTrustedComment(signature.trustedComment);
  const canonical = writeOuter(claimed.createdAt, {
    'payload.age': payloadAge,
    'payload.age.minisig': signatureBytes,
    'station.pub': stationPub,
    'README.txt': readme,
  });
  if (!canonical.equals(bytes)) refuse('BUNDLE_UNREADABLE');
  return { claimed, stationKey, payloadAge, signatureText };
}

/** The outer signature with a trusted key; returns the header its trusted comment binds. */
export function verifyOuter(outer: OuterBundle, key: SigningPublicKey): BundleHeader {
  const result = verifyPrehashed(key, outer.payloadAge, outer.signatureText);
  if (!result.ok) return refuse('BUNDLE_BAD_SIGNATURE');
  return parseTrustedComment(result.trustedComment);
}
