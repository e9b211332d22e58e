// Helpers shared by build.mjs, start.mjs and dist.mjs.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

export function fromRoot(...parts) {
  return path.join(root, ...parts);
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Prints a clear message and exits non-zero; the scripts never end with a bare stack trace. */
export function fail(message, error) {
  console.error(`\n✖ ${message}`);
  if (error !== undefined) console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
}

export function step(message) {
  console.log(`› ${message}`);
}

/** True when the module at `importMetaUrl` is the script node was started with. */
export function isEntryPoint(importMetaUrl) {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(importMetaUrl);
}

/**
 * The Electron version to build for: the installed one (what `npm start` runs), else the exact
 * version pinned in package.json's devDependencies (node_modules/electron may be absent: an
 * install with --omit=dev, or one that has not run yet).
 */
export function electronVersion() {
  const installed = fromRoot('node_modules', 'electron', 'package.json');
  if (existsSync(installed)) return readJson(installed).version;
  const pkg = readJson(fromRoot('package.json'));
  const pinned = pkg.devDependencies?.electron;
  if (typeof pinned === 'string' && /^\d+\.\d+\.\d+$/.test(pinned)) return pinned;
  fail('Cannot tell the Electron version: pin an exact "electron" version in package.json.');
}

/** Chinese and English, for whoever runs the script. */
export const ELECTRON_MISSING_MESSAGE = [
  '未找到 Electron 运行程序（node_modules/electron 或其下载的二进制文件缺失）。',
  '请在能访问网络的电脑上，于项目目录运行 npm install（会下载 Electron）；',
  '若安装时设置了 ELECTRON_SKIP_BINARY_DOWNLOAD，请运行 node node_modules/electron/install.js。',
  '',
  'Electron is not installed (node_modules/electron or its downloaded binary is missing).',
  'Run `npm install` in the project folder with network access; it downloads Electron.',
  'If it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD, run `node node_modules/electron/install.js`.',
].join('\n');
