import { chinaDay } from '../../../shared/domain/dates';
import { OPEN_STATUSES, plannedEnd, type MeasureStatus } from '../../../shared/domain/measures';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../kernel/db/database';
import { deleteCascading, type CascadePlan } from '../kernel/db/cascade';
import { findMeasureRow, measureEvents, termOf } from '../measures/repo';
import type { Ops } from '../kernel/ops';
import { refuse } from './errors';
import type { BundleHeader, Manifest } from './format';
import type { Row } from './payload';
import { ROW_GROUP, RowPlanner, snapshotPerson, type Batch, type BundleSchema, type Patch, type PersonShape } from './rows';
import type { FigureRow } from './stats';
import { BUNDLE_TABLES, clearedColumns, columnsOf, ORIGIN_COLUMNS, referencesOf, tableFile } from './tables';

/**
 * Writing an accepted payload, inside the import's transaction (any failure undoes all of it).
 * The rows are checked, given new ids and remapped by a RowPlanner (rows.ts), in the bundles'
 * helper thread for a `full` bundle; here they are written a batch at a time by one
 * `INSERT … SELECT … FROM jsonb_each(?)`, and the references to later tables patched at the end.
 */
function bad(table: string, line: number): never {
  return refuse('BUNDLE_INVALID_ROWS', { file: tableFile(table), line });
}

/** What the planner needs to know of this database's carried tables, and where their new ids start. */
export function bundleSchema(db: Db): BundleSchema {
  const tables = BUNDLE_TABLES.map((spec) => {
    const columns = db.prepare('SELECT name, upper(type) AS type FROM pragma_table_info(?) ORDER BY cid').all(spec.name) as { name: string; type: string }[];
    return {
      name: spec.name,
      columns: columns.map((c) => c.name),
      blobs: columns.filter((c) => c.type === 'BLOB').map((c) => c.name),
      refs: [...referencesOf(db, spec)],
      declared: db.prepare('SELECT "from" FROM pragma_foreign_key_list(?)').pluck().all(spec.name) as string[],
      cleared: [...clearedColumns(db, spec)],
    };
  });
  const offsets = Object.fromEntries(BUNDLE_TABLES.map((spec) => [spec.name, (db.prepare(`SELECT max(id) FROM ${spec.name}`).pluck().get() as number | null) ?? 0]));
  return { tables, referenced: [...new Set(BUNDLE_TABLES.flatMap((spec) => [...referencesOf(db, spec).values()]))], offsets };
}

const quoted = (column: string) => `"${column}"`;

/** Writes planned batches and patches into this database. */
export class BatchWriter {
  private readonly inserts = new Map<string, Statement<unknown[]>>();

  constructor(private readonly db: Db) {}

  write(batch: Batch): void {
    const key = `${batch.table}(${batch.columns.join(',')})`;
    let insert = this.inserts.get(key);
    if (!insert) {
      // Column names come from this database's schema (the planner refuses any other), never from the file.
      if (batch.columns.some((c) => !columnsOf(this.db, batch.table).some((local) => local.name === c))) bad(batch.table, batch.firstLine);
      insert = this.db.prepare(this.insertSql(batch, ''));
      this.inserts.set(key, insert);
    }
    try {
      insert.run(batch.jsonb);
    } catch {
      // Which row: the shortest first rows that fail (a failed statement leaves nothing behind).
      bad(batch.table, batch.firstLine + this.firstFailing(batch) - 1);
    }
  }

  /** References to tables that came later, now that every row is in. */
  patch(patches: readonly Patch[]): void {
    for (const p of patches) {
      const update = this.db.prepare(`UPDATE ${p.table} SET ${quoted(p.column)} = ? WHERE id = ?`);
      p.ids.forEach((id, i) => update.run(p.values[i], id));
    }
  }

  private insertSql(batch: Batch, where: string): string {
    // Value i of a row is in its inner array i / ROW_GROUP (rows.ts). A path written out, not a
    // number: SQLite turns a number into that path text with a printf for every value it extracts
    // (a fifth of the extraction's time at 30,000 persons).
    const values = batch.columns.map((c, i) => {
      const value = `value->>'$[${Math.floor(i / ROW_GROUP)}][${i % ROW_GROUP}]'`;
      return batch.blobs.includes(c) ? `unhex(${value})` : value;
    });
    return `INSERT INTO ${batch.table} (${batch.columns.map(quoted).join(', ')}) SELECT ${values.join(', ')} FROM jsonb_each(?)${where}`;
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

  constructor(db: Db, shapePerson: PersonShape) {
    this.writer = new BatchWriter(db);
    this.planner = new RowPlanner(bundleSchema(db), shapePerson, (patch) => this.writer.patch([patch]));
  }

  rows(table: string, rows: readonly Row[]): void {
    this.planner.rows(table, rows, (batch) => this.writer.write(batch));
  }

  finish(): void {
    this.writer.patch(this.planner.finish());
  }

  count(table: string): number {
    return this.planner.count(table);
  }

  onlyNewId(table: string): number | undefined {
    return this.planner.onlyNewId(table);
  }
}

/**
 * A `full` bundle replaces that station's snapshot as a whole: the old one goes first, with all
 * that refers to its persons. With foreign keys off (a full import, see import.ts) the cascade is
 * done here as SQLite would do it (kernel/db/cascade.ts).
 */
export function removeSnapshot(db: Db, code: string, cascade: CascadePlan | null = null): void {
  if (cascade && db.pragma('foreign_keys', { simple: true }) === 0) deleteCascading(db, cascade, 'origin_station = @code', { code });
  else db.prepare('DELETE FROM persons WHERE origin_station = ?').run(code);
}

/** A `full` bundle at the supervisor, written in this thread (format 1). */
export function fullInserter(db: Db, code: string): BundleInserter {
  removeSnapshot(db, code);
  return new BundleInserter(db, snapshotPerson(code));
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
    const status: MeasureStatus = 'pending_report';
    ops.db
      .prepare('UPDATE measures SET status = ?, ended_on = NULL, updated_at = ? WHERE id = ?')
      .run(status, at, measure.id);
    ops.db
      .prepare(
        `INSERT INTO measure_events (measure_id, action, from_status, to_status, date, reason_code, reason, destination, user_id, user_name, created_at)
         VALUES (?, 'transfer_in', ?, ?, ?, NULL, '', ?, ?, ?, ?)`,
      )
      .run(measure.id, measure.status, status, ops.today, from, ops.actor.userId, ops.actor.displayName ?? ops.actor.username, at);
    const updated = findMeasureRow(ops.db, measure.id);
    if (updated) {
      const end = plannedEnd(termOf(updated, measureEvents(ops.db, updated.id)), ops.today);
      ops.db.prepare('UPDATE measures SET planned_end = ? WHERE id = ?').run(end, updated.id);
    }
  }
  return personId;
}
