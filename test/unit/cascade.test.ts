import type Database from 'better-sqlite3-multiple-ciphers';
import { connect } from '../../electron/core/kernel/db/driver';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeSnapshot } from '../../electron/core/bundles/apply';
import { exportBundle } from '../../electron/core/bundles/export';
import { importBundleFiles } from '../../electron/core/bundles/import';
import { registerRecipient } from '../../electron/core/bundles/recipients';
import { generateDemo } from '../../electron/core/demo/generate';
import { cascadePlan, deleteCascading, settleDanglingReferences } from '../../electron/core/kernel/db/cascade';
import { withoutForeignKeys, type Db } from '../../electron/core/kernel/db/database';
import { keySheet } from '../../electron/core/kernel/identity/ownKeys';
import { getSupervisionSettings } from '../../electron/core/kernel/supervisionSettings';
import { refreshDue } from '../../electron/core/worklist/store';
import { opsFor, type Ops } from '../../electron/core/kernel/ops';
import { createVault, pathsForDatabase, unlockWithPassword } from '../../electron/core/kernel/vault';
import { FAST_SCRYPT, tempDir } from './support/tmp';

/** A delete with foreign keys off, done as SQLite does it with them on (kernel/db/cascade.ts). */
const dump = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name`).pluck().all() as string[]).map((t) => [
    t,
    (db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][]).map((row) => JSON.stringify(row, (_, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).sort(),
  ]);

const SCHEMA = `
CREATE TABLE p (id INTEGER PRIMARY KEY, grp INTEGER);
CREATE TABLE c1 (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);
CREATE TABLE c2 (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE, c1_id INTEGER REFERENCES c1 (id) ON DELETE SET NULL);
CREATE TABLE c3 (id INTEGER PRIMARY KEY, c2_id INTEGER REFERENCES c2 (id) ON DELETE CASCADE, c1_id INTEGER REFERENCES c1 (id) ON DELETE SET NULL, note TEXT);
CREATE TABLE other (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE SET NULL, c3_id INTEGER REFERENCES c3 (id) ON DELETE CASCADE);
CREATE TABLE blocker (id INTEGER PRIMARY KEY, c1_id INTEGER REFERENCES c1 (id));
CREATE TABLE log (what TEXT);
CREATE TRIGGER c3_gone AFTER DELETE ON c3 BEGIN INSERT INTO log VALUES ('c3 ' || old.id); END;
CREATE TRIGGER c3_nulled AFTER UPDATE OF c1_id ON c3 BEGIN INSERT INTO log VALUES ('c3 null ' || new.id); END;
`;

function filled(seed: number, blocked: boolean): Database.Database {
  const db = connect(':memory:');
  db.exec(SCHEMA);
  let x = seed;
  const rnd = (n: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
  const pick = (n: number) => (rnd(5) === 0 ? null : rnd(n) + 1);
  db.pragma('foreign_keys = OFF');
  for (let i = 1; i <= 20; i++) db.prepare('INSERT INTO p VALUES (?, ?)').run(i, rnd(3));
  for (let i = 1; i <= 40; i++) db.prepare('INSERT INTO c1 VALUES (?, ?)').run(i, pick(20));
  for (let i = 1; i <= 60; i++) db.prepare('INSERT INTO c2 VALUES (?, ?, ?)').run(i, pick(20), pick(40));
  for (let i = 1; i <= 80; i++) db.prepare('INSERT INTO c3 VALUES (?, ?, ?, ?)').run(i, pick(60), pick(40), `n${i}`);
  for (let i = 1; i <= 30; i++) db.prepare('INSERT INTO other VALUES (?, ?, ?)').run(i, pick(20), pick(80));
  if (blocked) db.prepare('INSERT INTO blocker VALUES (1, (SELECT c1.id FROM c1 JOIN p ON p.id = c1.p_id WHERE p.grp = 1 LIMIT 1))').run();
  db.pragma('foreign_keys = ON');
  return db;
}

describe('deleting as foreign keys would, with them off', () => {
  it('cascades, sets to NULL, fires the triggers and fails on NO ACTION as SQLite does', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const blocked = seed % 5 === 0;
      const sqlite = filled(seed, blocked);
      const ours = filled(seed, blocked);
      let sqliteError: string | null = null;
      try {
        sqlite.transaction(() => sqlite.prepare('DELETE FROM p WHERE grp = 1').run())();
      } catch (error) {
        sqliteError = (error as { code?: string }).code ?? 'error';
      }
      const plan = cascadePlan(ours as unknown as Db, 'p');
      expect(plan?.order).toEqual(['other', 'c3', 'c2', 'blocker', 'c1', 'p'].filter((t) => plan?.reached.has(t)));
      let ourError: string | null = null;
      try {
        withoutForeignKeys(ours as unknown as Db, () => ours.transaction(() => deleteCascading(ours as unknown as Db, plan!, 'grp = @grp', { grp: 1 }))());
      } catch (error) {
        ourError = (error as { code?: string }).code ?? 'error';
      }
      expect(ourError, `seed ${seed}`).toBe(sqliteError);
      // Every table alike but the triggers' log, whose order differs (set by set here, row by row
      // there) and where SQLite also logs setting to NULL rows it deletes right after.
      const tables = (db: Database.Database) => dump(db).filter(([t]) => t !== 'log');
      expect(tables(ours), `seed ${seed}`).toEqual(tables(sqlite));
      const log = (db: Database.Database) => (db.prepare('SELECT what FROM log').pluck().all() as string[]).sort();
      const survivors = new Set((ours.prepare('SELECT id FROM c3').pluck().all() as number[]).map((id) => `c3 null ${id}`));
      expect(log(ours), `seed ${seed}`).toEqual(log(sqlite).filter((w) => !w.startsWith('c3 null') || survivors.has(w)));
      expect(ours.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(ours.pragma('foreign_key_check')).toEqual([]);
    }
  });

  it('settles what still refers to deleted rows, within a range of ids, as the deletes would have', () => {
    const db = connect(':memory:');
    // Off from the start: 102 is a row deleted earlier, outside the range settled here.
    db.pragma('foreign_keys = OFF');
    db.exec(`
      CREATE TABLE p (id INTEGER PRIMARY KEY);
      CREATE TABLE gone (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);
      CREATE TABLE kept (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE SET NULL);
      CREATE TABLE under (id INTEGER PRIMARY KEY, gone_id INTEGER REFERENCES gone (id) ON DELETE CASCADE);
      INSERT INTO p VALUES (1), (2), (101);
      INSERT INTO gone VALUES (10, 1), (11, 2), (12, 101), (13, 102);
      INSERT INTO kept VALUES (20, 1), (21, 2), (22, 102);
      INSERT INTO under VALUES (30, 10), (31, 11), (32, 13);`);
    db.exec('DELETE FROM p WHERE id = 2');
    settleDanglingReferences(db as unknown as Db, new Set(['p']), 1, 100);
    expect(db.prepare('SELECT id FROM gone ORDER BY id').pluck().all()).toEqual([10, 12, 13]);
    expect(db.prepare('SELECT id FROM under ORDER BY id').pluck().all()).toEqual([30, 32]);
    expect(db.prepare('SELECT id, p_id FROM kept ORDER BY id').raw().all()).toEqual([[20, 1], [21, null], [22, 102]]);
    // A key without an action fails, as the delete would have.
    db.exec('CREATE TABLE blocking (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id)); INSERT INTO blocking VALUES (40, 1); DELETE FROM p WHERE id = 1');
    expect(() => settleDanglingReferences(db as unknown as Db, new Set(['p']), 1, 100)).toThrowError(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }));
    db.close();
  });

  it("a station's snapshot goes as it did with foreign keys on, the other station's stays", async () => {
    const now = new Date('2026-03-02T01:00:00Z');
    const make = (code: string, mode: 'station' | 'supervisor'): { db: Db; ops: Ops; dir: string } => {
      const dir = tempDir();
      const paths = pathsForDatabase(join(dir, 'haven.db'));
      createVault(paths, { station: { code, name: `${code} 站`, mode }, admin: { username: 'admin', displayName: '王站长', password: 'a long password' } }, now, { scrypt: FAST_SCRYPT });
      const { db } = unlockWithPassword(paths, 'admin', 'a long password', { scrypt: FAST_SCRYPT });
      opened.push(db);
      return { db, ops: opsFor(db, now, { userId: 1, username: 'admin', displayName: '王站长' }), dir };
    };
    const v = make('SUP-01', 'supervisor');
    const sheet = keySheet(v.ops);
    for (const [code, seed] of [['JS-NJ-01', 'a'], ['JS-NJ-02', 'b']] as const) {
      const s = make(code, 'station');
      generateDemo(s.db, { persons: 40, seed, at: '2026-03-02', now, actor: s.ops.actor });
      registerRecipient(s.ops, { name: '县禁毒办', recipient: sheet.recipient, fingerprint: sheet.recipientFingerprint });
      const sent = await exportBundle(s.ops, { kind: 'full', recipient: sheet.recipient, out: s.dir });
      const [result] = await importBundleFiles(v.ops, [sent.path], { confirmFingerprints: [keySheet(s.ops).fingerprint] });
      expect(result?.outcome).toBe('accepted');
    }
    // The worklist's rows (local tables tied to persons) go too.
    refreshDue(v.db, '2026-03-02', getSupervisionSettings(v.db));
    v.db.prepare(`INSERT INTO alert_dismissals (person_id, key, rule_id, reason, user_name, created_at) SELECT id, 'k', 'r', 'x', 'admin', '2026-03-02' FROM persons`).run();
    expect(v.db.prepare('SELECT count(*) FROM alerts').pluck().get()).toBeGreaterThan(0);
    // The same database with SQLite's own cascade (foreign keys on, as the app opens it).
    v.db.pragma('wal_checkpoint(TRUNCATE)');
    const other = tempDir();
    for (const file of ['haven.db', 'haven.db.keys']) copyFileSync(join(v.dir, file), join(other, file));
    const copy = unlockWithPassword(pathsForDatabase(join(other, 'haven.db')), 'admin', 'a long password', { scrypt: FAST_SCRYPT }).db;
    opened.push(copy);
    expect(copy.pragma('foreign_keys', { simple: true })).toBe(1);
    copy.prepare('DELETE FROM persons WHERE origin_station = ?').run('JS-NJ-01');
    const plan = cascadePlan(v.db, 'persons');
    expect(plan).not.toBeNull();
    withoutForeignKeys(v.db, () => v.db.transaction(() => removeSnapshot(v.db, 'JS-NJ-01', plan))());
    const tables = (db: Db) => dump(db as unknown as Database.Database).filter(([t]) => !['audit_events', 'bundle_log'].includes(t as string));
    expect(tables(v.db)).toEqual(tables(copy));
    expect(v.db.prepare(`SELECT count(*) FROM persons WHERE origin_station = 'JS-NJ-01'`).pluck().get()).toBe(0);
    expect(v.db.prepare(`SELECT count(*) FROM persons WHERE origin_station = 'JS-NJ-02'`).pluck().get()).toBe(40);
    expect(v.db.pragma('foreign_key_check')).toEqual([]);
  });
});

const opened: Db[] = [];
afterEach(() => {
  while (opened.length > 0) opened.pop()?.close();
});
