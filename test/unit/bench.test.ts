import { describe, expect, it } from 'vitest';
import type { BenchFigures } from '../../electron/core/bench/run';
import { runCli } from './support/cli';

/** Every leaf of the figures except the texts that say what was measured. */
function figures(value: unknown, path = ''): [string, unknown][] {
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => figures(v, path ? `${path}.${k}` : k));
  return [[path, value]];
}

const TEXTS = new Set(['seed', 'at', 'samples.initials', 'samples.pinyin', 'samples.idFragment', 'samples.phoneFragment']);

describe('haven bench', () => {
  it('prints every figure as a finite number (timings are read, not asserted)', () => {
    const run = runCli(['bench', '--persons', '300', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as BenchFigures;
    const leaves = figures(result);
    const numbers = leaves.filter(([path]) => !TEXTS.has(path));
    expect(numbers.filter(([, v]) => typeof v !== 'number' || !Number.isFinite(v))).toEqual([]);
    const named = numbers.map(([path]) => path);
    expect(named).toEqual(
      expect.arrayContaining([
        'kdfMs',
        'setupMs',
        'demoSeconds',
        'databaseMB',
        'loginMs',
        'personList.firstPageMs',
        'personList.initialsMs',
        'personList.pinyinMs',
        'personList.idFragmentMs',
        'personList.phoneFragmentMs',
        'personList.deepPageMs',
        'worklist.firstEvaluationMs',
        'worklist.secondCallMs',
        'worklist.listPageMs',
        'worklist.countsMs',
        'person.getMs',
        'person.timelineMs',
        'print.caseFileMs',
        'print.caseFileKB',
        'alertsAsOf.ms',
        'memory.peakRssMB',
      ]),
    );
    expect(result).toMatchObject({ persons: 300, seed: 'bench' });
    expect(result.records).toBeGreaterThan(300);
    expect(result.personList.matches).toBeGreaterThan(0);
    expect(result.worklist.alerts).toBeGreaterThan(0);
    expect(result.person.timelineEntries).toBeGreaterThan(10);
    expect(result.alertsAsOf.alerts).toBeGreaterThan(0);
    expect(result.samples.initials).toMatch(/^[a-z]{2}$/);
    expect(result.samples.idFragment).toMatch(/^[0-9X]{6}$/);
    // Progress goes to stderr, one line per step.
    expect(run.stderr.trim().split('\n').length).toBeGreaterThanOrEqual(9);
  });

  it('refuses a bad --persons with one line and status 2', () => {
    const run = runCli(['bench', '--persons', '0']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--persons');
  });
});
