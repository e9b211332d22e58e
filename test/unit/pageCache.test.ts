import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/kernel/db/database';
import { MAX_PAGE_CACHE_KIB, PAGE_CACHE_KIB, pageCacheKibFor, withPageCache } from '../../electron/core/kernel/db/pageCache';
import { tempDir } from './support/tmp';

const MB = 1024 * 1024;

describe('the page cache', () => {
  it('is an eighth of the file, never less than 128 MB nor more than 256 MB', () => {
    expect(pageCacheKibFor(0)).toBe(PAGE_CACHE_KIB);
    expect(pageCacheKibFor(580 * MB)).toBe(128 * 1024);
    expect(pageCacheKibFor(1536 * MB)).toBe(192 * 1024);
    expect(pageCacheKibFor(1932 * MB)).toBe(Math.round((1932 * 1024) / 8));
    expect(pageCacheKibFor(40_000 * MB)).toBe(MAX_PAGE_CACHE_KIB);
  });

  it('is what a database opens with (temporary storage in memory), and a bulk job gets its own size back to the everyday one afterwards', () => {
    const path = `${tempDir()}/cache.db`;
    const key = randomBytes(32);
    openDatabase(path, key, { create: true }).close();
    const db = openDatabase(path, key);
    try {
      expect(db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
      // Temporary tables, sorts and statement journals stay in memory: the cipher does not cover temp files.
      expect(db.pragma('temp_store', { simple: true })).toBe(2);
      const inside = withPageCache(db, 64 * 1024, () => db.pragma('cache_size', { simple: true }));
      expect(inside).toBe(-64 * 1024);
      expect(db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    } finally {
      db.close();
    }
  });
});
