import { rmSync } from 'node:fs';
import { publishExclusive } from '../core/kernel/publish';
import { HavenError } from '../../shared/ipc/errors';
import { cliTranslator } from '../../shared/i18n/translate';

/** CLI failures: one line on stderr and a non-zero exit; never a stack trace for expected errors. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The user's language for helpers called without a translator. */
const words = () => cliTranslator(process.env.HAVEN_LANG ?? process.env.LANG);

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new CliError(words()('cli.stdin.tty'), 2);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** First line of stdin, without the newline (a password may contain spaces). */
export async function readSecretLine(): Promise<string> {
  const text = await readStdin();
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line.length === 0) throw new CliError(words()('cli.stdin.empty'), 2);
  return line;
}

/** `--password-stdin` or `HAVEN_PASSWORD`, as ARCHITECTURE.md says. */
export async function readPassword(flags: { 'password-stdin'?: boolean }): Promise<string> {
  if (flags['password-stdin']) return readSecretLine();
  const fromEnv = process.env.HAVEN_PASSWORD;
  if (fromEnv) return fromEnv;
  throw new CliError(words()('cli.stdin.password'), 2);
}

export function requireFlag(flags: Record<string, unknown>, name: string, envName?: string): string {
  const value = flags[name] ?? (envName ? process.env[envName] : undefined);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CliError(words()(envName ? 'cli.args.missingOrEnv' : 'cli.args.missing', { flag: `--${name}`, env: envName ?? '' }), 2);
  }
  return value;
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** Flags given that a command does not use: refused (nothing done) rather than silently ignored. */
export function refuseFlags(flags: Record<string, unknown>, allowed: readonly string[], command: string, t: Translate): void {
  const extra = Object.keys(flags).filter((flag) => flags[flag] !== undefined && !allowed.includes(flag) && flag !== 'help');
  if (extra.length > 0) throw new CliError(t('cli.args.notForCommand', { command, flags: extra.map((f) => `--${f}`).join(' ') }), 2);
}

/** A system error (ENOENT, EACCES…) in words, for "cannot write/read PATH (why)". */
export function systemReason(error: unknown, t: Translate): string {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const key = `cli.io.${code}`;
  const word = /^E[A-Z]+$/.test(code) ? t(key) : key;
  return word === key ? t('cli.io.other', { code: code || '?' }) : word;
}

/**
 * Puts a finished temporary file at `out` without ever replacing a file there: a hard link
 * fails if `out` exists, whatever appeared since it was checked (as bundles are written). On a
 * disk without hard links (a FAT32 or exFAT USB stick) an exclusive copy does the same. The
 * temporary file is removed either way.
 */
export function publishFile(temporary: string, out: string, t: Translate): void {
  try {
    publishExclusive(temporary, out);
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') throw new CliError(t('cli.outExists', { path: out }), 2);
    throw new CliError(t('cli.cannotWrite', { path: out, reason: systemReason(error, t) }));
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * A field a refusal names (`stationCode`, `person.idNumber`) as the user knows it: the flag that
 * gave it (--station-code), or its word in the user's language; never the code's own name.
 */
function fieldName(path: string, t: Translate): string | null {
  const leaf = path.split('.').at(-1) ?? path;
  const flag = leaf.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  if (CLI_FLAG_FIELDS.has(flag)) return `--${flag}`;
  for (const key of [`cli.fields.${leaf}`, `ledger.field.${leaf}`, `audit.fields.${leaf}`]) {
    const word = t(key);
    if (word !== key) return word;
  }
  return null;
}

/** Flags whose value a schema checks under the same name (init's fields). */
const CLI_FLAG_FIELDS = new Set(['station-code', 'station-name', 'admin', 'admin-name', 'mode', 'user', 'reason']);

export function describeError(error: unknown, t: Translate): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof HavenError) {
    const fields = Object.entries(error.fields ?? {}).map(([path, key]) => {
      const name = fieldName(path, t);
      return name ? t('cli.fieldProblem', { field: name, message: t(key) }) : t(key);
    });
    // A refusal that is only its fields says them, not the general "invalid input" first.
    const head = error.messageKey === 'errors.VALIDATION' && fields.length > 0 ? [] : [t(error.messageKey, error.params)];
    return [...head, ...fields].join(t('cli.separator'));
  }
  const path = (error as { path?: unknown } | null)?.path;
  if ((error as { code?: unknown } | null)?.code !== undefined && typeof path === 'string') return t('cli.systemError', { path, reason: systemReason(error, t) });
  return error instanceof Error ? error.message : String(error);
}
