import { personListQuerySchema } from '../../../shared/schemas/person';
import type { Db } from '../kernel/db/database';
import { connect } from '../kernel/db/driver';
import { pageCacheKibFor } from '../kernel/db/pageCache';
import { applyMigrations } from '../kernel/db/migrate';
import { loadPersonFacts } from '../kernel/facts';
import { listPersons } from '../persons/list';
import { createContact } from '../contacts/service';
import { opsFor } from '../kernel/ops';
import { contactSchema } from '../../../shared/schemas/supervision';
import { contactKinds } from '../../../shared/domain/supervision';
import { OPEN_STATUSES } from '../../../shared/domain/measures';

/**
 * The cost of encryption on the app's own queries: the encrypted database copied row for row into
 * a plain one with the same schema (the app's migrations), then one workload run on each. The
 * plain copy exists only for the measurement and is removed by the caller.
 */
export function plainCopy(encrypted: Db, plainPath: string): void {
  const plain = connect(plainPath);
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

/** The plain copy with the app's own settings (openDatabase), the key aside: the same cache as the encrypted file gets. */
export function openPlain(path: string, encryptedBytes: number): Db {
  const db = connect(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`cache_size = -${pageCacheKibFor(encryptedBytes)}`);
  db.pragma('temp_store = MEMORY');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  return db as unknown as Db;
}

export interface WorkloadTime {
  /** Wall-clock time. */
  ms: number;
  /** CPU time of this process (user + system): what encryption costs, and what other work on the machine does not inflate. */
  cpuMs: number;
  /** The CPU time of the reads alone (facts, searches, the last page) and of the writes alone. */
  readCpuMs: number;
  writeCpuMs: number;
}

/**
 * The app's own work on one database: the reads it makes over and over (the rules' facts of many
 * files, person-list searches, the list's last page) and the writes of a day at a station (a talk
 * recorded for each of `writers` files, one transaction and one audit event each, as the form does).
 */
export function appWorkload(db: Db, personIds: number[], writers: number[], queries: string[], today: string, now: Date): WorkloadTime {
  const ops = opsFor(db, now, { userId: null, username: 'bench', displayName: 'bench' });
  const contact = contactSchema.parse({ date: today, kind: contactKinds[0], summary: '性能测试记录' });
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const id of personIds) loadPersonFacts(db, id);
  for (const query of queries) listPersons(db, personListQuerySchema.parse({ query }), today);
  listPersons(db, personListQuerySchema.parse({ offset: Math.max(0, personIds.length - 100) }), today);
  const readCpuMs = cpuMs(cpu);
  const writing = process.cpuUsage();
  for (const id of writers) createContact(ops, id, contact);
  const writeCpuMs = cpuMs(writing);
  return { ms: performance.now() - start, cpuMs: cpuMs(cpu), readCpuMs, writeCpuMs };
}

/** Files a talk can be recorded for (an open measure), spread over the database. */
export function openFiles(db: Db, count: number): number[] {
  const ids = db
    .prepare(`SELECT p.id FROM persons p JOIN measures m ON m.id = p.current_measure_id WHERE p.archived_at IS NULL AND m.status IN (${OPEN_STATUSES.map(() => '?').join(', ')}) ORDER BY p.id`)
    .pluck()
    .all(...OPEN_STATUSES) as number[];
  const step = Math.max(1, Math.floor(ids.length / count));
  return ids.filter((_, i) => i % step === 0).slice(0, count);
}
