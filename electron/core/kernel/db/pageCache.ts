import type { Db } from './database';

// Apart from database.ts, which loads the native driver: the bundles' helper thread reaches the
// worklist (stats → asOf → store), and must not load it.

/** The page cache per connection, in KiB (see openDatabase). */
export const PAGE_CACHE_KIB = 128 * 1024;

/**
 * The page cache for a bundle's export or import, which read or write each page about once: a
 * larger cache would keep nothing worth keeping and only add to the job's memory (an import at
 * 30,000 persons measured no faster at 128 MB than at 64).
 */
export const BULK_PAGE_CACHE_KIB = 64 * 1024;

/** Runs `fn` (sync or async) with the connection's page cache capped, then gives the everyday size back. */
export function withPageCache<T>(db: Db, kib: number, fn: () => T): T {
  const before = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${kib}`);
  const restore = () => db.open && db.pragma(`cache_size = ${before}`);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}
