import { isUtf8 } from 'node:buffer';
import { parseIdNumber } from '../../../shared/domain/idNumber';
import { refuse } from './errors';
import { parseRow, type Row } from './payload';
import { BUNDLE_TABLES, ORIGIN_COLUMNS, tableFile, type BundleTable } from './tables';

/**
 * The rows of an accepted payload made ready for the database, without touching it (so that it
 * can run in the bundles' helper thread while the core's thread writes): every row checked as the
 * forms' schemas would (types and enumerations are left to the STRICT tables and their CHECKs),
 * given its new id, its references to carried tables remapped, and written as a batch of rows in
 * SQLite's binary JSON (JSONB) that one `INSERT … SELECT … FROM jsonb_each(?)` writes in C.
 *
 * New ids: each carried table's rows get, in order, max(id) + 1, + 2, … as of the start of the
 * import (what SQLite itself would give them), so that references can be remapped here. Ids
 * arrive ascending (the exporter reads ORDER BY id), so the old → new maps are runs of consecutive
 * ids searched by halves: a few bytes per gap in a station's ids, not per row, kept only for
 * tables something refers to. A reference to a table that comes later (persons → their current
 * measure) is patched at the end.
 */
export type PersonShape = ((row: Row) => Row) & {
  /**
   * Set by snapshotPerson: the station the rows are tied to. The planner then reads persons
   * straight from the bytes as it reads other tables, doing the same reshaping there (tokenRow),
   * instead of JSON.parse and this function per row.
   */
  readonly snapshotOf?: string;
};

/** How a `full` bundle's persons are written at the supervisor: tied to their station and their id there. */
export function snapshotPerson(code: string): PersonShape {
  const shape = (row: Row): Row => {
    const out = { ...row };
    out.origin_station = code;
    out.origin_person_id = row.id;
    out.origin_staff_name = typeof row.origin_staff_name === 'string' ? row.origin_staff_name : null;
    return out;
  };
  return Object.assign(shape, { snapshotOf: code });
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
  /** Text columns naming rows by id inside a key (BundleTable.keyRefs): column → letter → table. */
  keyRefs?: [string, Record<string, string>][];
}

export interface BundleSchema {
  tables: TableSchema[];
  /** Tables some carried table refers to (only these keep an id map). */
  referenced: string[];
  /** Table → its largest id when the import started (0 if empty). */
  offsets: Record<string, number>;
  /**
   * A station's snapshot at a supervisor: each row's id is this plus its id at the station (the
   * station's block of ids, bundles/blocks.ts), the same from one bundle to the next, so that a
   * row already there is written only if it changed and the ids the new snapshot lacks are
   * cleared. Without it (a transfer), rows get new ids after `offsets`.
   */
  base?: number;
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
  /** The rows may be there already (a station's block, `BundleSchema.base`): written only where they differ. */
  upsert: boolean;
  /** Ranges of this table's ids (pairs, first and last) the snapshot lacks: cleared before the rows go in. */
  clear: number[];
}

/** References patched at the end: rows `[id, new value]` of a table's column. */
export interface Patch {
  table: string;
  column: string;
  /** The rows' ids, and the value for each (null: a reference that did not resolve, cleared). */
  ids: number[];
  values: (number | null)[];
}

/** Ranges of a table's ids (pairs, first and last) in a station's block that its new snapshot lacks. */
export interface Clear {
  table: string;
  ranges: number[];
}

/** Where the planner's patches and clears go as soon as they are known (else `finish` returns them). */
export interface PlanSink {
  patch(patch: Patch): void;
  clear(clear: Clear): void;
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
 * (`*_at`), an ID number with its check digit and as the forms store it. Types and enumerations
 * are the STRICT tables' and their CHECKs'; references are checked as they are remapped.
 */
type CheckKind = 'text' | 'day' | 'instant' | 'idNumber';

function checkKind(column: string): CheckKind {
  if (column === 'id_number') return 'idNumber';
  if (column.endsWith('_date') || column.endsWith('_on') || column === 'date' || column === 'planned_end' || column === 'until') return 'day';
  if (column.endsWith('_at')) return 'instant';
  return 'text';
}

const isInstant = (value: string) => ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));

/**
 * A valid ID number already in the form the forms store (parseIdNumber's: no spaces, a capital
 * X): it is written as it came, and a number stored otherwise would not meet its equal, the
 * same person's file, in the lookups and the one-file-per-number index.
 */
function isStoredIdNumber(value: string): boolean {
  const check = parseIdNumber(value, FAR_FUTURE);
  return check.ok && check.idNumber === value;
}

function fieldCheck(column: string): (value: unknown) => boolean {
  const limit = LONG_COLUMNS.has(column) ? LONG_TEXT : MAX_TEXT;
  switch (checkKind(column)) {
    case 'idNumber':
      return (value) => typeof value === 'string' && isStoredIdNumber(value);
    case 'day':
      return (value) => value === null || (typeof value === 'string' && isDay(value));
    case 'instant':
      return (value) => value === null || (typeof value === 'string' && isInstant(value));
    case 'text':
      return (value) => typeof value !== 'string' || value.length <= limit;
  }
}

const digitAt = (data: Buffer, at: number) => (data[at] as number) - 0x30;
const isDigitAt = (data: Buffer, at: number) => {
  const d = data[at] as number;
  return d >= 0x30 && d <= 0x39;
};
const twoDigits = (data: Buffer, at: number) => (isDigitAt(data, at) && isDigitAt(data, at + 1) ? digitAt(data, at) * 10 + digitAt(data, at + 1) : -1);

/** isDay on the bytes of a text (no string made). */
function isDayBytes(data: Buffer, from: number, to: number): boolean {
  if (to - from !== 10 || data[from + 4] !== 0x2d || data[from + 7] !== 0x2d) return false;
  const high = twoDigits(data, from);
  const low = twoDigits(data, from + 2);
  const month = twoDigits(data, from + 5);
  const day = twoDigits(data, from + 8);
  if (high < 0 || low < 0 || month < 1 || month > 12 || day < 1) return false;
  const year = high * 100 + low;
  if (year < 100) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

/**
 * isInstant on the bytes of a text (no string made): ISO_INSTANT's form, with what Date.parse
 * accepts in it (ECMAScript's date time string format): month 01–12, day 01–31 whatever the
 * month, hour 00–24 (24 only for 24:00, seconds and fraction zero), minute and second 00–59, an
 * offset's hour 00–23 and minute 00–59. A test compares it with isInstant.
 */
function isInstantBytes(data: Buffer, from: number, to: number): boolean {
  const size = to - from;
  if (size < 17 || size > 29) return false;
  if (twoDigits(data, from) < 0 || twoDigits(data, from + 2) < 0 || data[from + 4] !== 0x2d || data[from + 7] !== 0x2d || data[from + 10] !== 0x54 || data[from + 13] !== 0x3a) return false;
  const month = twoDigits(data, from + 5);
  const day = twoDigits(data, from + 8);
  const hour = twoDigits(data, from + 11);
  const minute = twoDigits(data, from + 14);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 24 || minute < 0 || minute > 59) return false;
  let at = from + 16;
  let zero = minute === 0;
  if (data[at] === 0x3a) {
    const second = twoDigits(data, at + 1);
    if (second < 0 || second > 59) return false;
    zero &&= second === 0;
    at += 3;
    if (data[at] === 0x2e) {
      let digits = 0;
      for (at++; at < to && isDigitAt(data, at) && digits < 4; at++, digits++) zero &&= data[at] === 0x30;
      if (digits < 1 || digits > 3) return false;
    }
  }
  if (hour === 24 && !zero) return false;
  if (at === to - 1) return data[at] === 0x5a;
  if (at !== to - 6 || (data[at] !== 0x2b && data[at] !== 0x2d) || data[at + 3] !== 0x3a) return false;
  const offsetHour = twoDigits(data, at + 1);
  const offsetMinute = twoDigits(data, at + 4);
  return offsetHour >= 0 && offsetHour <= 23 && offsetMinute >= 0 && offsetMinute <= 59;
}

/** For the test that holds the byte-level checks to the string ones. */
export const checksForTest = { isDay, isDayBytes, isInstant, isInstantBytes };

/** The largest id a bundle's row may have: a station's block of ids at the supervisor holds every one (blocks.ts). */
export const MAX_ID = 0xffffffff;

/** Old id → new id for ids added in ascending order. */
class IdMap {
  // Runs of consecutive old ids given consecutive new ids (a station's ids mostly are: a run per
  // gap left by a deletion), so the map's size follows the gaps, not the rows.
  private starts = new Float64Array(64);
  private firsts = new Float64Array(64);
  private lengths = new Float64Array(64);
  private runs = 0;
  size = 0;

  add(old: number, id: number): void {
    const last = this.runs - 1;
    if (last >= 0 && old === (this.starts[last] as number) + (this.lengths[last] as number) && id === (this.firsts[last] as number) + (this.lengths[last] as number)) {
      this.lengths[last] = (this.lengths[last] as number) + 1;
    } else {
      if (this.runs === this.starts.length) {
        const grow = (a: Float64Array) => {
          const b = new Float64Array(a.length * 2);
          b.set(a);
          return b;
        };
        this.starts = grow(this.starts);
        this.firsts = grow(this.firsts);
        this.lengths = grow(this.lengths);
      }
      this.starts[this.runs] = old;
      this.firsts[this.runs] = id;
      this.lengths[this.runs] = 1;
      this.runs++;
    }
    this.size++;
  }

  only(): number | undefined {
    return this.size === 1 ? this.firsts[0] : undefined;
  }

  get(old: number): number | undefined {
    // The last run starting at or before `old`.
    let lo = 0;
    let hi = this.runs - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] as number) <= old) lo = mid;
      else hi = mid - 1;
    }
    if (this.runs === 0) return undefined;
    const start = this.starts[lo] as number;
    return old >= start && old < start + (this.lengths[lo] as number) ? (this.firsts[lo] as number) + (old - start) : undefined;
  }
}

// JSONB (https://sqlite.org/jsonb.html): a header byte (element type in the low four bits, the
// payload size or how many bytes hold it in the high four), then the payload.
const JSONB_NULL = 0;
const JSONB_INT = 3;
const JSONB_FLOAT = 5;
const JSONB_TEXTJ = 8;
const JSONB_TEXTRAW = 10;
const JSONB_ARRAY = 11;

/**
 * Values per inner array of a row. SQLite finds an array's element by stepping over the ones
 * before it, so the writer reads value k at `$[k / ROW_GROUP][k % ROW_GROUP]` (apply.ts) after a
 * few steps instead of up to 35 (50,000 rows of 18 columns inserted in 130–138 → 120–127 ms).
 */
export const ROW_GROUP = 4;

/** The rows a batch holds at most (and its bytes, about): a part of a table is one batch or a few. */
const BATCH_ROWS = 20_000;
const BATCH_BYTES = 8 * 1024 * 1024;
/**
 * The first batch is small and each next one twice the last, up to BATCH_ROWS: the writer has
 * nothing to do until the first batch comes, so it should come early (a handful more statements).
 */
const FIRST_BATCH_ROWS = 500;

/**
 * Writes rows as one JSONB array of rows, each an array of arrays of ROW_GROUP values. Sizes of
 * texts are written in the header form their longest UTF-8 could need (SQLite reads any form, not
 * only the shortest); containers always take the four-byte form, patched once their size is known.
 * Numbers are written as FLOAT, which SQLite reads back as REAL: what a JavaScript number bound to
 * a statement is (5.0 in a TEXT column is "5.0", in an INTEGER column 5), so the rows come out as
 * they did when bound one by one.
 */
class JsonbWriter {
  buffer: Buffer;
  used = 5;
  /** Buffers made for it (none if a spare served and it never grew). */
  made: number;
  /** Where the row's open inner array starts, and how many values the row has so far (openRow). */
  private group = 0;
  private cells = 0;

  constructor(size = 1024 * 1024, spare: Buffer | null = null) {
    this.buffer = spare && spare.length >= size ? spare : Buffer.allocUnsafeSlow(Math.max(size, 64));
    this.made = this.buffer === spare ? 0 : 1;
  }

  private room(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(bigger, 0, 0, this.used);
    this.buffer = bigger;
    this.made++;
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

  /** A row: an array of inner arrays of up to ROW_GROUP values, each value preceded by cell(). */
  openRow(): number {
    this.cells = 0;
    return this.open();
  }

  /** Before each value of a row: another inner array every ROW_GROUP values. */
  cell(): void {
    if (this.cells % ROW_GROUP === 0) {
      if (this.cells > 0) this.close(this.group);
      this.group = this.open();
    }
    this.cells++;
  }

  closeRow(at: number): void {
    if (this.cells > 0) this.close(this.group);
    this.close(at);
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
    if (!this.digits(JSONB_INT, value)) this.ascii(JSONB_INT, String(value));
  }

  number(value: number): void {
    // JSON has no infinity: SQLite reads 9e999 as one (and writes it so).
    if (!this.digits(JSONB_FLOAT, value)) this.ascii(JSONB_FLOAT, Number.isFinite(value) ? String(value) : value > 0 ? '9e999' : '-9e999');
  }

  /** A whole number from 0 to 99,999,999,999 written digit by digit (what String() gives); false for any other. */
  private digits(type: number, value: number): boolean {
    if (!(value >= 0 && value < 1e11) || !Number.isInteger(value) || Object.is(value, -0)) return false;
    let size = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) size++;
    this.room(size + 1);
    const b = this.buffer;
    b[this.used] = (size << 4) | type;
    let v = value;
    for (let i = this.used + size; i > this.used; i--) {
      b[i] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.used += size + 1;
    return true;
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

  /** UTF-8 taken as it is from the bytes of a part (TEXTJ: with JSON's escapes, which SQLite reads). */
  raw(data: Buffer, from: number, to: number, type = JSONB_TEXTRAW): void {
    const size = to - from;
    this.room(size + 5);
    const b = this.buffer;
    let at = this.used;
    if (size <= 11) b[at++] = (size << 4) | type;
    else if (size <= 0xff) {
      b[at++] = 0xc0 | type;
      b[at++] = size;
    } else if (size <= 0xffff) {
      b[at++] = 0xd0 | type;
      b.writeUInt16BE(size, at);
      at += 2;
    } else {
      b[at++] = 0xe0 | type;
      b.writeUInt32BE(size, at);
      at += 4;
    }
    if (size <= 32) for (let i = from; i < to; i++) b[at++] = data[i] as number;
    else at += data.copy(b, at, from, to);
    this.used = at;
  }

  /**
   * A number read from a part: its digits as they are when they are what String(value) writes (a
   * JSON integer of up to 11 characters, so no leading zero and exact; not -0), else String(value).
   */
  numberAt(data: Buffer, from: number, to: number, value: number): void {
    const size = to - from;
    if (size > 11 || Object.is(value, -0)) return this.number(value);
    for (let i = data[from] === 0x2d ? from + 1 : from; i < to; i++) {
      const c = data[i] as number;
      if (c < 0x30 || c > 0x39) return this.number(value);
    }
    this.room(size + 1);
    const b = this.buffer;
    let at = this.used;
    b[at++] = (size << 4) | JSONB_FLOAT;
    for (let i = from; i < to; i++) b[at++] = data[i] as number;
    this.used = at;
  }

  /** The array of rows: its header in front, the bytes cut to size. */
  finish(): Buffer {
    this.buffer[0] = 0xe0 | JSONB_ARRAY;
    this.buffer.writeUInt32BE(this.used - 5, 1);
    return this.buffer.subarray(0, this.used);
  }
}

type Check = (value: unknown) => boolean;

interface ColumnPlan {
  column: string;
  check: Check;
  test: CheckKind;
  limit: number;
  cleared: boolean;
  target: string | undefined;
  declared: boolean;
  blob: boolean;
  /** A key naming rows by id (BundleTable.keyRefs): letter → table. */
  keyRefs: Record<string, string> | undefined;
}

interface Later {
  column: string;
  target: string;
  old: number;
}

interface TableState {
  name: string;
  schema: TableSchema;
  local: Set<string>;
  refs: Map<string, string>;
  declared: Set<string>;
  cleared: Set<string>;
  keyRefs: Map<string, Record<string, string>>;
  blobs: Set<string>;
  /** The columns written (set by the first row; `id` not among them). */
  columns: string[] | null;
  /** Per column, in `columns` order: its check, how it is written. */
  plan: ColumnPlan[];
  line: number;
  lastOld: number;
  /** The last id given (the next is one more, or in a station's block the row's own id there plus the base). */
  nextId: number;
  map: IdMap | null;
  rows: number;
  /** In a station's block: ranges of ids skipped since the last batch (Batch.clear). */
  clear: number[];
}

/** References of a table's column to a table that came later, left for the end (packed: 16 bytes a row). */
interface PendingRefs {
  table: string;
  column: string;
  target: string;
  /** Declared foreign key (must resolve) or a soft reference (cleared if it does not). */
  strict: boolean;
  ids: number[];
  olds: number[];
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
  /** By `table.column`, in the order they came (a table's rows before the next table's). */
  private readonly pending = new Map<string, PendingRefs>();
  /** Per table, the shape of its rows as the exporter writes them (from its first row). */
  private readonly shapes = new Map<string, Shape>();
  /**
   * Buffers whose batches were written, given back (`spare`) to be written over: a county's
   * import makes a few hundred batches of megabytes, and left to the garbage collector they
   * pile up (tens of MB more at the peak).
   */
  private readonly spares: Buffer[] = [];
  /** Rows the next batch holds at most (FIRST_BATCH_ROWS, doubling up to BATCH_ROWS). */
  private batchRows = FIRST_BATCH_ROWS;

  /** Batches made, and buffers made for them: with spares given back, a few serve them all. */
  readonly made = { batches: 0, buffers: 0 };

  spare(buffer: Buffer): void {
    if (this.spares.length < 4) this.spares.push(buffer);
  }

  /** The values of the part being read (scan fills them, plan uses them before the next part is read). */
  private readonly tokens = new Tokens(0);
  private current: TableState | null = null;
  private order = -1;

  /** The first table with a declared reference that did not resolve (refused at `finish`). */
  private unresolved: string | null = null;
  /** Clears for `finish` to return, when there is no sink to take them at once. */
  private readonly held: Clear[] = [];

  constructor(
    private readonly schema: BundleSchema,
    private readonly shapePerson: PersonShape,
    /** Takes patches and clears as soon as they are known (else `finish` returns them all). */
    private readonly sink?: PlanSink,
  ) {
    this.referenced = new Set(schema.referenced);
    this.schemas = new Map(schema.tables.map((t) => [t.name, t]));
  }

  rows(table: string, rows: readonly Row[], out: (batch: Batch) => void): void {
    this.run(table, rows.length, out, 1024 * 1024, (state, w, line, i) => this.objectRow(state, w, line, rows[i] as Row));
  }

  /**
   * A part of a table as it came (NDJSON): every line is read first, so that a line that is no
   * JSON is refused before any row of the part is written, as parseNdjson refuses it (naming the
   * part and its line). Lines in the exporter's own shape (json_object's: the first row's keys in
   * its order, scalar values, no spaces) are read straight from the bytes and their texts copied
   * as they are: no string is made of them but to check a date or an instant. Any other line,
   * persons reshaped by a function (a transfer's) and tables with BLOBs go through JSON.parse.
   */
  scan(table: string | null, file: string, data: Buffer): { rows: number; scanned: ScannedPart } {
    const schema = table === null ? undefined : this.schemas.get(table);
    const byBytes = table !== 'persons' || this.shapePerson.snapshotOf !== undefined;
    const direct = schema !== undefined && byBytes && schema.blobs.length === 0 && isUtf8(data);
    const lines: number[] = [];
    for (let at = 0; at < data.length; ) {
      const end = data.indexOf(10, at);
      if (end < 0) break;
      lines.push(at);
      at = end + 1;
    }
    const count = lines.length;
    lines.push(count === 0 ? 0 : data.indexOf(10, lines[count - 1] as number) + 1);
    let shape = direct && table !== null ? (this.shapes.get(table) ?? null) : null;
    let width = shape ? shape.keys.length : 0;
    const tokens = this.tokens;
    tokens.reset(count * width);
    const parsed = new Map<number, Row>();
    for (let i = 0; i < count; i++) {
      const from = lines[i] as number;
      const to = (lines[i + 1] as number) - 1;
      if (shape && scanLine(data, from, to, shape.prefixes, i * width, tokens)) continue;
      const row = parseRow(data.toString('utf8', from, to));
      if (row === null) refuse('BUNDLE_INVALID_ROWS', { file, line: i + 1 });
      parsed.set(i, row);
      // The table's first row gives the shape its other rows are read in.
      if (direct && table !== null && i === 0 && !this.shapes.has(table)) {
        shape = shapeOf(Object.keys(row));
        this.shapes.set(table, shape);
        width = shape.keys.length;
        tokens.resize(count * width);
      }
    }
    // A last line without its newline is no line (parseNdjson refuses it after the others).
    if ((lines[count] as number) < data.length) refuse('BUNDLE_INVALID_ROWS', { file, line: count + 1 });
    return { rows: count, scanned: { table: table ?? '', data, lines, parsed, shape, tokens } };
  }

  /** Plans the rows of a scanned part (after PayloadReader's checks on the part itself). */
  plan(part: ScannedPart, out: (batch: Batch) => void): void {
    const count = part.lines.length - 1;
    // A part's JSONB is about its NDJSON less the keys: one buffer of that size, never grown.
    this.run(part.table, count, out, part.data.length, (state, w, line, i) => {
      const row = part.parsed.get(i);
      if (row !== undefined) this.objectRow(state, w, line, row);
      else this.tokenRow(state, w, line, part, i);
    });
  }

  /** Plans `count` rows in order, a batch at a time; a refusal comes after the batch of the rows before it. */
  private run(table: string, count: number, out: (batch: Batch) => void, size: number, row: (state: TableState, w: JsonbWriter, line: number, i: number) => void): void {
    const state = this.stateFor(table);
    let writer: JsonbWriter | null = null;
    let first = 0;
    let inBatch = 0;
    /** Where the row being written starts (a refused row is cut off before the batch goes out). */
    let rowAt = -1;
    const flush = () => {
      if (!writer || inBatch === 0 || !state.columns) return;
      const clear = state.clear;
      state.clear = [];
      this.made.batches++;
      this.made.buffers += writer.made;
      out({ table, columns: ['id', ...state.columns], blobs: [...state.blobs], firstLine: first, count: inBatch, jsonb: writer.finish(), upsert: this.schema.base !== undefined, clear });
      writer = null;
      inBatch = 0;
      this.batchRows = Math.min(this.batchRows * 2, BATCH_ROWS);
    };
    try {
      for (let i = 0; i < count; i++) {
        const line = ++state.line;
        if (writer === null) {
          writer = new JsonbWriter(Math.min(size, BATCH_BYTES), this.spares.pop() ?? null);
          first = line;
        }
        const w: JsonbWriter = writer;
        rowAt = w.used;
        row(state, w, line, i);
        rowAt = -1;
        inBatch++;
        if (inBatch >= this.batchRows || w.used >= BATCH_BYTES) flush();
      }
    } finally {
      if (rowAt >= 0 && writer) (writer as JsonbWriter).used = rowAt;
      flush();
      this.counts.set(table, state.rows);
    }
  }

  /** One row as JSON.parse made it: checked, remapped, written. */
  private objectRow(state: TableState, w: JsonbWriter, line: number, source: Row): void {
    const table = state.name;
    const row = table === 'persons' ? this.shapePerson(source) : source;
    const old = source.id;
    if (typeof old !== 'number' || !Number.isInteger(old) || old <= state.lastOld || old > MAX_ID) bad(table, line);
    state.lastOld = old;
    const plan = state.columns === null ? this.planColumns(state, row, line) : state.plan;
    // Every row has the first row's columns, and no other (one pass over its keys, no copies).
    let keys = 0;
    for (const key in row) if (key !== 'id') keys++;
    if (keys !== plan.length) bad(table, line);
    const id = this.newId(state, old);
    const at = w.openRow();
    w.cell();
    w.integer(id);
    let later: Later[] | null = null;
    let unbindable = false;
    for (const c of plan) {
      w.cell();
      if (!Object.prototype.hasOwnProperty.call(row, c.column)) bad(table, line);
      const value = row[c.column];
      if (!c.check(value)) badField(table, line, c.column);
      if (c.cleared) {
        w.null();
        continue;
      }
      if (c.keyRefs !== undefined && typeof value === 'string') {
        const key = this.keyHere(c.keyRefs, value);
        if (key === null) w.null();
        else w.text(key);
        continue;
      }
      if (c.target === undefined || value === null || value === undefined) {
        if (encode(w, value, c.blob) === UNBINDABLE) unbindable = true;
        continue;
      }
      if (typeof value !== 'number') bad(table, line);
      later = this.reference(w, c, value, line, later);
    }
    // Where binding it would have failed, the row is refused as its insert would have been.
    if (unbindable) bad(table, line);
    w.closeRow(at);
    this.written(state, old, id, later);
  }

  /** One row read from the bytes (scan): the same checks and writing as objectRow, on its tokens. */
  private tokenRow(state: TableState, w: JsonbWriter, line: number, part: ScannedPart, i: number): void {
    const table = state.name;
    const shape = part.shape as Shape;
    const t = part.tokens;
    const data = part.data;
    const base = i * shape.keys.length;
    const idAt = base + shape.id;
    const old = shape.id >= 0 && t.kinds[idAt] === NUMBER ? (t.numbers[idAt] as number) : undefined;
    if (old === undefined || !Number.isInteger(old) || old <= state.lastOld || old > MAX_ID) bad(table, line);
    state.lastOld = old;
    // The shape is the first row's, which set the columns: the same keys, every one once (a
    // snapshot's persons: less the two origin columns snapshotPerson adds, written here).
    const plan = state.plan;
    const places = placesOf(state, shape);
    const snapshot = table === 'persons' ? this.shapePerson.snapshotOf : undefined;
    const added = snapshot === undefined ? 0 : plan.filter((c, p) => places[p] === -1 && SNAPSHOT_SETS.has(c.column)).length;
    if (state.columns === null || shape.keys.length - (shape.id >= 0 ? 1 : 0) !== plan.length - added) bad(table, line);
    const id = this.newId(state, old);
    const at = w.openRow();
    w.cell();
    w.integer(id);
    let later: Later[] | null = null;
    for (let p = 0; p < plan.length; p++) {
      w.cell();
      const c = plan[p] as ColumnPlan;
      if (snapshot !== undefined && SNAPSHOT_SETS.has(c.column)) {
        // As snapshotPerson: the station the file came from, the person's id there, and the
        // staff member's name if the row has it as a text (written below), else none.
        if (c.column === 'origin_station') {
          w.text(snapshot);
          continue;
        }
        if (c.column === 'origin_person_id') {
          w.number(old);
          continue;
        }
        const given = places[p] === -1 ? NULL : t.kinds[base + (places[p] as number)];
        if (given !== RAW && given !== ESCAPED && given !== TEXT) {
          w.null();
          continue;
        }
      }
      const k = base + (places[p] as number);
      if (k < base) bad(table, line);
      const kind = t.kinds[k] as number;
      if (!checkToken(c, kind, data, t, k)) badField(table, line, c.column);
      if (c.cleared || kind === NULL) {
        w.null();
        continue;
      }
      if (c.keyRefs !== undefined && kind !== NUMBER) {
        const key = this.keyHere(c.keyRefs, textOf(kind, data, t, k));
        if (key === null) w.null();
        else w.text(key);
        continue;
      }
      if (c.target === undefined) {
        if (kind === RAW) w.raw(data, t.starts[k] as number, t.ends[k] as number);
        else if (kind === ESCAPED) w.raw(data, t.starts[k] as number, t.ends[k] as number, JSONB_TEXTJ);
        else if (kind === TEXT) w.text(t.texts.get(k) as string);
        else w.numberAt(data, t.starts[k] as number, t.ends[k] as number, t.numbers[k] as number);
        continue;
      }
      if (kind !== NUMBER) bad(table, line);
      later = this.reference(w, c, t.numbers[k] as number, line, later);
    }
    w.closeRow(at);
    this.written(state, old, id, later);
  }

  /** A row's id here: the next one, or in a station's block its id there plus the base. */
  private newId(state: TableState, old: number): number {
    const base = this.schema.base;
    return base === undefined ? state.nextId + 1 : base + old;
  }

  /**
   * A reference to a carried table: remapped, left for the end (a later table), or refused (a
   * declared one that does not resolve). In a station's block a reference to a later table is
   * written as it will be (its id there plus the base) and only checked at the end, so that a
   * row that did not change is the same as the one already there.
   */
  private reference(w: JsonbWriter, c: ColumnPlan, value: number, line: number, later: Later[] | null): Later[] | null {
    const target = c.target as string;
    if (!this.counts.has(target)) {
      if (this.inBlock(value)) w.number((this.schema.base as number) + value);
      else w.null();
      return [...(later ?? []), { column: c.column, target, old: value }];
    }
    const mapped = this.maps.get(target)?.get(value);
    if (mapped === undefined && c.declared) bad(this.current?.name ?? '', line);
    if (mapped === undefined) w.null();
    else w.number(mapped);
    return later;
  }

  /**
   * A key naming a row by id (`positive_test:t12`) with the id it has here: in a station's block its
   * id there plus the base, else the new id given to that row by this import. A key whose row did
   * not come (or is not of this form) names nothing here: null, never another row that happens to
   * have that id.
   */
  private keyHere(refs: Record<string, string>, key: string): string | null {
    const m = /^([a-z_]+):([a-z])(\d+)(:.*)?$/.exec(key);
    const table = m ? refs[m[2] as string] : undefined;
    if (!m || table === undefined) return null;
    const old = Number(m[3]);
    const here = this.schema.base !== undefined ? (this.inBlock(old) ? this.schema.base + old : undefined) : this.maps.get(table)?.get(old);
    return here === undefined ? null : `${m[1]}:${m[2]}${here}${m[4] ?? ''}`;
  }

  /** A reference to a later table written ahead as its id in the station's block (see reference). */
  private inBlock(old: number): boolean {
    return this.schema.base !== undefined && Number.isInteger(old) && old > 0 && old <= MAX_ID;
  }

  private written(state: TableState, old: number, id: number, later: Later[] | null): void {
    // Ids the station no longer has, below this row's: cleared before its batch goes in.
    if (this.schema.base !== undefined && id > state.nextId + 1) state.clear.push(state.nextId + 1, id - 1);
    state.nextId = id;
    state.map?.add(old, id);
    state.rows++;
    if (!later) return;
    for (const l of later) {
      const key = `${state.name}.${l.column}`;
      let refs = this.pending.get(key);
      if (!refs) this.pending.set(key, (refs = { table: state.name, column: l.column, target: l.target, strict: state.declared.has(l.column), ids: [], olds: [] }));
      refs.ids.push(id);
      refs.olds.push(l.old);
    }
  }

  /**
   * References to tables that came after the row that made them: the patches to write, or a
   * refusal; in a station's block, the ids of every table past the last row it had, to clear.
   */
  finish(): { patches: Patch[]; clears: Clear[] } {
    const clears = [...this.held, ...this.closeTables(BUNDLE_TABLES.length)];
    for (const spec of BUNDLE_TABLES) if (!this.counts.has(spec.name)) this.counts.set(spec.name, 0);
    const patches = this.resolve(() => true);
    if (this.unresolved !== null) bad(this.unresolved, 0);
    return { patches, clears };
  }

  /**
   * The tables before index `next` are complete: in a station's block, the ids past each one's
   * last row (all of a table that had none) are cleared.
   */
  private closeTables(next: number): Clear[] {
    const base = this.schema.base;
    if (base === undefined) return [];
    const clears: Clear[] = [];
    for (let index = this.order; index < next; index++) {
      const table = (BUNDLE_TABLES[index] as BundleTable | undefined)?.name;
      if (table === undefined) continue;
      const last = this.current?.name === table ? this.current.nextId : base;
      if (last < base + MAX_ID) clears.push({ table, ranges: [last + 1, base + MAX_ID] });
    }
    return clears;
  }

  /**
   * The patches for the references to tables `done` says are complete (no row of theirs comes
   * any more). A declared reference that does not resolve is refused at `finish` (after the
   * manifest's checks, as before), not here.
   */
  private resolve(done: (target: string) => boolean): Patch[] {
    const patches: Patch[] = [];
    for (const [key, refs] of this.pending) {
      if (!done(refs.target)) continue;
      this.pending.delete(key);
      const map = this.maps.get(refs.target);
      const patch: Patch = { table: refs.table, column: refs.column, ids: [], values: [] };
      refs.olds.forEach((old, i) => {
        const mapped = map?.get(old);
        if (mapped === undefined && refs.strict) this.unresolved ??= refs.table;
        // Written ahead in a station's block (reference): only one that did not resolve needs
        // writing, as NULL. Else written as NULL: only a resolved one needs writing.
        const ahead = this.inBlock(old);
        if (ahead ? mapped !== undefined : mapped === undefined) return;
        patch.ids.push(refs.ids[i] as number);
        patch.values.push(mapped ?? null);
      });
      if (patch.ids.length > 0) patches.push(patch);
    }
    return patches;
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
      test: checkKind(column),
      limit: LONG_COLUMNS.has(column) ? LONG_TEXT : MAX_TEXT,
      cleared: state.cleared.has(column),
      target: state.refs.get(column),
      declared: state.declared.has(column),
      blob: state.blobs.has(column),
      keyRefs: state.keyRefs.get(column),
    }));
    return state.plan;
  }

  private stateFor(table: string): TableState {
    if (this.current?.name === table) return this.current;
    const index = BUNDLE_TABLES.findIndex((t) => t.name === table);
    const schema = this.schemas.get(table);
    if (index <= this.order || !schema) bad(table, 0);
    // The tables before this one are complete: their ids the snapshot lacks are cleared, and
    // references to them patched now, while the rows to patch (a station's persons) are still
    // in the page cache, not after every table.
    const clears = this.closeTables(index);
    if (!this.sink) this.held.push(...clears);
    else {
      for (const clear of clears) this.sink.clear(clear);
      for (const patch of this.resolve((target) => BUNDLE_TABLES.findIndex((t) => t.name === target) < index)) this.sink.patch(patch);
    }
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
      keyRefs: new Map(schema.keyRefs ?? []),
      blobs: new Set(schema.blobs),
      columns: null,
      plan: [],
      line: 0,
      lastOld: 0,
      nextId: this.schema.base ?? this.schema.offsets[table] ?? 0,
      map,
      rows: 0,
      clear: [],
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

/** The columns snapshotPerson sets (the exporter leaves out the first two). */
const SNAPSHOT_SETS = new Set<string>(ORIGIN_COLUMNS);

/** Per planned column, its place in a row of `shape` (-1: not there); kept with the table's state. */
const placeCache = new WeakMap<TableState, { shape: Shape; places: number[] }>();
function placesOf(state: TableState, shape: Shape): number[] {
  const cached = placeCache.get(state);
  if (cached?.shape === shape) return cached.places;
  const places = state.plan.map((c) => shape.index.get(c.column) ?? -1);
  placeCache.set(state, { shape, places });
  return places;
}

/** How a table's rows look as the exporter writes them: the first row's keys, in its order. */
interface Shape {
  keys: string[];
  /** Key → its place in a row. */
  index: Map<string, number>;
  /** The place of `id` (-1: none). */
  id: number;
  /** The bytes before each value: `{"key":` for the first, `,"key":` for the others. */
  prefixes: Uint8Array[];
}

function shapeOf(keys: string[]): Shape {
  return {
    keys,
    index: new Map(keys.map((k, i) => [k, i])),
    id: keys.indexOf('id'),
    prefixes: keys.map((k, i) => Buffer.from(`${i === 0 ? '{' : ','}${JSON.stringify(k)}:`, 'utf8')),
  };
}

const NULL = 0;
/** A text without escapes: its bytes, as they are. */
const RAW = 1;
/** A text with escapes, read by JSON.parse. */
const TEXT = 2;
const NUMBER = 3;
/** A text with only one-letter escapes (\n, \", …): its bytes, which SQLite unescapes (JSONB TEXTJ). */
const ESCAPED = 4;

/** The values of a part's lines read from the bytes: per line and key, its kind and where it is (or what it is). */
class Tokens {
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  numbers: Float64Array;
  readonly texts = new Map<number, string>();

  constructor(size: number) {
    this.kinds = new Uint8Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
    this.numbers = new Float64Array(size);
  }

  /** Ready for a part of `size` slots (the arrays only ever grow: one set serves every part). */
  reset(size: number): void {
    this.texts.clear();
    this.resize(size);
  }

  resize(size: number): void {
    if (size <= this.kinds.length) return;
    this.kinds = new Uint8Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
    this.numbers = new Float64Array(size);
  }
}

/** A part as `scan` read it; `plan` writes its rows. */
export interface ScannedPart {
  table: string;
  data: Buffer;
  /** Where each line starts, and after the last one where the next would. */
  lines: number[];
  /** Lines read by JSON.parse, by index. */
  parsed: Map<number, Row>;
  shape: Shape | null;
  tokens: Tokens;
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/** The end of a JSON number starting at `at` (strictly JSON's grammar); -1 if none. */
function numberEnd(data: Buffer, at: number, to: number): number {
  let i = at;
  if (data[i] === 0x2d) i++;
  if (i >= to) return -1;
  if (data[i] === 0x30) i++;
  else if (isDigit(data[i])) while (i < to && isDigit(data[i])) i++;
  else return -1;
  if (i < to && data[i] === 0x2e) {
    i++;
    if (!(i < to && isDigit(data[i]))) return -1;
    while (i < to && isDigit(data[i])) i++;
  }
  if (i < to && (data[i] === 0x65 || data[i] === 0x45)) {
    i++;
    if (i < to && (data[i] === 0x2b || data[i] === 0x2d)) i++;
    if (!(i < to && isDigit(data[i]))) return -1;
    while (i < to && isDigit(data[i])) i++;
  }
  return i;
}

/** A JSON integer of up to 15 digits is read here; any other number as JSON.parse reads it. */
function numberValue(data: Buffer, from: number, to: number): number {
  const negative = data[from] === 0x2d;
  const start = negative ? from + 1 : from;
  if (to - start <= 15) {
    let value = 0;
    let i = start;
    for (; i < to; i++) {
      const c = data[i] as number;
      if (c < 0x30 || c > 0x39) break;
      value = value * 10 + (c - 0x30);
    }
    if (i === to) return negative ? -value : value;
  }
  return Number(data.toString('latin1', from, to));
}

/**
 * Reads line [from, to) if it is exactly in `shape` (json_object's output: those keys in that
 * order, each value a string, a number or null, nothing between tokens); false if it is not (it is
 * then read by JSON.parse, which also refuses what is no JSON). A text's bytes must hold no
 * control character (JSON has none raw); one with escapes is read by JSON.parse.
 */
function scanLine(data: Buffer, from: number, to: number, prefixes: Uint8Array[], base: number, t: Tokens): boolean {
  let at = from;
  for (let k = 0; k < prefixes.length; k++) {
    const prefix = prefixes[k] as Uint8Array;
    if (at + prefix.length >= to) return false;
    for (let j = 0; j < prefix.length; j++) if (data[at + j] !== prefix[j]) return false;
    at += prefix.length;
    const slot = base + k;
    const c = data[at] as number;
    if (c === 0x22) {
      let i = at + 1;
      let escaped = false;
      let unicode = false;
      for (;;) {
        if (i >= to) return false;
        const d = data[i] as number;
        if (d === 0x22) break;
        if (d === 0x5c) {
          const e = data[i + 1];
          if (e === 0x75) unicode = true;
          else if (e !== 0x22 && e !== 0x5c && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) return false;
          escaped = true;
          i += 2;
          continue;
        }
        if (d < 0x20) return false;
        i++;
      }
      if (unicode) {
        // \uXXXX (surrogates and all) as JSON.parse reads it.
        let text: unknown;
        try {
          text = JSON.parse(data.toString('utf8', at, i + 1));
        } catch {
          return false;
        }
        t.kinds[slot] = TEXT;
        t.texts.set(slot, text as string);
      } else {
        t.kinds[slot] = escaped ? ESCAPED : RAW;
        t.starts[slot] = at + 1;
        t.ends[slot] = i;
      }
      at = i + 1;
    } else if (c === 0x6e) {
      if (data[at + 1] !== 0x75 || data[at + 2] !== 0x6c || data[at + 3] !== 0x6c) return false;
      t.kinds[slot] = NULL;
      at += 4;
    } else {
      const end = numberEnd(data, at, to);
      if (end < 0) return false;
      t.kinds[slot] = NUMBER;
      t.starts[slot] = at;
      t.ends[slot] = end;
      t.numbers[slot] = numberValue(data, at, end);
      at = end;
    }
  }
  return at + 1 === to && data[at] === 0x7d;
}

/** A text value as a string, however it was read (raw bytes, escaped bytes, or already parsed). */
function textOf(kind: number, data: Buffer, t: Tokens, k: number): string {
  if (kind === TEXT) return t.texts.get(k) as string;
  if (kind === ESCAPED) return JSON.parse(data.toString('utf8', (t.starts[k] as number) - 1, (t.ends[k] as number) + 1)) as string;
  return data.toString('utf8', t.starts[k], t.ends[k]);
}

/** The field check of a column (fieldCheck) on a value read from the bytes. */
function checkToken(c: ColumnPlan, kind: number, data: Buffer, t: Tokens, k: number): boolean {
  // A text with escapes is at most as long as its bytes: only a long one, or one that must be a
  // date, an instant or an ID number (which have no reason to hold escapes), is unescaped here.
  if (kind === ESCAPED) {
    const bytes = (t.ends[k] as number) - (t.starts[k] as number);
    if (c.test === 'text' && bytes <= c.limit) return true;
    t.texts.set(k, JSON.parse(data.toString('utf8', (t.starts[k] as number) - 1, (t.ends[k] as number) + 1)) as string);
    return checkToken(c, TEXT, data, t, k);
  }
  const raw = kind === RAW;
  const text = kind === TEXT ? (t.texts.get(k) as string) : null;
  switch (c.test) {
    case 'text':
      // A text's UTF-16 length is at most its UTF-8 length: only a long one needs reading.
      if (raw) return (t.ends[k] as number) - (t.starts[k] as number) <= c.limit || data.toString('utf8', t.starts[k], t.ends[k]).length <= c.limit;
      return text === null || text.length <= c.limit;
    case 'day':
      if (kind === NULL) return true;
      if (raw) return isDayBytes(data, t.starts[k] as number, t.ends[k] as number);
      return text !== null && isDay(text);
    case 'instant':
      if (kind === NULL) return true;
      if (raw) return isInstantBytes(data, t.starts[k] as number, t.ends[k] as number);
      return text !== null && isInstant(text);
    case 'idNumber':
      if (raw) return isStoredIdNumber(data.toString('utf8', t.starts[k], t.ends[k]));
      return text !== null && isStoredIdNumber(text);
  }
}
