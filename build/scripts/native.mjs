// The Electron build of better-sqlite3-multiple-ciphers. node_modules keeps the plain-Node build
// (tests and the CLI need it), so the module is copied into .electron-native/<key>/ and rebuilt
// there against Electron's headers with node-gyp. The result is cached per Electron version,
// platform and architecture. The main process finds it by the same path (electron/main/native.ts),
// and electron-builder ships it as an extra resource.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fail, fromRoot, readJson, step } from './common.mjs';

export const NATIVE_MODULE = 'better-sqlite3-multiple-ciphers';
const ADDON_FILE = 'better_sqlite3.node';
const HEADERS_URL = 'https://electronjs.org/headers';
const STAMP_FILE = 'haven-native.json';

/** Keep in sync with nativeBindingPath() in electron/main/native.ts. */
export function nativeKey(electronVersion, platform = process.platform, arch = process.arch) {
  return `${electronVersion}-${platform}-${arch}`;
}

export function addonPath(key) {
  return fromRoot('.electron-native', key, 'node_modules', NATIVE_MODULE, 'build', 'Release', ADDON_FILE);
}

/**
 * Returns the path of the Electron-ABI addon, building it first if it is missing or stale.
 * Native modules cannot be cross-compiled: `arch` may differ from the host only where the
 * toolchain supports it (e.g. arm64 on an x64 Mac), and the platform is always the host's.
 */
export async function ensureElectronNative({ electronVersion, arch = process.arch, force = false }) {
  const source = fromRoot('node_modules', NATIVE_MODULE);
  if (!existsSync(path.join(source, 'package.json'))) fail(`node_modules/${NATIVE_MODULE} is missing: run npm install first.`);
  const moduleVersion = readJson(path.join(source, 'package.json')).version;

  const key = nativeKey(electronVersion, process.platform, arch);
  const staging = fromRoot('.electron-native', key);
  const addon = addonPath(key);
  const stamp = path.join(staging, STAMP_FILE);
  const wanted = { module: NATIVE_MODULE, moduleVersion, electronVersion, platform: process.platform, arch };

  if (!force && existsSync(addon) && existsSync(stamp) && sameStamp(readJson(stamp), wanted)) return addon;

  step(`building ${NATIVE_MODULE} ${moduleVersion} for Electron ${electronVersion} (${process.platform}-${arch}); once per version`);
  rmSync(staging, { recursive: true, force: true });
  const moduleDir = path.join(staging, 'node_modules', NATIVE_MODULE);
  mkdirSync(moduleDir, { recursive: true });
  writeFileSync(
    path.join(staging, 'package.json'),
    `${JSON.stringify({ name: 'haven-electron-native', private: true, dependencies: { [NATIVE_MODULE]: moduleVersion } }, null, 2)}\n`,
  );
  // Sources only: the plain-Node build/ must not be mistaken for the Electron one.
  cpSync(source, moduleDir, {
    recursive: true,
    filter: (file) => {
      const relative = path.relative(source, file);
      return relative !== 'build' && !relative.startsWith(`build${path.sep}`) && relative !== 'node_modules' && !relative.startsWith(`node_modules${path.sep}`);
    },
  });

  await runNodeGyp(moduleDir, electronVersion, arch);
  if (!existsSync(addon)) fail(`node-gyp finished but ${path.relative(fromRoot(), addon)} is missing.`);
  writeFileSync(stamp, `${JSON.stringify({ ...wanted, builtAt: new Date().toISOString() }, null, 2)}\n`);
  return addon;
}

function sameStamp(found, wanted) {
  return Object.entries(wanted).every(([name, value]) => found?.[name] === value);
}

function runNodeGyp(cwd, electronVersion, arch) {
  let nodeGyp;
  try {
    nodeGyp = createRequire(fromRoot('package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    fail('node-gyp is not installed (devDependency): run npm install.');
  }
  const args = [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, `--dist-url=${HEADERS_URL}`];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: 'inherit', env: gypEnvironment() });
    child.on('error', (error) => fail('Could not run node-gyp.', error));
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve();
      fail(
        [
          `Building ${NATIVE_MODULE} for Electron ${electronVersion} failed (${signal ?? `exit code ${code}`}).`,
          `It needs network access to ${HEADERS_URL} (once per Electron version) and a C++ toolchain:`,
          '  Windows: Visual Studio Build Tools ("Desktop development with C++") and Python 3;',
          '  macOS: Xcode command line tools; Linux: build-essential and python3.',
          `为 Electron 编译数据库组件失败：需要能访问 ${HEADERS_URL}，并安装 C++ 编译工具（见上）。`,
        ].join('\n'),
      );
    });
  });
}

/**
 * npm passes its configuration to scripts as npm_config_* variables, and node-gyp obeys them:
 * a `nodedir` or `target` there would silently build against Node's headers instead.
 */
function gypEnvironment() {
  const env = { ...process.env };
  const overriding = /^npm_config_(nodedir|target|arch|disturl|dist_url|runtime|devdir|build_from_source)$/i;
  for (const name of Object.keys(env)) if (overriding.test(name)) delete env[name];
  return env;
}
