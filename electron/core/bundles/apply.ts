import { chinaDay, isIsoDate } from '../../../shared/domain/dates';
import { parseIdNumber } from '../../../shared/domain/idNumber';
import { OPEN_STATUSES, plannedEnd, type MeasureStatus } from '../../../shared/domain/measures';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../kernel/db/database';
import { findMeasureRow, measureEvents, termOf } from '../measures/repo';
import type { Ops } from '../kernel/ops';
import { refuse } from './errors';
import type { BundleHeader, Manifest } from './format';
import type { Row } from './payload';
import type { FigureRow } from './stats';
import { BUNDLE_TABLES, clearedColumns, columnsOf, ORIGIN_COLUMNS, referencesOf, tableFile, type BundleTable } from './tables';

/**
 * Writing an accepted payload, as it streams in: rows get new ids here; every reference between
 * carried tables is remapped (a reference to a table inserted later is patched at the end). Runs
 * inside the import's transaction: any failure undoes all of it. Ids arrive in ascending order
 * (the exporter reads ORDER BY id), so the old → new maps are two packed arrays searched by
 * halves: 8 bytes a row, kept only for tables something refers to.
 */
export type PersonShape = (row: Row) => Row;

interface Pending {
  table: string;
  id: number;
  column: string;
  target: string;
  old: number;
  /** Declared foreign key (must resolve) or a soft reference (cleared if it does not). */
  strict: boolean;
}

function bad(table: string, line: number): never {
  return refuse('BUNDLE_INVALID_ROWS', { file: tableFile(table), line });
}

function badField(table: string, line: number, field: string): never {
  return refuse('BUNDLE_INVALID_FIELD', { file: tableFile(table), line, field });
}

/** The longest text a field of a bundle may carry: the forms' limits are far below it. */
const MAX_TEXT = 20_000;
/** Agreement texts and stored JSON (family contacts, drug history, facts) may be longer. */
const LONG_TEXT = 200_000;
const LONG_COLUMNS = new Set(['text', 'family_contacts', 'drug_history', 'facts', 'items', 'answers', 'scores', 'details']);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const FAR_FUTURE = '2200-01-01';

/**
 * What the forms' schemas hold every row to, for columns a bundle carries: texts within bounds,
 * dates real dates (`*_date`, `*_on`, `date`, `planned_end`, `until`), instants real instants
 * (`*_at`), an ID number with its check digit. Types and enumerations are the STRICT tables' and
 * their CHECKs'; references are checked as they are remapped.
 */
function fieldCheck(column: string): ((value: unknown) => boolean) | null {
  const text = (value: unknown) => typeof value !== 'string' || value.length <= (LONG_COLUMNS.has(column) ? LONG_TEXT : MAX_TEXT);
  if (column === 'id_number') return (value) => typeof value === 'string' && parseIdNumber(value, FAR_FUTURE).ok;
  if (column.endsWith('_date') || column.endsWith('_on') || column === 'date' || column === 'planned_end' || column === 'until') {
    return (value) => value === null || (typeof value === 'string' && isIsoDate(value));
  }
  if (column.endsWith('_at')) return (value) => value === null || (typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)));
  return text;
}

const MAX_ID = 0xffffffff;

/** Old id → new id for ids added in ascending order. */
class IdMap {
  private olds = new Uint32Array(1024);
  private news = new Uint32Array(1024);
  size = 0;

  add(old: number, id: number): void {
    if (this.size === this.olds.length) {
      const grow = (a: Uint32Array) => {
        const b = new Uint32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.olds = grow(this.olds);
      this.news = grow(this.news);
    }
    this.olds[this.size] = old;
    this.news[this.size] = id;
    this.size++;
  }

  only(): number | undefined {
    return this.size === 1 ? this.news[0] : undefined;
  }

  get(old: number): number | undefined {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.olds[mid] as number;
      if (at === old) return this.news[mid];
      if (at < old) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

interface TableState {
  name: string;
  checks: Map<string, (value: unknown) => boolean>;
  /** The checks in `columns` order (set with the columns, on the first row). */
  columnChecks: (((value: unknown) => boolean) | null)[];
  local: Set<string>;
  refs: Map<string, string>;
  declared: Set<string>;
  cleared: Set<string>;
  insert: Statement<unknown[]> | null;
  columns: string[];
  line: number;
  lastOld: number;
  map: IdMap | null;
  rows: number;
}

/** Inserts carried tables' rows as they come, table by table in BUNDLE_TABLES order. */
export class BundleInserter {
  private readonly maps = new Map<string, IdMap>();
  private readonly counts = new Map<string, number>();
  /** Tables some carried table refers to: only these keep their id maps. */
  private readonly referenced: Set<string>;
  private readonly pending: Pending[] = [];
  private current: TableState | null = null;
  private order = -1;

  constructor(
    private readonly db: Db,
    private readonly shapePerson: PersonShape,
  ) {
    this.referenced = new Set(BUNDLE_TABLES.flatMap((spec) => [...referencesOf(db, spec).values()]));
  }

  rows(table: string, rows: readonly Row[]): void {
    const state = this.stateFor(table);
    for (const source of rows) {
      const line = ++state.line;
      const row = table === 'persons' ? this.shapePerson(source) : source;
      const old = source.id;
      if (typeof old !== 'number' || !Number.isInteger(old) || old <= state.lastOld || old > MAX_ID) bad(table, line);
      state.lastOld = old;
      if (state.insert === null) {
        const keys = Object.keys(row).filter((k) => k !== 'id');
        // Column names come from this database's schema, never from the file.
        if (keys.some((k) => !state.local.has(k))) bad(table, line);
        state.columns = keys;
        state.columnChecks = keys.map((k) => state.checks.get(k) ?? null);
        state.insert = this.db.prepare(`INSERT INTO ${table} (${keys.map((c) => `"${c}"`).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`);
      }
      // Every row has the first row's columns, and no other (one pass over its keys, no copies).
      let keys = 0;
      for (const key in row) if (key !== 'id') keys++;
      const columns = state.columns;
      if (keys !== columns.length) bad(table, line);
      const values: unknown[] = new Array(columns.length);
      let later: { column: string; target: string; old: number }[] | null = null;
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i] as string;
        if (!Object.prototype.hasOwnProperty.call(row, column)) bad(table, line);
        const value = row[column];
        const check = state.columnChecks[i];
        if (check && !check(value)) badField(table, line, column);
        if (state.cleared.has(column)) {
          values[i] = null;
          continue;
        }
        const target = state.refs.get(column);
        if (target === undefined || value === null || value === undefined) {
          values[i] = value ?? null;
          continue;
        }
        if (typeof value !== 'number') bad(table, line);
        if (!this.counts.has(target)) {
          (later ??= []).push({ column, target, old: value });
          values[i] = null;
          continue;
        }
        const mapped = this.maps.get(target)?.get(value);
        if (mapped === undefined && state.declared.has(column)) bad(table, line);
        values[i] = mapped ?? null;
      }
      let id: number;
      try {
        id = Number((state.insert as Statement<unknown[]>).run(...values).lastInsertRowid);
      } catch {
        return bad(table, line);
      }
      state.map?.add(old, id);
      state.rows++;
      if (later) for (const l of later) this.pending.push({ table, id, ...l, strict: state.declared.has(l.column) });
    }
    this.counts.set(table, state.rows);
  }

  /** Patches references to tables inserted after the row that made them. */
  finish(): void {
    for (const spec of BUNDLE_TABLES) if (!this.counts.has(spec.name)) this.counts.set(spec.name, 0);
    const updates = new Map<string, Statement<unknown[]>>();
    for (const p of this.pending) {
      const mapped = this.maps.get(p.target)?.get(p.old);
      if (mapped === undefined && p.strict) bad(p.table, 0);
      const key = `${p.table}.${p.column}`;
      let update = updates.get(key);
      if (!update) {
        update = this.db.prepare(`UPDATE ${p.table} SET "${p.column}" = ? WHERE id = ?`);
        updates.set(key, update);
      }
      update.run(mapped ?? null, p.id);
    }
  }

  count(table: string): number {
    return this.counts.get(table) ?? 0;
  }

  /** The new id of a table's only row (a transfer's person); undefined unless there is exactly one. */
  onlyNewId(table: string): number | undefined {
    return this.maps.get(table)?.only();
  }

  private stateFor(table: string): TableState {
    if (this.current?.name === table) return this.current;
    const index = BUNDLE_TABLES.findIndex((t) => t.name === table);
    if (index <= this.order) bad(table, 0);
    this.order = index;
    const spec = BUNDLE_TABLES[index] as BundleTable;
    const map = this.referenced.has(table) ? new IdMap() : null;
    if (map) this.maps.set(table, map);
    this.counts.set(table, 0);
    const columnNames = columnsOf(this.db, table).map((c) => c.name);
    this.current = {
      name: table,
      checks: new Map(columnNames.flatMap((c) => {
        const check = fieldCheck(c);
        return check ? [[c, check] as const] : [];
      })),
      local: new Set(columnsOf(this.db, table).map((c) => c.name)),
      refs: referencesOf(this.db, spec),
      declared: new Set(this.db.prepare('SELECT "from" FROM pragma_foreign_key_list(?)').pluck().all(table) as string[]),
      cleared: clearedColumns(this.db, spec),
      insert: null,
      columns: [],
      columnChecks: [],
      line: 0,
      lastOld: 0,
      map,
      rows: 0,
    };
    return this.current;
  }
}

/** A `full` bundle at the supervisor: that station's snapshot is replaced as a whole (the old one goes first). */
export function fullInserter(db: Db, code: string): BundleInserter {
  db.prepare('DELETE FROM persons WHERE origin_station = ?').run(code);
  return new BundleInserter(db, (row) => {
    const out = { ...row };
    out.origin_station = code;
    out.origin_person_id = row.id;
    out.origin_staff_name = typeof row.origin_staff_name === 'string' ? row.origin_staff_name : null;
    return out;
  });
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
