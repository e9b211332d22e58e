import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PrintButton } from '../print';
import { GuideView } from './GuideView';

/** 帮助: the guide, opened at `?section=` (F1 and the navbar pass the current screen's section). */
export function GuidePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const section = params.get('section');
  return (
    <div data-testid="guide-page">
      <Title order={2} mb="md">
        {t('guideUi.title')}
      </Title>
      <GuideView
        key={section ?? ''}
        initialSection={section}
        actions={<PrintButton request={{ document: 'guide' }} label={t('guideUi.print')} data-testid="guide-print" shortcut />}
      />
    </div>
  );
}
