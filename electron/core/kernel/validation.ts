import type { z } from 'zod';
import { HavenError } from '../../../shared/ipc/errors';

/** Zod issues → one i18n key per field (the schemas' messages are keys already). */
export function validationError(error: z.ZodError): HavenError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    fields[path] ??= issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
  }
  return new HavenError('VALIDATION', { fields });
}
