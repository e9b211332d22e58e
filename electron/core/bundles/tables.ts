import type { Db } from '../kernel/db/database';

/**
 * The tables a `full` or `transfer` bundle carries, parents before children: adding a table is
 * one line here. References between carried tables are read from the schema's foreign keys and
 * remapped on import (new ids at the importer); `refs` names references the schema does not
 * declare; a foreign key to a table not carried (users) is cleared, as are `clear` columns.
 */
export interface BundleTable {
  name: string;
  /** Column that ties a row to a person's file, directly (`person_id`) or through a carried table (`measure_id`); null for persons. */
  owner: string | null;
  /** References to carried tables that are not declared as foreign keys: column → table. */
  refs?: Record<string, string>;
  /** Columns that mean something only in the sending database (its user ids). */
  clear?: string[];
  /** False: left out of transfers (e.g. an agreement signed at the old station: the new station signs its own). */
  transfer?: boolean;
  /**
   * Text columns that name rows by id inside a key (`positive_test:t12`, `tests_refused:m3:2026-02-01`):
   * column → the key's letter → the carried table whose id follows it. The id is remapped as a
   * reference is, so that the key names the same row at the importer (see RULE_KEY_IDS).
   */
  keyRefs?: Record<string, Record<string, string>>;
}

/**
 * The rows a serious-breach alert's key names (shared/rules/engine.ts: `…:m<measure id>…` for
 * report-in, tests refused and absences, `positive_test:t<test id>`). A violation recorded for a
 * breach keeps that key (violations.rule_key); carried with ids of the sending station, it would
 * no longer match the breach the importer's rules find, which would show it again as unrecorded.
 */
export const RULE_KEY_IDS: Record<string, string> = { m: 'measures', t: 'drug_tests' };

export const BUNDLE_TABLES: readonly BundleTable[] = [
  { name: 'persons', owner: null, refs: { current_measure_id: 'measures', photo_attachment_id: 'attachments' } },
  { name: 'measures', owner: 'person_id' },
  { name: 'measure_events', owner: 'measure_id', clear: ['user_id'] },
  { name: 'measure_group_members', owner: 'measure_id' },
  { name: 'attachments', owner: 'person_id' },
  { name: 'drug_tests', owner: 'person_id' },
  { name: 'contacts', owner: 'person_id' },
  { name: 'leaves', owner: 'person_id' },
  { name: 'absences', owner: 'person_id' },
  // 正当理由 travel with what they answer: without them a breach the old station excused reappears.
  { name: 'good_reasons', owner: 'person_id' },
  { name: 'violations', owner: 'person_id', keyRefs: { rule_key: RULE_KEY_IDS } },
  { name: 'risk_assessments', owner: 'person_id' },
  { name: 'care_flags', owner: 'person_id' },
  { name: 'help_plans', owner: 'person_id' },
  { name: 'help_items', owner: 'person_id' },
  { name: 'dynamic_control_decisions', owner: 'person_id' },
  // The signed text and its hash travel to the supervisor; a new station signs its own (RR art. 22).
  { name: 'agreements', owner: 'person_id', transfer: false },
];

/**
 * Tables tied to a person (a `person_id` or `measure_id` column) that a bundle does not carry, and
 * why. Every such table is either here or in BUNDLE_TABLES (a schema test checks it), so a new
 * per-person record kind cannot be left out of bundles by forgetting it.
 */
export const LOCAL_TABLES: Readonly<Record<string, string>> = {
  alerts: 'the worklist is evaluated again from the carried records wherever they are',
  alert_state: 'when each stored evaluation was made, in this database',
  alert_dismissals: "the station's own handling of its worklist",
  bundle_sent: "the sending station's log of what it sent",
  person_audit_keys: "the keys of this database's own audit log, which does not travel",
};

/** Columns of persons that say where an imported file came from; the importer writes them. */
export const ORIGIN_COLUMNS = ['origin_station', 'origin_person_id', 'origin_staff_name'] as const;

export const tableFile = (table: string) => `${table}.ndjson`;
const carried = new Set(BUNDLE_TABLES.map((t) => t.name));
export const tableOfFile = (file: string): BundleTable | undefined => BUNDLE_TABLES.find((t) => tableFile(t.name) === file);

export interface ColumnInfo {
  name: string;
  notNull: boolean;
}

export function columnsOf(db: Db, table: string): ColumnInfo[] {
  return (db.prepare('SELECT name, "notnull" AS nn FROM pragma_table_info(?) ORDER BY cid').all(table) as { name: string; nn: number }[]).map(
    (c) => ({ name: c.name, notNull: c.nn === 1 }),
  );
}

interface ForeignKey {
  from: string;
  table: string;
}

function foreignKeys(db: Db, table: string): ForeignKey[] {
  return db.prepare('SELECT "from", "table" FROM pragma_foreign_key_list(?)').all(table) as ForeignKey[];
}

/** Column → carried table it points at (declared foreign keys plus `refs`). */
export function referencesOf(db: Db, spec: BundleTable): Map<string, string> {
  const refs = new Map<string, string>();
  for (const fk of foreignKeys(db, spec.name)) if (carried.has(fk.table)) refs.set(fk.from, fk.table);
  for (const [column, table] of Object.entries(spec.refs ?? {})) refs.set(column, table);
  return refs;
}

/** Columns that cannot travel: foreign keys to tables not carried, and `clear`. */
export function clearedColumns(db: Db, spec: BundleTable): Set<string> {
  const cleared = new Set(spec.clear ?? []);
  for (const fk of foreignKeys(db, spec.name)) if (!carried.has(fk.table)) cleared.add(fk.from);
  return cleared;
}

/**
 * WHERE clause selecting a table's rows that belong to the persons `personWhere` selects,
 * following the owner column up to persons (e.g. measure_events → measures → persons).
 */
export function ownerWhere(db: Db, spec: BundleTable, personWhere: string): string {
  if (spec.owner === null) return personWhere;
  const target = referencesOf(db, spec).get(spec.owner);
  const parent = BUNDLE_TABLES.find((t) => t.name === target);
  if (!parent) throw new Error(`bundle table ${spec.name}: owner ${spec.owner} does not reference a carried table`);
  return `${spec.owner} IN (SELECT id FROM ${parent.name} WHERE ${ownerWhere(db, parent, personWhere)})`;
}
