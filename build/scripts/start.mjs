// `npm start`: builds the app, makes sure Electron is there, then runs Electron on the repository
// (package.json "main" → dist/electron/main.cjs).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildAll } from './build.mjs';
import { ELECTRON_MISSING_MESSAGE, electronVersion, fail, fromRoot, root, step } from './common.mjs';
import { prebuiltAddon } from './driver.mjs';

/** The Electron executable, or a clear message: it is downloaded by electron's own install step. */
function locateElectron() {
  if (!existsSync(fromRoot('node_modules', 'electron', 'package.json'))) fail(ELECTRON_MISSING_MESSAGE);
  let binary;
  try {
    // electron's index.js returns the binary's path (and throws when path.txt is missing).
    binary = createRequire(fromRoot('package.json'))('electron');
  } catch {
    fail(ELECTRON_MISSING_MESSAGE);
  }
  if (typeof binary !== 'string' || !existsSync(binary)) fail(ELECTRON_MISSING_MESSAGE);
  return binary;
}

const electron = locateElectron();
const version = electronVersion();

try {
  await buildAll();
} catch (error) {
  fail('The build failed.', error);
}
// The driver's own Node-API build runs in Electron unchanged (build/scripts/driver.mjs).
const nativeBinding = prebuiltAddon();

step(`starting Electron ${version}`);
const env = { ...process.env, HAVEN_NATIVE_BINDING: nativeBinding };
// With this set, Electron would run as plain Node and ignore the app.
delete env.ELECTRON_RUN_AS_NODE;

const child = spawn(electron, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
child.on('error', (error) => fail('Could not start Electron.', error));
// Ctrl+C reaches Electron too (same terminal); forward other stop requests so it can close the database.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  if (signal) {
    console.error(`Electron ended by ${signal}.`);
    process.exit(1);
  }
  process.exit(code ?? 0);
});
