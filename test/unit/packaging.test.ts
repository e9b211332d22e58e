import { describe, expect, it } from 'vitest';
import { createConfig } from '../../build/electron-builder.config.mjs';

/** The installer's Electron is locked down at package time (issue 12): these fuses are flipped by electron-builder. */
describe('packaging', () => {
  it('flips the fuses that would let the installed app run as Node, take a debugger or load code from outside its archive', () => {
    const config = createConfig({ electronVersion: '40.8.5', nativeBinding: 'build/native/better_sqlite3.node' });
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
