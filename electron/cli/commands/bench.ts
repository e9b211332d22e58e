import { cpus } from 'node:os';
import { APP_PHASE_ENV, appPhaseChild, runBench, SCALES, type ScaleFigures, type ScaleName } from '../../core/bench/run';
import { DEMO_MAX_PERSONS } from '../../core/demo/generate';
import { CliError, type Translate } from '../io';
import type { Flags } from '../index';

/**
 * `bench [--quick | --persons N] [--seed S] [--json]`: the benchmark at station (600), county
 * (30,000) and stress (100,000) scale, or at station and county scale with --quick, or at one
 * chosen size. Demo databases are cached between runs (<tmp>/haven-bench-cache); each run works
 * on a fresh copy. With --json, one object per scale under its name (`custom` for --persons).
 */
const RUNS = 5;

/** Figures in the order the table prints them (the JSON has them all). */
const ROWS: (keyof ScaleFigures)[] = [
  'persons', 'records', 'databaseMB', 'demoSeconds', 'cached', 'kdfMs', 'unlockMs', 'searchP50Ms', 'searchP95Ms', 'fileOpenP50Ms', 'fileOpenP95Ms',
  'dashboardMs', 'worklistFirstMs', 'worklistPageMs', 'worklistAlerts', 'printCaseFileMs', 'backupMs', 'backupSearchMaxMs', 'alertsAsOfMs', 'encryptedMs', 'plainMs', 'encryptedCpuMs', 'plainCpuMs',
  'encryptedPlainRatio', 'encryptedPlainWallRatio', 'encryptedPlainReadRatio', 'encryptedPlainWriteRatio', 'appIdleRssMb', 'appPeakRssMb',
  'exportMs', 'importMs', 'bundleMB', 'idleRssMb', 'exportPeakRssMb', 'importPeakRssMb', 'reimportMs', 'reimportPeakRssMb', 'hostileRefusalMs', 'hostilePeakRssMb', 'peakRssMb',
];

function table(t: Translate, results: Partial<Record<ScaleName | 'custom', ScaleFigures>>): string {
  const names = Object.keys(results) as (ScaleName | 'custom')[];
  const header = [t('cli.bench.figure'), ...names.map((n) => t(`cli.bench.scale.${n}`))];
  const rows = ROWS.map((row) => [row, ...names.map((n) => String(results[n]?.[row] ?? '—'))]);
  const refused = names.filter((n) => results[n]?.bundleRefused).map((n) => `${t(`cli.bench.scale.${n}`)}: ${results[n]?.bundleRefused ?? ''}`);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [t('cli.bench.title', { cores: cpus().length }), line(header), ...rows.map(line), ...refused].join('\n');
}

export async function benchCommand(flags: Flags, t: Translate): Promise<void> {
  // The bench's own child, measuring the app's part in a process of its own (core/bench/run.ts).
  const appPhase = process.env[APP_PHASE_ENV];
  if (appPhase) return appPhaseChild(appPhase);
  const seed = typeof flags.seed === 'string' ? flags.seed : 'bench';
  let scales: [ScaleName | 'custom', number][];
  if (typeof flags.persons === 'string') {
    if (flags.quick) throw new CliError(t('cli.bench.badCombination'), 2);
    const persons = /^\d{1,7}$/.test(flags.persons) ? Number(flags.persons) : Number.NaN;
    if (!(persons >= 1 && persons <= DEMO_MAX_PERSONS)) throw new CliError(t('cli.bench.badPersons', { max: DEMO_MAX_PERSONS }), 2);
    scales = [['custom', persons]];
  } else {
    scales = (Object.entries(SCALES) as [ScaleName, number][]).filter(([name]) => !flags.quick || name !== 'stress');
  }
  const results: Partial<Record<ScaleName | 'custom', ScaleFigures>> = {};
  for (const [name, persons] of scales) {
    results[name] = await runBench({
      persons,
      seed,
      runs: RUNS,
      onStep: (step) => process.stderr.write(`${t('cli.bench.progress', { scale: t(`cli.bench.scale.${name}`), step: t(`cli.bench.step.${step}`) })}\n`),
    });
  }
  process.stdout.write(`${flags.json ? JSON.stringify(results) : table(t, results)}\n`);
}
