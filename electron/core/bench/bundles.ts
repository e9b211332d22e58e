import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { constants as zlibConstants, crc32, deflateRawSync } from 'node:zlib';
import { centralDirectory, localHeader, type ZipEntryInfo } from '../bundles/zip';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inTransaction, type Db } from '../kernel/db/database';
import { unlockWithPassword, vaultPaths } from '../kernel/vault';

/** Export and import of a `full` bundle, each in its own `haven` process as IT staff run them. */
export interface BundleFigures {
  /** Whole `haven export --kind full` process: start-up, key derivation, read, pack, encrypt, write. */
  exportMs: number | null;
  /** Whole `haven import` process at a supervisor's database: verify, decrypt, check, apply. */
  importMs: number | null;
  exportPeakRssMb: number | null;
  importPeakRssMb: number | null;
  /**
   * The station's next `full` bundle, after a month's work there (aMonthOfWork), imported over
   * the snapshot the first one left: what a supervisor does every month (the rows that changed
   * written, the ones the station no longer has deleted, in one transaction).
   */
  reimportMs: number | null;
  reimportPeakRssMb: number | null;
  /** The same command's size doing nothing much (`haven keys`), to read the two above against. */
  idleRssMb: number | null;
  bundleMB: number | null;
  /** Why there are no bundle figures: the command's refusal (e.g. a bundle over the size limit). */
  bundleRefused: string | null;
  /** A 1 MB file that declares 1 GiB of content, imported: the whole command until its refusal, and its peak RSS. */
  hostileRefusalMs: number | null;
  hostilePeakRssMb: number | null;
}

const HERE_FILE = fileURLToPath(import.meta.url);
const HERE = dirname(HERE_FILE);
/**
 * The command line as installed: this very file when the bench runs from the built `haven.mjs`;
 * from the sources, `dist/cli/haven.mjs` (built by `build --no-electron`), else the sources through tsx.
 */
const BUILT_CLI = HERE_FILE.endsWith('.mjs') ? HERE_FILE : join(HERE, '..', '..', '..', 'dist', 'cli', 'haven.mjs');
/**
 * How a child `haven` is started. Inside the installed app (`Haven --cli bench`) the runtime is
 * the app's own Electron, whose RunAsNode fuse is off: the child is the app again, with `--cli`.
 */
export const CLI_ARGS = process.versions.electron ? ['--cli'] : existsSync(BUILT_CLI) ? [BUILT_CLI] : ['--import', 'tsx', join(HERE, '..', '..', 'cli', 'index.ts')];
/** Which of the three the figures are from. */
export const BENCH_CLI = process.versions.electron ? 'Haven --cli' : existsSync(BUILT_CLI) ? 'dist/cli/haven.mjs' : 'tsx electron/cli/index.ts';

const round = (n: number) => Math.round(n * 100) / 100;

interface Run {
  ms: number;
  rssMb: number;
  stdout: string;
}

/** Runs `haven …` in a child process; its peak RSS comes back through HAVEN_BENCH_RSS_FILE. */
function haven(args: string[], password: string, work: string, input = '', allowFailure = false): Run {
  const rssFile = join(work, `rss-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const start = performance.now();
  const run = spawnSync(process.execPath, [...CLI_ARGS, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, HAVEN_PASSWORD: password, HAVEN_LANG: 'en', HAVEN_BENCH_RSS_FILE: rssFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = round(performance.now() - start);
  if (run.status !== 0 && !allowFailure) throw new Error(`bench: haven ${args[0]} failed: ${run.stderr.trim()}`);
  const rssKb = Number(readFileSync(rssFile, 'utf8'));
  return { ms, rssMb: round(rssKb / 1024), stdout: run.stdout };
}

export function measureBundles(stationDir: string, who: { username: string; password: string }): BundleFigures {
  try {
    return measure(stationDir, who);
  } catch (error) {
    const refused = error instanceof Error ? error.message : String(error);
    return {
      exportMs: null,
      importMs: null,
      exportPeakRssMb: null,
      importPeakRssMb: null,
      reimportMs: null,
      reimportPeakRssMb: null,
      idleRssMb: null,
      bundleMB: null,
      bundleRefused: refused,
      hostileRefusalMs: null,
      hostilePeakRssMb: null,
    };
  }
}

function measure(stationDir: string, who: { username: string; password: string }): BundleFigures {
  const work = join(stationDir, 'bundle-bench');
  mkdirSync(work, { recursive: true });
  try {
    const station = join(stationDir, 'haven.db');
    const supervisor = join(work, 'sup', 'haven.db');
    mkdirSync(dirname(supervisor), { recursive: true });
    const idle = haven(['keys', '--db', station, '--user', who.username, '--json'], who.password, work);
    const stationFingerprint = (JSON.parse(idle.stdout) as { fingerprint: string }).fingerprint;
    haven(['init', '--db', supervisor, '--station-code', 'SUP-BENCH', '--station-name', 'Bench supervisor', '--admin', who.username, '--mode', 'supervisor', '--password-stdin', '--json'], '', work, `${who.password}\n`);
    mkdirSync(join(work, 'keys'));
    const keys = JSON.parse(haven(['keys', '--db', supervisor, '--user', who.username, '--out', join(work, 'keys'), '--json'], who.password, work).stdout) as {
      recipientFingerprint: string;
      files: { recipient: string };
    };
    const out = join(work, 'out');
    mkdirSync(out);
    const exportFull = () =>
      haven(
        ['export', '--db', station, '--user', who.username, '--to', keys.files.recipient, '--out', out, '--kind', 'full', '--confirm-fingerprint', keys.recipientFingerprint, '--json'],
        who.password,
        work,
      );
    const importFile = (exported: Run, confirm: string[]) => {
      const file = (JSON.parse(exported.stdout) as { path: string }).path;
      const imported = haven(['import', '--db', supervisor, '--user', who.username, file, ...confirm, '--json'], who.password, work);
      const outcome = (JSON.parse(imported.stdout) as { outcome: string }[])[0]?.outcome;
      if (outcome !== 'accepted') throw new Error(`bench: the bundle was not imported (${outcome ?? 'no result'})`);
      return { file, imported };
    };
    const exported = exportFull();
    const { file, imported } = importFile(exported, ['--confirm-fingerprint', stationFingerprint]);
    const bundleMB = round(statSync(file).size / 1e6);
    // The station's next bundle (numbered 2), after a month's work, over the snapshot the first one left.
    rmSync(file);
    const { db } = unlockWithPassword(vaultPaths(stationDir), who.username, who.password);
    try {
      aMonthOfWork(db);
    } finally {
      db.close();
    }
    const { imported: reimported } = importFile(exportFull(), []);
    // Hostile input stays cheap: 1 GiB of zeros deflated to about a megabyte, in the outer ZIP.
    const bomb = join(work, 'bomb.haven');
    writeFileSync(bomb, hostileBundle());
    const hostile = haven(['import', '--db', supervisor, '--user', who.username, bomb, '--json'], who.password, work, '', true);
    return {
      exportMs: exported.ms,
      importMs: imported.ms,
      exportPeakRssMb: exported.rssMb,
      importPeakRssMb: imported.rssMb,
      reimportMs: reimported.ms,
      reimportPeakRssMb: reimported.rssMb,
      idleRssMb: idle.rssMb,
      bundleMB,
      bundleRefused: null,
      hostileRefusalMs: hostile.ms,
      hostilePeakRssMb: hostile.rssMb,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A month at the station between two bundles, in bulk: a twentieth more talks and drug tests
 * (four weeks after the ones they copy), one talk in a hundred corrected, one in five hundred
 * deleted, and the files of all of them touched (`updated_at`, as the services do for any
 * record written). The bench's copy of the database is changed, never the cached one.
 */
export function aMonthOfWork(db: Db): void {
  const touched = `id IN (SELECT person_id FROM contacts WHERE id > @talks OR id % 100 = 7 OR id % 500 = 3
                          UNION SELECT person_id FROM drug_tests WHERE id > @tests)`;
  const copyLater = (table: string) => {
    const columns = (db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[]).filter((c) => c !== 'id');
    const values = columns.map((c) => (c === 'date' ? `date(date, '+28 days')` : `"${c}"`));
    db.prepare(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${values.join(', ')} FROM ${table} WHERE id % 20 = 0 ORDER BY id`).run();
  };
  inTransaction(db, () => {
    const last = { talks: db.prepare('SELECT max(id) FROM contacts').pluck().get(), tests: db.prepare('SELECT max(id) FROM drug_tests').pluck().get() };
    copyLater('contacts');
    copyLater('drug_tests');
    db.prepare(`UPDATE persons SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', updated_at, '+28 days') WHERE ${touched}`).run(last);
    db.prepare(`UPDATE contacts SET summary = summary || '（已更正）' WHERE id % 100 = 7`).run();
    db.prepare('DELETE FROM contacts WHERE id % 500 = 3').run();
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/**
 * A bundle-shaped ZIP whose payload.age honestly declares 1 GiB (deflated zeros, about a megabyte):
 * what issue 17 measured taking 3.2 GB and a minute before it was refused. The deflate stream is
 * 16 independent runs of 64 MiB (sync-flushed, the last one final), so 1 GiB is never in memory.
 */
function hostileBundle(): Buffer {
  const zeros = Buffer.alloc(64 * 1024 * 1024);
  const middle = deflateRawSync(zeros, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const last = deflateRawSync(zeros);
  let crc = 0;
  for (let i = 0; i < 16; i++) crc = crc32(zeros, crc);
  const body = Buffer.concat([...Array.from({ length: 15 }, () => middle), last]);
  const modified = new Date('2026-03-02T01:00:00Z');
  const entries: ZipEntryInfo[] = [];
  const parts: Buffer[] = [];
  let offset = 0;
  const add = (name: string, method: 0 | 8, data: Buffer, size: number, entryCrc: number) => {
    const entry: ZipEntryInfo = { name, method, crc: entryCrc, compressedSize: data.length, size, offset };
    const header = localHeader(entry, modified);
    parts.push(header, data);
    offset += header.length + data.length;
    entries.push(entry);
  };
  add('payload.age', 8, body, 1024 * 1024 * 1024, crc);
  for (const name of ['payload.age.minisig', 'station.pub', 'README.txt']) add(name, 0, Buffer.from('x'), 1, crc32(Buffer.from('x')));
  parts.push(centralDirectory(entries, modified));
  return Buffer.concat(parts);
}
