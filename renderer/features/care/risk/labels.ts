import type { TFunction } from 'i18next';
import i18n from '../../../i18n';
import { codeWord } from '../../../lib/errors';

/** An option's words (`risk.option.drugType.opioids`); a station's own option shows as typed. */
export function optionLabel(t: TFunction, factor: string, option: string): string {
  const key = `risk.option.${factor}.${option}`;
  return i18n.exists(key) ? codeWord(t, key) : option;
}

/** What the records say about one record-based factor, in words. */
export function recordFact(t: TFunction, factor: string, records: Record<string, number | string | null | undefined>): string | null {
  const n = (key: string) => {
    const value = records[key];
    return typeof value === 'number' ? value : null;
  };
  switch (factor) {
    case 'priorEpisodes':
      return t('careUi.risk.records.priorEpisodes', { count: n('priorEpisodes') ?? 0 });
    case 'timeClean': {
      const months = n('monthsClean');
      return months === null ? t('careUi.risk.records.monthsCleanUnknown') : t('careUi.risk.records.monthsClean', { count: months });
    }
    case 'recentViolations':
      return t('careUi.risk.records.violations', { serious: n('seriousViolations12m') ?? 0, general: n('generalViolations12m') ?? 0 });
    case 'recentPositive':
      return t('careUi.risk.records.positive', { count: n('positiveTests12m') ?? 0 });
    default:
      return null;
  }
}
