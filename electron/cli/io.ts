import { HavenError } from '../../shared/ipc/errors';

/** CLI failures: one line on stderr and a non-zero exit; never a stack trace for expected errors. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new CliError('需要从标准输入读取 / expected input on standard input', 2);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** First line of stdin, without the newline (a password may contain spaces). */
export async function readSecretLine(): Promise<string> {
  const text = await readStdin();
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line.length === 0) throw new CliError('标准输入为空 / standard input is empty', 2);
  return line;
}

/** `--password-stdin` or `HAVEN_PASSWORD`, as ARCHITECTURE.md says. */
export async function readPassword(flags: { 'password-stdin'?: boolean }): Promise<string> {
  if (flags['password-stdin']) return readSecretLine();
  const fromEnv = process.env.HAVEN_PASSWORD;
  if (fromEnv) return fromEnv;
  throw new CliError('需要密码：使用 --password-stdin 或设置 HAVEN_PASSWORD / a password is required: use --password-stdin or HAVEN_PASSWORD', 2);
}

export function requireFlag(flags: Record<string, unknown>, name: string, envName?: string): string {
  const value = flags[name] ?? (envName ? process.env[envName] : undefined);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CliError(`缺少参数 --${name} / missing --${name}`, 2);
  }
  return value;
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function describeError(error: unknown, t: Translate): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof HavenError) {
    const fields = error.fields ? Object.entries(error.fields).map(([field, key]) => `${field}: ${t(key)}`) : [];
    return [t(error.messageKey, error.params), ...fields].join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}
