import type { Db } from '../kernel/db/database';
import { MAX_ID } from './rows';

/**
 * A station's rows at a supervisor keep their ids from one bundle to the next. Each station has a
 * block of 2^32 ids of its own (`station_id_blocks`, migration 0011), and a row's id there is the
 * block's base plus its id at the station (1 … MAX_ID, which the planner holds every row to). A
 * station's next `full` bundle, mostly the last one's rows, then finds the rows it has already:
 * one that did not change is not written again, and only the ids the station no longer has are
 * deleted (bundles/apply.ts). A file's id, which the supervisor's audit log names, stays that
 * file's from one month to the next.
 *
 * Blocks start at 1: ids below 2^32 are the supervisor's own rows' and those of snapshots
 * imported before blocks, which their station's next bundle replaces.
 */
export const BLOCK_SIZE = MAX_ID + 1;

/** The last block whose ids JavaScript numbers hold exactly (up to Number.MAX_SAFE_INTEGER): 2^21 − 1. */
export const LAST_BLOCK = Math.floor(Number.MAX_SAFE_INTEGER / BLOCK_SIZE);

export interface IdBlock {
  /** Added to a station's id. */
  base: number;
  /** The block's first and last ids. */
  first: number;
  last: number;
}

export function blockIds(block: number): IdBlock {
  const base = block * BLOCK_SIZE;
  return { base, first: base + 1, last: base + MAX_ID };
}

/** The block of the id range holding `id` (a supervisor's id of a station's row). */
export function blockOf(id: number): IdBlock {
  return blockIds(Math.floor(id / BLOCK_SIZE));
}

/** The station's block, given the next free one on its first bundle (inside the import's transaction). */
export function stationBlock(db: Db, code: string): IdBlock {
  const known = db.prepare('SELECT block FROM station_id_blocks WHERE station_code = ?').pluck().get(code) as number | undefined;
  if (known !== undefined) return blockIds(known);
  return renewStationBlock(db, code);
}

/**
 * The next free block for a station, in place of the one it had (inside the import's transaction):
 * on its first bundle, and when a full bundle gives a file an id one of its earlier files had here
 * (FileIdsReused). Blocks are never given twice: the next is always past the highest.
 */
export function renewStationBlock(db: Db, code: string): IdBlock {
  const block = ((db.prepare('SELECT max(block) FROM station_id_blocks').pluck().get() as number | null) ?? 0) + 1;
  // Two million blocks: never, but an id past it would no longer be exact.
  if (block > LAST_BLOCK) throw new Error(`no block of ids left for station ${code}`);
  db.prepare('INSERT INTO station_id_blocks (station_code, block) VALUES (?, ?) ON CONFLICT (station_code) DO UPDATE SET block = excluded.block').run(code, block);
  return blockIds(block);
}

/**
 * A station that numbers its files again from where an older database stood (a new installation
 * under a replaced key, a restore from a backup older than its last files, the database it replaced
 * unreadable) sends new files under ids its earlier files had. This database's audit log names files
 * by id, and each file's sealed audit words by its key: written over the old row, the new file would
 * take the old one's history here. A file's `created_at` never changes, so an id whose row now has
 * another one was given to another file. The full import's transaction then rolls back and runs
 * again in a new block (renewStationBlock): the station's files get ids never given before, the old
 * block's go with their keys, and the log's events about them stay theirs (read as purged).
 */
export class FileIdsReused extends Error {
  constructor(readonly count: number) {
    super(`${count} file ids given again`);
  }
}

/** The files in a block before a full import writes it: id → created_at. */
export function filesMadeAt(db: Db, block: IdBlock): Map<number, string> {
  const rows = db.prepare('SELECT id, created_at FROM persons WHERE id BETWEEN ? AND ?').raw().all(block.first, block.last) as [number, string][];
  return new Map(rows);
}

/** After the import wrote the block: FileIdsReused when a file kept an id but not its created_at. */
export function refuseReusedIds(db: Db, block: IdBlock, before: Map<number, string>): void {
  if (before.size === 0) return;
  const after = db.prepare('SELECT id, created_at FROM persons WHERE id BETWEEN ? AND ?').raw().all(block.first, block.last) as [number, string][];
  const reused = after.filter(([id, made]) => before.has(id) && before.get(id) !== made).length;
  if (reused > 0) throw new FileIdsReused(reused);
}
