import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench, type BenchFigures } from '../../core/bench/run';
import { DEMO_MAX_PERSONS } from '../../core/demo/generate';
import { CliError, type Translate } from '../io';
import type { Flags } from '../index';

/**
 * `bench [--persons N] [--seed S] [--json]`: the benchmark. A temporary encrypted database (made
 * and opened with the app's OWASP scrypt cost) gets N demo persons (100,000 by default), then
 * the app's calls are timed through the core as the app makes them. The database is removed
 * afterwards.
 */
const RUNS = 5;

function report(t: Translate, f: BenchFigures): string {
  const l = f.personList;
  const w = f.worklist;
  return [
    t('cli.bench.title', { persons: f.persons, seed: f.seed, at: f.at, cores: f.cores }),
    t('cli.bench.keys', { kdf: f.kdfMs, setup: f.setupMs, login: f.loginMs }),
    t('cli.bench.demo', { seconds: f.demoSeconds, records: f.records, mb: f.databaseMB }),
    t('cli.bench.personList', {
      runs: RUNS,
      first: l.firstPageMs,
      initials: f.samples.initials,
      initialsMs: l.initialsMs,
      pinyin: f.samples.pinyin,
      pinyinMs: l.pinyinMs,
      id: f.samples.idFragment,
      idMs: l.idFragmentMs,
      phone: f.samples.phoneFragment,
      phoneMs: l.phoneFragmentMs,
      offset: l.deepOffset,
      deep: l.deepPageMs,
    }),
    t('cli.bench.worklist', { first: w.firstEvaluationMs, alerts: w.alerts, second: w.secondCallMs, list: w.listPageMs, counts: w.countsMs }),
    t('cli.bench.person', { get: f.person.getMs, timeline: f.person.timelineMs, entries: f.person.timelineEntries }),
    t('cli.bench.print', { ms: f.print.caseFileMs, kb: f.print.caseFileKB }),
    t('cli.bench.alertsAsOf', { ms: f.alertsAsOf.ms, alerts: f.alertsAsOf.alerts }),
    t('cli.bench.memory', { mb: f.memory.peakRssMB }),
  ].join('\n');
}

export async function benchCommand(flags: Flags, t: Translate): Promise<void> {
  const raw = typeof flags.persons === 'string' ? flags.persons : '100000';
  const persons = /^\d{1,7}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(persons >= 1 && persons <= DEMO_MAX_PERSONS)) throw new CliError(t('cli.bench.badPersons', { max: DEMO_MAX_PERSONS }), 2);
  const seed = typeof flags.seed === 'string' ? flags.seed : 'bench';
  const dataDir = mkdtempSync(join(tmpdir(), 'haven-bench-'));
  try {
    const figures = await runBench({
      persons,
      seed,
      dataDir,
      runs: RUNS,
      onStep: (step) => process.stderr.write(`${t('cli.bench.progress', { step: t(`cli.bench.step.${step}`) })}\n`),
    });
    process.stdout.write(`${flags.json ? JSON.stringify(figures) : report(t, figures)}\n`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
