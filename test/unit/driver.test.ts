import { describe, expect, it } from 'vitest';
import { connect, KEPT_STATEMENTS } from '../../electron/core/kernel/db/driver';

/** A connection keeps its prepared statements (kernel/db/driver.ts): the same statement, in its default output. */
describe('kept statements', () => {
  const filled = () => {
    const db = connect(':memory:');
    db.exec('CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, \'一\'), (2, \'二\')');
    return db;
  };

  it('hands back the same statement for the same SQL, with pluck, raw and expand reset', () => {
    const db = filled();
    const sql = 'SELECT a, b FROM t ORDER BY a';
    const first = db.prepare(sql);
    expect(first.pluck().get()).toBe(1);
    const second = db.prepare(sql);
    expect(second).toBe(first);
    expect(second.get()).toEqual({ a: 1, b: '一' });
    expect(db.prepare(sql).raw().all()).toEqual([[1, '一'], [2, '二']]);
    expect(db.prepare(sql).all()).toEqual([{ a: 1, b: '一' }, { a: 2, b: '二' }]);
    expect(db.prepare(sql).expand().get()).toEqual({ t: { a: 1, b: '一' } });
    expect(db.prepare(sql).get()).toEqual({ a: 1, b: '一' });
    // A statement that returns nothing has no output modes to reset.
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    expect(db.prepare('INSERT INTO t VALUES (?, ?)')).toBe(insert);
    insert.run(3, '三');
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(3);
    db.close();
  });

  it('gives a new statement, not kept, while the kept one is still being iterated', () => {
    const db = filled();
    const sql = 'SELECT a FROM t ORDER BY a';
    const kept = db.prepare(sql);
    const rows = kept.pluck().iterate() as IterableIterator<number>;
    expect(rows.next().value).toBe(1);
    const other = db.prepare(sql);
    expect(other).not.toBe(kept);
    expect(other.pluck().all()).toEqual([1, 2]);
    expect(rows.next().value).toBe(2);
    rows.return?.();
    expect(db.prepare(sql)).toBe(kept);
    db.close();
  });

  it('keeps at most KEPT_STATEMENTS, dropping the least recently used, and leaves pragma() and transactions alone', () => {
    const db = filled();
    const first = db.prepare('SELECT 0');
    for (let i = 1; i <= KEPT_STATEMENTS; i++) db.prepare(`SELECT ${i}`);
    expect(db.prepare('SELECT 0')).not.toBe(first);
    const recent = db.prepare(`SELECT ${KEPT_STATEMENTS}`);
    expect(db.prepare(`SELECT ${KEPT_STATEMENTS}`)).toBe(recent);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.transaction(() => db.prepare('INSERT INTO t VALUES (?, ?)').run(9, '九'))();
    expect(() => db.transaction(() => {
      db.prepare('INSERT INTO t VALUES (?, ?)').run(10, '十');
      throw new Error('undone');
    })()).toThrow('undone');
    expect(db.prepare('SELECT a FROM t ORDER BY a').pluck().all()).toEqual([1, 2, 9]);
    db.close();
  });
});
