import { chinaDay } from '../../../shared/domain/dates';
import { OPEN_STATUSES, plannedEnd, type MeasureStatus } from '../../../shared/domain/measures';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../kernel/db/database';
import { findMeasureRow, measureEvents, termOf } from '../measures/repo';
import type { Ops } from '../kernel/ops';
import { refuse } from './errors';
import type { BundleHeader, Manifest } from './format';
import type { Row } from './payload';
import type { FigureRow } from './stats';
import { BUNDLE_TABLES, clearedColumns, columnsOf, ORIGIN_COLUMNS, referencesOf, tableFile } from './tables';

/**
 * Writing an accepted payload. Rows get new ids here; every reference between carried tables is
 * remapped (a reference to a table inserted later is patched at the end). Runs inside the
 * import's transaction: any failure undoes all of it.
 */
type PersonShape = (row: Row) => Row;

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

/** Inserts every carried table's rows; returns the id map of each table (old id → new id). */
export function insertTables(db: Db, tables: Map<string, Row[]>, shapePerson: PersonShape): Map<string, Map<number, number>> {
  const ids = new Map<string, Map<number, number>>();
  const pending: Pending[] = [];
  for (const spec of BUNDLE_TABLES) {
    const rows = tables.get(spec.name) ?? [];
    const map = new Map<number, number>();
    ids.set(spec.name, map);
    if (rows.length === 0) continue;
    const local = new Set(columnsOf(db, spec.name).map((c) => c.name));
    const refs = referencesOf(db, spec);
    const declared = new Set(db.prepare('SELECT "from" FROM pragma_foreign_key_list(?)').pluck().all(spec.name) as string[]);
    const cleared = clearedColumns(db, spec);
    let insert: Statement<unknown[]> | null = null;
    let columns: string[] = [];
    rows.forEach((source, index) => {
      const line = index + 1;
      const row = spec.name === 'persons' ? shapePerson(source) : { ...source };
      const old = source.id;
      if (typeof old !== 'number' || !Number.isSafeInteger(old) || map.has(old)) bad(spec.name, line);
      delete row.id;
      const keys = Object.keys(row);
      if (insert === null) {
        // Column names come from this database's schema, never from the file.
        if (keys.some((k) => !local.has(k))) bad(spec.name, line);
        columns = keys;
        insert = db.prepare(`INSERT INTO ${spec.name} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      } else if (keys.length !== columns.length || keys.some((k, i) => k !== columns[i])) {
        bad(spec.name, line);
      }
      const later: { column: string; target: string; old: number }[] = [];
      const values = columns.map((column) => {
        const value = row[column];
        if (cleared.has(column)) return null;
        const target = refs.get(column);
        if (target === undefined || value === null || value === undefined) return value ?? null;
        if (typeof value !== 'number') bad(spec.name, line);
        const known = ids.get(target);
        if (known === undefined) {
          later.push({ column, target, old: value });
          return null;
        }
        const mapped = known.get(value);
        if (mapped === undefined && declared.has(column)) bad(spec.name, line);
        return mapped ?? null;
      });
      let id: number;
      try {
        id = Number((insert as Statement<unknown[]>).run(...values).lastInsertRowid);
      } catch {
        return bad(spec.name, line);
      }
      map.set(old as number, id);
      for (const l of later) pending.push({ table: spec.name, id, ...l, strict: declared.has(l.column) });
    });
  }
  const updates = new Map<string, Statement<unknown[]>>();
  for (const p of pending) {
    const mapped = ids.get(p.target)?.get(p.old);
    if (mapped === undefined && p.strict) bad(p.table, 0);
    const key = `${p.table}.${p.column}`;
    let update = updates.get(key);
    if (!update) {
      update = db.prepare(`UPDATE ${p.table} SET "${p.column}" = ? WHERE id = ?`);
      updates.set(key, update);
    }
    update.run(mapped ?? null, p.id);
  }
  return ids;
}

/** A `full` bundle at the supervisor: that station's snapshot is replaced as a whole. */
export function applyFull(db: Db, code: string, tables: Map<string, Row[]>): number {
  db.prepare('DELETE FROM persons WHERE origin_station = ?').run(code);
  const ids = insertTables(db, tables, (row) => {
    const out = { ...row };
    out.origin_station = code;
    out.origin_person_id = row.id;
    out.origin_staff_name = typeof row.origin_staff_name === 'string' ? row.origin_staff_name : null;
    return out;
  });
  return ids.get('persons')?.size ?? 0;
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
export function applyTransfer(ops: Ops, manifest: Manifest, tables: Map<string, Row[]>): number {
  const persons = tables.get('persons') ?? [];
  if (persons.length !== 1) bad('persons', persons.length === 0 ? 0 : 2);
  const person = persons[0] as Row;
  const existing = ops.db
    .prepare('SELECT name FROM persons WHERE id_number = ? AND origin_station IS NULL')
    .get(person.id_number) as { name: string } | undefined;
  if (existing) refuse('BUNDLE_PERSON_EXISTS', { name: existing.name });
  const ids = insertTables(ops.db, tables, (row) => {
    const out: Row = { ...row };
    for (const column of ORIGIN_COLUMNS) out[column] = null;
    out.archived_at = null;
    out.archived_reason = null;
    out.updated_at = ops.now.toISOString();
    out.updated_by = ops.actor.username;
    return out;
  });
  const personId = [...(ids.get('persons')?.values() ?? [])][0] as number;
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
