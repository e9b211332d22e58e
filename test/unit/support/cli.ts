import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVault, pathsForDatabase, unlockWithPassword } from '../../../electron/core/kernel/vault';
import { FAST_SCRYPT } from './tmp';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `haven` exactly as `npm run haven` does (tsx, no build step). */
export function runCli(args: string[], options: { input?: string; env?: Record<string, string>; timeout?: number } = {}): CliRun {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', ...args], {
    cwd: repo,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, HAVEN_PASSWORD: '', HAVEN_USER: '', HAVEN_LANG: 'zh-CN', ...options.env },
    timeout: options.timeout ?? 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The password of the databases `cliDatabase` makes, and the environment that gives it to `haven`. */
export const CLI_PASSWORD = 'a long password';
export const cliEnv = { HAVEN_PASSWORD: CLI_PASSWORD, HAVEN_USER: 'admin' };

/** A new station (or supervisor) database in `dir` for the command line to open. */
export function cliDatabase(dir: string, mode: 'station' | 'supervisor' = 'station'): string {
  const path = join(dir, `${mode}.db`);
  createVault(pathsForDatabase(path), { station: { code: mode === 'station' ? 'JS-NJ-01' : 'SUP-01', name: '某街道工作站', mode }, admin: { username: 'admin', displayName: '王站长', password: CLI_PASSWORD } }, new Date(), {
    scrypt: FAST_SCRYPT,
  });
  return path;
}

/** Rows of `sql` in a database `haven` wrote, read with its password. */
export function queryDatabase<T>(db: string, sql: string): T[] {
  const { db: handle } = unlockWithPassword(pathsForDatabase(db), 'admin', CLI_PASSWORD);
  try {
    return handle.prepare(sql).all() as T[];
  } finally {
    handle.close();
  }
}
