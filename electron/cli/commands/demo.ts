import { resolve } from 'node:path';
import { z } from 'zod';
import { chinaDay, isIsoDate } from '../../../shared/domain/dates';
import { measureStatuses, type MeasureStatus } from '../../../shared/domain/measures';
import { HavenError } from '../../../shared/ipc/errors';
import { refreshDue } from '../../core/worklist/store';
import { systemClock } from '../../core/kernel/clock';
import { DEMO_MAX_PERSONS, generateDemo, type DemoSummary } from '../../core/demo/generate';
import { getSupervisionSettings } from '../../core/kernel/supervisionSettings';
import { findUserByUsername } from '../../core/users/repo';
import { CliError, requireFlag, type Translate } from '../io';
import type { Flags } from '../index';
import { openForCli } from '../open';
import { getStation } from '../../core/kernel/settings';

/**
 * `demo --db FILE --persons N [--seed S] [--at YYYY-MM-DD] [--append]`: synthetic persons,
 * measures and their records for demonstrations, tests and benchmarks. Refuses a database that
 * already holds persons unless --append says so: demo data must never mix silently with real
 * files. Then evaluates the worklist once, so the app's first read of it is instant.
 */
function demoFlags(t: Translate, today: string) {
  return z.object({
    persons: z
      .string()
      .regex(/^\d{1,7}$/, { message: t('cli.demo.badPersons', { max: DEMO_MAX_PERSONS }) })
      .transform(Number)
      .refine((n) => n >= 1 && n <= DEMO_MAX_PERSONS, { message: t('cli.demo.badPersons', { max: DEMO_MAX_PERSONS }) }),
    seed: z.string().regex(/^\S{1,64}$/u, { message: t('cli.demo.badSeed') }),
    at: z
      .string()
      .refine(isIsoDate, { message: t('cli.demo.badAt') })
      .refine((at) => at <= today, { message: t('cli.demo.atInFuture', { today }) }),
    append: z.boolean(),
  });
}

function statusLine(t: Translate, counts: Record<MeasureStatus, number>): string {
  return measureStatuses.map((s) => `${t(`cli.demo.status.${s}`)} ${counts[s]}`).join(t('cli.demo.separator'));
}

function report(t: Translate, summary: DemoSummary, seconds: string, worklist: { persons: number; seconds: string }): string {
  const records = Object.entries(summary.records)
    .map(([kind, n]) => `${t(`cli.demo.record.${kind}`)} ${n}`)
    .join(t('cli.demo.separator'));
  return [
    t('cli.demo.done', { persons: summary.persons, measures: summary.measures, seed: summary.seed, at: summary.at, seconds }),
    `${t('cli.demo.byStatus')}${statusLine(t, summary.measuresByStatus)}`,
    `${t('cli.demo.current')}${statusLine(t, summary.currentByStatus)}${t('cli.demo.separator')}${t('cli.demo.noMeasure')} ${summary.personsWithoutMeasure}`,
    `${t('cli.demo.records')}${records}`,
    t('cli.demo.worklist', worklist),
  ].join('\n');
}

export async function demoCommand(flags: Flags, t: Translate): Promise<void> {
  const now = systemClock.now();
  const today = chinaDay(now);
  const parsed = demoFlags(t, today).safeParse({
    persons: requireFlag(flags, 'persons'),
    seed: typeof flags.seed === 'string' ? flags.seed : '1',
    at: typeof flags.at === 'string' ? flags.at : today,
    append: flags.append === true,
  });
  if (!parsed.success) throw new CliError(parsed.error.issues[0]?.message ?? t('cli.badArguments'), 2);
  const options = parsed.data;

  const { db, username } = await openForCli(resolve(String(flags.db ?? '')), flags);
  try {
    const existing = db.prepare('SELECT count(*) FROM persons').pluck().get() as number;
    if (existing > 0 && !options.append) throw new CliError(t('cli.demo.notEmpty', { count: existing }));
    // A supervisor's database holds only what the stations send.
    if (getStation(db).mode === 'supervisor') throw new CliError(t('cli.demo.supervisor'));
    const user = findUserByUsername(db, username);
    // Fictional files with valid ID numbers travel upward in bundles like real ones: an admin's
    // decision, as a backup or a restore is.
    if (!user || user.role !== 'admin') throw new HavenError('FORBIDDEN');
    const started = performance.now();
    const summary = generateDemo(db, {
      persons: options.persons,
      seed: options.seed,
      at: options.at,
      now,
      actor: { userId: user?.id ?? null, username, displayName: user?.displayName ?? username },
      firstIndex: existing,
      onProgress: (done, total) => process.stderr.write(`${t('cli.demo.progress', { done, total })}\n`),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const evaluating = performance.now();
    const evaluated = refreshDue(db, chinaDay(systemClock.now()), getSupervisionSettings(db));
    const worklist = { persons: evaluated, seconds: ((performance.now() - evaluating) / 1000).toFixed(1) };
    if (flags.json) process.stdout.write(`${JSON.stringify({ ...summary, seconds: Number(seconds), worklistSeconds: Number(worklist.seconds) })}\n`);
    else process.stdout.write(`${report(t, summary, seconds, worklist)}\n`);
  } finally {
    db.close();
  }
}
