import { Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { haven } from '../../ipc';
import { useAsync } from '../../lib/useAsync';
import { Fingerprint, Mono } from './common';
import { PrintButton } from '../print';
import { LoadState } from '../../components/LoadState';

/** 本站密钥: what the other side compares by eye before it trusts this database. */
export function KeySheetCard() {
  const { t } = useTranslation();
  const load = useCallback(() => haven.bundles.keys(), []);
  const keys = useAsync(load);
  return (
    <Paper withBorder p="md" data-testid="bundles-keys">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {t('bundlesUi.keys.title')}
          </Title>
          <PrintButton size="compact-sm" request={{ document: 'keySheet' }} label={t('bundlesUi.keys.print')} data-testid="print-key-sheet" />
        </Group>
        <Text size="sm" c="dimmed">
          {t('bundlesUi.keys.hint')}
        </Text>
        <LoadState state={keys} reload={keys.reload} />
        {keys.status === 'ready' && (
          <Stack gap="xs">
            <Text size="sm">
              {t('bundlesUi.keys.station')}：{keys.data.station.name}（{keys.data.station.code}）
            </Text>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('bundlesUi.keys.fingerprint')}
                </Text>
                <Fingerprint value={keys.data.fingerprint} testId="keys-fingerprint" />
                <Text size="xs" c="dimmed">
                  {t('bundlesUi.keys.publicKey')} · {t('bundlesUi.keys.keyId')} {keys.data.keyId}
                </Text>
                <Mono testId="keys-public-key">{keys.data.publicKey}</Mono>
              </Stack>
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('bundlesUi.keys.recipientFingerprint')}
                </Text>
                <Fingerprint value={keys.data.recipientFingerprint} testId="keys-recipient-fingerprint" />
                <Text size="xs" c="dimmed">
                  {t('bundlesUi.keys.recipient')}
                </Text>
                <Mono testId="keys-recipient">{keys.data.recipient}</Mono>
              </Stack>
            </SimpleGrid>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
