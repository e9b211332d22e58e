import { app } from 'electron';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The database driver (better-sqlite3-multiple-ciphers 13) is a Node-API addon, built once for
 * each platform by its authors; Node-API is the same in Electron as in Node, so the app loads that
 * build unchanged. The main process names the file and hands its path to the core as `nativeBinding`.
 */
const ADDON_FILE = 'better_sqlite3.node';

/**
 * Where that build is:
 * - packaged: electron-builder copies the target's build to `resources/native/` (extraResources),
 *   outside the asar archive, because the OS cannot load a shared library from inside an archive;
 * - development: the driver's own file in node_modules (build/scripts/start.mjs passes the same
 *   path in HAVEN_NATIVE_BINDING; keep in sync with prebuiltAddon() in build/scripts/driver.mjs).
 */
export function nativeBindingPath(): string {
  if (app.isPackaged) return path.join(process.resourcesPath, 'native', ADDON_FILE);
  const fromEnv = process.env.HAVEN_NATIVE_BINDING;
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(app.getAppPath(), 'node_modules', 'better-sqlite3-multiple-ciphers', 'prebuilds', `${process.platform}-${process.arch}.node`);
}

/**
 * Loads the addon once at start, so a missing file or a wrong ABI is reported when the app
 * opens rather than as an internal error at the first login. Node caches the module by its
 * path, so better-sqlite3's own `require` of the same file later reuses this load.
 * Returns a message for the user, or null when the addon loads.
 */
export function checkNativeBinding(file: string): string | null {
  if (!existsSync(file)) {
    return app.isPackaged
      ? `数据库组件缺失，请重新安装本程序。\nA database component is missing; please reinstall the application.\n\n${file}`
      : `数据库组件缺失，请运行 npm install。\nThe database module is missing; run npm install.\n\n${file}`;
  }
  try {
    createRequire(__filename)(file);
    return null;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return `数据库组件无法加载。\nThe database component could not be loaded.\n\n${file}\n${detail}`;
  }
}
