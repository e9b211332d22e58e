import { createRequire } from 'node:module';

/**
 * Official SQLCipher 4 (Zetetic's community edition, as packaged by @journeyapps/sqlcipher):
 * an independent implementation that must open our files with the raw key, and only with it.
 */
interface Sqlite3Database {
  serialize(fn: () => void): void;
  run(sql: string, cb?: (err: Error | null) => void): void;
  get(sql: string, cb: (err: Error | null, row: Record<string, unknown> | undefined) => void): void;
  close(cb?: (err: Error | null) => void): void;
}
interface Sqlite3Module {
  Database: new (path: string, mode: number, cb: (err: Error | null) => void) => Sqlite3Database;
  OPEN_READONLY: number;
}

const require = createRequire(import.meta.url);

/**
 * An optional dependency: it builds SQLCipher from source with OpenSSL, which a Windows developer
 * PC usually lacks, and `npm install` goes on without it there. On Linux (CI: .ci/run installs
 * libssl-dev) it must be present and the interop test runs: missing is a failure, not a skip.
 */
function load(): Sqlite3Module | null {
  try {
    return require('@journeyapps/sqlcipher') as Sqlite3Module;
  } catch (error) {
    if (process.platform !== 'win32') throw error;
    return null;
  }
}
const loaded = load();
export const officialSqlcipherAvailable = loaded !== null;

export async function openWithOfficialSqlcipher(
  path: string,
  masterKeyHex: string | null,
): Promise<{ cipherVersion: string; station: unknown }> {
  const sqlcipher = loaded;
  if (!sqlcipher) throw new Error('official SQLCipher 4 (@journeyapps/sqlcipher) is not installed');
  const db = await new Promise<Sqlite3Database>((resolve, reject) => {
    const handle = new sqlcipher.Database(path, sqlcipher.OPEN_READONLY, (err) => (err ? reject(err) : resolve(handle)));
  });
  const get = (sql: string) =>
    new Promise<Record<string, unknown> | undefined>((resolve, reject) => db.get(sql, (err, row) => (err ? reject(err) : resolve(row))));
  try {
    if (masterKeyHex !== null) await get(`PRAGMA key = "x'${masterKeyHex}'"`);
    const version = await get('PRAGMA cipher_version');
    const station = await get('SELECT code, name FROM station');
    return { cipherVersion: String(version?.cipher_version ?? ''), station };
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}
