import Database from 'better-sqlite3-multiple-ciphers';
import { personListQuerySchema } from '../../../shared/schemas/person';
import { PAGE_CACHE_KIB, type Db } from '../kernel/db/database';
import { applyMigrations } from '../kernel/db/migrate';
import { loadPersonFacts } from '../kernel/facts';
import { listPersons } from '../persons/list';

/**
 * The cost of encryption on the app's own queries: the encrypted database copied row for row into
 * a plain one with the same schema (the app's migrations), then one workload run on each. The
 * plain copy exists only for the measurement and is removed by the caller.
 */
export function plainCopy(encrypted: Db, plainPath: string): void {
  const plain = new Database(plainPath);
  plain.pragma('journal_mode = WAL');
  applyMigrations(plain as unknown as Db);
  plain.close();
  encrypted.prepare(`ATTACH DATABASE ? AS plain KEY ''`).run(plainPath);
  // Rows are copied table by table as they are; references are checked again by nothing here.
  encrypted.pragma('foreign_keys = OFF');
  try {
    const tables = encrypted
      .prepare(`SELECT name, sql FROM plain.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .all() as { name: string; sql: string }[];
    const virtual = tables.filter((t) => /^CREATE VIRTUAL/i.test(t.sql)).map((t) => t.name);
    const copied = tables.filter((t) => !virtual.includes(t.name) && !virtual.some((v) => t.name.startsWith(`${v}_`)));
    encrypted.transaction(() => {
      encrypted.exec('DELETE FROM plain.agreement_templates; DELETE FROM plain.meta');
      for (const t of copied) encrypted.exec(`INSERT INTO plain."${t.name}" SELECT * FROM main."${t.name}"`);
    })();
  } finally {
    encrypted.exec('DETACH DATABASE plain');
    encrypted.pragma('foreign_keys = ON');
  }
}

/** The plain copy with the app's own settings (openDatabase), the key aside. */
export function openPlain(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db as unknown as Db;
}

/** Reads the app makes over and over: the rules' facts of many files and person-list searches. */
export function appReadWorkload(db: Db, personIds: number[], queries: string[], today: string): number {
  const start = performance.now();
  for (const id of personIds) loadPersonFacts(db, id);
  for (const query of queries) listPersons(db, personListQuerySchema.parse({ query }), today);
  listPersons(db, personListQuerySchema.parse({ offset: Math.max(0, personIds.length - 100) }), today);
  return performance.now() - start;
}
