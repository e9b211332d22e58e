import type { ParseArgsConfig } from 'node:util';
import type { Translate } from './io';

/** Every flag any command takes (each command refuses the ones it does not use where that matters). */
export const cliOptions = {
  db: { type: 'string' },
  'station-code': { type: 'string' },
  'station-name': { type: 'string' },
  admin: { type: 'string' },
  'admin-name': { type: 'string' },
  user: { type: 'string' },
  from: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  persons: { type: 'string' },
  seed: { type: 'string' },
  at: { type: 'string' },
  append: { type: 'boolean' },
  quick: { type: 'boolean' },
  mode: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  kind: { type: 'string' },
  person: { type: 'string' },
  trust: { type: 'string' },
  'confirm-fingerprint': { type: 'string', multiple: true },
  anchor: { type: 'string', multiple: true },
  'replace-station-key': { type: 'string', multiple: true },
  reason: { type: 'string' },
  'restart-numbering': { type: 'boolean' },
  'renumber-station': { type: 'string', multiple: true },
  against: { type: 'string', multiple: true },
  'recipient-name': { type: 'string' },
  file: { type: 'string' },
  sheet: { type: 'string' },
  mapping: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'skip-invalid': { type: 'boolean' },
  'confirm-updates': { type: 'boolean' },
  columns: { type: 'string' },
  'full-id-numbers': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export type CliFlag = keyof typeof cliOptions;

/**
 * node:util parseArgs's refusal in the user's language. Its messages are English sentences for
 * programmers ("Unknown option '--bogus'. To specify a positional argument…"); the flag is taken
 * from them and said in our words, with what to do.
 */
export function argumentsMessage(error: unknown, t: Translate): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  const flag = /'(-{1,2}[^\s'<=]+)/.exec(message)?.[1]?.slice(0, 60);
  if (flag && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return t('cli.args.unknown', { flag });
  if (flag && code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /does not take an argument/.test(message) ? t('cli.args.noValue', { flag }) : t('cli.args.needsValue', { flag });
  }
  return t('cli.badArguments');
}
