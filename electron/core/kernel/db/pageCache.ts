import type { Db } from './database';

// Apart from database.ts, which loads the native driver: the bundles' helper thread reaches the
// worklist (stats → asOf → store), and must not load it.

/** The page cache per connection, in KiB, for a database up to 1 GB (see openDatabase). */
export const PAGE_CACHE_KIB = 128 * 1024;
/** The most it grows to for a larger one (a city's supervisor). */
export const MAX_PAGE_CACHE_KIB = 256 * 1024;

/**
 * The page cache for a database file of `bytes`: an eighth of it, between PAGE_CACHE_KIB and
 * MAX_PAGE_CACHE_KIB. SQLCipher decrypts and checks every page it reads again, so what matters is
 * that the pages read over and over stay in the cache. At 100,000 persons (a 1.9 GB file) the
 * rules' facts of a few thousand files no longer fit 128 MB: with the person-list searches beside
 * them every read decrypted them again (reads encrypted/plain 1.40; at 256 MB 1.02–1.14). At
 * 30,000 (580 MB) 128 MB holds them (1.02), and the core's peak stays under 300 MB.
 */
export function pageCacheKibFor(bytes: number): number {
  return Math.min(MAX_PAGE_CACHE_KIB, Math.max(PAGE_CACHE_KIB, Math.round(bytes / 8 / 1024)));
}

/**
 * The page cache for a bundle's export or import, which read or write each page about once: a
 * larger cache keeps nothing worth keeping and only adds to the job's memory. Measured at 30,000
 * persons, alternating: an import as fast at 16 MB as at 64 or 128 (its 141,000 pages written
 * 147,000 times instead of 141,600), and 50 MB smaller; an export as fast, 55 MB smaller. (The
 * next bundle over a station's snapshot, when it still replaced the snapshot whole, was 0.8 s
 * slower of 21 s at 16 MB alone, and as fast with the import's 4 MiB in flight.)
 */
export const BULK_PAGE_CACHE_KIB = 16 * 1024;

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
