import { describe, expect, it } from 'vitest';
import { createConfig } from '../../build/electron-builder.config.mjs';

/** The installer's Electron is locked down at package time (issue 12): these fuses are flipped by electron-builder. */
describe('packaging', () => {
  it('flips the fuses that would let the installed app run as Node, take a debugger or load code from outside its archive', () => {
    const config = createConfig({ electronVersion: '45.5.0', nativeBinding: 'build/native/better_sqlite3.node', arch: 'x64' });
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
    // The core's worker ships inside the archive beside main.cjs.
    expect(config.files).toContain('dist/electron/**/*');
  });
});

describe('the installers (issue 15)', () => {
  const config = createConfig({ electronVersion: '45.5.0', nativeBinding: 'build/native/better_sqlite3.node', arch: 'x64' }) as Record<string, unknown> & {
    files: string[];
    win: { target: { target: string; arch: string[] }[]; extraFiles: { from: string; to: string }[] };
    linux: { target: { target: string; arch: string[] }[]; executableName: string; extraFiles: { from: string; to: string }[] };
  };

  it('builds NSIS for Windows (no portable exe, which unpacks into %TEMP% at every start), AppImage and deb for Linux, named 港湾 Haven with an ASCII executable', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux.target).toEqual([
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ]);
    expect(config).not.toHaveProperty('portable');
    expect(config.productName).toBe('港湾 Haven');
    expect(config.executableName).toBe('Haven');
    expect(config.forceCodeSigning).toBe(false);
  });

  it('builds every target for the one architecture whose addon it ships (--arm64 made an x64 package with the arm64 addon)', async () => {
    const { Arch, Platform } = await import('electron-builder');
    const { computeArchToTargetNamesMap } = await import('app-builder-lib/out/targets/targetFactory');
    for (const arch of ['x64', 'arm64'] as const) {
      const built = createConfig({ electronVersion: '45.5.0', nativeBinding: `build/native/${arch}.node`, arch }) as unknown as typeof config;
      expect(built.extraResources).toContainEqual({ from: `build/native/${arch}.node`, to: 'native/better_sqlite3.node' });
      // What build/scripts/dist.mjs asks electron-builder for, resolved as electron-builder does.
      for (const [platform, options] of [[Platform.WINDOWS, built.win], [Platform.LINUX, built.linux]] as const) {
        const asked = platform.createTarget(null, Arch[arch]).get(platform)!;
        const archs = computeArchToTargetNamesMap(asked, { platformSpecificBuildOptions: options } as never, platform);
        expect([...archs.keys()].map((a) => Arch[a])).toEqual([arch]);
      }
    }
    expect(() => createConfig({ electronVersion: '45.5.0', nativeBinding: 'x.node', arch: 'ia32' as never })).toThrow('Unsupported architecture');
  });

  it('ships the command line: its bundle in the archive and a `haven` launcher beside the executable', async () => {
    const { readFileSync, statSync } = await import('node:fs');
    expect(config.files).toContain('dist/cli/**/*');
    expect(config.win.extraFiles).toEqual([{ from: 'build/launchers/haven.cmd', to: 'haven.cmd' }]);
    expect(config.linux.extraFiles).toEqual([{ from: 'build/launchers/haven', to: 'haven' }]);
    const cmd = readFileSync('build/launchers/haven.cmd', 'utf8');
    expect(cmd).toContain('"%~dp0Haven.exe" --cli %*');
    const sh = readFileSync('build/launchers/haven', 'utf8');
    expect(sh).toContain(`"$here/${config.linux.executableName}" --cli "$@"`);
    expect(statSync('build/launchers/haven').mode & 0o111).not.toBe(0);
    const { cliArguments } = await import('../../electron/main/cliArgs');
    expect(cliArguments(['Haven.exe', '--cli', 'check', '--db', 'x.db'])).toEqual(['check', '--db', 'x.db']);
    expect(cliArguments(['Haven.exe'])).toBeNull();
  });

  it('the Windows launcher writes no output to disk (it can be the master key, the recovery key or names) and keeps the exit code', async () => {
    const { readFileSync } = await import('node:fs');
    const cmd = readFileSync('build/launchers/haven.cmd', 'utf8');
    const commands = cmd.split(/\r?\n/).filter((line) => line.trim() !== '' && !/^\s*(rem\b|@?echo off)/i.test(line));
    expect(commands).toEqual(['setlocal', 'set "ELECTRON_NO_ATTACH_CONSOLE="', '"%~dp0Haven.exe" --cli %*', 'exit /b %ERRORLEVEL%']);
    // Nor anywhere in the file, comments included: no temporary file, no redirection, no copy.
    expect(cmd).not.toMatch(/%TEMP%|%TMP%|\.txt|\btype\b|\bdel\b|>/i);
    // CRLF: cmd.exe misreads some LF-only batch files; and no byte a console code page could misread.
    expect(cmd.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    expect([...cmd].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
  });

  it('reads a data folder an IT worker configured, and ignores a bad configuration', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempDir } = await import('./support/tmp');
    const { configuredDataDir } = await import('../../electron/main/dataDir');
    const dir = tempDir();
    const file = join(dir, 'haven.json');
    expect(configuredDataDir(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ dataDir: join(dir, 'elsewhere') }));
    expect(configuredDataDir(file)).toBe(join(dir, 'elsewhere'));
    for (const bad of ['{"dataDir": "relative/path"}', 'not json', '{"dataDir": 3}', '{"dataDir": "/x", "more": 1}']) {
      writeFileSync(file, bad);
      expect(configuredDataDir(file)).toBeNull();
    }
  });
});

describe('the database driver (issue 15: better-sqlite3-multiple-ciphers 13)', () => {
  it('ships the driver’s own build for each installer’s platform, outside the archive, and nothing to compile', async () => {
    const { existsSync } = await import('node:fs');
    const { prebuiltAddon } = await import('../../build/scripts/driver.mjs');
    for (const [platform, arch] of [['win32', 'x64'], ['linux', 'x64'], ['linux', 'arm64'], ['darwin', 'arm64']] as const) {
      expect(existsSync(prebuiltAddon(platform, arch)), `${platform}-${arch}`).toBe(true);
    }
    const config = createConfig({ electronVersion: '45.5.0', nativeBinding: prebuiltAddon('win32', 'x64'), arch: 'x64' }) as Record<string, unknown> & {
      files: string[];
      extraResources: ({ from: string; to: string } | unknown)[];
    };
    expect(config.extraResources).toContainEqual({ from: prebuiltAddon('win32', 'x64'), to: 'native/better_sqlite3.node' });
    expect(config.npmRebuild).toBe(false);
    // Every platform's build and the sources stay out of the archive; the driver's JavaScript is kept.
    expect(config.files).toContain('!node_modules/better-sqlite3-multiple-ciphers/{build,deps,src,prebuilds}{,/**/*}');
    expect(config.files.filter((f) => f.includes('better-sqlite3-multiple-ciphers{'))).toEqual([]);
    // The driver's JavaScript needs no other package at run time.
    const { readFileSync } = await import('node:fs');
    const manifest = JSON.parse(readFileSync('node_modules/better-sqlite3-multiple-ciphers/package.json', 'utf8')) as { version: string; dependencies?: Record<string, string> };
    expect(manifest.version).toMatch(/^13\./);
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(['node-addon-api']);
    expect(readFileSync('node_modules/better-sqlite3-multiple-ciphers/lib/index.js', 'utf8')).not.toContain("require('node-addon-api')");
  });

  it('on a Node older than Node-API 10 loads the build npm install made for it, found where the build script put it', async () => {
    const { existsSync } = await import('node:fs');
    const script = await import('../../build/scripts/driver.mjs');
    const driver = await import('../../electron/core/kernel/db/driver');
    expect(driver.compatAddonPath()).toBe(script.compatAddonPath());
    const saved = process.env.HAVEN_NATIVE_BINDING;
    delete process.env.HAVEN_NATIVE_BINDING;
    try {
      if (script.needsCompatAddon()) {
        expect(driver.nativeBindingFor()).toBe(script.compatAddonPath());
        expect(existsSync(script.compatAddonPath())).toBe(true);
      } else {
        expect(driver.nativeBindingFor()).toBeUndefined();
      }
      // A caller's file (the Electron app's) wins, and so does the environment's (its command line).
      expect(driver.nativeBindingFor('/opt/haven/native/better_sqlite3.node')).toBe('/opt/haven/native/better_sqlite3.node');
      process.env.HAVEN_NATIVE_BINDING = '/opt/haven/resources/native/better_sqlite3.node';
      expect(driver.nativeBindingFor()).toBe('/opt/haven/resources/native/better_sqlite3.node');
    } finally {
      if (saved === undefined) delete process.env.HAVEN_NATIVE_BINDING;
      else process.env.HAVEN_NATIVE_BINDING = saved;
    }
    const db = driver.connect(':memory:');
    expect(db.prepare('SELECT sqlite3mc_version()').pluck().get()).toMatch(/^SQLite3 Multiple Ciphers 2\./);
    db.close();
  });

  it('names the addon file in both languages when the file it is told to load is missing or not an addon', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempDir } = await import('./support/tmp');
    const driver = await import('../../electron/core/kernel/db/driver');
    const dir = tempDir();
    const garbage = join(dir, 'better_sqlite3.node');
    writeFileSync(garbage, 'not an addon');
    for (const file of [join(dir, 'missing.node'), garbage]) {
      expect(() => driver.connect(':memory:', { nativeBinding: file })).toThrow(`数据库组件无法加载 / The database component could not be loaded: ${file}`);
    }
  });
});
