import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What rotating the master key does, in plain words, before and inside the confirmation. */
export function RotateExplanation() {
  const { t } = useTranslation();
  return (
    <>
      <Text size="sm">{t('settings.security.rotateBody')}</Text>
      <List size="sm" spacing={4} my="sm">
        <List.Item>{t('settings.security.rotatePoint1')}</List.Item>
        <List.Item>{t('settings.security.rotatePoint2')}</List.Item>
        <List.Item>{t('settings.security.rotatePoint3')}</List.Item>
      </List>
    </>
  );
}
