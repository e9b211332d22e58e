import { createHash } from 'node:crypto';
import { publicKeyBlob, type SigningPublicKey } from './minisign';

/**
 * Fingerprints a person can read aloud and compare by eye: 8 groups of 5 digits (about 133
 * bits, as Signal's safety numbers are made: 5 bytes of a hash per group, modulo 100000). Digits
 * are read the same way in Chinese and English and survive a telephone line.
 */
export const FINGERPRINT_GROUPS = 8;

function digits(label: string, bytes: Uint8Array): string {
  const hash = createHash('sha512').update(`haven fingerprint v1 ${label}\n`).update(bytes).digest();
  const groups: string[] = [];
  for (let i = 0; i < FINGERPRINT_GROUPS; i++) {
    const chunk = hash.subarray(i * 5, i * 5 + 5);
    const value = chunk.readUIntBE(0, 5) % 100000;
    groups.push(String(value).padStart(5, '0'));
  }
  return groups.join(' ');
}

/** Fingerprint of a station's signing key (covers the key id too). */
export function signingFingerprint(key: SigningPublicKey): string {
  return digits('minisign', publicKeyBlob(key));
}

/** Fingerprint of an age recipient (`age1…`, canonical lower case). */
export function recipientFingerprint(recipient: string): string {
  return digits('age', Buffer.from(recipient, 'utf8'));
}

/** What a person typed (spaces, dashes, full-width digits) as 40 digits; null if it is not a fingerprint. */
export function normalizeFingerprint(text: string): string | null {
  const ascii = text.normalize('NFKC').replace(/[\s\-_.,，、]/g, '');
  return /^\d{40}$/.test(ascii) ? ascii : null;
}

export function sameFingerprint(typed: string, actual: string): boolean {
  const a = normalizeFingerprint(typed);
  return a !== null && a === normalizeFingerprint(actual);
}

/** The groups, for printing in two rows of four. */
export function fingerprintGroups(fingerprint: string): string[] {
  return fingerprint.split(' ');
}
