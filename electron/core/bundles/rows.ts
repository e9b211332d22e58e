import { parseIdNumber } from '../../../shared/domain/idNumber';
import { refuse } from './errors';
import type { Row } from './payload';
import { BUNDLE_TABLES, tableFile } from './tables';

/**
 * The rows of an accepted payload made ready for the database, without touching it (so that it
 * can run in the bundles' helper thread while the core's thread writes): every row checked as the
 * forms' schemas would (types and enumerations are left to the STRICT tables and their CHECKs),
 * given its new id, its references to carried tables remapped, and written as a batch of rows in
 * SQLite's binary JSON (JSONB) that one `INSERT … SELECT … FROM jsonb_each(?)` writes in C.
 *
 * New ids: each carried table's rows get, in order, max(id) + 1, + 2, … as of the start of the
 * import (what SQLite itself would give them), so that references can be remapped here. Ids
 * arrive ascending (the exporter reads ORDER BY id), so the old → new maps are two packed arrays
 * searched by halves: 8 bytes a row, kept only for tables something refers to. A reference to a
 * table that comes later (persons → their current measure) is patched at the end.
 */
export type PersonShape = (row: Row) => Row;

/** How a `full` bundle's persons are written at the supervisor: tied to their station and their id there. */
export function snapshotPerson(code: string): PersonShape {
  return (row) => {
    const out = { ...row };
    out.origin_station = code;
    out.origin_person_id = row.id;
    out.origin_staff_name = typeof row.origin_staff_name === 'string' ? row.origin_staff_name : null;
    return out;
  };
}

/** What the planner needs to know of this database's carried tables (read by the core's thread, see apply.ts). */
export interface TableSchema {
  name: string;
  /** Every column, `id` included. */
  columns: string[];
  /** BLOB columns (they travel as `{ "$base64": … }`). */
  blobs: string[];
  /** Column → carried table it refers to (declared foreign keys and BundleTable.refs). */
  refs: [string, string][];
  /** Columns with a declared foreign key: their reference must resolve. */
  declared: string[];
  /** Columns that mean something only in the sending database: written as NULL. */
  cleared: string[];
}

export interface BundleSchema {
  tables: TableSchema[];
  /** Tables some carried table refers to (only these keep an id map). */
  referenced: string[];
  /** Table → its largest id when the import started (0 if empty). */
  offsets: Record<string, number>;
}

/** A batch of rows for one INSERT: `columns` (the first is `id`), the rows as one JSONB array of arrays. */
export interface Batch {
  table: string;
  columns: string[];
  blobs: string[];
  /** The table's line of the first row (1-based), for a refusal that names the row. */
  firstLine: number;
  count: number;
  jsonb: Buffer;
}

/** References patched at the end: rows `[id, new value]` of a table's column. */
export interface Patch {
  table: string;
  column: string;
  rows: [number, number][];
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
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const digit = (value: string, at: number) => value.charCodeAt(at) - 48;

/**
 * isIsoDate (shared/domain/dates) without making Date objects (a county's bundle has millions of dates): the same
 * answer for every string, years 0000–0099 included (Date.UTC reads them as 19xx, so isIsoDate
 * refuses them). A test compares the two.
 */
export function isDay(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  for (const at of [0, 1, 2, 3, 5, 6, 8, 9]) {
    const d = digit(value, at);
    if (d < 0 || d > 9) return false;
  }
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
  const month = digit(value, 5) * 10 + digit(value, 6);
  const day = digit(value, 8) * 10 + digit(value, 9);
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

/**
 * What the forms' schemas hold every row to, for columns a bundle carries: texts within bounds,
 * dates real dates (`*_date`, `*_on`, `date`, `planned_end`, `until`), instants real instants
 * (`*_at`), an ID number with its check digit. Types and enumerations are the STRICT tables' and
 * their CHECKs'; references are checked as they are remapped.
 */
function fieldCheck(column: string): (value: unknown) => boolean {
  const limit = LONG_COLUMNS.has(column) ? LONG_TEXT : MAX_TEXT;
  const text = (value: unknown) => typeof value !== 'string' || value.length <= limit;
  if (column === 'id_number') return (value) => typeof value === 'string' && parseIdNumber(value, FAR_FUTURE).ok;
  if (column.endsWith('_date') || column.endsWith('_on') || column === 'date' || column === 'planned_end' || column === 'until') {
    return (value) => value === null || (typeof value === 'string' && isDay(value));
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

// JSONB (https://sqlite.org/jsonb.html): a header byte (element type in the low four bits, the
// payload size or how many bytes hold it in the high four), then the payload.
const JSONB_NULL = 0;
const JSONB_INT = 3;
const JSONB_FLOAT = 5;
const JSONB_TEXTRAW = 10;
const JSONB_ARRAY = 11;

/** The rows a batch holds at most (and its bytes, about): a part of a table is one batch or a few. */
const BATCH_ROWS = 20_000;
const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Writes rows as one JSONB array of arrays. Sizes of texts are written in the header form their
 * longest UTF-8 could need (SQLite reads any form, not only the shortest); containers always take
 * the four-byte form, patched once their size is known. Numbers are written as FLOAT, which SQLite
 * reads back as REAL: what a JavaScript number bound to a statement is (5.0 in a TEXT column is
 * "5.0", in an INTEGER column 5), so the rows come out as they did when bound one by one.
 */
class JsonbWriter {
  buffer: Buffer;
  used = 5;

  constructor(size = 1024 * 1024) {
    this.buffer = Buffer.allocUnsafeSlow(size);
  }

  private room(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(bigger, 0, 0, this.used);
    this.buffer = bigger;
  }

  open(): number {
    this.room(5);
    const at = this.used;
    this.used += 5;
    return at;
  }

  close(at: number): void {
    this.buffer[at] = 0xe0 | JSONB_ARRAY;
    this.buffer.writeUInt32BE(this.used - at - 5, at + 1);
  }

  null(): void {
    this.room(1);
    this.buffer[this.used++] = JSONB_NULL;
  }

  /** Latin-1 payload (digits) of an exactly known size. */
  private ascii(type: number, text: string): void {
    this.room(text.length + 2);
    if (text.length <= 11) this.buffer[this.used++] = (text.length << 4) | type;
    else {
      this.buffer[this.used++] = 0xc0 | type;
      this.buffer[this.used++] = text.length;
    }
    this.used += this.buffer.write(text, this.used, 'latin1');
  }

  integer(value: number): void {
    this.ascii(JSONB_INT, String(value));
  }

  number(value: number): void {
    // JSON has no infinity: SQLite reads 9e999 as one (and writes it so).
    this.ascii(JSONB_FLOAT, Number.isFinite(value) ? String(value) : value > 0 ? '9e999' : '-9e999');
  }

  text(value: string): void {
    const longest = value.length * 3;
    this.room(longest + 5);
    const at = this.used;
    const head = longest <= 11 ? 1 : longest <= 0xff ? 2 : longest <= 0xffff ? 3 : 5;
    const size = this.buffer.write(value, at + head, 'utf8');
    if (head === 1) this.buffer[at] = (size << 4) | JSONB_TEXTRAW;
    else if (head === 2) {
      this.buffer[at] = 0xc0 | JSONB_TEXTRAW;
      this.buffer[at + 1] = size;
    } else if (head === 3) {
      this.buffer[at] = 0xd0 | JSONB_TEXTRAW;
      this.buffer.writeUInt16BE(size, at + 1);
    } else {
      this.buffer[at] = 0xe0 | JSONB_TEXTRAW;
      this.buffer.writeUInt32BE(size, at + 1);
    }
    this.used = at + head + size;
  }

  /** The array of rows: its header in front, the bytes cut to size. */
  finish(): Buffer {
    this.buffer[0] = 0xe0 | JSONB_ARRAY;
    this.buffer.writeUInt32BE(this.used - 5, 1);
    return this.buffer.subarray(0, this.used);
  }
}

type Check = (value: unknown) => boolean;

interface TableState {
  name: string;
  schema: TableSchema;
  local: Set<string>;
  refs: Map<string, string>;
  declared: Set<string>;
  cleared: Set<string>;
  blobs: Set<string>;
  /** The columns written (set by the first row; `id` not among them). */
  columns: string[] | null;
  /** Per column, in `columns` order: its check, how it is written. */
  plan: { column: string; check: Check; cleared: boolean; target: string | undefined; declared: boolean; blob: boolean }[];
  line: number;
  lastOld: number;
  nextId: number;
  map: IdMap | null;
  rows: number;
}

interface PendingRef {
  table: string;
  id: number;
  column: string;
  target: string;
  old: number;
  /** Declared foreign key (must resolve) or a soft reference (cleared if it does not). */
  strict: boolean;
}

/** Not a value a statement could bind (a BLOB where a column wants text, true/false): the row is refused as an insert would be. */
const UNBINDABLE = Symbol('unbindable');

/**
 * Plans carried tables' rows as they come, table by table in BUNDLE_TABLES order: `rows` hands
 * the checked, remapped rows to `out` in batches; a refusal comes after the batch of the rows
 * before it (so a database error in one of those is still the one reported first, as when rows
 * were written one by one).
 */
export class RowPlanner {
  private readonly maps = new Map<string, IdMap>();
  private readonly counts = new Map<string, number>();
  private readonly referenced: Set<string>;
  private readonly schemas: Map<string, TableSchema>;
  private readonly pending: PendingRef[] = [];
  private current: TableState | null = null;
  private order = -1;

  constructor(
    private readonly schema: BundleSchema,
    private readonly shapePerson: PersonShape,
  ) {
    this.referenced = new Set(schema.referenced);
    this.schemas = new Map(schema.tables.map((t) => [t.name, t]));
  }

  rows(table: string, rows: readonly Row[], out: (batch: Batch) => void): void {
    const state = this.stateFor(table);
    let writer: JsonbWriter | null = null;
    let first = 0;
    let count = 0;
    /** Where the row being written starts (a refused row is cut off before the batch goes out). */
    let rowAt = -1;
    const flush = () => {
      if (!writer || count === 0 || !state.columns) return;
      out({ table, columns: ['id', ...state.columns], blobs: [...state.blobs], firstLine: first, count, jsonb: writer.finish() });
      writer = null;
      count = 0;
    };
    try {
      for (const source of rows) {
        const line = ++state.line;
        const row = table === 'persons' ? this.shapePerson(source) : source;
        const old = source.id;
        if (typeof old !== 'number' || !Number.isInteger(old) || old <= state.lastOld || old > MAX_ID) bad(table, line);
        state.lastOld = old;
        const plan = state.columns === null ? this.planColumns(state, row, line) : state.plan;
        // Every row has the first row's columns, and no other (one pass over its keys, no copies).
        let keys = 0;
        for (const key in row) if (key !== 'id') keys++;
        if (keys !== plan.length) bad(table, line);
        const id = state.nextId + 1;
        if (writer === null) {
          writer = new JsonbWriter();
          first = line;
        }
        const w: JsonbWriter = writer;
        rowAt = w.open();
        w.integer(id);
        let later: { column: string; target: string; old: number }[] | null = null;
        let unbindable = false;
        for (const c of plan) {
          if (!Object.prototype.hasOwnProperty.call(row, c.column)) bad(table, line);
          const value = row[c.column];
          if (!c.check(value)) badField(table, line, c.column);
          if (c.cleared) {
            w.null();
            continue;
          }
          if (c.target === undefined || value === null || value === undefined) {
            if (encode(w, value, c.blob) === UNBINDABLE) unbindable = true;
            continue;
          }
          if (typeof value !== 'number') bad(table, line);
          if (!this.counts.has(c.target)) {
            (later ??= []).push({ column: c.column, target: c.target, old: value });
            w.null();
            continue;
          }
          const mapped = this.maps.get(c.target)?.get(value);
          if (mapped === undefined && c.declared) bad(table, line);
          if (mapped === undefined) w.null();
          else w.number(mapped);
        }
        // Where binding it would have failed, the row is refused as its insert would have been.
        if (unbindable) bad(table, line);
        w.close(rowAt);
        rowAt = -1;
        count++;
        state.nextId = id;
        state.map?.add(old, id);
        state.rows++;
        if (later) for (const l of later) this.pending.push({ table, id, ...l, strict: state.declared.has(l.column) });
        if (count >= BATCH_ROWS || w.used >= BATCH_BYTES) flush();
      }
    } finally {
      if (rowAt >= 0 && writer) (writer as JsonbWriter).used = rowAt;
      flush();
      this.counts.set(table, state.rows);
    }
  }

  /** References to tables that came after the row that made them: the patches to write, or a refusal. */
  finish(): Patch[] {
    for (const spec of BUNDLE_TABLES) if (!this.counts.has(spec.name)) this.counts.set(spec.name, 0);
    const patches = new Map<string, Patch>();
    for (const p of this.pending) {
      const mapped = this.maps.get(p.target)?.get(p.old);
      if (mapped === undefined && p.strict) bad(p.table, 0);
      // Written as NULL already: only a resolved reference needs writing.
      if (mapped === undefined) continue;
      const key = `${p.table}.${p.column}`;
      let patch = patches.get(key);
      if (!patch) patches.set(key, (patch = { table: p.table, column: p.column, rows: [] }));
      patch.rows.push([p.id, mapped]);
    }
    return [...patches.values()];
  }

  count(table: string): number {
    return this.counts.get(table) ?? 0;
  }

  /** The new id of a table's only row (a transfer's person); undefined unless there is exactly one. */
  onlyNewId(table: string): number | undefined {
    return this.maps.get(table)?.only();
  }

  private planColumns(state: TableState, row: Row, line: number): TableState['plan'] {
    const keys = Object.keys(row).filter((k) => k !== 'id');
    // Column names come from this database's schema, never from the file.
    if (keys.some((k) => !state.local.has(k))) bad(state.name, line);
    state.columns = keys;
    state.plan = keys.map((column) => ({
      column,
      check: fieldCheck(column),
      cleared: state.cleared.has(column),
      target: state.refs.get(column),
      declared: state.declared.has(column),
      blob: state.blobs.has(column),
    }));
    return state.plan;
  }

  private stateFor(table: string): TableState {
    if (this.current?.name === table) return this.current;
    const index = BUNDLE_TABLES.findIndex((t) => t.name === table);
    const schema = this.schemas.get(table);
    if (index <= this.order || !schema) bad(table, 0);
    this.order = index;
    const map = this.referenced.has(table) ? new IdMap() : null;
    if (map) this.maps.set(table, map);
    this.counts.set(table, 0);
    this.current = {
      name: table,
      schema,
      local: new Set(schema.columns),
      refs: new Map(schema.refs),
      declared: new Set(schema.declared),
      cleared: new Set(schema.cleared),
      blobs: new Set(schema.blobs),
      columns: null,
      plan: [],
      line: 0,
      lastOld: 0,
      nextId: this.schema.offsets[table] ?? 0,
      map,
      rows: 0,
    };
    return this.current;
  }
}

/** A value as JSONB; BLOBs as hex text (the insert unhexes BLOB columns). */
function encode(w: JsonbWriter, value: unknown, blob: boolean): typeof UNBINDABLE | void {
  if (value === null || value === undefined) return w.null();
  if (blob) return Buffer.isBuffer(value) ? w.text(value.toString('hex')) : UNBINDABLE;
  if (typeof value === 'string') return w.text(value);
  if (typeof value === 'number') return w.number(value);
  return UNBINDABLE;
}
