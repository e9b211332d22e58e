import { app } from 'electron';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * better-sqlite3 is a native addon, and node_modules holds the build for plain Node (tests and
 * the CLI need it there). Electron has another ABI, so the main process loads a second build,
 * made for Electron, and hands its path to the core as `nativeBinding`.
 */
const ADDON_FILE = 'better_sqlite3.node';

/**
 * Where that Electron build is:
 * - packaged: electron-builder copies it to `resources/native/` (extraResources), outside the
 *   asar archive, because the OS cannot load a shared library from inside an archive;
 * - development: build/scripts/start.mjs rebuilds a copy under `.electron-native/` and passes
 *   the path in HAVEN_NATIVE_BINDING; the same conventional path is the fallback, for
 *   `electron .` run by hand after a start (keep in sync with build/scripts/native.mjs).
 */
export function nativeBindingPath(): string {
  if (app.isPackaged) return path.join(process.resourcesPath, 'native', ADDON_FILE);
  const fromEnv = process.env.HAVEN_NATIVE_BINDING;
  if (fromEnv) return path.resolve(fromEnv);
  const key = `${process.versions.electron}-${process.platform}-${process.arch}`;
  return path.join(
    app.getAppPath(),
    '.electron-native',
    key,
    'node_modules',
    'better-sqlite3-multiple-ciphers',
    'build',
    'Release',
    ADDON_FILE,
  );
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
      : `数据库组件未为 Electron 编译，请用 npm start 启动。\nThe database module is not built for Electron; start the app with npm start.\n\n${file}`;
  }
  try {
    createRequire(__filename)(file);
    return null;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return `数据库组件无法加载。\nThe database component could not be loaded.\n\n${file}\n${detail}`;
  }
}
