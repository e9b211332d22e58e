import { app } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { nativeBindingPath } from './native';

/**
 * The installed app's command line: `Haven --cli <command> …` (the `haven.cmd` / `haven` launcher
 * beside the executable passes it on) runs the same `haven` commands as a checkout's
 * `npm run haven`, inside the app's own runtime — no Node needed on the PC, and compatible with the
 * fuses (RunAsNode stays off: this is the app's own code, not a Node shell). No window opens.
 */
export async function runCli(args: string[]): Promise<never> {
  // The CLI reads its command from process.argv[2…], as under Node.
  process.argv = [process.argv[0] ?? 'haven', 'haven', ...args];
  // The core loads the addon the app ships (resources/native), also in its threads (kernel/db/driver.ts reads this).
  process.env.HAVEN_NATIVE_BINDING = nativeBindingPath();
  const entry = path.join(app.getAppPath(), 'dist', 'cli', 'haven.mjs');
  try {
    const cli = (await import(pathToFileURL(entry).href)) as { finished: Promise<void> };
    await cli.finished;
  } catch (error) {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  }
  app.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  return new Promise<never>(() => {});
}
