import { Alert, Code, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Agreement } from '../../../shared/domain/agreements';
import { AgreementStatusBadge } from './StatusBadge';
import { GuardedModal } from '../../components/GuardedModal';

/** The exact stored text of an agreement, read-only, with its full hash. */
export function AgreementTextModal({ agreement, onClose }: { agreement: Agreement; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <GuardedModal opened onClose={onClose} title={t('agreementsUi.text.title', { title: agreement.title })} size="min(900px, 96vw)" centered>
      <Stack gap="sm" data-testid="agreement-text-modal" data-agreement-id={agreement.id}>
        <Group gap="sm">
          <AgreementStatusBadge agreement={agreement} />
          <Text size="sm" c="dimmed">
            {t('agreementsUi.history.versionN', { version: agreement.templateVersion })}
          </Text>
        </Group>
        <Alert variant="light" color="gray" icon={<IconLock size={18} />} p="xs">
          <Text size="sm">{t('agreementsUi.text.readOnly')}</Text>
        </Alert>
        <Text size="sm">
          {t('agreementsUi.text.sha')}
          <Code data-testid="agreement-text-sha256" style={{ overflowWrap: 'anywhere' }}>
            {agreement.sha256}
          </Code>
        </Text>
        <Paper withBorder p="lg" radius="sm">
          <ScrollArea.Autosize mah="calc(100dvh - 330px)" type="auto" offsetScrollbars>
            <Text
              component="div"
              data-testid="agreement-text"
              style={{ whiteSpace: 'pre-wrap', fontFamily: "'Noto Serif SC', serif", lineHeight: 1.9, overflowWrap: 'anywhere' }}
            >
              {agreement.text}
            </Text>
          </ScrollArea.Autosize>
        </Paper>
      </Stack>
    </GuardedModal>
  );
}
