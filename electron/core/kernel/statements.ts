import type { Db } from './db/database';

const cached = new WeakMap<Db, Db>();

/**
 * The same connection, with each SQL text prepared once and kept. The read helpers the rules use
 * (a measure's events, signed agreements, the clean clock) prepare their statements on every
 * call; evaluating 100,000 persons in a row, preparing costs more than querying. Same code, same
 * answers. Only for statements that are run to completion (get/all/run), never left iterating.
 */
export function withStatementCache(db: Db): Db {
  let proxy = cached.get(db);
  if (!proxy) {
    const statements = new Map<string, ReturnType<Db['prepare']>>();
    const prepare = (source: string) => {
      let statement = statements.get(source);
      if (!statement) {
        statement = db.prepare(source);
        statements.set(source, statement);
      }
      return statement;
    };
    proxy = new Proxy(db, {
      get(target, property) {
        if (property === 'prepare') return prepare;
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    cached.set(db, proxy);
  }
  return proxy;
}
