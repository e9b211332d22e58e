import type { TFunction } from 'i18next';
import i18n from 'i18next';
import { PASSWORD_MIN_LENGTH } from '../../shared/schemas/common';
import { isHavenError } from '../../shared/ipc/errors';

/** Values every validation message may interpolate (e.g. "at least {{min}} characters"). */
const validationDefaults = { min: PASSWORD_MIN_LENGTH };

/** Translates an i18n key from the core or a zod schema; unknown keys fall back to a generic word. */
export function translateKey(
  t: TFunction,
  key: string,
  params?: Record<string, unknown>,
  fallbackKey = 'validation.invalid',
): string {
  const values = { ...validationDefaults, ...params };
  return i18n.exists(key) ? codeWord(t, key, values) : codeWord(t, fallbackKey, values);
}

/** The one sentence to show for a failed call (`params` overrides the core's, e.g. a live countdown). */
export function errorMessage(t: TFunction, error: unknown, params?: Record<string, unknown>): string {
  if (isHavenError(error)) {
    // A refusal that names a rule (an unreported serious breach) gets the rule's name in the user's language.
    const ruleId = error.params?.ruleId;
    const named = typeof ruleId === 'string' ? { rule: codeWord(t, `rules.name.${ruleId}`) } : {};
    return translateKey(t, error.messageKey, { ...error.params, ...named, ...params }, `errors.${error.code}`);
  }
  return t('errors.INTERNAL');
}

/** The core's per-field refusals (`fields`: path → i18n key), translated for a form. */
export function fieldErrors(t: TFunction, error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isHavenError(error) && error.fields) {
    for (const [path, key] of Object.entries(error.fields)) out[path] = translateKey(t, key);
  }
  return out;
}

/**
 * Seconds the core asks us to wait before trying again: `THROTTLED`, or a wrong password that
 * started the throttle (`INVALID_CREDENTIALS` with `params.seconds`). Null when there is no wait.
 */
export function throttleSeconds(error: unknown): number | null {
  if (!isHavenError(error) || error.params?.seconds === undefined) return null;
  const seconds = Number(error.params.seconds);
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null;
}

/**
 * The message for a login-like refusal while a countdown runs: the seconds tick down; once the
 * wait is over a pure throttle says nothing more, a wrong password still says so.
 */
export function countdownMessage(t: TFunction, error: unknown, remaining: number): string | null {
  if (error === null) return null;
  if (throttleSeconds(error) === null) return errorMessage(t, error);
  if (remaining > 0) return errorMessage(t, error, { seconds: remaining });
  return isHavenError(error) && error.code !== 'THROTTLED' ? t(`errors.${error.code}`) : null;
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

/**
 * A key built at run time from a code (`supervision.result.${code}`), which the compiler cannot
 * check against the dictionary; test/unit/i18n.test.ts checks the code lists' words instead.
 * Every literal key goes through `t` itself and is type-checked (renderer/i18n/i18next.d.ts).
 */
export function codeWord(t: TFunction, key: string, params?: Record<string, unknown>): string {
  return (t as unknown as (key: string, params?: Record<string, unknown>) => string)(key, params);
}
