import { en } from './en';
import { zhCN } from './zh-CN';
import { PASSWORD_MIN_LENGTH, type Locale } from '../schemas/common';

/**
 * The same words for the renderer (through i18next), the CLI and printed documents (through
 * this small lookup). Keys are dotted paths; `{{name}}` is replaced by params.
 */
export const resources = { 'zh-CN': zhCN, en } as const;

export function localeFromEnv(value: string | undefined): Locale {
  return value?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

function lookup(tree: unknown, key: string): string | undefined {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Values any message may interpolate without the caller knowing them (e.g. the password minimum). */
export const messageDefaults: Record<string, string | number> = { min: PASSWORD_MIN_LENGTH };

export function translate(locale: Locale, key: string, given: Record<string, string | number> = {}): string {
  const params = { ...messageDefaults, ...given };
  // A count of one takes the singular form where the language has one (`<key>_one`, shape.ts), as i18next does in the renderer.
  const singular = given.count === 1 ? lookup(resources[locale], `${key}_one`) : undefined;
  const template = singular ?? lookup(resources[locale], key) ?? lookup(resources['zh-CN'], key) ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(params[name] ?? `{{${name}}}`));
}

export function hasKey(locale: Locale, key: string): boolean {
  return lookup(resources[locale], key) !== undefined;
}

export function cliTranslator(lang: string | undefined) {
  const locale = localeFromEnv(lang);
  return (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
}
