import { en as sharedEn } from '../../shared/i18n/en';
import { zhCN as sharedZhCN } from '../../shared/i18n/zh-CN';
import { en as agreementsEn, zhCN as agreementsZhCN } from '../features/agreements/i18n';
import { en as bundlesEn, zhCN as bundlesZhCN } from '../features/bundles/i18n';
import { en as careEn, zhCN as careZhCN } from '../features/care/i18n';
import { en as guideEn, zhCN as guideZhCN } from '../features/guide/i18n';
import { en as ledgerEn, zhCN as ledgerZhCN } from '../features/ledger/i18n';
import { en as printEn, zhCN as printZhCN } from '../features/print/i18n';
import { en as reportsEn, zhCN as reportsZhCN } from '../features/reports/i18n';
import { en as supervisionEn, zhCN as supervisionZhCN } from '../features/supervision/i18n';
import { en as appEn } from './en';
import { zhCN as appZhCN } from './zh-CN';

type Tree = { [key: string]: string | Tree };

type Intersect<T> = (T extends unknown ? (x: T) => void : never) extends (x: infer I) => void ? I : never;

/** Merges word trees key by key; a later tree adds to an earlier one's branches (settings.tabs.*). */
function merge<T extends object[]>(...trees: T): Intersect<T[number]> {
  return mergeTrees(trees as Tree[]) as Intersect<T[number]>;
}

function mergeTrees(trees: Tree[]): Tree {
  const out: Tree = {};
  for (const tree of trees) {
    for (const [key, value] of Object.entries(tree)) {
      const existing = out[key];
      out[key] = typeof value === 'object' && typeof existing === 'object' ? mergeTrees([existing, value]) : value;
    }
  }
  return out;
}

/**
 * The one dictionary of the app, built once and statically: the words shared with the core, the
 * CLI and print (shared/i18n), the app's common words (renderer/i18n), and each feature's own
 * words (renderer/features/<feature>/i18n.ts, under the feature's namespace). Nothing registers
 * words as a side effect of being imported.
 */
export const resources = {
  'zh-CN': { translation: merge(sharedZhCN, appZhCN, agreementsZhCN, bundlesZhCN, careZhCN, guideZhCN, ledgerZhCN, printZhCN, reportsZhCN, supervisionZhCN) },
  en: { translation: merge(sharedEn, appEn, agreementsEn, bundlesEn, careEn, guideEn, ledgerEn, printEn, reportsEn, supervisionEn) },
};
