import type { TFunction } from 'i18next';
import { chinaDay, type IsoDate } from '../../../../shared/domain/dates';

/** Today as the station counts days (China time); forms start on it. */
export function todayIso(): IsoDate {
  return chinaDay(new Date());
}

export { formFieldErrors } from '../../../lib/errors';

/** Code list → Select data, labelled by the shared words (`help.category.employment`). */
export function codeOptions(t: TFunction, codes: readonly string[], prefix: string): { value: string; label: string }[] {
  return codes.map((code) => ({ value: code, label: t(`${prefix}.${code}`) }));
}
