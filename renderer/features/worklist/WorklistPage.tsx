import { Alert, Badge, Button, Checkbox, Group, Pagination, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Alert as RuleAlert } from '../../../shared/rules/types';
import { worklistGroups, type WorklistGroup } from '../../../shared/rules/worklist';
import { haven } from '../../ipc';
import { useAsync } from '../../lib/useAsync';
import { actionLabelKey, alertSentence, ArticleLabel, type AlertDialogKind } from '../supervision';
import { AlertActionDialog } from './AlertActionDialog';
import { codeWord } from '../../lib/errors';
import { useCanWrite } from '../../lib/writeAccess';
import { Link } from 'react-router-dom';
import { LoadState } from '../../components/LoadState';
import { WorklistTable } from './WorklistTable';
import { useSession } from '../../app/session';
import { WorklistExportButton } from '../ledger';
import { StationDataNotice } from './StationDataNotice';

export const PAGE_SIZE = 50;
/** Person groups; the station's own alerts (staffing) are not rows of the list but a banner above it. */
const groups = (Object.keys(worklistGroups) as WorklistGroup[]).filter((g) => g !== 'station');
const fetchDirectory = () => haven.users.directory();

function isGroup(value: string | null): value is WorklistGroup {
  return value !== null && (groups as string[]).includes(value);
}

/**
 * 待办: today's alerts of the whole station, by group, filtered by staff in charge (at a
 * supervisor: by station, each row naming the station's caseworker); each row links to the person
 * and can be answered or dismissed right here. The filters live in the URL, so the dashboard's
 * cards link straight to a group and "back" returns to the same view.
 */
export function WorklistPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const groupParam = params.get('group');
  const group = isGroup(groupParam) ? groupParam : null;
  const session = useSession();
  const supervisor = session.station.mode === 'supervisor';
  const staffParam = Number(params.get('staff'));
  // A supervisor's users keep no files (a station's caseworker comes as a name with its files):
  // no 责任社工 filter there, and a link carrying one filters nothing unseen.
  const staffUserId = !supervisor && Number.isInteger(staffParam) && staffParam > 0 ? staffParam : null;
  const includeDismissed = params.get('dismissed') === '1';
  const stationCode = supervisor ? params.get('station') : null;
  const canWrite = useCanWrite();
  const loadStations = useCallback(() => (supervisor ? haven.bundles.stations() : Promise.resolve([])), [supervisor]);
  const stations = useAsync(loadStations);
  const pageParam = Number(params.get('page'));
  const page = Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1;

  // The badges count what the list below them shows: the chosen station's files only.
  const fetchCounts = useCallback(() => haven.worklist.counts({ stationCode }), [stationCode]);
  const counts = useAsync(fetchCounts);
  const fetchStaff = useCallback(() => (supervisor ? Promise.resolve<Awaited<ReturnType<typeof fetchDirectory>>>([]) : fetchDirectory()), [supervisor]);
  const directory = useAsync(fetchStaff);
  const load = useCallback(
    () => haven.worklist.list({ group, staffUserId, stationCode, includeDismissed, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    [group, staffUserId, stationCode, includeDismissed, page],
  );
  const list = useAsync(load);
  const [dialog, setDialog] = useState<{ alert: RuleAlert; kind: AlertDialogKind } | null>(null);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  const done = () => {
    setDialog(null);
    list.reload();
    counts.reload();
  };

  const byGroup = counts.status === 'ready' ? counts.data.byGroup : null;
  // At a supervisor: how old each station's files are (the list is as of today, they are not).
  const dataDates = counts.status === 'ready' ? new Map(counts.data.stations.map((s) => [s.code, s])) : undefined;
  const total = byGroup ? groups.reduce((sum, g) => sum + byGroup[g], 0) : null;
  const visibleGroups = groups.filter((g) => g === group || (byGroup !== null && byGroup[g] > 0));
  const pages = list.status === 'ready' ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  return (
    <Stack gap="md" data-testid="worklist-page">
      <Group justify="space-between" align="baseline">
        <Title order={2}>{t('worklist.title')}</Title>
        {counts.status === 'ready' && (
          <Group gap="sm">
            <Text c="dimmed" size="sm" className="haven-tabular" data-testid="worklist-as-of">
              {t('worklist.asOf', { date: counts.data.asOf })}
            </Text>
            <WorklistExportButton filter={{ group, staffUserId, stationCode, includeDismissed }} />
          </Group>
        )}
      </Group>
      {counts.status === 'ready' && <StationDataNotice stations={counts.data.stations} today={counts.data.asOf} />}
      {counts.status === 'ready' &&
        counts.data.station.map((alert) => (
          <Alert key={alert.key} color="orange" variant="light" icon={<IconAlertTriangle size={20} />} data-testid="station-alert">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2}>
                <Text size="sm">{alertSentence(t, alert)}</Text>
                <ArticleLabel article={alert.article} />
              </Stack>
              <Group gap={6} wrap="nowrap">
                {/* Staffing is answered in 设置 › 用户 (more staff), not on a person's file. */}
                {canWrite && session.user.role === 'admin' ? (
                  <Button size="compact-sm" component={Link} to="/settings/users" data-testid="station-alert-act">
                    {codeWord(t, actionLabelKey.staff)}
                  </Button>
                ) : (
                  canWrite && (
                    <Text size="xs" c="dimmed" maw={260} data-testid="station-alert-info">
                      {t('worklist.info.staffAdminOnly')}
                    </Text>
                  )
                )}
                <Button size="compact-sm" variant="subtle" color="gray" onClick={() => setDialog({ alert, kind: 'dismiss' })} data-testid="station-alert-dismiss">
                  {t('supervisionUi.alerts.dismiss')}
                </Button>
              </Group>
            </Group>
          </Alert>
        ))}
      <Tabs value={group ?? 'all'} onChange={(value) => update({ group: value === 'all' || value === null ? null : value })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="all" data-testid="worklist-group-all" rightSection={total !== null ? <CountBadge count={total} /> : null}>
            {t('worklist.all')}
          </Tabs.Tab>
          {visibleGroups.map((g) => (
            <Tabs.Tab
              key={g}
              value={g}
              data-testid={`worklist-group-${g}`}
              rightSection={byGroup ? <CountBadge count={byGroup[g]} critical={g === 'serious_breach'} /> : null}
            >
              {t(`rules.group.${g}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group gap="lg" wrap="wrap">
        {supervisor && (
          <Select
            placeholder={t('worklist.allStations')}
            aria-label={t('worklist.stationFilter')}
            data={stations.status === 'ready' ? stations.data.map((s) => ({ value: s.code, label: t('common.withNote', { text: s.name, note: s.code }) })) : []}
            value={stationCode}
            onChange={(value) => update({ station: value })}
            clearable
            searchable
            w={240}
            comboboxProps={{ withinPortal: true }}
            data-testid="worklist-station"
          />
        )}
        {!supervisor && (
          <Select
            placeholder={t('worklist.allStaff')}
            aria-label={t('worklist.staff')}
            data={directory.status === 'ready' ? directory.data.map((u) => ({ value: String(u.id), label: u.displayName })) : []}
            value={staffUserId !== null ? String(staffUserId) : null}
            onChange={(value) => update({ staff: value })}
            clearable
            w={200}
            comboboxProps={{ withinPortal: true }}
            data-testid="worklist-staff"
          />
        )}
        <Checkbox
          label={t('worklist.showDismissed')}
          checked={includeDismissed}
          onChange={(event) => update({ dismissed: event.currentTarget.checked ? '1' : null })}
          data-testid="worklist-show-dismissed"
        />
        {list.status === 'ready' && (
          <Text size="sm" c="dimmed" data-testid="worklist-total">
            {t('worklist.total', { count: list.data.total })}
          </Text>
        )}
      </Group>
      <LoadState state={list} reload={list.reload} />
      {list.status === 'ready' && list.data.rows.length === 0 && (
        <Text c="dimmed" py="md" data-testid="worklist-empty">
          {group ? t('worklist.emptyGroup') : t('worklist.empty')}
        </Text>
      )}
      {list.status === 'ready' && list.data.rows.length > 0 && <WorklistTable rows={list.data.rows} dataDates={dataDates} onAction={(alert, kind) => setDialog({ alert, kind })} />}
      {pages > 1 && (
        <Group justify="center">
          <Pagination
            total={pages}
            value={page}
            onChange={(value) => update({ page: String(value) })}
            // The arrows and numbers have no words of their own: screen readers need them.
            getControlProps={(control) => ({ 'aria-label': t(`common.pagination.${control}`) })}
            getItemProps={(n) => ({ 'aria-label': t('common.pagination.page', { page: n }) })}
            data-testid="worklist-pagination"
          />
        </Group>
      )}
      {dialog && (
        <AlertActionDialog
          alert={dialog.alert}
          kind={dialog.kind}
          personName={'personName' in dialog.alert ? (dialog.alert as { personName: string | null }).personName : null}
          gender={'gender' in dialog.alert ? (dialog.alert as { gender: 'male' | 'female' | null }).gender : null}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
    </Stack>
  );
}

function CountBadge({ count, critical = false }: { count: number; critical?: boolean }) {
  return (
    <Badge size="sm" variant={critical && count > 0 ? 'filled' : 'light'} color={critical && count > 0 ? 'red' : 'gray'} className="haven-tabular">
      {count}
    </Badge>
  );
}
