/**
 * The placeholders a template may use, in the order the settings tab lists them. This mirrors
 * `PLACEHOLDERS` in electron/core/agreements/template.ts, which the renderer may not import;
 * the core's check on save is the authority (an unknown name is refused with its names).
 */
export const PLACEHOLDERS = [
  'station.name',
  'person.name',
  'person.gender',
  'person.birthDate',
  'person.idNumber',
  'person.householdAddress',
  'person.residenceAddress',
  'person.phone',
  'measure.kind',
  'measure.decisionNumber',
  'measure.decisionAuthority',
  'measure.decisionDate',
  'measure.deliveryDate',
  'measure.reportInDate',
  'measure.termText',
  'measure.plannedEnd',
  'group.list',
  'today',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** The same pattern the core fills: `{{ name }}` with optional spaces. */
const PATTERN = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g;

/** Names in `body` that are not placeholders, each once, in order of appearance. */
export function unknownPlaceholders(body: string): string[] {
  const known = PLACEHOLDERS as readonly string[];
  return [...new Set([...body.matchAll(PATTERN)].map((m) => m[1] as string).filter((name) => !known.includes(name)))];
}

export const placeholderCode = (name: string) => `{{${name}}}`;
