import { closeSync, fdatasync, fstatSync, openSync, statSync } from 'node:fs';

/**
 * On Linux and macOS a lock taken with fcntl belongs to the process and the file, not to the
 * descriptor: closing any descriptor of the database file drops every lock SQLite holds on it in
 * this process (SQLite's own descriptors are tracked by SQLite, ours are not), and another process
 * could then write under it. So there a flushing descriptor is opened once per file and kept
 * for the life of the process; it is closed only when the path has come to name another file
 * (a restore put a new one there), whose old locks no one holds. Windows locks by handle: there
 * each flusher closes its own.
 */
const KEEP_OPEN = process.platform !== 'win32';
const kept = new Map<string, { fd: number; ino: number; dev: number }>();

function openKept(path: string): number {
  const now = statSync(path);
  const held = kept.get(path);
  if (held && held.ino === now.ino && held.dev === now.dev) return held.fd;
  if (held) {
    closeSync(held.fd);
    kept.delete(path);
  }
  const fd = openSync(path, 'r+');
  const st = fstatSync(fd);
  kept.set(path, { fd, ino: st.ino, dev: st.dev });
  return fd;
}

/**
 * Flushes a database file's written pages to the disk in the background while one long
 * transaction keeps writing it (a county bundle's import writes about 550 MB). Without it the
 * kernel holds them all until the commit's own sync, which then writes them at once while the
 * job waits: 0.34 s on this machine's SSD, seconds on an office PC's disk. Here the syncs run in
 * libuv's thread pool beside the writing, so the commit finds little left to write.
 *
 * Only ever an extra sync: SQLite's own syncs, at its own moments, are what make the commit
 * durable, so a failure here is ignored. The file is opened read-write because Windows flushes
 * only through a handle that may write; nothing is written through it.
 */
export class BackgroundSync {
  private fd: number | null;
  private pending = 0;
  private closing = false;
  private last = performance.now();

  constructor(
    path: string,
    private readonly everyMs = 1000,
  ) {
    try {
      this.fd = KEEP_OPEN ? openKept(path) : openSync(path, 'r+');
    } catch {
      this.fd = null;
    }
  }

  /** Called as the work goes on: starts a flush when the last one was long enough ago. */
  tick(): void {
    if (this.fd === null || this.closing) return;
    const now = performance.now();
    if (now - this.last < this.everyMs) return;
    this.last = now;
    this.pending++;
    fdatasync(this.fd, () => {
      this.pending--;
      this.release();
    });
  }

  /** No more flushes; on Windows the file is closed once those under way have finished (see KEEP_OPEN). */
  close(): void {
    this.closing = true;
    this.release();
  }

  private release(): void {
    if (!this.closing || this.pending > 0 || this.fd === null) return;
    if (!KEEP_OPEN) closeSync(this.fd);
    this.fd = null;
  }
}
