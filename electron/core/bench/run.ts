import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { chinaDay } from '../../../shared/domain/dates';
import type { ChannelName, InputOf, ResultOf } from '../../../shared/ipc/contract';
import { alertsAsOf } from '../worklist/asOf';
import { createHavenCore, type HavenCore } from '../app';
import { systemClock, type Clock } from '../kernel/clock';
import type { Db } from '../kernel/db/database';
import { generateDemo } from '../demo/generate';
import { deriveKeyFromPassword, OWASP_SCRYPT, type ScryptParams } from '../kernel/crypto/crypto';
import { unlockWithPassword, vaultPaths } from '../kernel/vault';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import { findUserByUsername } from '../users/repo';

/**
 * `haven bench`: a temporary encrypted database (OWASP scrypt, as the app makes it) filled by the
 * demo, then the calls the app makes timed through createHavenCore + invoke, so the figures
 * include input validation, the role check, the handlers and audit writes as in the app. Speed
 * targets live in these printed figures; the tests assert only that every figure is there.
 */
export interface BenchOptions {
  persons: number;
  /** An empty directory for the database and key file; the caller removes it. */
  dataDir: string;
  seed?: string;
  /** Timed repetitions of each read (the median is reported). */
  runs?: number;
  clock?: Clock;
  /** Only tests lower the key derivation cost. */
  scrypt?: ScryptParams;
  fontsRoot?: string;
  onStep?: (step: BenchStep) => void;
}

export type BenchStep = 'kdf' | 'setup' | 'demo' | 'login' | 'personList' | 'worklist' | 'person' | 'print' | 'alertsAsOf';

export interface BenchFigures {
  persons: number;
  seed: string;
  at: string;
  cores: number;
  /** One password key derivation at the vault's scrypt cost. */
  kdfMs: number;
  setupMs: number;
  demoSeconds: number;
  databaseMB: number;
  /** Rows the demo wrote beyond persons and measures. */
  records: number;
  loginMs: number;
  /** Medians of `runs` calls of persons:list. */
  personList: { firstPageMs: number; initialsMs: number; pinyinMs: number; idFragmentMs: number; phoneFragmentMs: number; deepPageMs: number; deepOffset: number; matches: number };
  worklist: { firstEvaluationMs: number; secondCallMs: number; listPageMs: number; countsMs: number; alerts: number };
  /** The file with the most tests and talks. */
  person: { getMs: number; timelineMs: number; timelineEntries: number };
  print: { caseFileMs: number; caseFileKB: number };
  /** `haven alerts --at` for every person (computed afresh, stored nowhere). */
  alertsAsOf: { ms: number; alerts: number };
  memory: { peakRssMB: number };
  /** The search texts used (from the generated persons). */
  samples: { initials: string; pinyin: string; idFragment: string; phoneFragment: string };
}

const PASSWORD = 'bench password 2026';
const USERNAME = 'admin';

const round = (ms: number) => Math.round(ms * 100) / 100;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return round(sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
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

/** Search texts taken from the data, so that each search finds someone. */
function samples(db: Db, persons: number) {
  const row = db
    .prepare(`SELECT name_pinyin, name_initials, id_number, phone FROM persons WHERE phone <> '' AND length(name_initials) >= 2 ORDER BY id LIMIT 1 OFFSET ?`)
    .get(Math.floor(persons / 3)) as { name_pinyin: string; name_initials: string; id_number: string; phone: string } | undefined;
  const fallback = db.prepare(`SELECT name_pinyin, name_initials, id_number, phone FROM persons ORDER BY id LIMIT 1`).get() as NonNullable<typeof row>;
  const p = row ?? fallback;
  return { initials: p.name_initials.slice(0, 2), pinyin: p.name_pinyin, idFragment: p.id_number.slice(10, 16), phoneFragment: p.phone.slice(4, 10) || '1380' };
}

/** The file with the most tests and talks (a long measure, a high risk level). */
function heavyPerson(db: Db): number {
  return db
    .prepare(
      `SELECT person_id FROM (SELECT person_id FROM contacts UNION ALL SELECT person_id FROM drug_tests)
       GROUP BY person_id ORDER BY count(*) DESC, person_id LIMIT 1`,
    )
    .pluck()
    .get() as number;
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

export async function runBench(options: BenchOptions): Promise<BenchFigures> {
  const clock = options.clock ?? systemClock;
  const runs = options.runs ?? 5;
  const seed = options.seed ?? 'bench';
  const step = options.onStep ?? (() => {});
  const scrypt = options.scrypt ?? OWASP_SCRYPT;
  const now = clock.now();
  const at = chinaDay(now);
  const paths = vaultPaths(options.dataDir);
  const repeat = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await timed(fn)).ms);
    return median(times);
  };

  step('kdf');
  const kdf = await timed(() => deriveKeyFromPassword(PASSWORD, randomBytes(16), scrypt));

  const core = createHavenCore({ dataDir: options.dataDir, clock, vaultOptions: { scrypt }, fontsRoot: options.fontsRoot, logError: () => {} });
  let db: Db | null = null;
  try {
    step('setup');
    const setup = await timed(() =>
      call(core, 'setup:create', { stationCode: 'BENCH-01', stationName: '性能测试社区戒毒社区康复工作站', adminUsername: USERNAME, adminDisplayName: '测试管理员', password: PASSWORD }),
    );

    // The demo writes through its own connection, as `haven demo` does.
    step('demo');
    db = unlockWithPassword(paths, USERNAME, PASSWORD).db;
    const opened = db;
    const user = findUserByUsername(opened, USERNAME);
    const demo = await timed(() =>
      generateDemo(opened, { persons: options.persons, seed, at, now, actor: { userId: user?.id ?? null, username: USERNAME, displayName: user?.displayName ?? USERNAME } }),
    );
    opened.pragma('wal_checkpoint(TRUNCATE)');
    const databaseMB = round((fileSize(paths.databasePath) + fileSize(`${paths.databasePath}-wal`)) / 1e6);
    const search = samples(opened, options.persons);
    const heavy = heavyPerson(opened);

    step('login');
    const login = await timed(() => call(core, 'auth:login', { username: USERNAME, password: PASSWORD }));

    step('personList');
    const list = (input: InputOf<'persons:list'>) => () => call(core, 'persons:list', input);
    const deepOffset = Math.max(0, Math.min(50_000, options.persons - 100));
    const pinyinHits = (await call(core, 'persons:list', { query: search.pinyin })).total;
    const personList = {
      firstPageMs: await repeat(list({})),
      initialsMs: await repeat(list({ query: search.initials })),
      pinyinMs: await repeat(list({ query: search.pinyin })),
      idFragmentMs: await repeat(list({ query: search.idFragment })),
      phoneFragmentMs: await repeat(list({ query: search.phoneFragment })),
      deepPageMs: await repeat(list({ offset: deepOffset })),
      deepOffset,
      matches: pinyinHits,
    };

    // First read of the worklist after the demo: every person is evaluated (alert_state is empty).
    step('worklist');
    const first = await timed(() => call(core, 'worklist:counts', {}));
    const second = await timed(() => call(core, 'worklist:counts', {}));
    const worklist = {
      firstEvaluationMs: first.ms,
      secondCallMs: second.ms,
      listPageMs: await repeat(() => call(core, 'worklist:list', { limit: 100 })),
      countsMs: await repeat(() => call(core, 'worklist:counts', {})),
      alerts: Object.values(first.value.byRule).reduce((sum, n) => sum + (n ?? 0), 0),
    };

    step('person');
    let entries = 0;
    const person = {
      getMs: await repeat(() => call(core, 'persons:get', { personId: heavy })),
      timelineMs: await repeat(async () => {
        entries = (await call(core, 'timeline:person', { personId: heavy })).length;
      }),
      timelineEntries: entries,
    };

    step('print');
    let html = 0;
    const caseFileMs = await repeat(async () => {
      html = Buffer.byteLength((await call(core, 'print:render', { document: 'caseFile', personId: heavy })).html, 'utf8');
    });

    step('alertsAsOf');
    const asOf = await timed(() => alertsAsOf(opened, at, getSupervisionSettings(opened)));

    return {
      persons: options.persons,
      seed,
      at,
      cores: cpus().length,
      kdfMs: kdf.ms,
      setupMs: setup.ms,
      demoSeconds: round(demo.ms / 1000),
      databaseMB,
      records: Object.values(demo.value.records).reduce((sum, n) => sum + (n ?? 0), 0),
      loginMs: login.ms,
      personList,
      worklist,
      person,
      print: { caseFileMs, caseFileKB: round(html / 1024) },
      alertsAsOf: { ms: asOf.ms, alerts: asOf.value.length },
      memory: { peakRssMB: round(process.resourceUsage().maxRSS / 1024) },
      samples: search,
    };
  } finally {
    db?.close();
    core.close();
  }
}
