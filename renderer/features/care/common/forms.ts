import type { TFunction } from 'i18next';
import { chinaDay, type IsoDate } from '../../../../shared/domain/dates';
import { isHavenError } from '../../../../shared/ipc/errors';
import { translateKey } from '../../../lib/errors';

/** Today as the station counts days (China time); forms start on it. */
export function todayIso(): IsoDate {
  return chinaDay(new Date());
}

/**
 * The core names a refused field by its path in the call's input (`item.outcome`); the form
 * knows it as `outcome`. Paths outside the prefix are kept as they are.
 */
export function formFieldErrors(t: TFunction, error: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isHavenError(error) || !error.fields) return out;
  for (const [path, key] of Object.entries(error.fields)) {
    const field = prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
    out[field] = translateKey(t, key, error.params);
  }
  return out;
}

/** Code list → Select data, labelled by the shared words (`help.category.employment`). */
export function codeOptions(t: TFunction, codes: readonly string[], prefix: string): { value: string; label: string }[] {
  return codes.map((code) => ({ value: code, label: t(`${prefix}.${code}`) }));
}
