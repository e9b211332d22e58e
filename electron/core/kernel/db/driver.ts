import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';

/**
 * Every connection the core opens goes through here, so that it loads the right build of the
 * driver's addon (better-sqlite3-multiple-ciphers 13, a Node-API addon):
 * - the one a caller names (the Electron main process names the build it ships, and its command
 *   line passes the same in HAVEN_NATIVE_BINDING);
 * - on Node-API 10 and newer (Node 22.14+, every supported Electron), the driver's own build;
 * - on an older Node (the build machines' Node 20, where the shipped build aborts), the build that
 *   `npm install` compiled for it (build/scripts/driver.mjs).
 */
const DRIVER = 'better-sqlite3-multiple-ciphers';
const DRIVER_NODE_API = 10;
const ADDON_FILE = 'better_sqlite3.node';

/** The built core has CommonJS `require`; under Vitest or tsx, resolve from the project. */
function resolver(): NodeJS.Require {
  return typeof require === 'function' ? require : createRequire(join(process.cwd(), 'package.json'));
}

/** The driver's entry point, for threads that open their own connections (dbThread.ts). */
export function driverPath(): string {
  return resolver().resolve(DRIVER);
}

/** Keep in sync with compatAddonPath() in build/scripts/driver.mjs (a unit test compares them). */
export function compatAddonPath(): string {
  const manifest = resolver().resolve(`${DRIVER}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const key = `${version}-${process.platform}-${process.arch}-node${process.versions.node}`;
  // node_modules/<driver>/package.json → node_modules/.haven-driver/<key>/
  return join(dirname(dirname(manifest)), '.haven-driver', key, ADDON_FILE);
}

let compatChecked: string | undefined;

/** The addon file to load, or undefined for the driver's own. */
export function nativeBindingFor(explicit?: string): string | undefined {
  const named = explicit ?? process.env.HAVEN_NATIVE_BINDING;
  if (named) return named;
  if (Number(process.versions.napi) >= DRIVER_NODE_API) return undefined;
  if (compatChecked) return compatChecked;
  const compat = compatAddonPath();
  if (!existsSync(compat)) {
    throw new Error(
      `${DRIVER} needs Node-API ${DRIVER_NODE_API} (Node 22.14 or newer); this Node ${process.version} has ${process.versions.napi}. ` +
        `Build the driver for it with \`node build/scripts/driver.mjs\` (npm install does this), or use a newer Node. Missing: ${compat}`,
    );
  }
  compatChecked = compat;
  return compat;
}

/** A connection through the right addon; `options` as the driver's own. */
export function connect(path: string, options: Database.Options & { nativeBinding?: string } = {}): Database.Database {
  const nativeBinding = nativeBindingFor(options.nativeBinding);
  try {
    return new Database(path, { ...options, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (error) {
    // The addon itself would not load (a wrong or damaged file named in HAVEN_NATIVE_BINDING):
    // say which file, in both languages, instead of the loader's require stack.
    const code = (error as { code?: unknown }).code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_DLOPEN_FAILED') throw error;
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`数据库组件无法加载 / The database component could not be loaded: ${nativeBinding ?? DRIVER} (${detail})`, { cause: error });
  }
}
