import { Alert, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../../shared/domain/types';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { AuditIntegrity } from './audit/AuditIntegrity';
import { useAuditLabels } from './audit/useAuditLabels';

const PAGE = 50;

/** 审计日志 (admin): newest first, older pages on request. */
export function AuditPanel() {
  const { t } = useTranslation();
  const { actionLabel, targetLabel } = useAuditLabels();
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [loading, setLoading] = useState(true);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const apply = useCallback((beforeId: number | undefined, request: Promise<AuditEvent[]>) => {
    request.then(
      (page) => {
        setEvents((previous) => (beforeId === undefined ? page : [...previous, ...page]));
        setHasMore(page.length === PAGE);
        setLoading(false);
      },
      (caught: unknown) => {
        setError(caught);
        setLoading(false);
      },
    );
  }, []);

  const loadPage = (beforeId?: number) => {
    setLoading(true);
    setError(null);
    apply(beforeId, haven.audit.list(beforeId === undefined ? { limit: PAGE } : { limit: PAGE, beforeId }));
  };

  useEffect(() => {
    apply(undefined, haven.audit.list({ limit: PAGE }));
  }, [apply]);

  const oldest = events.at(-1);
  return (
    <Stack gap="md">
      <Title order={3} size="h4">
        {t('settings.audit.title')}
      </Title>
      <AuditIntegrity />
      {events.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="xs" data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={150}>{t('settings.audit.time')}</Table.Th>
                <Table.Th w={140}>{t('settings.audit.user')}</Table.Th>
                <Table.Th>{t('settings.audit.action')}</Table.Th>
                <Table.Th>{t('settings.audit.target')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((event) => (
                <Table.Tr key={event.id} data-testid="audit-row" data-action={event.action}>
                  <Table.Td className="haven-tabular">{formatDateTime(event.at)}</Table.Td>
                  <Table.Td>{event.actor ?? t('settings.audit.system')}</Table.Td>
                  <Table.Td>{actionLabel(event.action)}</Table.Td>
                  <Table.Td>{targetLabel(event)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!loading && !error && events.length === 0 && <Text c="dimmed">{t('settings.audit.empty')}</Text>}
      {error !== null && (
        <Alert color="red" variant="light" title={t('common.loadFailed')}>
          {errorMessage(t, error)}
        </Alert>
      )}
      <Group justify="center">
        {loading ? (
          <Loader size="sm" />
        ) : hasMore || error !== null ? (
          <Button variant="default" onClick={() => loadPage(oldest?.id)} data-testid="audit-load-more">
            {error !== null ? t('common.retry') : t('settings.audit.loadMore')}
          </Button>
        ) : (
          events.length > 0 && (
            <Text size="sm" c="dimmed">
              {t('settings.audit.end')}
            </Text>
          )
        )}
      </Group>
    </Stack>
  );
}
