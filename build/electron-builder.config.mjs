// electron-builder configuration, used by build/scripts/dist.mjs (`npm run dist`), which first
// builds the app and finds the database driver's build for the target, then passes both facts in.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Of node_modules the packaged app needs only the database driver's JavaScript (main.cjs
 * requires it; its addon comes from extraResources), which requires nothing outside itself.
 * Everything else is bundled into dist/ by esbuild and Vite.
 */
const KEEP = new Set(['better-sqlite3-multiple-ciphers']);

/**
 * electron-builder copies every production dependency (age-encryption, exceljs, yauzl and their
 * trees, which esbuild has already bundled into dist/; electron is a devDependency and is not
 * copied) and applies only the exclusions of `files` to them, so each other top-level package (or
 * @scope) is excluded by name.
 */
function excludeOtherModules() {
  const nodeModules = fileURLToPath(new URL('../node_modules', import.meta.url));
  return readdirSync(nodeModules, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !KEEP.has(entry.name))
    .map((entry) => `!node_modules/${entry.name}{,/**/*}`);
}

/** Electron publishes no 32-bit builds since 44 (Windows ia32, Linux armv7l). */
export const ARCHS = ['x64', 'arm64'];

/**
 * @param {{ electronVersion: string, nativeBinding: string, arch: 'x64' | 'arm64' }} inputs
 *   electronVersion: given explicitly, because electron is a devDependency that an install may
 *   lack (ELECTRON_SKIP_BINARY_DOWNLOAD, `npm ci --omit=dev`), and electron-builder would otherwise
 *   look for it in node_modules;
 *   nativeBinding: the driver's better_sqlite3.node for the target platform and `arch`;
 *   arch: the one architecture every target is built for. It is named in each target because
 *   electron-builder adds a target's own `arch` to the one it is asked for: a target fixed to x64
 *   made `--arm64` build an x64 package carrying the arm64 addon.
 * @returns {import('electron-builder').Configuration}
 */
export function createConfig({ electronVersion, nativeBinding, arch }) {
  if (!ARCHS.includes(arch)) throw new Error(`Unsupported architecture: ${arch}`);
  /** @param {string} target */
  const forArch = (target) => ({ target, arch: [arch] });
  return {
    appId: 'cn.haven.app',
    // The name people see (installer, shortcuts, window). The data folder stays %APPDATA%\Haven
    // whatever this says (electron/main/index.ts sets it), and the executable keeps an ASCII name
    // that the command-line launchers and IT scripts can type.
    productName: '港湾 Haven',
    executableName: 'Haven',
    copyright: 'Haven',
    electronVersion,
    directories: { output: 'release', buildResources: 'build' },

    // Nothing is compiled: the driver's addon is its authors' Node-API build, which runs in
    // Electron as it is (build/scripts/driver.mjs).
    npmRebuild: false,
    nodeGypRebuild: false,
    buildDependenciesFromSource: false,

    files: [
      'package.json',
      'dist/electron/**/*',
      'dist/renderer/**/*',
      // The command line, run by `Haven --cli …` (electron/main/cli.ts).
      'dist/cli/**/*',
      '!**/*.map',
      ...excludeOtherModules(),
      // The sources and the builds for every platform are not needed at run time: the target's
      // own build is in resources/native.
      '!node_modules/better-sqlite3-multiple-ciphers/{build,deps,src,prebuilds}{,/**/*}',
      '!node_modules/better-sqlite3-multiple-ciphers/{binding.gyp,index.d.ts,README.md}',
    ],
    asar: true,
    // A native library cannot be loaded from inside the archive. The driver's build sits outside
    // it anyway (resources/native); this keeps any other .node that slips in loadable.
    asarUnpack: ['**/*.node'],
    // electron/main/native.ts loads it from process.resourcesPath when packaged.
    // Printed documents embed the bundled fonts' subsets (electron/core/print/fonts.ts), read
    // from resources/fonts in the installed app.
    extraResources: [
      { from: nativeBinding, to: 'native/better_sqlite3.node' },
      ...['noto-serif-sc', 'noto-sans-sc'].map((pkg) => ({
        from: `node_modules/@fontsource/${pkg}`,
        to: `fonts/${pkg}`,
        filter: ['*.css', 'files/*.woff2', 'LICENSE'],
      })),
    ],

    // The installed binary cannot be turned into a plain Node (ELECTRON_RUN_AS_NODE), take
    // NODE_OPTIONS or --inspect (a debugger in the process that holds the key), or load code
    // from outside its (integrity-checked) app.asar. Worker threads, which the core runs in, are
    // not affected by these fuses.
    electronFuses: {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    },

    // Offline app: no update feed, nothing published.
    publish: null,
    detectUpdateChannel: false,
    generateUpdatesFilesForAllChannels: false,

    // Code signing: electron-builder signs when CSC_LINK (the certificate, .pfx path or base64) and
    // CSC_KEY_PASSWORD are in the environment, and builds unsigned installers when they are not.
    forceCodeSigning: false,

    win: {
      // No `portable` target: it unpacks the whole app into %TEMP% at every start and leaves no
      // uninstaller, and its data lives in %APPDATA%\Haven like the installed app's anyway.
      target: [forArch('nsis')],
      artifactName: 'Haven-Setup-${version}-${arch}.${ext}',
      icon: 'build/icon.png',
      // `haven` in a console beside Haven.exe: the command line for IT staff.
      extraFiles: [{ from: 'build/launchers/haven.cmd', to: 'haven.cmd' }],
    },
    nsis: {
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: '港湾 Haven',
      // The station's database lives in the user's AppData: uninstalling must never delete it.
      deleteAppDataOnUninstall: false,
      installerLanguages: ['zh_CN', 'en_US'],
      language: '2052',
    },
    linux: {
      target: [forArch('AppImage'), forArch('deb')],
      executableName: 'haven-app',
      icon: 'build/icon.png',
      extraFiles: [{ from: 'build/launchers/haven', to: 'haven' }],
      category: 'Office',
      maintainer: 'Haven <haven@localhost>',
      synopsis: '港湾 Haven',
      artifactName: 'Haven-${version}-${arch}.${ext}',
    },
    mac: {
      target: [forArch('dmg')],
      category: 'public.app-category.business',
      hardenedRuntime: true,
      artifactName: 'Haven-${version}-${arch}.${ext}',
    },
  };
}
