import { chinaDay } from '../../../shared/domain/dates';
import { OPEN_STATUSES, plannedEnd, type MeasureStatus } from '../../../shared/domain/measures';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../kernel/db/database';
import { deleteCascading, settleDanglingReferences, type CascadePlan } from '../kernel/db/cascade';
import { findMeasureRow, measureEvents, termOf } from '../measures/repo';
import type { Ops } from '../kernel/ops';
import { highestPersonId } from '../kernel/personIds';
import { refuse } from './errors';
import type { BundleHeader, Manifest } from './format';
import type { Row } from './payload';
import { blockOf, stationBlock, type IdBlock } from './blocks';
import { ROW_GROUP, RowPlanner, snapshotPerson, type Batch, type BundleSchema, type Clear, type Patch, type PersonShape } from './rows';
import type { FigureRow } from './stats';
import { BUNDLE_TABLES, clearedColumns, columnsOf, ORIGIN_COLUMNS, referencesOf, tableFile } from './tables';

/**
 * Writing an accepted payload, inside the import's transaction (any failure undoes all of it).
 * The rows are checked, given their ids and remapped by a RowPlanner (rows.ts), in the bundles'
 * helper thread for a `full` bundle; here they are written a batch at a time by one
 * `INSERT … SELECT … FROM jsonb_each(?)`, and the references to later tables patched at the end.
 * A station's snapshot at the supervisor keeps its ids from one bundle to the next (blocks.ts):
 * a row already there is written only if it differs, and the ids the new snapshot lacks are
 * cleared (with what refers to them from outside the snapshot: the worklist's rows).
 */
function bad(table: string, line: number): never {
  return refuse('BUNDLE_INVALID_ROWS', { file: tableFile(table), line });
}

/** What the planner needs to know of this database's carried tables, and where their ids start (`base`: a station's block). */
export function bundleSchema(db: Db, base?: number): BundleSchema {
  const tables = BUNDLE_TABLES.map((spec) => {
    const columns = db.prepare('SELECT name, upper(type) AS type FROM pragma_table_info(?) ORDER BY cid').all(spec.name) as { name: string; type: string }[];
    return {
      name: spec.name,
      columns: columns.map((c) => c.name),
      blobs: columns.filter((c) => c.type === 'BLOB').map((c) => c.name),
      refs: [...referencesOf(db, spec)],
      declared: db.prepare('SELECT "from" FROM pragma_foreign_key_list(?)').pluck().all(spec.name) as string[],
      cleared: [...clearedColumns(db, spec)],
      keyRefs: Object.entries(spec.keyRefs ?? {}),
    };
  });
  // A file arriving by transfer never takes the id of one deleted here (kernel/personIds.ts).
  const offsets = Object.fromEntries(
    BUNDLE_TABLES.map((spec) => [spec.name, spec.name === 'persons' ? highestPersonId(db) : ((db.prepare(`SELECT max(id) FROM ${spec.name}`).pluck().get() as number | null) ?? 0)]),
  );
  // A key's tables keep an id map too (BundleTable.keyRefs), whether or not a foreign key names them.
  const keyTables = BUNDLE_TABLES.flatMap((spec) => Object.values(spec.keyRefs ?? {}).flatMap((refs) => Object.values(refs)));
  return { tables, referenced: [...new Set([...BUNDLE_TABLES.flatMap((spec) => [...referencesOf(db, spec).values()]), ...keyTables])], offsets, ...(base === undefined ? {} : { base }) };
}

/** A trigger that runs before an UPDATE of the table, as one that may refuse it does (agreements: a signed text stays). */
const BEFORE_UPDATE_TRIGGER = /^\s*CREATE\s+(?:TEMP\w*\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?\S+\s+BEFORE\s+UPDATE\b/i;

const quoted = (column: string) => `"${column}"`;

/** Writes planned batches, clears and patches into this database. */
export class BatchWriter {
  private readonly statements = new Map<string, Statement<unknown[]>>();
  private readonly removes = new Map<string, Statement<unknown[]>>();
  private readonly checked = new Set<string>();
  private readonly updateTriggers = new Map<string, boolean>();
  /** Per table: its rows go into a block that held none of them when the import began (a plain INSERT, see upsert). */
  private readonly fresh = new Map<string, boolean>();

  constructor(private readonly db: Db) {}

  write(batch: Batch): void {
    // Column names come from this database's schema (the planner refuses any other), never from the file.
    const shape = `${batch.table}(${batch.columns.join(',')})`;
    if (!this.checked.has(shape)) {
      if (batch.columns.some((c) => !columnsOf(this.db, batch.table).some((local) => local.name === c))) bad(batch.table, batch.firstLine);
      this.checked.add(shape);
    }
    let fresh = this.fresh.get(batch.table);
    if (fresh === undefined && batch.upsert) {
      // Before this import wrote any of the table's rows: does the station's block hold any?
      const block = blockOf(this.firstId(batch));
      fresh = this.db.prepare(`SELECT 1 FROM ${batch.table} WHERE id BETWEEN ? AND ? LIMIT 1`).get(block.first, block.last) === undefined;
      this.fresh.set(batch.table, fresh);
    }
    if (batch.clear.length > 0) this.clear({ table: batch.table, ranges: batch.clear });
    if (batch.upsert && !fresh) {
      try {
        this.upsert(batch);
        return;
      } catch (error) {
        // A row whose change an update cannot take: a unique index that a row of the old
        // snapshot further on still holds (an ID number moved from one file to another), or a
        // trigger that refuses it. The old snapshot's rows of this table from here on go, and the
        // batch is written as into a new block (a row it refuses is refused as it would be there).
        if (!String((error as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) throw error;
        const first = this.firstId(batch);
        this.clear({ table: batch.table, ranges: [first, blockOf(first).last] });
      }
    }
    try {
      this.statement(batch, 'insert', () => this.insertSql(batch, '')).run(batch.jsonb);
    } catch {
      // Which row: the shortest first rows that fail (a failed statement leaves nothing behind).
      bad(batch.table, batch.firstLine + this.firstFailing(batch) - 1);
    }
  }

  /**
   * Rows that may be there already: each written only where it differs from the one there. A
   * row equal to the one there is left out before it is made into a record (NOT EXISTS: its
   * constraints are not checked again, nothing is written), which makes a re-import of the
   * same rows 1.0 s faster at 30,000 persons; the rows that remain SQLite holds in a temporary
   * table first (the SELECT reads the table it writes), which is why a table whose block was
   * empty is written by a plain INSERT instead (`fresh`). A table with a BEFORE UPDATE trigger
   * has its differing rows deleted and inserted again, as a first import writes them: such a
   * trigger may refuse the update (a signed agreement's text stays, even in an UPDATE that sets
   * it to itself while its scan is added).
   */
  private upsert(batch: Batch): void {
    const columns = batch.columns.slice(1);
    const table = batch.table;
    const values = this.values(batch);
    const into = this.insertSql(batch, '');
    if (this.hasBeforeUpdateTrigger(table)) {
      this.statement(batch, 'delete changed', () =>
        `DELETE FROM ${table} WHERE id IN (SELECT o.id FROM jsonb_each(?) AS j JOIN ${table} AS o ON o.id = ${values[0]}
         WHERE (${columns.map((c) => `o.${quoted(c)}`).join(', ')}) IS NOT (${values.slice(1).join(', ')}))`,
      ).run(batch.jsonb);
      this.statement(batch, 'insert new', () => `${into} WHERE NOT EXISTS (SELECT 1 FROM ${table} AS o WHERE o.id = ${values[0]}) ON CONFLICT (id) DO NOTHING`).run(batch.jsonb);
      return;
    }
    const same = `(${columns.map((c) => `o.${quoted(c)}`).join(', ')}) IS (${values.slice(1).join(', ')})`;
    this.statement(batch, 'upsert', () =>
      `${into} WHERE NOT EXISTS (SELECT 1 FROM ${table} AS o WHERE o.id = ${values[0]} AND ${same}) ON CONFLICT (id) DO UPDATE SET ${columns.map((c) => `${quoted(c)} = excluded.${quoted(c)}`).join(', ')}
       WHERE (${columns.map((c) => `${table}.${quoted(c)}`).join(', ')}) IS NOT (${columns.map((c) => `excluded.${quoted(c)}`).join(', ')})`,
    ).run(batch.jsonb);
  }

  /**
   * Ids of a station's block that its new snapshot lacks, or (a batch an update could not take)
   * that it will write again: their rows go. Rows of later carried tables that refer to them
   * are the snapshot's to replace or clear in turn; what refers to them from outside the
   * snapshot (the worklist's rows of a file) is seen to once the snapshot is in
   * (snapshotWritten), so that a file written again keeps it.
   */
  clear(clear: Clear): void {
    let remove = this.removes.get(clear.table);
    if (!remove) {
      remove = this.db.prepare(`DELETE FROM ${clear.table} WHERE id BETWEEN ? AND ?`);
      this.removes.set(clear.table, remove);
    }
    for (let i = 0; i < clear.ranges.length; i += 2) remove.run(clear.ranges[i], clear.ranges[i + 1]);
  }

  /** References to tables that came later, now that every row is in. */
  patch(patches: readonly Patch[]): void {
    for (const p of patches) {
      const update = this.db.prepare(`UPDATE ${p.table} SET ${quoted(p.column)} = ? WHERE id = ?`);
      p.ids.forEach((id, i) => update.run(p.values[i], id));
    }
  }

  /** One prepared statement per batch shape and use. */
  private statement(batch: Batch, use: string, sql: () => string): Statement<unknown[]> {
    const key = `${use} ${batch.table}(${batch.columns.join(',')})`;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare(sql());
      this.statements.set(key, statement);
    }
    return statement;
  }

  private firstId(batch: Batch): number {
    return this.statement(batch, 'first id', () => `SELECT value->>'$[0][0]' FROM jsonb_each(?) LIMIT 1`).pluck().get(batch.jsonb) as number;
  }

  private hasBeforeUpdateTrigger(table: string): boolean {
    let known = this.updateTriggers.get(table);
    if (known === undefined) {
      const triggers = this.db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?`).pluck().all(table) as string[];
      known = triggers.some((sql) => BEFORE_UPDATE_TRIGGER.test(sql));
      this.updateTriggers.set(table, known);
    }
    return known;
  }

  /**
   * The batch's values for each column, from `j` (a row of jsonb_each). Value i of a row is in
   * its inner array i / ROW_GROUP (rows.ts). A path written out, not a number: SQLite turns a
   * number into that path text with a printf for every value it extracts (a fifth of the
   * extraction's time at 30,000 persons).
   */
  private values(batch: Batch): string[] {
    return batch.columns.map((c, i) => {
      const value = `j.value->>'$[${Math.floor(i / ROW_GROUP)}][${i % ROW_GROUP}]'`;
      return batch.blobs.includes(c) ? `unhex(${value})` : value;
    });
  }

  private insertSql(batch: Batch, where: string): string {
    return `INSERT INTO ${batch.table} (${batch.columns.map(quoted).join(', ')}) SELECT ${this.values(batch).join(', ')} FROM jsonb_each(?) AS j${where}`;
  }

  /** 1-based: the row whose insert fails after the rows before it went in. */
  private firstFailing(batch: Batch): number {
    const probe = this.db.prepare(this.insertSql(batch, ' WHERE key < ?'));
    let lo = 1;
    let hi = batch.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      this.db.exec('SAVEPOINT bundle_probe');
      let failed = false;
      try {
        probe.run(batch.jsonb, mid);
      } catch {
        failed = true;
      }
      this.db.exec('ROLLBACK TO bundle_probe');
      this.db.exec('RELEASE bundle_probe');
      if (failed) hi = mid;
      else lo = mid + 1;
    }
    return hi;
  }
}

/** Plans and writes rows in this thread (a transfer, a format 1 bundle, a stats-less small one). */
export class BundleInserter {
  private readonly planner: RowPlanner;
  private readonly writer: BatchWriter;

  /** `base`: a station's snapshot at the supervisor, in its block of ids (blocks.ts). */
  constructor(db: Db, shapePerson: PersonShape, base?: number) {
    const writer = new BatchWriter(db);
    this.writer = writer;
    this.planner = new RowPlanner(bundleSchema(db, base), shapePerson, { patch: (patch) => writer.patch([patch]), clear: (clear) => writer.clear(clear) });
  }

  rows(table: string, rows: readonly Row[]): void {
    this.planner.rows(table, rows, (batch) => this.writer.write(batch));
  }

  finish(): void {
    const { patches, clears } = this.planner.finish();
    for (const clear of clears) this.writer.clear(clear);
    this.writer.patch(patches);
  }

  count(table: string): number {
    return this.planner.count(table);
  }

  onlyNewId(table: string): number | undefined {
    return this.planner.onlyNewId(table);
  }
}

/**
 * A station's snapshot goes, with all that refers to its persons: `outside` a block, only its
 * files there (a snapshot imported before blocks, blocks.ts), else all of it. With foreign keys
 * off (a full import, see import.ts) the cascade is done here as SQLite would do it
 * (kernel/db/cascade.ts).
 */
export function removeSnapshot(db: Db, code: string, cascade: CascadePlan | null = null, outside?: IdBlock): void {
  const where = outside ? 'origin_station = @code AND (id < @first OR id > @last)' : 'origin_station = @code';
  const params = outside ? { code, first: outside.first, last: outside.last } : { code };
  if (cascade && db.pragma('foreign_keys', { simple: true }) === 0) deleteCascading(db, cascade, where, params);
  else db.prepare(`DELETE FROM persons WHERE ${where}`).run(params);
}

const CARRIED = new Set(BUNDLE_TABLES.map((spec) => spec.name));

/**
 * After a station's snapshot is in its block: rows outside the snapshot that referred to a row it
 * no longer has go as their foreign key says (a dismissed alert of a file the station deleted),
 * as SQLite would have done them with foreign keys on; and every file of it is evaluated again
 * for the worklist (its records may have changed in any table, and the evaluation is what a
 * supervisor waits for after an import anyway).
 */
export function snapshotWritten(db: Db, block: IdBlock): void {
  settleDanglingReferences(db, CARRIED, block.first, block.last);
  db.prepare('DELETE FROM alert_state WHERE person_id BETWEEN ? AND ?').run(block.first, block.last);
}

/** A `full` bundle at the supervisor, written in this thread (format 1): the station's snapshot replaced whole, in its block. */
export function fullInserter(db: Db, code: string): BundleInserter {
  const block = stationBlock(db, code);
  removeSnapshot(db, code);
  return new BundleInserter(db, snapshotPerson(code), block.base);
}

/** Version 1 payloads (tables whole in memory) go through the same inserter. */
export function insertAll(inserter: BundleInserter, tables: Map<string, Row[]>): void {
  for (const spec of BUNDLE_TABLES) {
    const rows = tables.get(spec.name);
    if (rows && rows.length > 0) inserter.rows(spec.name, rows);
  }
  inserter.finish();
}

/** A `stats` bundle at the supervisor: kept as received, one set of figures per bundle. */
export function applyStats(db: Db, header: BundleHeader, figures: FigureRow[], now: Date): void {
  db.prepare('INSERT INTO bundle_figures (station_code, seq, as_of, created_at, figures, imported_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    header.station,
    header.seq,
    chinaDay(new Date(header.createdAt)),
    header.createdAt,
    JSON.stringify(figures),
    now.toISOString(),
  );
}

/**
 * A `transfer` bundle at the receiving station (RR art. 22): the person's file with its whole
 * history becomes one of this station's own files. The running measure keeps its decision,
 * delivery and report-in dates and events (the term runs on) and waits for report-in here: 15
 * days from the change of place (the sending station's `transfer_out` date, carried in the
 * bundle), not from the day the file arrived. A `transfer_in` event says from where. The
 * agreement is signed anew here.
 */
export function transferInserter(ops: Ops): BundleInserter {
  let seen = 0;
  return new BundleInserter(ops.db, (row) => {
    if (++seen > 1) bad('persons', 2);
    const existing = ops.db.prepare('SELECT name FROM persons WHERE id_number = ? AND origin_station IS NULL').get(row.id_number) as { name: string } | undefined;
    if (existing) refuse('BUNDLE_PERSON_EXISTS', { name: existing.name });
    const out: Row = { ...row };
    for (const column of ORIGIN_COLUMNS) out[column] = null;
    out.archived_at = null;
    out.archived_reason = null;
    out.updated_at = ops.now.toISOString();
    out.updated_by = ops.actor.username;
    return out;
  });
}

/** After the rows of a transfer: the measure waits for report-in here. Returns the person's new id. */
export function finishTransfer(ops: Ops, manifest: Manifest, inserter: BundleInserter): number {
  const personId = inserter.onlyNewId('persons');
  if (personId === undefined) return bad('persons', 0);
  const measureId = ops.db.prepare('SELECT current_measure_id FROM persons WHERE id = ?').pluck().get(personId) as number | null;
  const measure = measureId === null ? undefined : findMeasureRow(ops.db, measureId);
  const from = `${manifest.station.name}（${manifest.station.code}）`;
  if (measure && (measure.status === 'transferred_out' || OPEN_STATUSES.includes(measure.status))) {
    const at = ops.now.toISOString();
    // Dated the day the place changed (the old station's transfer-out), not the day the file came:
    // the person may report in here before the file arrives, and that report-in, entered later,
    // must be allowed its own date (RR art. 22: 15 days from the change). created_at keeps the arrival.
    const movedOn = measureEvents(ops.db, measure.id).findLast((e) => e.action === 'transfer_out')?.date;
    const date = movedOn !== undefined && movedOn <= ops.today ? movedOn : ops.today;
    const status: MeasureStatus = 'pending_report';
    ops.db
      .prepare('UPDATE measures SET status = ?, ended_on = NULL, updated_at = ? WHERE id = ?')
      .run(status, at, measure.id);
    ops.db
      .prepare(
        `INSERT INTO measure_events (measure_id, action, from_status, to_status, date, reason_code, reason, destination, user_id, user_name, created_at)
         VALUES (?, 'transfer_in', ?, ?, ?, NULL, '', ?, ?, ?, ?)`,
      )
      .run(measure.id, measure.status, status, date, from, ops.actor.userId, ops.actor.displayName ?? ops.actor.username, at);
    const updated = findMeasureRow(ops.db, measure.id);
    if (updated) {
      const end = plannedEnd(termOf(updated, measureEvents(ops.db, updated.id)), ops.today);
      ops.db.prepare('UPDATE measures SET planned_end = ? WHERE id = ?').run(end, updated.id);
    }
  }
  return personId;
}
