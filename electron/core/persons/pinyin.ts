import { pinyin } from 'pinyin-pro';

/**
 * Search keys for a name: full pinyin without tones or spaces ("zhangsan") and initials ("zs"),
 * read in surname mode so 单/曾/仇 as surnames get their surname readings. Non-Chinese letters
 * pass through lower-cased.
 */
export function nameSearchKeys(name: string): { pinyin: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true, nonZh: 'consecutive' });
  const clean = syllables.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter((s) => s.length > 0);
  return { pinyin: clean.join(''), initials: clean.map((s) => s[0]).join('') };
}
