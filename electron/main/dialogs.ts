import { app, dialog, type BrowserWindow, type FileFilter, type SaveDialogOptions } from 'electron';
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
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
