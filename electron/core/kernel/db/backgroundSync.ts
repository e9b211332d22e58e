import { closeSync, fdatasync, openSync } from 'node:fs';

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
      this.fd = openSync(path, 'r+');
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

  /** No more flushes; the file is closed once those under way have finished. */
  close(): void {
    this.closing = true;
    this.release();
  }

  private release(): void {
    if (!this.closing || this.pending > 0 || this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
