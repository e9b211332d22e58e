import type { FormErrors } from '@mantine/form';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { translateKey } from './errors';

/**
 * Validates a Mantine form with a shared zod schema. The schemas' messages are i18n keys
 * (`validation.*`), so the form shows the same words the core would answer with. Custom issues
 * may carry `params` (e.g. which recovery-key group is wrong).
 */
export function zodValidate<S extends z.ZodType>(schema: S, t: TFunction) {
  return (values: unknown): FormErrors => {
    const result = schema.safeParse(values);
    if (result.success) return {};
    const errors: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.');
      if (path in errors) continue;
      const params = issue.code === 'custom' ? issue.params : undefined;
      errors[path] = translateKey(t, issue.message, params);
    }
    return errors;
  };
}
