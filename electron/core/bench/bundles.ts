import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Export and import of a `full` bundle, each in its own `haven` process as IT staff run them. */
export interface BundleFigures {
  /** Whole `haven export --kind full` process: start-up, key derivation, read, pack, encrypt, write. */
  exportMs: number | null;
  /** Whole `haven import` process at a supervisor's database: verify, decrypt, check, apply. */
  importMs: number | null;
  exportPeakRssMb: number | null;
  importPeakRssMb: number | null;
  /** The same command's size doing nothing much (`haven keys`), to read the two above against. */
  idleRssMb: number | null;
  bundleMB: number | null;
  /** Why there are no bundle figures: the command's refusal (e.g. a bundle over the size limit). */
  bundleRefused: string | null;
}

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'index.ts');
const round = (n: number) => Math.round(n * 100) / 100;

interface Run {
  ms: number;
  rssMb: number;
  stdout: string;
}

/** Runs `haven …` in a child process; its peak RSS comes back through HAVEN_BENCH_RSS_FILE. */
function haven(args: string[], password: string, work: string, input = ''): Run {
  const rssFile = join(work, `rss-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const start = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, HAVEN_PASSWORD: password, HAVEN_LANG: 'en', HAVEN_BENCH_RSS_FILE: rssFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = round(performance.now() - start);
  if (run.status !== 0) throw new Error(`bench: haven ${args[0]} failed: ${run.stderr.trim()}`);
  const rssKb = Number(readFileSync(rssFile, 'utf8'));
  return { ms, rssMb: round(rssKb / 1024), stdout: run.stdout };
}

export function measureBundles(stationDir: string, who: { username: string; password: string }): BundleFigures {
  try {
    return measure(stationDir, who);
  } catch (error) {
    const refused = error instanceof Error ? error.message : String(error);
    return { exportMs: null, importMs: null, exportPeakRssMb: null, importPeakRssMb: null, idleRssMb: null, bundleMB: null, bundleRefused: refused };
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
    const exported = haven(
      ['export', '--db', station, '--user', who.username, '--to', keys.files.recipient, '--out', out, '--kind', 'full', '--confirm-fingerprint', keys.recipientFingerprint, '--json'],
      who.password,
      work,
    );
    const file = (JSON.parse(exported.stdout) as { path: string }).path;
    const imported = haven(['import', '--db', supervisor, '--user', who.username, file, '--confirm-fingerprint', stationFingerprint, '--json'], who.password, work);
    const outcome = (JSON.parse(imported.stdout) as { outcome: string }[])[0]?.outcome;
    if (outcome !== 'accepted') throw new Error(`bench: the bundle was not imported (${outcome ?? 'no result'})`);
    return {
      exportMs: exported.ms,
      importMs: imported.ms,
      exportPeakRssMb: exported.rssMb,
      importPeakRssMb: imported.rssMb,
      idleRssMb: idle.rssMb,
      bundleMB: round(statSync(file).size / 1e6),
      bundleRefused: null,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
