import { randomBytes } from 'node:crypto';
import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/kernel/db/database';
import { insertUser } from '../../electron/core/kernel/vault';
import { generateDemo } from '../../electron/core/demo/generate';
import { alertsAsOf } from '../../electron/core/worklist/asOf';
import { getSupervisionSettings } from '../../electron/core/kernel/supervisionSettings';
import { buildTimeline } from '../../electron/core/timeline/registry';
import { timelineSources } from '../../electron/core/timeline/sources';
import type { TimelineEntry } from '../../shared/domain/persons';
import { resources } from '../../renderer/i18n/resources';
import { entryDetail, entryTitle } from '../../renderer/features/persons/timeline/words';
import { alertSentence } from '../../renderer/features/supervision/alerts/alertActions';
import { tempDir } from './support/tmp';

const AT = '2026-03-02';

function translator(lng: 'zh-CN' | 'en'): { t: TFunction; exists: (key: string) => boolean } {
  const instance = i18next.createInstance();
  void instance.init({ resources, lng, fallbackLng: false, interpolation: { escapeValue: false }, initAsync: false });
  return { t: instance.t, exists: (key) => instance.exists(key) };
}

/** A value shaped like a code (`employment`, `community_detox`, `high`), not words someone typed. */
const CODE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/**
 * The codes among a text's params that show up in it verbatim. In Chinese no code may show at all;
 * in English a code may coincide with its own word ("other"), so only multi-word codes
 * (`skills_training`) and codes shown in place of a longer word count.
 */
function rawCodes(text: string, params: Record<string, unknown>, lng: 'zh-CN' | 'en'): string[] {
  const found: string[] = [];
  for (const value of Object.values(params)) {
    if (typeof value !== 'string' || !CODE.test(value)) continue;
    if (lng === 'en' && !value.includes('_') && !new RegExp(`(^|[^A-Za-z])${value}($|[^A-Za-z])`).test(text)) continue;
    if (lng === 'en' && !value.includes('_')) {
      // "other" rendered as "other" is a word in English; anything else still lower-case is a code.
      if (['other'].includes(value)) continue;
    }
    if (new RegExp(`(^|[^A-Za-z_])${value}($|[^A-Za-z_])`).test(text)) found.push(value);
  }
  if (/\{\{|\}\}/.test(text)) found.push('{{…}}');
  if (/\b(timeline|rules|supervision|measure|care|help)\.[a-z_]+/.test(text)) found.push('key');
  return found;
}

describe('every code shown to a user is in words (timeline and alerts, both languages)', () => {
  it('renders every timeline entry and every alert of a 200-person demo without a raw code', () => {
    const now = new Date(`${AT}T10:00:00+08:00`);
    const db = openDatabase(`${tempDir()}/words.db`, randomBytes(32));
    try {
      db.prepare(`INSERT INTO station (id, code, name, mode, created_at) VALUES (1, 'JS-NJ-01', '某街道社区戒毒社区康复工作站', 'station', ?)`).run(now.toISOString());
      insertUser(db, 'admin', '王站长', 'admin', now.toISOString());
      const summary = generateDemo(db, { persons: 200, seed: 'words', at: AT, now, actor: { userId: 1, username: 'admin', displayName: '王站长' } });
      const ids = (db.prepare('SELECT id FROM persons').all() as { id: number }[]).map((r) => r.id);
      expect(ids.length).toBeGreaterThan(100);
      const entries: TimelineEntry[] = ids.flatMap((id) => buildTimeline(db, id, timelineSources));
      const kinds = new Set(entries.map((e) => e.kind));
      // The entries that carried codes when this test was written are among them.
      for (const kind of ['risk.assessed', 'help.item_done', 'care.flagged', 'measure.register']) expect(kinds.has(kind), kind).toBe(true);
      const alerts = alertsAsOf(db, AT, getSupervisionSettings(db));
      expect(alerts.length).toBeGreaterThan(10);
      expect(summary.scenarios.showcase).toBeDefined();

      for (const lng of ['zh-CN', 'en'] as const) {
        const { t, exists } = translator(lng);
        const problems: string[] = [];
        for (const entry of entries) {
          const title = entryTitle(t, exists, entry);
          if (!exists(`timeline.${entry.kind}`)) problems.push(`${lng} ${entry.kind}: no words`);
          for (const code of rawCodes(title, entry.params, lng)) problems.push(`${lng} ${entry.kind}: "${title}" shows ${code}`);
          const detail = entryDetail(t, entry);
          for (const code of rawCodes(detail, { reasonCode: entry.params.reasonCode }, lng)) problems.push(`${lng} ${entry.kind} detail: "${detail}" shows ${code}`);
        }
        for (const alert of alerts) {
          const sentence = alertSentence(t, alert);
          if (!exists(`rules.${alert.ruleId}`)) problems.push(`${lng} rule ${alert.ruleId}: no words`);
          for (const code of rawCodes(sentence, alert.facts as Record<string, unknown>, lng)) problems.push(`${lng} rule ${alert.ruleId}: "${sentence}" shows ${code}`);
        }
        expect([...new Set(problems)].slice(0, 20)).toEqual([]);
      }
    } finally {
      db.close();
    }
  });

  it('puts the codes the issue found into words', () => {
    const { t, exists } = translator('zh-CN');
    const entry = (kind: string, params: Record<string, string | number>): TimelineEntry => ({ key: kind, date: AT, kind, params, detail: '', by: null });
    expect(entryTitle(t, exists, entry('risk.assessed', { level: 'high', score: 70 }))).toBe('风险评估：高（70 分）');
    expect(entryTitle(t, exists, entry('help.item_done', { category: 'employment', department: 'health' }))).toBe('完成帮扶：就业帮扶（卫健部门）');
    const en = translator('en');
    expect(entryTitle(en.t, en.exists, entry('help.item_done', { category: 'employment', department: 'health' }))).not.toMatch(/employment|health\b/);
  });
});
