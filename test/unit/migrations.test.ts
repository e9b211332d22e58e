import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../electron/core/db/database';
import { applyMigrations, SCHEMA_VERSION, schemaVersion } from '../../electron/core/db/migrate';
import { migrations } from '../../electron/core/db/migrations';
import { tempDir } from './support/tmp';

describe('migrations', () => {
  it('are numbered 1..N in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(migrations.length);
  });

  it('apply once, in order, and a second run changes nothing', () => {
    const key = randomBytes(32);
    const path = `${tempDir()}/m.db`;
    const db = openDatabase(path, key, { migrate: false });
    expect(schemaVersion(db)).toBe(0);
    expect(applyMigrations(db)).toBe(SCHEMA_VERSION);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all();
    expect(applyMigrations(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all()).toEqual(tables);
    db.close();
  });

  it('stop at a chosen version (for data-migration tests)', () => {
    const db = openDatabase(`${tempDir()}/m.db`, randomBytes(32), { migrate: false });
    expect(applyMigrations(db, 1)).toBe(1);
    expect(schemaVersion(db)).toBe(1);
    db.close();
  });

  it('refuse a database written by a newer Haven', () => {
    const key = randomBytes(32);
    const path = `${tempDir()}/m.db`;
    const db = openDatabase(path, key);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(path, key)).toThrowError(expect.objectContaining({ code: 'DATABASE_TOO_NEW' }));
  });

  it('roll back entirely when one fails', () => {
    const db = openDatabase(`${tempDir()}/m.db`, randomBytes(32), { migrate: false });
    db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY)'); // makes 0001 fail half-way
    expect(() => applyMigrations(db)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'meta'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('keep the audit log append-only', () => {
    const db = openDatabase(`${tempDir()}/m.db`, randomBytes(32));
    db.prepare(
      `INSERT INTO audit_events (at, action, prev_hash, hash) VALUES ('2026-01-01', 'x', '0', 'h1')`,
    ).run();
    expect(() => db.prepare(`UPDATE audit_events SET action = 'y'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM audit_events`).run()).toThrow(/append-only/);
    db.close();
  });
});
