import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackgroundSync } from '../../electron/core/kernel/db/backgroundSync';

const openFds = () => readdirSync('/proc/self/fd').length;
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe.runIf(process.platform === 'linux')('BackgroundSync (extra flushes during one long transaction)', () => {
  it('flushes in the background as the work goes on, writes nothing, and closes its file once the flushes under way are done', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'haven-sync-')), 'file.db');
    writeFileSync(path, 'pages');
    const before = openFds();
    const sync = new BackgroundSync(path, 0);
    expect(openFds()).toBe(before + 1);
    for (let i = 0; i < 5; i++) sync.tick();
    sync.close();
    sync.tick(); // after close: nothing more starts
    // Flushes were under way: the file stays open until they are done, then it is closed.
    expect(openFds()).toBe(before + 1);
    await settle();
    expect(openFds()).toBe(before);
    expect(readFileSync(path, 'utf8')).toBe('pages');
  });

  it('waits between flushes, and a file it cannot open (or an in-memory database) is no error', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'haven-sync-')), 'file.db');
    writeFileSync(path, '');
    const before = openFds();
    const slow = new BackgroundSync(path, 60_000);
    slow.tick();
    slow.close();
    // No flush was due: closed at once.
    expect(openFds()).toBe(before);
    for (const name of [':memory:', join(tmpdir(), 'haven-no-such-dir', 'x.db')]) {
      const none = new BackgroundSync(name);
      none.tick();
      none.close();
    }
    await settle();
    expect(openFds()).toBe(before);
  });
});
