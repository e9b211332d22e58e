/**
 * Recovery keys look like BitLocker's: 8 groups of 6 digits. Every group is a multiple of 11,
 * so a mistyped group is caught before any key derivation runs (8 × log2(90910) ≈ 131 bits).
 */
export const RECOVERY_GROUPS = 8;
export const RECOVERY_GROUP_DIGITS = 6;

/**
 * The digits typed, whatever the input method made of them: a Chinese IME in full-width mode types
 * ０-９, '－' and '　', which NFKC turns into ASCII; any dash or space between groups is dropped.
 */
function typedDigits(input: string): string {
  return input.normalize('NFKC').replace(/[\s\-\u2010-\u2015\u2212]/g, '');
}

/** Digits only, grouped by '-'; returns null if the shape or a group checksum is wrong. */
export function normalizeRecoveryKey(input: string): string | null {
  const digits = typedDigits(input);
  if (!/^\d+$/.test(digits) || digits.length !== RECOVERY_GROUPS * RECOVERY_GROUP_DIGITS) {
    return null;
  }
  const groups: string[] = [];
  for (let i = 0; i < RECOVERY_GROUPS; i++) {
    const group = digits.slice(i * RECOVERY_GROUP_DIGITS, (i + 1) * RECOVERY_GROUP_DIGITS);
    if (Number(group) % 11 !== 0) return null;
    groups.push(group);
  }
  return groups.join('-');
}

/** Index (0-based) of the first group whose checksum fails, or -1; for pointing at the typo. */
export function firstBadRecoveryGroup(input: string): number {
  const digits = typedDigits(input);
  for (let i = 0; i < RECOVERY_GROUPS; i++) {
    const group = digits.slice(i * RECOVERY_GROUP_DIGITS, (i + 1) * RECOVERY_GROUP_DIGITS);
    if (group.length !== RECOVERY_GROUP_DIGITS || !/^\d+$/.test(group) || Number(group) % 11 !== 0) {
      return i;
    }
  }
  return -1;
}
