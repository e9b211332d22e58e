import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
