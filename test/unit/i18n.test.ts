import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../shared/ipc/errors';
import { idNumberProblems } from '../../shared/domain/idNumber';
import { hasKey, translate } from '../../shared/i18n/translate';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('shared words', () => {
  const keys = new Set<string>();
  for (const file of [...sources('electron/core'), ...sources('electron/cli'), ...sources('shared')]) {
    for (const match of readFileSync(file, 'utf8').matchAll(/['"`]((?:errors|validation|cli)\.[A-Za-z_.]+)['"`]/g)) {
      keys.add(match[1] as string);
    }
  }

  it('has every error code and every key the core, the CLI and the schemas use, in both languages', () => {
    const needed = [...keys, ...errorCodes.map((code) => `errors.${code}`), ...idNumberProblems.map((p) => `validation.idNumber.${p}`)];
    expect(needed.length).toBeGreaterThan(30);
    const missing = needed.filter((key) => !hasKey('zh-CN', key) || !hasKey('en', key));
    expect(missing).toEqual([]);
  });

  it('takes the singular form for a count of one where English has it, as i18next does on the screens', () => {
    expect(translate('en', 'errors.LEDGER_HAS_INVALID', { count: 1 })).toMatch(/^1 row has problems/);
    expect(translate('en', 'errors.LEDGER_HAS_INVALID', { count: 2 })).toMatch(/^2 rows have problems/);
    expect(translate('en', 'audit.foundFiles', { count: 1 })).toBe('1 file found');
    expect(translate('zh-CN', 'errors.LEDGER_HAS_INVALID', { count: 1 })).toMatch(/^有 1 行有误/);
  });

  it('interpolates parameters and the password minimum', () => {
    expect(translate('zh-CN', 'errors.THROTTLED', { seconds: 30 })).toBe('尝试次数过多，请 30 秒后再试。');
    expect(translate('en', 'validation.passwordTooShort')).toBe('Passwords need at least 8 characters.');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });
});

describe('words for the rules and the timeline', () => {
  it('names every rule and worklist group in both languages (shared: the CLI prints them)', async () => {
    const { ruleIds } = await import('../../shared/rules/types');
    const { worklistGroups } = await import('../../shared/rules/worklist');
    const needed = [...ruleIds.map((r) => `rules.${r}`), ...ruleIds.map((r) => `rules.name.${r}`), ...Object.keys(worklistGroups).map((g) => `rules.group.${g}`)];
    expect(needed.filter((key) => !hasKey('zh-CN', key) || !hasKey('en', key))).toEqual([]);
  });

  it('names every timeline kind in both languages (the screens\' words: only the renderer shows the timeline)', async () => {
    const { resources } = await import('../../renderer/i18n/resources');
    const needed = [
      ...['negative', 'positive', 'refused', 'missed'].map((r) => `timeline.test.${r}`),
      ...['requested', 'registered', 'approved', 'rejected', 'returned', 'returnedLate'].map((k) => `timeline.leave.${k}`),
      ...['register', 'report_in', 'suspend', 'resume', 'complete', 'terminate', 'transfer_out', 'transfer_in'].map((k) => `timeline.measure.${k}`),
      ...['report_in', 'test', 'absence'].map((k) => `timeline.goodReason.${k}`),
      'timeline.absence.recorded',
      'timeline.violation.serious',
      'timeline.violation.reported',
    ];
    const has = (locale: 'zh-CN' | 'en', key: string) => typeof key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], resources[locale].translation) === 'string';
    expect(needed.filter((key) => !has('zh-CN', key) || !has('en', key))).toEqual([]);
    // And the core's dictionary no longer carries them.
    expect(hasKey('zh-CN', 'timeline.test.positive')).toBe(false);
  });
});

describe('the app\'s one dictionary', () => {
  type Tree = { [key: string]: string | Tree };
  const keysOf = (tree: Tree, prefix = ''): string[] =>
    Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`)));
  const at = (tree: Tree, path: string): Tree | string | undefined =>
    path.split('.').reduce<Tree | string | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);

  // English's singular forms (`<key>_one`, renderer/i18n/shape.ts) stand beside a word Chinese has once.
  const ONE = /_one$/;

  it('has the same keys in Chinese and English (English adding only singular forms of words that count)', async () => {
    const { resources } = await import('../../renderer/i18n/resources');
    const zh = keysOf(resources['zh-CN'].translation as unknown as Tree).sort();
    const en = keysOf(resources.en.translation as unknown as Tree).sort();
    expect(zh.length).toBeGreaterThan(1000);
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !ONE.test(k) && !zh.includes(k))).toEqual([]);
    // A singular form belongs to a word that is in both languages and takes {{count}}.
    const english = resources.en.translation as unknown as Tree;
    const singular = en.filter((k) => ONE.test(k));
    expect(singular.length).toBeGreaterThan(10);
    for (const key of singular) {
      const base = key.replace(ONE, '');
      expect(zh, key).toContain(base);
      expect(String(at(english, base)), key).toContain('{{count}}');
    }
    expect(zh.filter((k) => ONE.test(k) || /_other$/.test(k))).toEqual([]);
  });

  it('takes the same {{variables}} in Chinese and English (a singular form may leave out {{count}})', async () => {
    const { resources } = await import('../../renderer/i18n/resources');
    const zhTree = resources['zh-CN'].translation as unknown as Tree;
    const enTree = resources.en.translation as unknown as Tree;
    const vars = (text: unknown) => [...new Set([...String(text).matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!))].sort();
    const differ: string[] = [];
    for (const key of keysOf(enTree)) {
      const zhVars = vars(at(zhTree, key.replace(ONE, '')));
      const enVars = vars(at(enTree, key));
      const expected = ONE.test(key) ? zhVars.filter((v) => v !== 'count' || enVars.includes('count')) : zhVars;
      if (expected.join() !== enVars.join()) differ.push(`${key}: zh ${zhVars.join(',')} / en ${enVars.join(',')}`);
    }
    expect(differ).toEqual([]);
  });

  it('has words under every prefix the screens build keys from (codeWord), in both languages', async () => {
    const { resources } = await import('../../renderer/i18n/resources');
    const prefixes = new Set<string>();
    for (const file of sources('renderer')) {
      for (const match of readFileSync(file, 'utf8').matchAll(/codeWord\(t, `([A-Za-z_.]+)\.\$\{/g)) prefixes.add(match[1] as string);
    }
    expect(prefixes.size).toBeGreaterThan(10);
    for (const locale of ['zh-CN', 'en'] as const) {
      const missing = [...prefixes].filter((p) => typeof at(resources[locale].translation as unknown as Tree, p) !== 'object');
      expect(missing, locale).toEqual([]);
    }
  });
});

describe('long jobs on the progress bar', () => {
  it('titles every job the core runs, in both languages, and names no job the core does not run', async () => {
    const { JOB_TITLES, BESIDE_OTHER_WORK } = await import('../../renderer/components/jobTitles');
    const { resources } = await import('../../renderer/i18n/resources');
    const run = new Set<string>();
    for (const file of sources('electron/core')) {
      for (const match of readFileSync(file, 'utf8').matchAll(/jobs\s*\.run\(\s*'([^']+)'/g)) run.add(match[1] as string);
    }
    expect(run.size).toBeGreaterThan(10);
    expect(Object.keys(JOB_TITLES).sort()).toEqual([...run].sort());
    expect([...BESIDE_OTHER_WORK].filter((job) => !run.has(job))).toEqual([]);
    for (const locale of ['zh-CN', 'en'] as const) {
      const words = resources[locale].translation as unknown as Record<string, unknown>;
      const missing = Object.values(JOB_TITLES).filter((key) => typeof key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], words) !== 'string');
      expect(missing, locale).toEqual([]);
    }
  });
});

describe('audit actions', () => {
  it('every action the audit log can record has words in Chinese and English (printouts, the CLI and the screens)', async () => {
    const { auditActions } = await import('../../shared/ipc/auditActions');
    const { translate } = await import('../../shared/i18n/translate');
    expect(auditActions.length).toBeGreaterThan(90);
    for (const locale of ['zh-CN', 'en'] as const) {
      const missing = auditActions.filter((action) => translate(locale, `audit.actions.${action}`) === `audit.actions.${action}`);
      expect(missing, locale).toEqual([]);
    }
    // No words for actions that no longer exist either (a renamed action leaves none behind).
    const { zhCN } = await import('../../shared/i18n/zh-CN');
    const leaves = (tree: object, prefix = ''): string[] =>
      Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leaves(v as object, `${prefix}${k}.`)));
    expect(leaves((zhCN as unknown as { audit: { actions: object } }).audit.actions).filter((a) => !(auditActions as readonly string[]).includes(a))).toEqual([]);
  });
});
