import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { localeSchema } from '../../shared/schemas/common';
import { currentLocale, locales, setLocale } from '../i18n';

/** 中文 / English; remembered on this PC. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const value = i18n.language ? currentLocale() : 'zh-CN';
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      data-testid="language-switch"
      value={value}
      onChange={(next) => {
        const parsed = localeSchema.safeParse(next);
        if (parsed.success) setLocale(parsed.data);
      }}
      data={locales.map((locale) => ({ value: locale, label: t(`language.${locale}`) }))}
    />
  );
}
