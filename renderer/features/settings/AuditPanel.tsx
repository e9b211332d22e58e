import { Alert, Badge, Button, CloseButton, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { AuditEvent, UserSummary } from '../../../shared/domain/types';
import { auditActions } from '../../../shared/ipc/auditActions';
import type { InputOf } from '../../../shared/ipc/contract';
import { DateField } from '../../components/DateField';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { formatDateTime } from '../../lib/format';
import { PrintButton } from '../print';
import { AuditDetails, AuditDetailsToggle, shownDetails } from './audit/AuditDetails';
import { AuditIntegrity } from './audit/AuditIntegrity';
import { useAuditLabels } from './audit/useAuditLabels';

const PAGE = 50;

type Filters = Omit<InputOf<'audit:list'>, 'limit' | 'beforeId'>;

/**
 * 审计日志 (admin): newest first, older pages on request; filtered by user, action and days, and
 * by person when opened from a file (`?person=ID`: that person's access history, printable).
 */
export function AuditPanel() {
  const { t, i18n } = useTranslation();
  const { actionLabel, targetLabel } = useAuditLabels();
  const [params, setParams] = useSearchParams();
  const personId = Number(params.get('person')) || undefined;
  const [userId, setUserId] = useState<string | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [loading, setLoading] = useState(true);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The events whose details (changes, reason) are shown in a row under them.
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const filters = useMemo<Filters>(
    () => ({
      ...(personId ? { personId } : {}),
      ...(userId ? { userId: Number(userId) } : {}),
      ...(action ? { action } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    }),
    [personId, userId, action, from, to],
  );

  const fetchPage = useCallback(
    (beforeId: number | undefined, isCurrent: () => boolean) =>
      haven.audit.list({ ...filters, limit: PAGE, ...(beforeId ? { beforeId } : {}) }).then(
        (page) => {
          if (!isCurrent()) return;
          setEvents((previous) => (beforeId === undefined ? page : [...previous, ...page]));
          setHasMore(page.length === PAGE);
          setError(null);
          setLoading(false);
        },
        (caught: unknown) => {
          if (!isCurrent()) return;
          setError(caught);
          setLoading(false);
        },
      ),
    [filters],
  );

  // New filters: the first page again (an answer to older filters that arrives late is dropped).
  useEffect(() => {
    let current = true;
    void fetchPage(undefined, () => current);
    return () => {
      current = false;
    };
  }, [fetchPage]);

  const loadMore = (beforeId: number | undefined) => {
    setLoading(true);
    setError(null);
    void fetchPage(beforeId, () => true);
  };
  useEffect(() => {
    haven.users.list({}).then(setUsers, () => setUsers([]));
  }, []);

  const [exporting, setExporting] = useState(false);
  const exportLog = async () => {
    setExporting(true);
    try {
      const made = await haven.audit.export({ ...filters, locale: i18n.language === 'en' ? 'en' : 'zh-CN' });
      const { path } = await haven.shell.saveSpreadsheet({ jobId: made.jobId });
      if (path) notifySuccess(t('settings.audit.exported', { path, rows: made.rows }));
    } catch (caught) {
      setError(caught);
    } finally {
      setExporting(false);
    }
  };

  const actionOptions = useMemo(() => auditActions.map((a) => ({ value: a, label: actionLabel(a) })), [actionLabel]);
  const userOptions = users.map((u) => ({ value: String(u.id), label: t('common.withNote', { text: u.displayName, note: u.username }) }));
  const person = personId ? events.find((e) => e.person?.id === personId)?.person : undefined;
  const oldest = events.at(-1);

  return (
    <Stack gap="md">
      <Title order={3} size="h4">
        {t('settings.audit.title')}
      </Title>
      <AuditIntegrity />
      <Group gap="sm" align="flex-end" wrap="wrap" data-testid="audit-filters">
        <Select label={t('settings.audit.filterUser')} data={userOptions} value={userId} onChange={setUserId} clearable searchable w={200} data-testid="audit-filter-user" />
        <Select label={t('settings.audit.filterAction')} data={actionOptions} value={action} onChange={setAction} clearable searchable w={240} data-testid="audit-filter-action" />
        <DateField label={t('settings.audit.filterFrom')} value={from} onChange={setFrom} clearable w={150} data-testid="audit-filter-from" />
        <DateField label={t('settings.audit.filterTo')} value={to} onChange={setTo} clearable w={150} data-testid="audit-filter-to" />
        <Button variant="default" leftSection={<IconFileSpreadsheet size={16} />} loading={exporting} onClick={() => void exportLog()} data-testid="audit-export">
          {t('settings.audit.export')}
        </Button>
      </Group>
      {personId && (
        <Group gap="sm" data-testid="audit-person">
          <Badge size="lg" variant="light" rightSection={<CloseButton size="xs" aria-label={t('settings.audit.clearPerson')} onClick={() => setParams({})} />}>
            {t('settings.audit.onlyPerson', { name: person ? t('common.withNote', { text: person.name, note: person.idMasked }) : `#${personId}` })}
          </Badge>
          <PrintButton size="compact-sm" request={{ document: 'accessHistory', personId }} label={t('settings.audit.printHistory')} data-testid="print-access-history" />
        </Group>
      )}
      {events.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="xs" data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={150}>{t('settings.audit.time')}</Table.Th>
                <Table.Th w={170}>{t('settings.audit.user')}</Table.Th>
                <Table.Th>{t('settings.audit.action')}</Table.Th>
                <Table.Th>{t('settings.audit.target')}</Table.Th>
                <Table.Th>{t('settings.audit.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((event) => {
                const shown = shownDetails(event);
                const open = shown !== null && expanded.has(event.id);
                const detailsId = `audit-details-${event.id}`;
                return (
                  <Fragment key={event.id}>
                    <Table.Tr data-testid="audit-row" data-action={event.action}>
                      <Table.Td className="haven-tabular">{formatDateTime(event.at)}</Table.Td>
                      <Table.Td>{event.actorName ? t('common.withNote', { text: event.actorName, note: event.actor }) : (event.actor ?? t('settings.audit.system'))}</Table.Td>
                      <Table.Td>{actionLabel(event.action)}</Table.Td>
                      <Table.Td>{event.person ? t('common.withNote', { text: event.person.name, note: event.person.idMasked }) : targetLabel(event)}</Table.Td>
                      <Table.Td>{shown && <AuditDetailsToggle shown={shown} open={open} controls={detailsId} onToggle={() => toggle(event.id)} />}</Table.Td>
                    </Table.Tr>
                    {open && (
                      <Table.Tr id={detailsId} data-testid="audit-details-row">
                        <Table.Td colSpan={5}>
                          <AuditDetails event={event} shown={shown} users={users} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!loading && !error && events.length === 0 && <Text c="gray.7">{t('settings.audit.empty')}</Text>}
      {error !== null && (
        <Alert color="red" variant="light" title={t('common.loadFailed')}>
          {errorMessage(t, error)}
        </Alert>
      )}
      <Group justify="center">
        {loading ? (
          <Loader size="sm" role="status" aria-label={t('app.loading')} />
        ) : hasMore || error !== null ? (
          <Button variant="default" onClick={() => loadMore(oldest?.id)} data-testid="audit-load-more">
            {error !== null ? t('common.retry') : t('settings.audit.loadMore')}
          </Button>
        ) : (
          events.length > 0 && (
            <Text size="sm" c="gray.7">
              {t('settings.audit.end')}
            </Text>
          )
        )}
      </Group>
    </Stack>
  );
}
