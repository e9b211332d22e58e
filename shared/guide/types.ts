/**
 * The user guide (操作手册) as data: chapters of sections of blocks. The app's 帮助 page, its
 * search and the printed 操作手册 all read the same structure, so the text lives once, here in
 * shared/guide, and never inside a component.
 */

/** One piece of a section: a paragraph, numbered steps, a list, a command line, or a caution. */
export type GuideBlock =
  | { kind: 'p'; text: string }
  | { kind: 'steps'; items: readonly string[] }
  | { kind: 'list'; items: readonly string[] }
  /** Command lines, shown and printed in a monospaced box, never wrapped into prose. */
  | { kind: 'code'; text: string }
  | { kind: 'note'; text: string };

export interface GuideSection {
  /** Stable, unique in the guide (the app opens the guide at it: `/guide?section=<id>`). */
  id: string;
  title: string;
  blocks: readonly GuideBlock[];
}

/** The chapters every shipped guide has, in order (a test checks each locale names them all). */
export const GUIDE_CHAPTERS = [
  'about',
  'first-setup',
  'daily-work',
  'measures',
  'agreements',
  'leave',
  'care',
  'printing',
  'bundles',
  'ledger-reports',
  'backups',
  'lost-password',
  'command-line',
] as const;

export type GuideChapterId = (typeof GUIDE_CHAPTERS)[number];

export interface GuideChapter {
  id: GuideChapterId;
  title: string;
  sections: readonly GuideSection[];
}

export interface Guide {
  /** The language the text is written in (the English app shows the Chinese guide: see index.ts). */
  locale: 'zh-CN' | 'en';
  title: string;
  /** The date the text was last checked against the app, printed on the cover. */
  checkedOn: string;
  chapters: readonly GuideChapter[];
}
