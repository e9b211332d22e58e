import type { Guide, GuideBlock, GuideChapter, GuideSection } from './types';
import { guideEn } from './en';
import { guideZhCN } from './zh-CN';

export * from './types';

/**
 * The guide for a UI language: Chinese (the reference text) or English (the same sections, ids and
 * order; a test holds them together). A language without a guide of its own would get the Chinese
 * one, with the one-line note `guideUi.englishNote`. The printed 操作手册 is always Chinese, as
 * every printed document is (PRINT.md).
 */
export function guideFor(locale: string): Guide {
  return locale === 'en' ? guideEn : guideZhCN;
}

/** Every guide that ships, for the tests (the first is the reference). */
export const shippedGuides: readonly Guide[] = [guideZhCN, guideEn];

/** A block's words, as the search and the tests read them. */
export function blockText(block: GuideBlock): string {
  return block.kind === 'steps' || block.kind === 'list' ? block.items.join('\n') : block.text;
}

export function sectionText(section: GuideSection): string {
  return [section.title, ...section.blocks.map(blockText)].join('\n');
}

/** The whole guide as text (tests look for forbidden words and `haven` commands in it). */
export function guideText(guide: Guide): string {
  return guide.chapters.map((c) => [c.title, ...c.sections.map(sectionText)].join('\n')).join('\n');
}

/** The search box's words as terms: split on spaces, case folded; empty when nothing is typed. */
export function searchTerms(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .slice(0, 8);
}

/**
 * The chapters and sections that hold every term (in the chapter's title, the section's title or
 * its text); a chapter whose title matches keeps all its sections. No terms: the whole guide.
 */
export function searchGuide(guide: Guide, query: string): GuideChapter[] {
  const terms = searchTerms(query);
  if (terms.length === 0) return [...guide.chapters];
  const out: GuideChapter[] = [];
  for (const chapter of guide.chapters) {
    const sections = chapter.sections.filter((section) => {
      const text = `${chapter.title}\n${sectionText(section)}`.toLowerCase();
      return terms.every((term) => text.includes(term));
    });
    if (sections.length > 0) out.push({ ...chapter, sections });
  }
  return out;
}

/** Where a section is: its chapter, or null for an unknown id. */
export function findSection(guide: Guide, id: string): { chapter: GuideChapter; section: GuideSection | null } | null {
  for (const chapter of guide.chapters) {
    if (chapter.id === id) return { chapter, section: null };
    const section = chapter.sections.find((s) => s.id === id);
    if (section) return { chapter, section };
  }
  return null;
}

/**
 * The guide's section for an app route (F1 and 帮助 open the guide there). First match wins; the
 * ids are checked against the guide by a test.
 */
const ROUTE_SECTIONS: readonly [RegExp, string][] = [
  [/^\/$/, 'dashboard'],
  [/^\/worklist/, 'worklist'],
  [/^\/persons\/new/, 'persons'],
  [/^\/persons\/import/, 'ledger-import'],
  [/^\/persons\/\d+\/measures/, 'measures-register'],
  [/^\/persons\/\d+\/agreements/, 'agreements-sign'],
  [/^\/persons\/\d+\/supervision\/leaves/, 'leave-request'],
  [/^\/persons\/\d+\/supervision\/contacts/, 'contacts'],
  [/^\/persons\/\d+\/supervision\/(absences|violations)/, 'absences-violations'],
  [/^\/persons\/\d+\/supervision/, 'tests'],
  [/^\/persons\/\d+\/care\/help/, 'care-help'],
  [/^\/persons\/\d+\/care\/keyCare/, 'care-key'],
  [/^\/persons\/\d+\/care\/clean/, 'care-clean'],
  [/^\/persons\/\d+\/care/, 'care-risk'],
  [/^\/persons\/\d+/, 'person-file'],
  [/^\/persons/, 'persons'],
  [/^\/reports/, 'reports'],
  [/^\/transfer/, 'bundles-what'],
  [/^\/settings\/backups/, 'backups-app'],
  [/^\/settings\/security/, 'lost-recovery-key'],
  [/^\/settings\/users/, 'setup-users'],
  [/^\/settings\/account/, 'lost-staff-password'],
  [/^\/settings\/audit/, 'setup-audit'],
  [/^\/settings\/templates/, 'agreements-templates'],
  [/^\/settings\/riskTable/, 'care-risk'],
  [/^\/settings\/schedules/, 'setup-settings'],
  [/^\/settings/, 'setup-settings'],
];

export const ROUTE_SECTION_IDS: readonly string[] = ROUTE_SECTIONS.map(([, id]) => id);

export function sectionForPath(pathname: string): string | null {
  return ROUTE_SECTIONS.find(([pattern]) => pattern.test(pathname))?.[1] ?? null;
}
