import type { TFunction } from 'i18next';
import { codeWord } from '../../../lib/errors';

export { todayIso } from '../../../lib/today';

export { formFieldErrors } from '../../../lib/errors';

/** Code list → Select data, labelled by the shared words (`help.category.employment`). */
export function codeOptions(t: TFunction, codes: readonly string[], prefix: string): { value: string; label: string }[] {
  return codes.map((code) => ({ value: code, label: codeWord(t, `${prefix}.${code}`) }));
}
