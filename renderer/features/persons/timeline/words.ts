import type { TFunction } from 'i18next';
import type { TimelineEntry } from '../../../../shared/domain/persons';
import { codeWord } from '../../../lib/errors';

/** The measure actions whose reason codes have words (`measure.suspensionReason.*`, …). */
function reasonCodeWord(t: TFunction, action: string, code: string): string {
  const list = action === 'suspend' ? 'suspensionReason' : action === 'terminate' ? 'terminationReason' : null;
  return list ? codeWord(t, `measure.${list}.${code}`) : code;
}

/**
 * Params that are codes, not words, by the entry kind's family (`risk.assessed` → `risk`) and the
 * param's name: where its word is. A code param that is not listed here would show raw
 * ("风险评估：high"); `test/unit/timelineWords.test.ts` renders every entry the demo makes, in both
 * languages, and fails on any code left in the text.
 */
const CODE_PARAMS: Record<string, Record<string, string>> = {
  measure: { kind: 'measure.kind' },
  risk: { level: 'supervision.riskLevel' },
  care: { category: 'care.category' },
  help: { category: 'help.category', department: 'help.department' },
};

/** The entry's params with every code put into words (a reason code by its action). */
export function paramsInWords(t: TFunction, entry: TimelineEntry): Record<string, string | number> {
  const params: Record<string, string | number> = { ...entry.params };
  const family = entry.kind.split('.')[0] ?? '';
  for (const [name, prefix] of Object.entries(CODE_PARAMS[family] ?? {})) {
    const value = params[name];
    if (typeof value === 'string' && value) params[name] = codeWord(t, `${prefix}.${value}`);
  }
  if (typeof params.reasonCode === 'string' && params.reasonCode) {
    params.reasonCode = reasonCodeWord(t, entry.kind.split('.').at(-1) ?? '', params.reasonCode);
  }
  return params;
}

/** The entry's title: `timeline.<kind>` with its params; an unknown kind shows its key rather than nothing. */
export function entryTitle(t: TFunction, exists: (key: string) => boolean, entry: TimelineEntry): string {
  const key = `timeline.${entry.kind}`;
  return exists(key) ? codeWord(t, key, paramsInWords(t, entry)) : entry.kind;
}

/** The line under the title: the reason in words and the entry's own text. */
export function entryDetail(t: TFunction, entry: TimelineEntry): string {
  const reason = typeof entry.params.reasonCode === 'string' && entry.params.reasonCode ? paramsInWords(t, entry).reasonCode : '';
  return [reason, entry.detail].filter(Boolean).join(' · ');
}
