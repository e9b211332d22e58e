import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Says, under a form, that its text came back from the draft kept over a lock (useFormDraft's `restored`). */
export function DraftRestoredNote({ shown }: { shown: boolean }) {
  const { t } = useTranslation();
  if (!shown) return null;
  return (
    <Text size="sm" c="teal.9" data-testid="draft-restored">
      {t('common.draftRestored')}
    </Text>
  );
}
