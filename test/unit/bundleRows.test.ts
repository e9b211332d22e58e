import type Database from 'better-sqlite3-multiple-ciphers';
import { connect } from '../../electron/core/kernel/db/driver';
import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate } from '../../shared/domain/dates';
import { BatchWriter } from '../../electron/core/bundles/apply';
import { BundleRefusal } from '../../electron/core/bundles/errors';
import { parseNdjson, PayloadWriter } from '../../electron/core/bundles/payload';
import { countRows, inlinePacker, type PackedPart } from '../../electron/core/bundles/pack';
import { PART_BYTES } from '../../electron/core/bundles/format';
import { checksForTest, isDay, RowPlanner, snapshotPerson, type Batch, type BundleSchema } from '../../electron/core/bundles/rows';
import { BUNDLE_TABLES } from '../../electron/core/bundles/tables';

/**
 * The import's row planner (rows.ts) writes rows as JSONB batches that SQLite inserts in one
 * statement each: what lands in the table must be what binding the same values one by one gave.
 */
const TABLE = 'measures';
const COLUMNS = ['id', 'person_id', 'txt', 'num', 'whole', 'any', 'data', 'created_at'];
const DDL = `CREATE TABLE ${TABLE} (id INTEGER PRIMARY KEY, person_id INTEGER, txt TEXT, num REAL, whole INTEGER CHECK (whole IS NULL OR whole < 1000), any ANY, data BLOB, created_at TEXT) STRICT`;

function schema(offset = 0): BundleSchema {
  return {
    tables: BUNDLE_TABLES.map((t) => ({ name: t.name, columns: t.name === TABLE ? COLUMNS : ['id'], blobs: t.name === TABLE ? ['data'] : [], refs: [], declared: [], cleared: [] })),
    referenced: [],
    offsets: { [TABLE]: offset },
  };
}

function plan(rows: Record<string, unknown>[], offset = 0): Batch[] {
  const batches: Batch[] = [];
  new RowPlanner(schema(offset), (r) => r).rows(TABLE, rows, (b) => batches.push(b));
  return batches;
}

const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BundleRefusal) return { reason: error.reason, params: error.params };
    throw error;
  }
  return null;
};

describe('bundle rows', () => {
  it('isDay answers as isIsoDate for every day of four centuries and for strings that are no day', () => {
    let day = '1899-12-01';
    for (let i = 0; i < 4 * 366 * 100; i += 7) {
      day = addDays(day, 7);
      expect(isDay(day)).toBe(true);
    }
    const odd = ['2026-02-29', '2024-02-29', '1900-02-29', '2000-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-01', '0099-01-01', '0100-01-01', '0000-01-01', '9999-12-31', '2026-01-0a', '2026/01/01', ' 2026-01-01', '2026-01-01 ', '', 'not a date', '２０２６-01-01', '2026-02-30'];
    for (const value of odd) expect(isDay(value), value).toBe(isIsoDate(value));
  });

  it('a batch writes the values a statement binding them one by one writes', () => {
    const values: unknown[][] = [
      [1, '', 0, 0, '', Buffer.alloc(0)],
      [2, '张三 🚑 end', 5, 5, 5, Buffer.from([0, 1, 255])],
      [3, 'x'.repeat(300), 5.5, -0, 5.5, null],
      [4, '长'.repeat(19_000), 1e21, 999, 'text', null],
      [5, null, Infinity, null, null, null],
      [6, 'a\u0000b', -1.25e-7, 7, -Infinity, Buffer.from('x'.repeat(70_000))],
    ];
    const rows = values.map((v, i) => ({ id: 10 + i, person_id: v[0], txt: v[1], num: v[2], whole: v[3], any: v[4], data: v[5] === null ? null : v[5], created_at: '2026-03-02T01:00:00.000Z' }));
    const one = connect(':memory:');
    const batch = connect(':memory:');
    for (const db of [one, batch]) db.exec(DDL);
    const insert = one.prepare(`INSERT INTO ${TABLE} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
    rows.forEach((r, i) => insert.run(i + 1, r.person_id, r.txt, r.num, r.whole, r.any, r.data, r.created_at));
    const writer = new BatchWriter(batch);
    for (const b of plan(rows)) writer.write(b);
    const dump = (db: Database.Database) => db.prepare(`SELECT ${COLUMNS.map((c) => `${c}, typeof(${c})`).join(', ')} FROM ${TABLE} ORDER BY id`).raw().all();
    expect(dump(batch)).toEqual(dump(one));
    // A lone surrogate (only a hand-made file has one) is stored as U+FFFD, valid UTF-8; binding
    // it stored the bytes of the surrogate itself, which no reader decodes.
    const lone = connect(':memory:');
    lone.exec(DDL);
    for (const b of plan([{ ...rows[0], txt: 'a\ud800b' }])) new BatchWriter(lone).write(b);
    expect(lone.prepare(`SELECT hex(txt) FROM ${TABLE}`).pluck().get()).toBe('61EFBFBD62');
  });

  it('new ids follow the largest id there was; a refusal names the first row that fails, as one by one', () => {
    const db = connect(':memory:');
    db.exec(DDL);
    const row = (id: number, extra: Record<string, unknown> = {}) => ({ id, person_id: 1, txt: 't', num: 1, whole: 1, any: null, data: null, created_at: '2026-03-02T01:00:00Z', ...extra });
    const writer = new BatchWriter(db);
    for (const b of plan([row(3), row(9)], 40)) writer.write(b);
    expect(db.prepare(`SELECT id FROM ${TABLE}`).pluck().all()).toEqual([41, 42]);

    // Row 3 breaks a CHECK (the database finds it), row 5 a date (the planner finds it): row 3 is reported.
    const rows = [row(1), row(2), row(3, { whole: 5000 }), row(4), row(5, { created_at: 'yesterday' }), row(6)];
    db.exec('BEGIN');
    const first = refusal(() => new RowPlanner(schema(100), (r) => r).rows(TABLE, rows, (b) => writer.write(b)));
    expect(first).toEqual({ reason: 'BUNDLE_INVALID_ROWS', params: { file: `${TABLE}.ndjson`, line: 3 } });
    db.exec('ROLLBACK');
    // Without the CHECK breach the date is reported, after the rows before it went in.
    db.exec('BEGIN');
    const second = refusal(() => new RowPlanner(schema(100), (r) => r).rows(TABLE, rows.map((r) => (r.id === 3 ? row(3) : r)), (b) => writer.write(b)));
    expect(second).toEqual({ reason: 'BUNDLE_INVALID_FIELD', params: { file: `${TABLE}.ndjson`, line: 5, field: 'created_at' } });
    expect(db.prepare(`SELECT count(*) FROM ${TABLE} WHERE id > 100`).pluck().get()).toBe(4);
    db.exec('ROLLBACK');
    // A value no statement could bind (true, a BLOB for text) is refused as its insert was.
    expect(refusal(() => plan([row(1), row(2, { txt: true })]))).toEqual({ reason: 'BUNDLE_INVALID_ROWS', params: { file: `${TABLE}.ndjson`, line: 2 } });
    expect(refusal(() => plan([row(1, { txt: Buffer.from('x') })]))).toEqual({ reason: 'BUNDLE_INVALID_ROWS', params: { file: `${TABLE}.ndjson`, line: 1 } });
    expect(refusal(() => plan([row(1, { data: 'not bytes' })]))).toEqual({ reason: 'BUNDLE_INVALID_ROWS', params: { file: `${TABLE}.ndjson`, line: 1 } });
  });
});

/**
 * The helper reads most lines straight from the bytes (RowPlanner.scan), the others through
 * JSON.parse (parseNdjson, then RowPlanner.rows): for every line, in the exporter's shape or not,
 * both must refuse the same way or write the same rows.
 */
describe('rows read from the bytes', () => {
  const T = 'drug_tests';
  const DDL2 = `CREATE TABLE ${T} (id INTEGER PRIMARY KEY, date TEXT, notes TEXT, created_at TEXT, flag INTEGER CHECK (flag IN (0, 1)), x ANY) STRICT`;
  const schema2 = (): BundleSchema => ({
    tables: BUNDLE_TABLES.map((t) => ({ name: t.name, columns: t.name === T ? ['id', 'date', 'notes', 'created_at', 'flag', 'x'] : ['id'], blobs: [], refs: [], declared: [], cleared: [] })),
    referenced: [],
    offsets: {},
  });
  const line = (id: number, notes = '家访，情况稳定', extra = '') => `{"id":${id},"date":"2026-03-0${(id % 9) + 1}","notes":${JSON.stringify(notes)},"created_at":"2026-03-02T01:00:00.000Z","flag":0,"x":${id * 1.5}${extra}}`;
  const outcome = (run: (planner: RowPlanner, writer: BatchWriter) => void) => {
    const db = connect(':memory:');
    db.exec(DDL2);
    const writer = new BatchWriter(db);
    db.exec('BEGIN');
    const refused = refusal(() => run(new RowPlanner(schema2(), (r) => r), writer));
    return { refused, rows: db.prepare(`SELECT *, typeof(x), hex(notes) FROM ${T} ORDER BY id`).raw().all() };
  };
  const both = (parts: Buffer[]) => {
    const parsed = outcome((planner, writer) => parts.forEach((data, i) => planner.rows(T, parseNdjson(`${T}.000${i + 1}.ndjson`, data), (b) => writer.write(b))));
    const scanned = outcome((planner, writer) =>
      parts.forEach((data, i) => {
        const { scanned: part } = planner.scan(T, `${T}.000${i + 1}.ndjson`, data);
        planner.plan(part, (b) => writer.write(b));
      }),
    );
    return { parsed, scanned };
  };

  it('refuses and writes as JSON.parse does, line by line', () => {
    const variants: string[] = [
      line(2),
      line(2, 'a "quoted" \\ back\\slash\nnew line\ttab é 🚑'),
      line(2, 'form\ffeed\bback\rreturn / slash'),
      line(2).replace('"notes":"', '"notes":"\\/\\b\\f\\r\\n\\t\\"\\\\'),
      line(2).replace('"date":"2026-03-03"', '"date":"2026\\u002d03-03"'),
      line(2).replace('"date":"2026-03-03"', '"date":"2026-03-0\\n"'),
      line(2).replace('"created_at":"2026-03-02T01:00:00.000Z"', '"created_at":"2026-03-02T01:00:00.000\\u005a"'),
      line(2).replace('"notes":"', '"notes":"\\a'),
      line(2).replace('"notes":"', '"notes":"\\'),
      line(2, '长'.repeat(19_999)),
      line(2, '长'.repeat(20_001)),
      line(2, 'x'.repeat(20_001)),
      line(2, '\u00e9\u0000'),
      `{"id":2,"date":"2026-03-03","notes":"\\u00e9\\ud83d\\ude91","created_at":"2026-03-02T01:00:00Z","flag":1,"x":null}`,
      `{"id":2,"date":"2026-03-03","notes":"\\ud800","created_at":"2026-03-02T01:00:00+08:00","flag":1,"x":"t"}`,
      `{"id":2,"date":"2026-03-03","notes":"\\x","created_at":"2026-03-02T01:00:00Z","flag":1,"x":1}`,
      `{"id":2,"date":"2026-03-03","notes":"raw\u0001ctl","created_at":"2026-03-02T01:00:00Z","flag":1,"x":1}`,
      `{"id":2,"date":"2026-03-03","notes":"raw\ttab","created_at":"2026-03-02T01:00:00Z","flag":1,"x":1}`,
      ` ${line(2)}`,
      `${line(2)} `,
      `${line(2)}\r`,
      line(2).replace('"id":2,', '"id" : 2 ,'),
      line(2).replace('"id":2,"date":"2026-03-03"', '"date":"2026-03-03","id":2'),
      line(2).replace('"flag":0', '"flag":0,"flag":1'),
      line(2).replace(',"flag":0', ''),
      line(2, 'n', ',"drop table":1'),
      line(2, 'n', ',"__proto__":{"a":1}'),
      line(2).replace('"x":3', '"x":true'),
      line(2).replace('"x":3', '"x":[1]'),
      line(2).replace('"x":3', '"x":{"$base64":"AA=="}'),
      line(2).replace('"x":3', '"x":{"a":1}'),
      ...['01', '-0', '1.0', '1e3', '1E+3', '-2.5e-3', '.5', '5.', '-', '1e', '123456789012345678', '9007199254740993', '1e400', '-1e400', '0.1000000000000000055511151231257827'].map((n) => line(2).replace('"x":3', `"x":${n}`)),
      ...['1.5', '"2"', '-1', '0', '4294967296', '2.0'].map((n) => line(2).replace('"id":2', `"id":${n}`)),
      line(2).replace('"flag":0', '"flag":7'),
      line(2).replace('"flag":0', '"flag":"0"'),
      line(2).replace('"date":"2026-03-03"', '"date":"2026-02-30"'),
      line(2).replace('"date":"2026-03-03"', '"date":"0099-01-01"'),
      line(2).replace('"date":"2026-03-03"', '"date":20260303'),
      line(2).replace('"date":"2026-03-03"', '"date":null'),
      line(2).replace('"date":"2026-03-03"', '"date":"２026-03-03"'),
      line(2).replace('"created_at":"2026-03-02T01:00:00.000Z"', '"created_at":"2026-03-02 01:00"'),
      line(2).replace('"created_at":"2026-03-02T01:00:00.000Z"', '"created_at":"2026-13-02T01:00:00Z"'),
      line(2).replace('"created_at":"2026-03-02T01:00:00.000Z"', '"created_at":"2026-02-30T01:00:00Z"'),
      line(2).replace('"created_at":"2026-03-02T01:00:00.000Z"', '"created_at":"2026-03-02T25:00:00Z"'),
      line(2).slice(0, -1),
      line(2).slice(0, 20),
      '',
      '{}',
      '[]',
      'null',
    ];
    const at = (text: string) => Buffer.from(`${line(1)}\n${text}\n${line(3)}\n`);
    for (const variant of variants) {
      const { parsed, scanned } = both([at(variant)]);
      expect(scanned, variant.slice(0, 120)).toEqual(parsed);
    }
    // Bytes that are no UTF-8, a last line without its newline, an empty part, several parts.
    const invalid = Buffer.concat([Buffer.from(`${line(1)}\n${line(2).replace('家访', 'AB')}\n`), Buffer.from(line(3)), Buffer.from('\n')]);
    invalid[invalid.indexOf('AB')] = 0xff;
    for (const parts of [[invalid], [Buffer.from(`${line(1)}\n${line(2)}`)], [Buffer.alloc(0), at(line(2))], [at(line(2)), Buffer.from(`${line(4)}\n${line(5)}\n`)], [at(line(2)), Buffer.from(`${line(3)}\n`)]]) {
      const { parsed, scanned } = both(parts);
      expect(scanned).toEqual(parsed);
    }
    // The plain lines were indeed read from the bytes (a row that JSON.parse would have read gives the same, so only timing would tell): the planner kept their shape.
    const planner = new RowPlanner(schema2(), (r) => r);
    const { scanned } = planner.scan(T, `${T}.0001.ndjson`, at(line(2)));
    expect(scanned.parsed.size).toBe(1);
  });
});

describe('parts written from chunks of lines', () => {
  it('are the parts written line by line, rows counted and ids checked by the packer', () => {
    const parts = (write: (w: PayloadWriter) => void) => {
      const got: PackedPart[] = [];
      const packer = inlinePacker();
      const writer = new PayloadWriter(() => {}, '2026-03-02T01:00:00.000Z', {
        pack: (name, data, rows) => packer.pack(name, Buffer.from(data), rows),
        take: (all) => {
          const out = packer.take(all);
          got.push(...out);
          return out;
        },
        close: () => {},
      });
      write(writer);
      return got.map((p) => [p.name, p.size, p.rows, p.sha256]);
    };
    // Lines of every size up to a part and a half, ids ascending; chunks of odd sizes.
    let x = 7;
    const lines: string[] = [];
    for (let id = 1; id <= 400; id++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const size = id % 97 === 0 ? PART_BYTES + (x % 100_000) : id % 13 === 0 ? 200_000 + (x % 300_000) : x % 3000;
      lines.push(`{"id":${id},"t":"${'长x'.repeat(Math.floor(size / 4))}"}`);
    }
    const chunked = (n: number) =>
      function* () {
        for (let i = 0; i < lines.length; i += n) {
          const part = lines.slice(i, i + n);
          yield { text: Buffer.from(`${part.join('\n')}\n`), rows: part.length };
        }
      };
    const expected = parts((w) => w.tableLines('contacts', lines));
    expect(expected.length).toBeGreaterThan(5);
    for (const n of [1, 3, 17, 400]) expect(parts((w) => w.tableChunks('contacts', chunked(n)())), `chunks of ${n}`).toEqual(expected);
    expect(parts((w) => w.tableChunks('contacts', []))).toEqual(parts((w) => w.tableLines('contacts', [])));
    // Ids that do not ascend are not sent.
    expect(() => countRows(Buffer.from('{"id":1}\n{"id":3}\n{"id":2}\n'), null)).toThrow(/out of order/);
    expect(() => countRows(Buffer.from('{"id":4}\n'), 4)).toThrow(/out of order/);
    expect(() => countRows(Buffer.from('{"x":4}\n'), null)).toThrow(/out of order/);
    expect(countRows(Buffer.from('{"id":9,"a":1}\n{"id":10}\n'), 8)).toEqual({ rows: 2, last: 10 });
  });
});

describe('checks on the bytes', () => {
  it('isDayBytes and isInstantBytes answer as isDay and isInstant (ISO_INSTANT and Date.parse)', () => {
    const { isDay: day, isDayBytes, isInstant, isInstantBytes } = checksForTest;
    const bytes = (s: string) => Buffer.from(`"${s}"`);
    const same = (s: string) => {
      const b = bytes(s);
      expect(isDayBytes(b, 1, b.length - 1), `day ${s}`).toBe(day(s));
      expect(isInstantBytes(b, 1, b.length - 1), `instant ${s}`).toBe(isInstant(s));
    };
    let x = 11;
    const rnd = (n: number) => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x % n;
    };
    const two = (max: number) => String(rnd(max)).padStart(2, '0');
    const zones = ['Z', '+08:00', '-00:00', '+23:59', '+24:00', '+23:60', '-05:30', 'z', '+0800', '+08:0', ''];
    const fractions = ['', '.0', '.00', '.000', '.001', '.5', '.1234', '.', '.12a'];
    for (let i = 0; i < 20_000; i++) {
      const date = `${String(rnd(3000)).padStart(4, '0')}-${two(14)}-${two(34)}`;
      same(date);
      const seconds = rnd(3) === 0 ? '' : `:${two(62)}${fractions[rnd(fractions.length)]}`;
      same(`${date}T${two(26)}:${two(62)}${seconds}${zones[rnd(zones.length)]}`);
    }
    for (const s of ['2026-03-02T24:00Z', '2026-03-02T24:00:00Z', '2026-03-02T24:00:00.000Z', '2026-03-02T24:00:00.001Z', '2026-03-02T24:01Z', '2026-02-31T01:00Z', '2026-03-02T01:00:00.000+08:00', '2026-03-02 01:00Z', '２026-03-02T01:00Z', '2026-03-02T01:00:00.000Z ', '', 'x', '2026-03-02', '2026-03-02T01:00']) same(s);
  });
});

describe('references remapped', () => {
  it('through ids with gaps, to earlier tables and, patched at the end, to later ones', () => {
    const db = connect(':memory:');
    db.exec(`CREATE TABLE persons (id INTEGER PRIMARY KEY, name TEXT, current_measure_id INTEGER) STRICT;
      CREATE TABLE measures (id INTEGER PRIMARY KEY, person_id INTEGER REFERENCES persons (id), note TEXT) STRICT;`);
    const s: BundleSchema = {
      tables: BUNDLE_TABLES.map((t) => ({
        name: t.name,
        columns: t.name === 'persons' ? ['id', 'name', 'current_measure_id'] : t.name === 'measures' ? ['id', 'person_id', 'note'] : ['id'],
        blobs: [],
        refs: t.name === 'persons' ? [['current_measure_id', 'measures']] : t.name === 'measures' ? [['person_id', 'persons']] : [],
        declared: t.name === 'measures' ? ['person_id'] : [],
        cleared: [],
      })),
      referenced: ['persons', 'measures'],
      offsets: { persons: 100, measures: 500 },
    };
    const planner = new RowPlanner(s, (r) => r);
    const writer = new BatchWriter(db);
    // Old ids with gaps: persons 1, 2, 3, 7, 8, 20; measures 5, 6, 9 …
    const persons = [1, 2, 3, 7, 8, 20].map((id, i) => ({ id, name: `p${id}`, current_measure_id: [5, 6, null, 9, 77, 12][i] }));
    const measures = [5, 6, 9, 12].map((id, i) => ({ id, person_id: [1, 2, 7, 20][i], note: `m${id}` }));
    planner.rows('persons', persons, (b) => writer.write(b));
    planner.rows('measures', measures, (b) => writer.write(b));
    const finished = planner.finish();
    // New ids, not a station's block: nothing to clear.
    expect(finished.clears).toEqual([]);
    writer.patch(finished.patches);
    expect(db.prepare('SELECT id, name, current_measure_id FROM persons ORDER BY id').raw().all()).toEqual([
      [101, 'p1', 501],
      [102, 'p2', 502],
      [103, 'p3', null],
      [104, 'p7', 503],
      // 77 is no measure of the bundle: a soft reference is cleared.
      [105, 'p8', null],
      [106, 'p20', 504],
    ]);
    expect(db.prepare('SELECT id, person_id, note FROM measures ORDER BY id').raw().all()).toEqual([
      [501, 101, 'm5'],
      [502, 102, 'm6'],
      [503, 104, 'm9'],
      [504, 106, 'm12'],
    ]);
    // Patched as soon as the table referred to is complete, the same.
    const early = connect(':memory:');
    early.exec(db.prepare(`SELECT group_concat(sql, ';') FROM sqlite_schema WHERE type = 'table'`).pluck().get() as string);
    const earlyWriter = new BatchWriter(early);
    const patched: string[] = [];
    const soon = new RowPlanner(s, (r) => r, {
      patch: (patch) => {
        patched.push(`${patch.table}.${patch.column}`);
        earlyWriter.patch([patch]);
      },
      clear: () => {
        throw new Error('nothing to clear outside a block');
      },
    });
    soon.rows('persons', persons, (b) => earlyWriter.write(b));
    soon.rows('measures', measures, (b) => earlyWriter.write(b));
    expect(patched).toEqual([]);
    soon.rows('measure_events', [], () => {});
    expect(patched).toEqual(['persons.current_measure_id']);
    expect(soon.finish()).toEqual({ patches: [], clears: [] });
    for (const t of ['persons', 'measures']) expect(early.prepare(`SELECT * FROM ${t} ORDER BY id`).raw().all()).toEqual(db.prepare(`SELECT * FROM ${t} ORDER BY id`).raw().all());
    // A declared reference to no row of the bundle is refused.
    const strict = new RowPlanner(s, (r) => r);
    strict.rows('persons', persons, () => {});
    expect(refusal(() => strict.rows('measures', [{ id: 1, person_id: 4, note: 'x' }], () => {}))).toEqual({ reason: 'BUNDLE_INVALID_ROWS', params: { file: 'measures.ndjson', line: 1 } });
  });
});

/**
 * A `full` bundle's persons at the supervisor (snapshotPerson): read from the bytes, the planner
 * does the same reshaping the function does to a parsed row — tied to the station and to the
 * person's id there whatever the line says, the staff name kept only as a text.
 */
describe("a snapshot's persons read from the bytes", () => {
  const DDL_PERSONS = 'CREATE TABLE persons (id INTEGER PRIMARY KEY, name TEXT, origin_station TEXT, origin_person_id INTEGER, origin_staff_name TEXT) STRICT';
  const personsSchema = (): BundleSchema => ({
    tables: BUNDLE_TABLES.map((t) => ({ name: t.name, columns: t.name === 'persons' ? ['id', 'name', 'origin_station', 'origin_person_id', 'origin_staff_name'] : ['id'], blobs: [], refs: [], declared: [], cleared: [] })),
    referenced: [],
    offsets: {},
  });
  // As the exporter writes them: no origin_station or origin_person_id, the staff member's name last.
  const person = (id: number, staff = '"李社工"') => `{"id":${id},"name":"张${id}","origin_staff_name":${staff}}`;
  const outcome = (data: Buffer, byBytes: boolean) => {
    const db = connect(':memory:');
    db.exec(DDL_PERSONS);
    const writer = new BatchWriter(db);
    const planner = new RowPlanner(personsSchema(), snapshotPerson('ST-07'));
    const refused = refusal(() => {
      if (!byBytes) return planner.rows('persons', parseNdjson('persons.0001.ndjson', data), (b) => writer.write(b));
      const { scanned } = planner.scan('persons', 'persons.0001.ndjson', data);
      planner.plan(scanned, (b) => writer.write(b));
    });
    return { refused, rows: db.prepare('SELECT *, typeof(origin_person_id) FROM persons ORDER BY id').raw().all() };
  };

  it('writes and refuses as snapshotPerson on parsed rows does', () => {
    const variants = [
      person(5),
      person(5, 'null'),
      person(5, '7'),
      person(5, '"a \\"quoted\\" name"'),
      `{"id":5,"name":"张5"}`,
      `{"id":5,"name":"张5","origin_station":"OTHER","origin_person_id":99,"origin_staff_name":"王"}`,
      `{"id":5,"name":"张5","origin_staff_name":"李社工","extra":1}`,
      person(5).replace('"id":5', '"id":1'),
    ];
    for (const variant of variants) {
      const data = Buffer.from(`${person(3)}\n${variant}\n${person(9)}\n`);
      const parsed = outcome(data, false);
      const scanned = outcome(data, true);
      expect(scanned, variant).toEqual(parsed);
    }
    // The ordinary case, spelled out: each row tied to the station and its id there.
    const { refused, rows } = outcome(Buffer.from(`${person(3)}\n${person(5, 'null')}\n`), true);
    expect(refused).toBeNull();
    expect(rows).toEqual([
      [1, '张3', 'ST-07', 3, '李社工', 'integer'],
      [2, '张5', 'ST-07', 5, null, 'integer'],
    ]);
    // Lines in the exporter's shape were read from the bytes, not parsed (only the first, which sets the shape).
    const planner = new RowPlanner(personsSchema(), snapshotPerson('ST-07'));
    expect(planner.scan('persons', 'persons.0001.ndjson', Buffer.from(`${person(3)}\n${person(4)}\n${person(5)}\n`)).scanned.parsed.size).toBe(1);
  });
});
