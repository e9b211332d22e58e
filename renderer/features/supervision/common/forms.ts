import type { TFunction } from 'i18next';
/** "省市县" joined without separators, as addresses are written. */
export function placeOf(parts: { province: string; city: string; county: string }): string {
  return [parts.province, parts.city, parts.county].filter(Boolean).join('');
}

/**
 * The words of a record's remove dialog. The hint is the record kind's own: what the audit log
 * keeps of it differs, and tests and absences count toward the serious-breach rules.
 */
export function removeWords(t: TFunction, kind: 'tests' | 'contacts' | 'absences') {
  return {
    label: t('supervisionUi.common.remove'),
    confirmLabel: t('supervisionUi.common.removeConfirm'),
    menuLabel: t('supervisionUi.common.rowMenu'),
    title: t('supervisionUi.common.removeTitle'),
    hint: t(`supervisionUi.${kind}.removeHint`),
    doneMessage: t('supervisionUi.common.removed'),
  };
}
