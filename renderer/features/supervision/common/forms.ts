import type { TFunction } from 'i18next';
import { isHavenError } from '../../../../shared/ipc/errors';
import { translateKey } from '../../../lib/errors';

export { todayIso } from '../../../lib/today';

/**
 * The core names a refused field by its path in the call's input (`test.substances`); the form
 * knows it as `substances`. Paths outside the prefix are kept as they are.
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

/** "省市县" joined without separators, as addresses are written. */
export function placeOf(parts: { province: string; city: string; county: string }): string {
  return [parts.province, parts.city, parts.county].filter(Boolean).join('');
}
