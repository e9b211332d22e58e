import { Alert, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AgreementTemplate } from '../../../../shared/domain/agreements';
import { formatDateTime } from '../../../lib/format';
import { GuardedModal } from '../../../components/GuardedModal';

/** A template version as saved, read-only. */
export function TemplateVersionModal({ template, onClose }: { template: AgreementTemplate; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <GuardedModal opened onClose={onClose} title={t('agreementsUi.templates.versionTitle', { title: template.title, version: template.version })} size="min(900px, 96vw)" centered>
      <Stack gap="sm" data-testid="template-version-modal" data-version={template.version}>
        <Text size="sm" c="dimmed">
          {t('agreementsUi.templates.currentMeta', { time: formatDateTime(template.createdAt), by: template.createdBy ?? t('agreementsUi.templates.builtIn') })}
          {template.note ? ` · ${template.note}` : ''}
        </Text>
        <Alert variant="light" color="gray" icon={<IconLock size={18} />} p="xs">
          <Text size="sm">{t('agreementsUi.templates.readOnly')}</Text>
        </Alert>
        <Paper withBorder p="lg" radius="sm">
          <ScrollArea.Autosize mah="calc(100dvh - 300px)" type="auto" offsetScrollbars>
            <Text fw={700} ta="center" mb="sm">
              {template.title}
            </Text>
            <Text component="div" size="sm" style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8, overflowWrap: 'anywhere' }} data-testid="template-version-body">
              {template.body}
            </Text>
          </ScrollArea.Autosize>
        </Paper>
      </Stack>
    </GuardedModal>
  );
}
