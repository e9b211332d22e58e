import { constants, copyFileSync, linkSync, rmSync } from 'node:fs';

/**
 * Errors of a hard link that mean the disk has none (a FAT32 or exFAT USB stick): Windows answers
 * EISDIR or EPERM there (nodejs/node#65817), other systems ENOTSUP, EOPNOTSUPP, ENOSYS; a link to
 * another disk is EXDEV.
 */
const NO_HARD_LINKS = new Set(['EPERM', 'EISDIR', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Puts a finished file at `out` without ever replacing one there: a hard link fails if `out`
 * exists, whatever appeared since it was checked. On a disk without hard links an exclusive copy
 * does the same, and a copy this call began is removed if it fails. Throws the system's error
 * (EEXIST when `out` is taken). The temporary file is left for the caller to remove.
 */
export function publishExclusive(temporary: string, out: string): void {
  try {
    linkSync(temporary, out);
    return;
  } catch (error) {
    if (!NO_HARD_LINKS.has((error as { code?: string }).code ?? '')) throw error;
  }
  try {
    copyFileSync(temporary, out, constants.COPYFILE_EXCL);
  } catch (copyError) {
    // Only a copy this call created is removed: an existing file or folder (EEXIST, EISDIR) is untouched.
    const code = (copyError as { code?: string }).code;
    if (code !== 'EEXIST' && code !== 'EISDIR') rmSync(out, { force: true });
    throw copyError;
  }
}
