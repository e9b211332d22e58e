import { HavenError, type ErrorCode } from '../../../shared/ipc/errors';

/**
 * Why a bundle was refused (stored in bundle_log.reason_code; words under `errors.<reason>`),
 * and the warnings an accepted import may carry. Stable codes: tests and screens branch on them.
 */
export const bundleReasons = [
  // Reading the file
  'BUNDLE_UNREADABLE',
  'BUNDLE_TOO_LARGE',
  'BUNDLE_BAD_ENTRIES',
  'BUNDLE_UNKNOWN_VERSION',
  // Who sent it
  'BUNDLE_BAD_SIGNATURE',
  'BUNDLE_UNKNOWN_STATION',
  'BUNDLE_FINGERPRINT_MISMATCH',
  'BUNDLE_STATION_KEY_MISMATCH',
  'BUNDLE_KEY_OF_OTHER_STATION',
  'BUNDLE_OWN_STATION',
  // Whether it is for us, and in order
  'BUNDLE_WRONG_KIND',
  'BUNDLE_STALE',
  // A number already taken, in a bundle made after the last one imported: the station was probably restored from a backup
  'BUNDLE_RENUMBERED',
  'BUNDLE_NOT_FOR_US',
  'BUNDLE_DECRYPT_FAILED',
  // Inside
  'BUNDLE_MANIFEST_INVALID',
  'BUNDLE_MANIFEST_SIGNATURE',
  'BUNDLE_MANIFEST_MISMATCH',
  'BUNDLE_SCHEMA_TOO_NEW',
  'BUNDLE_FILE_HASH',
  'BUNDLE_ROW_COUNT',
  'BUNDLE_INVALID_ROWS',
  'BUNDLE_INVALID_FIELD',
  'BUNDLE_PERSON_EXISTS',
  // Anything else that stopped it (a database error): its transaction rolled back like any refusal's
  'BUNDLE_FAILED',
  // Export side
  'BUNDLE_RECIPIENT_INVALID',
  'BUNDLE_RECIPIENT_UNKNOWN',
  'BUNDLE_RECIPIENT_FINGERPRINT',
  'BUNDLE_NOT_A_STATION',
  'BUNDLE_TRANSFER_NOT_OUT',
  'BUNDLE_TRANSFER_PERSON',
  'BUNDLE_OUT_EXISTS',
  'BUNDLE_SEQ_TAKEN',
  'BUNDLE_PUBLIC_KEY_INVALID',
] as const;
export type BundleReason = (typeof bundleReasons)[number];

export const bundleWarnings = [
  'BUNDLE_GAP',
  'BUNDLE_CHAIN_MISMATCH',
  'BUNDLE_STATION_CONFIRMED',
  'BUNDLE_STATION_KEY_REPLACED',
  'BUNDLE_STATION_KEY_REPLACED_RESTARTED',
  'BUNDLE_NUMBERING_RESTARTED',
  'BUNDLE_FILE_IDS_REUSED',
  'BUNDLE_AUDIT_REWRITTEN',
  'BUNDLE_AUDIT_SHORTER',
  'BUNDLE_AUDIT_UNVERIFIABLE',
  'BUNDLE_AUDIT_MISSING',
] as const;
export type BundleWarningCode = (typeof bundleWarnings)[number];

export interface BundleWarning {
  code: BundleWarningCode;
  params: Record<string, string | number>;
}

const codeFor: Partial<Record<BundleReason, ErrorCode>> = {
  BUNDLE_TRANSFER_PERSON: 'NOT_FOUND',
  BUNDLE_RECIPIENT_INVALID: 'VALIDATION',
  BUNDLE_PUBLIC_KEY_INVALID: 'VALIDATION',
};

/** A refusal: a HavenError whose message key names the reason. */
export class BundleRefusal extends HavenError {
  constructor(
    readonly reason: BundleReason,
    params?: Record<string, string | number>,
  ) {
    super(codeFor[reason] ?? 'CONFLICT', { messageKey: `errors.${reason}`, params });
  }
}

export function refuse(reason: BundleReason, params?: Record<string, string | number>): never {
  throw new BundleRefusal(reason, params);
}
