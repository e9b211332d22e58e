import { createHash, randomBytes } from 'node:crypto';
import { ownPeakRssKib } from './rss';
import { CORE_OLD_GENERATION_MB } from '../host/client';
import { closeSync, cpSync, existsSync, fsyncSync, openSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chinaDay } from '../../../shared/domain/dates';
import type { ChannelName, InputOf, ResultOf } from '../../../shared/ipc/contract';
import { alertsAsOf } from '../worklist/asOf';
import { createHavenCore, type HavenCore } from '../app';
import { systemClock, type Clock } from '../kernel/clock';
import type { Db } from '../kernel/db/database';
import { SCHEMA_VERSION } from '../kernel/db/migrate';
import { generateDemo } from '../demo/generate';
import { deriveKeyFromPassword, OWASP_SCRYPT, type ScryptParams } from '../kernel/crypto/crypto';
import { unlockWithPassword, vaultPaths } from '../kernel/vault';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import { findUserByUsername } from '../users/repo';
import { compareWorkload, openFiles, openPlain, plainCopy, type WorkloadPlan, type WorkloadTime } from './plain';
import { CLI_ARGS, measureBundles, type BundleFigures } from './bundles';
import { spawn } from 'node:child_process';

/**
 * `haven bench`: deterministic demo databases at station, county and stress scale (cached between
 * runs, keyed by seed, size, schema version and the demo's code), then the calls the app makes,
 * timed through createHavenCore + invoke as the app makes them (input validation, role check,
 * handlers, audit). Each run works on a fresh copy of the cached database, so "first" is first.
 * Speed targets live in these figures; the tests assert only that every figure is there.
 */
export const SCALES = { station: 600, county: 30_000, stress: 100_000 } as const;
export type ScaleName = keyof typeof SCALES;

export interface BenchOptions {
  persons: number;
  seed?: string;
  /** Where cached databases live (default: <tmp>/haven-bench-cache). */
  cacheDir?: string;
  /** Timed repetitions of each single read (the median is reported). */
  runs?: number;
  clock?: Clock;
  /** Only tests lower the key derivation cost. */
  scrypt?: ScryptParams;
  fontsRoot?: string;
  onStep?: (step: BenchStep) => void;
}

export type BenchStep = 'kdf' | 'database' | 'login' | 'search' | 'worklist' | 'fileOpen' | 'print' | 'backup' | 'alertsAsOf' | 'plain' | 'bundles';

/** One scale's figures (ms unless named). */
export interface ScaleFigures extends BundleFigures {
  persons: number;
  seed: string;
  /** The day the demo was generated for. */
  at: string;
  cores: number;
  /** Rows the demo wrote beyond persons and measures. */
  records: number;
  databaseMB: number;
  /** How long the demo took when the cached database was made. */
  demoSeconds: number;
  /** 1 when the database came from the cache. */
  cached: number;
  /** One password key derivation at the vault's scrypt cost. */
  kdfMs: number;
  /** Login: key derivation, unwrap, open, migrate check, session. */
  unlockMs: number;
  /** Person-list searches by name, pinyin, initials, ID and phone fragments, several persons each. */
  searchP50Ms: number;
  searchP95Ms: number;
  searches: number;
  /** Every tab's data of one file (info, measures, records, care, agreements, attachments, timeline, alerts). */
  fileOpenP50Ms: number;
  fileOpenP95Ms: number;
  filesOpened: number;
  /** 工作台: worklist counts once evaluated. */
  dashboardMs: number;
  /** The first read after the demo: every person evaluated. */
  worklistFirstMs: number;
  worklistPageMs: number;
  worklistAlerts: number;
  printCaseFileMs: number;
  /** 立即备份 (the copy and its check run in a thread of their own). */
  backupMs: number;
  /** The longest a person search waited while that backup ran (one every 100 ms). */
  backupSearchMaxMs: number;
  /** `haven alerts --at` for every person. */
  alertsAsOfMs: number;
  /**
   * The same workload of the app's own queries (the rules' facts of many files, searches, and 200
   * talks recorded as staff record them: file opened, talk saved, page read again) on the
   * encrypted database and on a plain copy, side by side (compareWorkload: medians over six rounds).
   */
  encryptedMs: number;
  plainMs: number;
  encryptedCpuMs: number;
  plainCpuMs: number;
  /** CPU time encrypted ÷ plain: the cost of encryption, which load from other work on the machine does not skew. */
  encryptedPlainRatio: number;
  /** Wall-clock encrypted ÷ plain (the writes' fsyncs included). */
  encryptedPlainWallRatio: number;
  /**
   * The same CPU ratio for all but the saves, and for the saves alone: a save's cost is the pages
   * its transaction writes (about 6.5 WAL frames a talk), each encrypted and HMAC-SHA512-signed;
   * a read's is the pages it finds outside the page cache, each checked and decrypted. The
   * visits' reads write too (the look at the file is audited, the alerts are stored again).
   */
  encryptedPlainReadRatio: number;
  encryptedPlainWriteRatio: number;
  /** The app's part (runAppPhase) in a process of its own: its size before login, and its peak. */
  appIdleRssMb: number;
  appPeakRssMb: number;
  /** Peak RSS of the bench process (a plain copy and a reader open beside the app's work; the demo excluded when cached). */
  peakRssMb: number;
}

const PASSWORD = 'bench password 2026';
const USERNAME = 'admin';
/** Who the cached databases are made for (the renderer bench logs in with them). */
export const BENCH_CREDENTIALS = { username: USERNAME, password: PASSWORD } as const;

const round = (ms: number) => Math.round(ms * 100) / 100;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return round(sorted[Math.max(0, index)] as number);
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: round(performance.now() - start), value };
}

async function call<C extends ChannelName>(core: HavenCore, channel: C, input: InputOf<C>): Promise<ResultOf<C>> {
  const result = await core.invoke(channel, input);
  if (!result.ok) throw new Error(`bench: ${channel} failed: ${result.error.code} ${result.error.messageKey ?? ''}`);
  return result.value as ResultOf<C>;
}

/** Persons spread over the file, for searches and file opens. */
function spread(db: Db, count: number): { id: number; name: string; name_pinyin: string; name_initials: string; id_number: string; phone: string }[] {
  const total = db.prepare('SELECT count(*) FROM persons').pluck().get() as number;
  const step = Math.max(1, Math.floor(total / count));
  return db
    .prepare(`SELECT id, name, name_pinyin, name_initials, id_number, phone FROM persons WHERE (id % ?) = 0 AND phone <> '' AND length(name_initials) >= 2 ORDER BY id LIMIT ?`)
    .all(step, count) as ReturnType<typeof spread>;
}

/** The file with the most tests and talks (a long measure, a high risk level). */
function heavyPerson(db: Db): number {
  return db
    .prepare(`SELECT person_id FROM (SELECT person_id FROM contacts UNION ALL SELECT person_id FROM drug_tests) GROUP BY person_id ORDER BY count(*) DESC, person_id LIMIT 1`)
    .pluck()
    .get() as number;
}

const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/** Written in by the build (build/scripts/build.mjs `demoSourceHash`, the same sum); absent when run from the sources. */
declare const __HAVEN_DEMO_HASH__: string | undefined;

/**
 * The demo's code: a change to it makes new databases (the cache key includes its hash). From the
 * sources, the demo's folder; in a built bundle (one file, no folder), the same sum the build took
 * of that folder, so a rebuild keeps the cache and the sources and the build share it.
 */
export function demoHash(): string {
  if (typeof __HAVEN_DEMO_HASH__ === 'string') return __HAVEN_DEMO_HASH__;
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'demo');
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  return hash.digest('hex').slice(0, 12);
}

interface CacheMeta {
  persons: number;
  seed: string;
  at: string;
  demoSeconds: number;
  records: number;
}

/**
 * The cached database for a size, made once: setup through the core (the app's scrypt cost), the
 * demo through its own connection (as `haven demo` does), checkpointed, then renamed into place.
 */
export async function cachedDatabase(
  options: Pick<BenchOptions, 'persons' | 'seed' | 'cacheDir'>,
  clock: Clock,
  scrypt: ScryptParams = OWASP_SCRYPT,
): Promise<{ dir: string; meta: CacheMeta; cached: boolean }> {
  const seed = options.seed ?? 'bench';
  const root = options.cacheDir ?? join(tmpdir(), 'haven-bench-cache');
  const dir = join(root, `${seed}-${options.persons}-s${SCHEMA_VERSION}-${demoHash()}${scrypt === OWASP_SCRYPT ? '' : '-fast'}`);
  if (existsSync(join(dir, 'meta.json'))) return { dir, meta: JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as CacheMeta, cached: true };
  mkdirSync(root, { recursive: true });
  const building = mkdtempSync(join(root, 'building-'));
  try {
    const core = createHavenCore({ dataDir: building, clock, vaultOptions: { scrypt }, logError: () => {} });
    await call(core, 'setup:create', { stationCode: 'BENCH-01', stationName: '性能测试社区戒毒社区康复工作站', adminUsername: USERNAME, adminDisplayName: '测试管理员', password: PASSWORD });
    await core.close();
    const now = clock.now();
    const at = chinaDay(now);
    const { db } = unlockWithPassword(vaultPaths(building), USERNAME, PASSWORD);
    try {
      const user = findUserByUsername(db, USERNAME);
      const demo = await timed(() => generateDemo(db, { persons: options.persons, seed, at, now, actor: { userId: user?.id ?? null, username: USERNAME, displayName: user?.displayName ?? USERNAME } }));
      db.pragma('wal_checkpoint(TRUNCATE)');
      const meta: CacheMeta = { persons: options.persons, seed, at, demoSeconds: round(demo.ms / 1000), records: Object.values(demo.value.records).reduce((sum, n) => sum + (n ?? 0), 0) };
      writeFileSync(join(building, 'meta.json'), JSON.stringify(meta));
      db.close();
      rmSync(dir, { recursive: true, force: true });
      renameSync(building, dir);
      return { dir, meta, cached: false };
    } catch (error) {
      db.close();
      throw error;
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/** The channels a file's tabs read when it is opened. */
async function openFile(core: HavenCore, personId: number): Promise<void> {
  await call(core, 'persons:get', { personId });
  await call(core, 'measures:list', { personId });
  await call(core, 'worklist:person', { personId });
  await call(core, 'tests:list', { personId });
  await call(core, 'contacts:list', { personId });
  await call(core, 'leaves:list', { personId });
  await call(core, 'absences:list', { personId });
  await call(core, 'violations:list', { personId });
  await call(core, 'goodReasons:list', { personId });
  await call(core, 'risk:list', { personId });
  await call(core, 'keyCare:list', { personId });
  await call(core, 'help:listPlans', { personId });
  await call(core, 'clean:status', { personId });
  await call(core, 'agreements:list', { personId });
  await call(core, 'attachments:list', { personId });
  await call(core, 'timeline:person', { personId });
}

/** What the app's part of a run is given: the copy to work on and what to look up in it. */
export interface AppPhaseInput {
  dataDir: string;
  queries: string[];
  files: number[];
  heavy: number;
  runs: number;
}

/** The app's part: the core's calls as the app makes them, in a process of their own. */
export type AppFigures = Pick<
  ScaleFigures,
  | 'unlockMs' | 'searchP50Ms' | 'searchP95Ms' | 'searches' | 'fileOpenP50Ms' | 'fileOpenP95Ms' | 'filesOpened' | 'dashboardMs' | 'worklistFirstMs'
  | 'worklistPageMs' | 'worklistAlerts' | 'printCaseFileMs' | 'backupMs' | 'backupSearchMaxMs' | 'appIdleRssMb' | 'appPeakRssMb'
>;

/**
 * Runs in the child `haven bench` process (HAVEN_BENCH_APP_PHASE): nothing of the bench (the demo,
 * a reader, the plain copy) lives in this process, so its peak RSS is what the app's core needs
 * for the same work — login, searches, the first worklist evaluation, file opens, printing.
 */
export async function runAppPhase(input: AppPhaseInput, options: Pick<BenchOptions, 'clock' | 'scrypt' | 'fontsRoot' | 'onStep'> = {}): Promise<AppFigures> {
  const clock = options.clock ?? systemClock;
  const step = options.onStep ?? (() => {});
  const median = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < input.runs; i++) times.push((await timed(fn)).ms);
    return percentile(times, 50);
  };
  const core = createHavenCore({ dataDir: input.dataDir, clock, vaultOptions: { scrypt: options.scrypt ?? OWASP_SCRYPT }, fontsRoot: options.fontsRoot, logError: () => {} });
  try {
    const appIdleRssMb = round(process.memoryUsage().rss / 1024 / 1024);
    step('login');
    const login = await timed(() => call(core, 'auth:login', { username: USERNAME, password: PASSWORD }));

    step('search');
    await call(core, 'persons:list', { query: input.queries[0] ?? '' });
    const searchTimes: number[] = [];
    for (const query of input.queries) searchTimes.push((await timed(() => call(core, 'persons:list', { query }))).ms);

    // First read of the worklist after the demo: every person is evaluated (alert_state is empty).
    step('worklist');
    const first = await timed(() => call(core, 'worklist:counts', {}));
    const dashboardMs = await median(() => call(core, 'worklist:counts', {}));
    const worklistPageMs = await median(() => call(core, 'worklist:list', { limit: 100 }));

    step('fileOpen');
    await openFile(core, input.files[0] as number);
    const openTimes: number[] = [];
    for (const id of input.files) openTimes.push((await timed(() => openFile(core, id))).ms);

    step('print');
    const printCaseFileMs = await median(() => call(core, 'print:render', { document: 'caseFile', personId: input.heavy }));

    step('backup');
    const backup = await backupWhileSearching(core, input.queries[0] ?? '');
    return {
      unlockMs: login.ms,
      searchP50Ms: percentile(searchTimes, 50),
      searchP95Ms: percentile(searchTimes, 95),
      searches: searchTimes.length,
      fileOpenP50Ms: percentile(openTimes, 50),
      fileOpenP95Ms: percentile(openTimes, 95),
      filesOpened: openTimes.length,
      dashboardMs,
      worklistFirstMs: first.ms,
      worklistPageMs,
      worklistAlerts: Object.values(first.value.byRule).reduce((sum, n) => sum + (n ?? 0), 0),
      printCaseFileMs,
      backupMs: backup.ms,
      backupSearchMaxMs: backup.searchMaxMs,
      appIdleRssMb,
      appPeakRssMb: round(ownPeakRssKib() / 1024),
    };
  } finally {
    await core.close();
  }
}

/**
 * 立即备份 as the admin starts it, with a person search every 100 ms meanwhile: how long the
 * backup takes, and the longest any search waited (the core answers while the copy runs).
 */
async function backupWhileSearching(core: HavenCore, query: string): Promise<{ ms: number; searchMaxMs: number }> {
  const start = performance.now();
  let ended = 0;
  const backup = call(core, 'backups:run', {}).finally(() => {
    ended = performance.now();
  });
  // Awaited below; a search that throws first must not leave it rejecting unheard.
  backup.catch(() => {});
  const waits: number[] = [];
  while (ended === 0) {
    const at = performance.now();
    await call(core, 'persons:list', { query });
    waits.push(performance.now() - at);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await backup;
  return { ms: round(ended - start), searchMaxMs: round(Math.max(0, ...waits)) };
}

/** The environment variable that makes `haven bench` run only the app's part, for the parent bench. */
export const APP_PHASE_ENV = 'HAVEN_BENCH_APP_PHASE';
const STEP_PREFIX = 'haven-bench-step:';

/** `haven bench` in the app-phase role: reads its input from the file named in APP_PHASE_ENV and writes the figures beside it. */
export async function appPhaseChild(file: string): Promise<void> {
  const input = JSON.parse(readFileSync(file, 'utf8')) as AppPhaseInput;
  const figures = await runAppPhase(input, { onStep: (s) => process.stderr.write(`${STEP_PREFIX}${s}\n`) });
  writeFileSync(`${file}.out`, JSON.stringify(figures));
}

/** Runs the app's part in a child `haven bench`, passing its steps on as they come. */
async function appPhaseInChild(input: AppPhaseInput, step: (s: BenchStep) => void): Promise<AppFigures> {
  const file = join(input.dataDir, '..', `${basename(input.dataDir)}-app.json`);
  writeFileSync(file, JSON.stringify(input));
  try {
    // The app's core runs under CORE_OLD_GENERATION_MB (host/client.ts); its part here runs under the same bound.
    const heap = process.versions.electron ? [] : [`--max-old-space-size=${CORE_OLD_GENERATION_MB}`];
    const child = spawn(process.execPath, [...heap, ...CLI_ARGS, 'bench'], { env: { ...process.env, [APP_PHASE_ENV]: file }, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      for (const line of text.split('\n')) {
        if (line.startsWith(STEP_PREFIX)) step(line.slice(STEP_PREFIX.length) as BenchStep);
        else if (line.trim()) errors += `${line}\n`;
      }
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`bench: the app's part failed (${code}): ${errors.trim()}`);
    return JSON.parse(readFileSync(`${file}.out`, 'utf8')) as AppFigures;
  } finally {
    rmSync(file, { force: true });
    rmSync(`${file}.out`, { force: true });
  }
}

/**
 * Every file under `dir` synced to the disk: a copied database is hundreds of megabytes the
 * kernel would otherwise write back while a measured command syncs its own file.
 */
function settleFiles(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const fd = openSync(join(entry.parentPath, entry.name), 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

export async function runBench(options: BenchOptions): Promise<ScaleFigures> {
  const clock = options.clock ?? systemClock;
  const runs = options.runs ?? 5;
  const step = options.onStep ?? (() => {});
  const scrypt = options.scrypt ?? OWASP_SCRYPT;

  step('kdf');
  const kdf = await timed(() => deriveKeyFromPassword(PASSWORD, randomBytes(16), scrypt));

  step('database');
  const cache = await cachedDatabase(options, clock, scrypt);
  const dataDir = mkdtempSync(join(tmpdir(), 'haven-bench-'));
  let reader: Db | null = null;
  try {
    cpSync(cache.dir, dataDir, { recursive: true });
    settleFiles(dataDir);
    const paths = vaultPaths(dataDir);
    const databaseMB = round((fileSize(paths.databasePath) + fileSize(`${paths.databasePath}-wal`)) / 1e6);

    // Who and what to look up, chosen here; the app's part runs in its own process (runAppPhase).
    const chooser = unlockWithPassword(paths, USERNAME, PASSWORD, { scrypt }).db;
    const sample = spread(chooser, 12);
    const heavy = heavyPerson(chooser);
    chooser.close();
    const queries = sample.flatMap((p) => [p.name, p.name_pinyin, p.name_initials.slice(0, 2), p.id_number.slice(10, 16), p.phone.slice(4, 10)]).filter((q) => q.length > 0);
    const app = await appPhaseInChild({ dataDir, queries, files: [heavy, ...sample.map((p) => p.id)], heavy, runs }, step);

    reader = unlockWithPassword(paths, USERNAME, PASSWORD, { scrypt }).db;
    const db = reader;

    step('alertsAsOf');
    const asOf = await timed(() => alertsAsOf(db, chinaDay(clock.now()), getSupervisionSettings(db)));

    step('plain');
    const plainPath = join(dataDir, 'plain.db');
    plainCopy(db, plainPath);
    const plain = openPlain(plainPath, fileSize(paths.databasePath));
    const ids = db.prepare('SELECT id FROM persons WHERE (id % ?) = 0 ORDER BY id LIMIT 3000').pluck().all(Math.max(1, Math.floor(cache.meta.persons / 3000))) as number[];
    const bench = findUserByUsername(db, USERNAME);
    if (!bench) throw new Error(`bench: no user ${USERNAME}`);
    const plan: WorkloadPlan = {
      persons: cache.meta.persons,
      factsOf: ids,
      queries,
      visits: openFiles(db, 200),
      today: chinaDay(clock.now()),
      user: { id: bench.id, username: bench.username, displayName: bench.displayName, role: bench.role },
    };
    const { encrypted, plain: plainTime, ratio: ratios } = await compareWorkload(db, plain, plan, clock.now());
    const ratio = (key: keyof WorkloadTime) => round(ratios[key]);
    plain.close();
    // The plain copy's hundreds of megabytes would otherwise still be on their way to the disk
    // while the bundle commands below sync their own writes; removed, they are dropped unwritten.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${plainPath}${suffix}`, { force: true });

    const peakRssMb = round(ownPeakRssKib() / 1024);
    step('bundles');
    // Closed first: settleFiles opens and closes every file of the folder, the database's too, and
    // on Linux closing any descriptor of a file drops the fcntl locks this process's connection
    // holds on it; the bundle commands (other processes) would then checkpoint under its feet.
    reader.close();
    reader = null;
    // What the steps before wrote (the app's part, the plain copy) is on the disk before the
    // bundle commands sync their own writes: the bench's own files are not theirs to wait for.
    settleFiles(dataDir);
    const bundles = measureBundles(dataDir, { username: USERNAME, password: PASSWORD });

    return {
      persons: cache.meta.persons,
      seed: cache.meta.seed,
      at: cache.meta.at,
      cores: cpus().length,
      records: cache.meta.records,
      databaseMB,
      demoSeconds: cache.meta.demoSeconds,
      cached: cache.cached ? 1 : 0,
      kdfMs: kdf.ms,
      ...app,
      alertsAsOfMs: asOf.ms,
      encryptedMs: round(encrypted.ms),
      plainMs: round(plainTime.ms),
      encryptedCpuMs: round(encrypted.cpuMs),
      plainCpuMs: round(plainTime.cpuMs),
      encryptedPlainRatio: ratio('cpuMs'),
      encryptedPlainWallRatio: ratio('ms'),
      encryptedPlainReadRatio: ratio('readCpuMs'),
      encryptedPlainWriteRatio: ratio('writeCpuMs'),
      peakRssMb,
      ...bundles,
    };
  } finally {
    reader?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
