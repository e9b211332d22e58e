import type { Db } from './database';

/**
 * Deleting rows as SQLite does with foreign keys on, on a connection that has them off: every
 * row that refers to a deleted one through ON DELETE CASCADE goes too (and so on down), a row
 * that refers to one through ON DELETE SET NULL gets NULL there, and a row that still refers to
 * one through NO ACTION or RESTRICT fails the delete as the constraint would. Row triggers fire as
 * they would. Set by set, children first: a row about to go is never updated first (SQLite, row
 * by row, sets a test's measure to NULL and deletes the test afterwards).
 *
 * Used where a long transaction writes rows that are consistent by construction and checking
 * every foreign key of every row would cost more than the rest (a station's snapshot replaced by
 * its next bundle, bundles/import.ts). `cascadePlan` is null where the schema is not one this
 * handles (composite keys, SET DEFAULT, a cycle): the caller then keeps foreign keys on.
 */
interface Edge {
  child: string;
  from: string;
  parent: string;
  to: string;
  onDelete: string;
}

function edges(db: Db): Edge[] | null {
  const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'`).pluck().all() as string[];
  const out: Edge[] = [];
  for (const child of tables) {
    const fks = db.prepare('SELECT id, seq, "table" AS parent, "from", "to", on_delete FROM pragma_foreign_key_list(?)').all(child) as {
      id: number;
      seq: number;
      parent: string;
      from: string;
      to: string | null;
      on_delete: string;
    }[];
    for (const fk of fks) {
      if (fk.seq > 0 || fks.some((other) => other.id === fk.id && other.seq > 0)) return null;
      out.push({ child, from: fk.from, parent: fk.parent, to: fk.to ?? 'rowid', onDelete: fk.on_delete.toUpperCase() });
    }
  }
  return out;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** What SQLite throws when a NO ACTION or RESTRICT key still has a row referring to a deleted one. */
const foreignKeyFailed = () => Object.assign(new Error('FOREIGN KEY constraint failed'), { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });

export interface CascadePlan {
  table: string;
  edges: Edge[];
  reached: Set<string>;
  /** The tables rows may go from, children before parents. */
  order: string[];
}

export function cascadePlan(db: Db, table: string): CascadePlan | null {
  const all = edges(db);
  if (!all || all.some((e) => !['CASCADE', 'SET NULL', 'NO ACTION', 'RESTRICT'].includes(e.onDelete))) return null;
  // The tables rows may go from: the root and whatever a cascade reaches from there.
  const reached = new Set([table]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of all) {
      if (e.onDelete === 'CASCADE' && reached.has(e.parent) && !reached.has(e.child)) {
        reached.add(e.child);
        grew = true;
      }
    }
  }
  // Children before parents, whatever the action (a cycle, self-references included, is left to SQLite).
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string): boolean => {
    if (state.get(t) === 'done') return true;
    if (state.get(t) === 'visiting') return false;
    state.set(t, 'visiting');
    for (const e of all) if (e.parent === t && reached.has(e.child) && !visit(e.child)) return false;
    state.set(t, 'done');
    order.push(t);
    return true;
  };
  if (!visit(table) || order.length !== reached.size) return null;
  return { table, edges: all, reached, order };
}

/** Deletes the plan's table's rows `where` selects, and what foreign keys would do with them (see above). */
export function deleteCascading(db: Db, plan: CascadePlan, where: string, params: Record<string, unknown>): void {
  const { table, edges: all, reached, order } = plan;
  // Which rows of a table go: the root's by `where`, another's by any cascade from a table whose rows go.
  const conditions = new Map<string, string>();
  const condition = (t: string): string => {
    const known = conditions.get(t);
    if (known !== undefined) return known;
    const made =
      t === table
        ? `(${where})`
        : `(${all
            .filter((e) => e.child === t && e.onDelete === 'CASCADE' && reached.has(e.parent))
            .map((e) => `${q(e.from)} IN (SELECT ${q(e.to)} FROM ${q(e.parent)} WHERE ${condition(e.parent)})`)
            .join(' OR ')})`;
    conditions.set(t, made);
    return made;
  };
  for (const t of order) {
    for (const e of all.filter((x) => x.parent === t)) {
      const refers = `${q(e.from)} IN (SELECT ${q(e.to)} FROM ${q(t)} WHERE ${condition(t)})`;
      if (e.onDelete === 'SET NULL') db.prepare(`UPDATE ${q(e.child)} SET ${q(e.from)} = NULL WHERE ${refers}`).run(params);
      else if (e.onDelete !== 'CASCADE' && db.prepare(`SELECT 1 FROM ${q(e.child)} WHERE ${refers} LIMIT 1`).get(params) !== undefined) throw foreignKeyFailed();
    }
    db.prepare(`DELETE FROM ${q(t)} WHERE ${condition(t)}`).run(params);
  }
}

/**
 * After rows of `parents` were deleted with foreign keys off and without their cascade: the rows
 * of other tables (not `parents`) that still refer to one of them, by a key whose value lies in
 * [first, last], get what the key says, as the deletes would have done them — CASCADE deletes
 * them (and what cascades from them), SET NULL clears the column, NO ACTION or RESTRICT fails.
 * Used where the deleted rows' own tables were settled by other means (a station's snapshot
 * replaced in its block of ids, bundles/apply.ts).
 */
export function settleDanglingReferences(db: Db, parents: ReadonlySet<string>, first: number, last: number): void {
  const all = edges(db);
  if (!all) throw new Error('settleDanglingReferences: a composite foreign key');
  for (const e of all.filter((x) => parents.has(x.parent) && !parents.has(x.child))) {
    const where = `${q(e.from)} BETWEEN @first AND @last AND NOT EXISTS (SELECT 1 FROM ${q(e.parent)} WHERE ${q(e.to)} = ${q(e.child)}.${q(e.from)})`;
    const params = { first, last };
    if (e.onDelete === 'SET NULL') db.prepare(`UPDATE ${q(e.child)} SET ${q(e.from)} = NULL WHERE ${where}`).run(params);
    else if (e.onDelete !== 'CASCADE') {
      if (db.prepare(`SELECT 1 FROM ${q(e.child)} WHERE ${where} LIMIT 1`).get(params) !== undefined) throw foreignKeyFailed();
    } else {
      // With foreign keys on, SQLite does the cascade itself.
      const plan = cascadePlan(db, e.child);
      if (plan && db.pragma('foreign_keys', { simple: true }) === 0) deleteCascading(db, plan, where, params);
      else db.prepare(`DELETE FROM ${q(e.child)} WHERE ${where}`).run(params);
    }
  }
}
