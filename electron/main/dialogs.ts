import { app, dialog, type BrowserWindow, type FileFilter, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import { randomBytes } from 'node:crypto';
import { copyFile, constants, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * The save dialog and atomic writes for what the shell saves (PDFs, export bundles). The user
 * picks every path: the page never names a file on disk, so it cannot overwrite one on its own.
 */

export interface SaveFileOptions {
  title?: string;
  /** A file name (placed in Documents) or a full path. */
  defaultName?: string;
  filters?: FileFilter[];
}

/** The chosen path, or null when the user cancelled. */
export async function chooseSavePath(parent: BrowserWindow | null, options: SaveFileOptions = {}): Promise<string | null> {
  const settings: SaveDialogOptions = {
    title: options.title,
    defaultPath: options.defaultName ? path.resolve(app.getPath('documents'), options.defaultName) : app.getPath('documents'),
    filters: options.filters,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const result = parent ? await dialog.showSaveDialog(parent, settings) : await dialog.showSaveDialog(settings);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/**
 * Writes through a temporary file in the same folder, flushed, then renamed over the target:
 * a crash or a full disk never leaves a half-written file under the chosen name.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The open dialog for several files of the given kinds; the chosen paths (none when cancelled). */
export async function chooseOpenPaths(parent: BrowserWindow | null, options: { title?: string; filters: FileFilter[]; multiple?: boolean }): Promise<string[]> {
  const settings: OpenDialogOptions = {
    title: options.title,
    defaultPath: app.getPath('documents'),
    filters: options.filters,
    properties: options.multiple === false ? ['openFile'] : ['openFile', 'multiSelections'],
  };
  const result = parent ? await dialog.showOpenDialog(parent, settings) : await dialog.showOpenDialog(settings);
  return result.canceled ? [] : result.filePaths;
}

/** The folder dialog (backups: a USB stick, another drive); one folder, which may be made there; none when cancelled. */
export async function chooseFolder(parent: BrowserWindow | null, title?: string): Promise<string[]> {
  const settings: OpenDialogOptions = { title, defaultPath: app.getPath('documents'), properties: ['openDirectory', 'createDirectory'] };
  const result = parent ? await dialog.showOpenDialog(parent, settings) : await dialog.showOpenDialog(settings);
  return result.canceled ? [] : result.filePaths.slice(0, 1);
}

/**
 * Copies a file (a made bundle, any size) through a temporary file in the target's folder,
 * flushed, then renamed over the target: never a half-copied file under the chosen name.
 */
export async function copyFileAtomic(source: string, file: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await copyFile(source, temporary, constants.COPYFILE_EXCL);
    const handle = await open(temporary, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
