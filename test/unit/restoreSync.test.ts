import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { backupDatabase } from '../../electron/core/kernel/db/backup';
import { createVault, pathsForDatabase, unlockWithPassword } from '../../electron/core/kernel/vault';
import { stageRestore, swapIntoPlace, syncFolder } from '../../electron/core/backups/restore';
import { FAST_SCRYPT, tempDir } from './support/tmp';

/**
 * What reaches the disk cannot be watched from a test (a power cut is not simulated): the file
 * calls a restore makes are. `node:fs` is the real one here, each call of interest also noted.
 */
type FsCall = { op: 'open'; path: string; fd: number } | { op: 'fsync'; fd: number } | { op: 'rename'; from: string; to: string } | { op: 'copy'; from: string; to: string };
const calls: FsCall[] = [];
/** As Windows answers an open of a folder. */
const refuse = { folders: false };

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const openSync = (...args: Parameters<typeof fs.openSync>) => {
    if (refuse.folders && fs.statSync(args[0], { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('EISDIR: illegal operation on a directory'), { code: 'EISDIR' });
    const fd = fs.openSync(...args);
    calls.push({ op: 'open', path: String(args[0]), fd });
    return fd;
  };
  const fsyncSync = (fd: number) => {
    calls.push({ op: 'fsync', fd });
    fs.fsyncSync(fd);
  };
  const renameSync = (from: Parameters<typeof fs.renameSync>[0], to: Parameters<typeof fs.renameSync>[1]) => {
    fs.renameSync(from, to);
    calls.push({ op: 'rename', from: String(from), to: String(to) });
  };
  const copyFileSync = (...args: Parameters<typeof fs.copyFileSync>) => {
    fs.copyFileSync(...args);
    calls.push({ op: 'copy', from: String(args[0]), to: String(args[1]) });
  };
  const mocked = { ...fs, openSync, fsyncSync, renameSync, copyFileSync };
  return { ...mocked, default: mocked };
});

const NOW = new Date('2026-03-01T08:00:00Z');
const scrypt = FAST_SCRYPT;

/** The path each fsync'd descriptor was opened for (descriptors are reused, so the latest open before it). */
function synced(upTo = calls.length): string[] {
  const opened = new Map<number, string>();
  const out: string[] = [];
  for (const call of calls.slice(0, upTo)) {
    if (call.op === 'open') opened.set(call.fd, call.path);
    if (call.op === 'fsync') out.push(opened.get(call.fd) ?? '?');
  }
  return out;
}

beforeEach(() => {
  calls.length = 0;
  refuse.folders = false;
});

describe('a restore on disk', () => {
  it('writes the key file as the vault does (synced, renamed) and syncs the folder once the files are renamed into place', async () => {
    const dir = tempDir();
    const paths = pathsForDatabase(join(dir, 'haven.db'));
    createVault(paths, { station: { code: 'T-1', name: '测试站', mode: 'station' }, admin: { username: 'admin', displayName: '站长', password: 'admin password' } }, NOW, { scrypt });
    const opened = unlockWithPassword(paths, 'admin', 'admin password', { scrypt });
    const backup = join(dir, 'backups', 'haven-20260301-160000.db');
    backupDatabase(opened.db, opened.masterKey, paths.databasePath, backup);
    opened.db.close();
    calls.length = 0;

    const staged = await stageRestore(
      { source: { path: backup, name: basename(backup) }, username: 'admin', credential: { password: 'admin password' }, currentDb: null, currentMode: null, databasePath: paths.databasePath, vaultOptions: { scrypt }, confirm: null, now: NOW, actor: { username: 'admin' } },
      () => {},
    );
    // The staged key file: never a plain copy; written to a temporary file, synced, then renamed to its name.
    expect(calls.filter((c) => c.op === 'copy')).toEqual([]);
    const stagedKeys = `${staged.staged}.keys`;
    const keyRename = calls.findIndex((c) => c.op === 'rename' && c.to === stagedKeys);
    expect(keyRename).toBeGreaterThan(-1);
    const tmp = (calls[keyRename] as { from: string }).from;
    expect(dirname(tmp)).toBe(dir);
    expect(synced(keyRename)).toContain(tmp);

    calls.length = 0;
    const kept = swapIntoPlace(staged, paths.databasePath, NOW, { scrypt });
    // The folder is synced after the last rename into place (the key file's), before the check opens the database.
    const lastRename = calls.map((c) => c.op === 'rename' && c.to === paths.keyFilePath).lastIndexOf(true);
    expect(lastRename).toBeGreaterThan(-1);
    expect(synced().slice(synced(lastRename + 1).length)).toContain(dir);
    expect(readdirSync(dir).sort()).toEqual(['backups', kept, `${kept}.keys`, 'haven.db', 'haven.db.keys']);
    // The restored key file is the backup's, byte for byte, and opens the restored database.
    expect(readFileSync(paths.keyFilePath).equals(readFileSync(`${backup}.keys`))).toBe(true);
    unlockWithPassword(paths, 'admin', 'admin password', { scrypt, migrate: false }).db.close();
  });

  it('a system that will not open a folder to sync it (Windows) is not a failure; a folder that is not there is', () => {
    const dir = tempDir();
    refuse.folders = true;
    expect(() => syncFolder(dir)).not.toThrow();
    refuse.folders = false;
    syncFolder(dir);
    expect(synced()).toEqual([dir]);
    expect(() => syncFolder(join(dir, 'gone'))).toThrowError(expect.objectContaining({ code: 'ENOENT' }));
  });
});
