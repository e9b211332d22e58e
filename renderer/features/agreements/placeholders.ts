import { agreementPlaceholders, type AgreementPlaceholder } from '../../../shared/domain/agreements';

/** The placeholders a template may use (shared with the core, whose check on save is the authority). */
export const PLACEHOLDERS = agreementPlaceholders;
export type Placeholder = AgreementPlaceholder;

/** The same pattern the core fills: `{{ name }}` with optional spaces. */
const PATTERN = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g;

/** Names in `body` that are not placeholders, each once, in order of appearance. */
export function unknownPlaceholders(body: string): string[] {
  const known = PLACEHOLDERS as readonly string[];
  return [...new Set([...body.matchAll(PATTERN)].map((m) => m[1] as string).filter((name) => !known.includes(name)))];
}

export const placeholderCode = (name: string) => `{{${name}}}`;
