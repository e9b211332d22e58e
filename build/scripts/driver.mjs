// The database driver, better-sqlite3-multiple-ciphers 13, is a Node-API addon that ships built for
// every platform we package (prebuilds/<platform>-<arch>.node). Node-API is the same in Node and
// in Electron, so those builds run in the app unchanged: nothing is compiled for Electron.
//
// They need Node-API 10 (Node 22.14 and newer): the driver keeps its common strings as persistent
// references, which Node-API allows from version 10. On an older Node (the build machines' Node 20)
// this script, run by `npm install` (postinstall), compiles the same sources once with
// NAPI_EXPERIMENTAL, under which Node 20 already allows those references, into
// node_modules/.haven-driver/<key>/; the core loads that build on such a Node
// (electron/core/kernel/db/driver.ts computes the same path; a unit test compares the two).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fail, fromRoot, isEntryPoint, readJson, step } from './common.mjs';

export const DRIVER = 'better-sqlite3-multiple-ciphers';
const ADDON_FILE = 'better_sqlite3.node';
/** The Node-API version the shipped builds are made for. */
export const DRIVER_NODE_API = 10;
const GYP_DEFINE = "'NAPI_VERSION=10'";

function driverDir() {
  return fromRoot('node_modules', DRIVER);
}

function driverVersion() {
  const manifest = path.join(driverDir(), 'package.json');
  if (!existsSync(manifest)) fail(`node_modules/${DRIVER} is missing: run npm install first.`);
  return readJson(manifest).version;
}

/**
 * The shipped build for a platform and architecture, which the packaged app carries outside its
 * archive (electron-builder's extraResources) and `npm start` hands to Electron.
 */
export function prebuiltAddon(platform = process.platform, arch = process.arch) {
  const file = path.join(driverDir(), 'prebuilds', `${platform}-${arch}.node`);
  if (!existsSync(file)) fail(`${DRIVER} ${driverVersion()} has no build for ${platform}-${arch} (${path.relative(fromRoot(), file)}).`);
  return file;
}

/** Keep in sync with compatAddonPath() in electron/core/kernel/db/driver.ts. */
export function compatAddonPath(version = driverVersion()) {
  // The whole Node version: a build made with NAPI_EXPERIMENTAL against one release's headers may
  // use what an older release of the same major lacks.
  const key = `${version}-${process.platform}-${process.arch}-node${process.versions.node}`;
  return fromRoot('node_modules', '.haven-driver', key, ADDON_FILE);
}

export function needsCompatAddon() {
  return Number(process.versions.napi) < DRIVER_NODE_API;
}

/** Builds the driver for this older Node unless that build is already there. */
export async function ensureCompatAddon() {
  const version = driverVersion();
  const target = compatAddonPath(version);
  if (existsSync(target)) return target;

  step(`building ${DRIVER} ${version} for Node ${process.version} (Node-API ${process.versions.napi}); once per version`);
  const staging = path.join(path.dirname(target), 'source');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  cpSync(driverDir(), staging, {
    recursive: true,
    filter: (file) => !/^(build|prebuilds|node_modules)(\/|\\|$)/.test(path.relative(driverDir(), file)),
  });
  const gypFile = path.join(staging, 'binding.gyp');
  const gyp = readFileSync(gypFile, 'utf8');
  if (!gyp.includes(GYP_DEFINE)) fail(`${DRIVER} ${version}: binding.gyp no longer defines ${GYP_DEFINE}; this script needs updating.`);
  writeFileSync(gypFile, gyp.replace(GYP_DEFINE, "'NAPI_EXPERIMENTAL'"));

  await runNodeGyp(staging);
  const built = path.join(staging, 'build', 'Release', ADDON_FILE);
  if (!existsSync(built)) fail(`node-gyp finished but ${path.relative(fromRoot(), built)} is missing.`);
  cpSync(built, target);
  rmSync(staging, { recursive: true, force: true });
  return target;
}

function runNodeGyp(cwd) {
  const requireHere = createRequire(fromRoot('package.json'));
  let nodeGyp;
  try {
    nodeGyp = requireHere.resolve('node-gyp/bin/node-gyp.js');
    // binding.gyp asks `node -p "require('node-addon-api').include"` in the sources' folder, which
    // sits inside our node_modules, so it finds this one.
    requireHere.resolve('node-addon-api/package.json');
  } catch {
    fail('node-gyp or node-addon-api is not installed: run npm install.');
  }
  const args = [nodeGyp, 'rebuild', '--release', '--force_build=1'];
  // npm passes its `nodedir` to scripts; run by hand, use the headers installed beside this Node
  // (Debian's and the official Linux archives have them) rather than downloading them.
  const prefix = path.dirname(path.dirname(process.execPath));
  if (!process.env.npm_config_nodedir && existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: 'inherit' });
    child.on('error', (error) => fail('Could not run node-gyp.', error));
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve();
      fail(
        [
          `Building ${DRIVER} for Node ${process.version} failed (${signal ?? `exit code ${code}`}).`,
          'Node older than 22.14 needs it built from source, with a C++ toolchain and Python 3',
          '(Debian: python3 make g++). With Node 22.14 or newer nothing is built.',
          `为当前 Node（${process.version}）编译数据库组件失败：需要 C++ 编译工具和 Python 3；使用 Node 22.14 及以上版本则无需编译。`,
        ].join('\n'),
      );
    });
  });
}

if (isEntryPoint(import.meta.url) && needsCompatAddon()) await ensureCompatAddon();
