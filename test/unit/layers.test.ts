import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const CORE = 'electron/core';

/** Folder → folders it imports (type imports too), from the sources as they are. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const files = readdirSync(CORE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const from = file.split('/')[0]!.replace(/\.ts$/, '');
    const text = readFileSync(join(CORE, file), 'utf8');
    for (const match of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
      const target = relative(CORE, normalize(join(dirname(join(CORE, file)), match[1]!)));
      if (target.startsWith('..')) continue;
      const to = target.split('/')[0]!.replace(/\.ts$/, '');
      if (to !== from) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/** Strongly connected components with more than one folder (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('core layers', () => {
  it('no import cycle between core folders', () => {
    const graph = folderGraph();
    expect(graph.size).toBeGreaterThan(20);
    expect(cycles(graph)).toEqual([]);
    // The kernel imports nothing above it.
    expect([...(graph.get('kernel') ?? [])]).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('lint refuses imports against the layers (core and renderer), and allows declared exceptions and index imports', async () => {
    const eslint = new ESLint({ cwd: process.cwd() });
    const dir = 'test/fixtures/layers';
    const results: Record<string, string[]> = {};
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts.txt'))) {
      const code = readFileSync(join(dir, name), 'utf8');
      const as = /^\/\/ as: (\S+)/.exec(code)![1]!;
      const [result] = await eslint.lintText(code, { filePath: as });
      results[name] = result!.messages.map((m) => m.ruleId ?? m.message);
    }
    expect(results).toEqual({
      'kernel-imports-feature.ts.txt': ['no-restricted-imports'],
      'feature-imports-feature.ts.txt': ['no-restricted-imports'],
      'feature-imports-view.ts.txt': ['no-restricted-imports'],
      'view-imports-root.ts.txt': ['no-restricted-imports'],
      'declared-exception.ts.txt': [],
      'renderer-deep-import.ts.txt': ['no-restricted-imports'],
      'renderer-index-import.ts.txt': [],
    });
  }, 60_000);
});
