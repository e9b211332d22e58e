import { z } from 'zod';
import { RECOVERY_GROUP_DIGITS, RECOVERY_GROUPS, firstBadRecoveryGroup, normalizeRecoveryKey } from '../../shared/schemas/recoveryKey';

/** Adds "confirm must equal password" to a form schema, reported on the confirm field. */
export function withConfirm<T extends z.ZodType<Record<string, unknown>>>(
  schema: T,
  passwordField: string,
  confirmField = 'confirmPassword',
) {
  return schema.superRefine((values, ctx) => {
    if (values[passwordField] !== values[confirmField]) {
      ctx.addIssue({ code: 'custom', path: [confirmField], message: 'validation.passwordMismatch' });
    }
  });
}

/** A recovery key as typed: 8 groups of 6 digits, each group checksummed (points at the typo). */
export const recoveryKeyInputSchema = z.string().superRefine((value, ctx) => {
  if (value.trim() === '') {
    ctx.addIssue({ code: 'custom', message: 'validation.required' });
    return;
  }
  if (normalizeRecoveryKey(value) !== null) return;
  const digits = value.replace(/[\s-]/g, '');
  const bad = firstBadRecoveryGroup(value);
  if (!/^\d*$/.test(digits) || digits.length !== RECOVERY_GROUPS * RECOVERY_GROUP_DIGITS || bad < 0) {
    ctx.addIssue({ code: 'custom', message: 'validation.recoveryKeyFormat' });
  } else {
    ctx.addIssue({ code: 'custom', message: 'validation.recoveryKeyGroup', params: { group: bad + 1 } });
  }
});
