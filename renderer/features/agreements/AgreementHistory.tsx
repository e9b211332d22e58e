import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconFileText, IconPrinter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Agreement } from '../../../shared/domain/agreements';
import { formatDateTime } from '../../lib/format';
import { PrintButton } from '../print';
import { AgreementStatusBadge, ShaText } from './StatusBadge';

/** Every agreement of the person, newest first: drafts, signed and voided, each with its exact text. */
export function AgreementHistory({ agreements, onViewText }: { agreements: Agreement[]; onViewText: (agreement: Agreement) => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t('agreementsUi.history.title')}
      </Title>
      {agreements.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="agreements-history-empty">
          {t('agreementsUi.history.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="agreements-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('agreementsUi.history.agreement')}</Table.Th>
                <Table.Th w={84}>{t('agreementsUi.history.version')}</Table.Th>
                <Table.Th w={160}>{t('agreementsUi.history.status')}</Table.Th>
                <Table.Th w={150}>{t('agreementsUi.history.sha')}</Table.Th>
                <Table.Th w={210}>{t('agreementsUi.history.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agreements.map((a) => (
                <Table.Tr key={a.id} data-testid="agreement-row" data-agreement-id={a.id} data-status={a.status}>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {a.title}
                    </Text>
                    <Text size="xs" c="dimmed" className="haven-tabular" style={{ whiteSpace: 'nowrap' }}>
                      {t('agreementsUi.detail.generated', { time: formatDateTime(a.generatedAt), by: a.generatedBy ?? '' })}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Text size="sm" className="haven-tabular" style={{ whiteSpace: 'nowrap' }} data-testid="agreement-row-version">
                      {t('agreementsUi.history.versionN', { version: a.templateVersion })}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <AgreementStatusBadge agreement={a} />
                    {a.status === 'voided' && (
                      <Text size="xs" c="dimmed" mt={4} style={{ overflowWrap: 'anywhere' }}>
                        {t('agreementsUi.history.voided', { date: a.voidedOn ?? '', reason: a.voidReason })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <ShaText sha={a.sha256} />
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-sm" variant="light" leftSection={<IconFileText size={14} />} onClick={() => onViewText(a)} data-testid="agreement-row-view">
                        {t('agreementsUi.actions.viewText')}
                      </Button>
                      <PrintButton size="compact-sm" variant="subtle" request={{ document: 'agreement', agreementId: a.id }} label={t('printUi.preview')} leftSection={<IconPrinter size={14} />} data-testid="agreement-row-print" />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
