import { mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackgroundSync } from '../../electron/core/kernel/db/backgroundSync';
import { connect } from '../../electron/core/kernel/db/driver';

const openFds = () => readdirSync('/proc/self/fd').length;
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe.runIf(process.platform === 'linux')('BackgroundSync (extra flushes during one long transaction)', () => {
  it('flushes in the background as the work goes on and writes nothing; its descriptor stays open, one per file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'haven-sync-')), 'file.db');
    writeFileSync(path, 'pages');
    const before = openFds();
    const sync = new BackgroundSync(path, 0);
    expect(openFds()).toBe(before + 1);
    for (let i = 0; i < 5; i++) sync.tick();
    sync.close();
    sync.tick(); // after close: nothing more starts
    await settle();
    // Kept open (closing it would drop SQLite's locks on the file), and taken again by the next one.
    expect(openFds()).toBe(before + 1);
    const next = new BackgroundSync(path, 0);
    next.tick();
    next.close();
    await settle();
    expect(openFds()).toBe(before + 1);
    expect(readFileSync(path, 'utf8')).toBe('pages');
    // A new file at the path (a restore): the old descriptor goes, one for the new file comes.
    writeFileSync(`${path}.new`, 'restored');
    renameSync(`${path}.new`, path);
    new BackgroundSync(path, 0).close();
    expect(openFds()).toBe(before + 1);
  });

  it("leaves the database connection's locks in place (closing a descriptor of the file would drop them)", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'haven-sync-')), 'locked.db');
    const db = connect(path);
    try {
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
      db.prepare('SELECT * FROM t').all();
      const ino = statSync(path).ino;
      const ours = () => readFileSync('/proc/locks', 'utf8').split('\n').filter((line) => line.includes(` ${process.pid} `) && line.includes(`:${ino} `)).length;
      const held = ours();
      expect(held).toBeGreaterThan(0);
      const sync = new BackgroundSync(path, 0);
      sync.tick();
      sync.close();
      await settle();
      expect(ours()).toBe(held);
    } finally {
      db.close();
    }
  });

  it('waits between flushes, and a file it cannot open (or an in-memory database) is no error', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'haven-sync-')), 'file.db');
    writeFileSync(path, '');
    const before = openFds();
    const slow = new BackgroundSync(path, 60_000);
    slow.tick();
    slow.close();
    // No flush was due; the descriptor is kept for the file (see above).
    expect(openFds()).toBe(before + 1);
    for (const name of [':memory:', join(tmpdir(), 'haven-no-such-dir', 'x.db')]) {
      const none = new BackgroundSync(name);
      none.tick();
      none.close();
    }
    await settle();
    expect(openFds()).toBe(before + 1);
  });
});
