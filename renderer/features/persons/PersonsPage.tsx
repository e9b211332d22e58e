import { Alert, Button, CloseButton, Group, Select, Switch, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilterOff, IconSearch, IconTableImport, IconUserPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { SHORTCUTS, type FocusSearchState } from '../../app/useShortcuts';
import { measureKinds, measureStatuses } from '../../../shared/domain/measures';
import { riskLevels } from '../../../shared/domain/supervision';
import { errorMessage } from '../../lib/errors';
import { PersonsTable, type Sort } from './list/PersonsTable';
import { usePersonPages, type ListFilters } from './list/usePersonPages';
import { useStaffDirectory } from './shared';
import { useSession } from '../../app/session';
import { codeOf } from '../../lib/format';
import { haven } from '../../ipc';
import { useAsync } from '../../lib/useAsync';
import { LedgerExportButton } from '../ledger';

const SEARCH_DEBOUNCE_MS = 250;
const DEFAULT_SORT: Sort = { field: 'updatedAt', direction: 'desc' };
const statusFilters = [...measureStatuses, 'none'] as const;
const riskFilters = [...riskLevels, 'unassessed'] as const;

/**
 * 人员档案: every file of the station in one windowed list, searched and filtered by the core
 * (name, full pinyin or initials, ID-number or phone fragment). Opening a row opens the file;
 * the list itself never opens files, so browsing it is not an audited act.
 */
export function PersonsPage() {
  const { t } = useTranslation();
  const { station } = useSession();
  const navigate = useNavigate();
  const staff = useStaffDirectory();
  const [search, setSearch] = useState('');
  // Ctrl+F (from any screen) lands here with the search box focused.
  const location = useLocation();
  const searchRef = useRef<HTMLInputElement>(null);
  const focusSearch = (location.state as FocusSearchState | null)?.focusSearch === true;
  useEffect(() => {
    if (focusSearch) searchRef.current?.focus();
  }, [focusSearch, location.key]);
  const [query] = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const [measureKind, setMeasureKind] = useState<ListFilters['measureKind']>(null);
  const [measureStatus, setMeasureStatus] = useState<ListFilters['measureStatus']>(null);
  const [staffUserId, setStaffUserId] = useState<number | null>(null);
  const [riskLevel, setRiskLevel] = useState<ListFilters['riskLevel']>(null);
  const [archived, setArchived] = useState(false);
  const [stationCode, setStationCode] = useState<string | null>(null);
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  // A supervisor's files come from its stations: filter by one of them.
  const supervisor = station.mode === 'supervisor';
  const loadStations = useCallback(() => (supervisor ? haven.bundles.stations() : Promise.resolve([])), [supervisor]);
  const stations = useAsync(loadStations);

  const filters = useMemo<ListFilters>(
    () => ({ query, measureKind, measureStatus, staffUserId, riskLevel, stationCode, archived, sort: sort.field, direction: sort.direction }),
    [query, measureKind, measureStatus, staffUserId, riskLevel, stationCode, archived, sort],
  );
  const list = usePersonPages(filters);
  const resetKey = JSON.stringify(filters);
  const filtered =
    search !== '' ||
    measureKind !== null ||
    measureStatus !== null ||
    staffUserId !== null ||
    riskLevel !== null ||
    stationCode !== null ||
    archived ||
    sort !== DEFAULT_SORT;

  const clearAll = () => {
    setSearch('');
    setMeasureKind(null);
    setMeasureStatus(null);
    setStaffUserId(null);
    setRiskLevel(null);
    setStationCode(null);
    setArchived(false);
    setSort(DEFAULT_SORT);
  };

  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        gap: 'var(--mantine-spacing-sm)',
        height: 'calc(100dvh - var(--app-shell-header-height, 56px) - 2 * var(--mantine-spacing-lg))',
        minHeight: 360,
      }}
    >
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" align="baseline" wrap="nowrap">
          <Title order={2}>{t('nav.persons')}</Title>
          {list.total !== null && (
            <Text c="dimmed" size="sm" data-testid="persons-total">
              {t('persons.list.total', { count: list.total })}
            </Text>
          )}
        </Group>
        <Group gap="sm" wrap="nowrap">
          <LedgerExportButton filter={filters} total={list.total} />
          {/* A supervisor's database holds the stations' files only: nothing is created or imported here. */}
          {station.mode === 'station' && (
            <Button variant="default" leftSection={<IconTableImport size={18} />} onClick={() => navigate('/persons/import')} data-testid="ledger-import-open">
              {t('ledger.import.button')}
            </Button>
          )}
          {station.mode === 'station' && (
            <Tooltip label={t('common.shortcut', { keys: SHORTCUTS.newFile })} withArrow>
              <Button leftSection={<IconUserPlus size={18} />} onClick={() => navigate('/persons/new')} aria-keyshortcuts="Control+N" data-testid="new-person">
                {t('persons.list.new')}
              </Button>
            </Tooltip>
          )}
        </Group>
      </Group>

      <Group gap="sm" wrap="wrap" align="flex-end">
        {/* The shortcut in a tooltip, as on 新建档案: in the placeholder it pushed the words out of a narrow box. */}
        <Tooltip label={t('common.shortcut', { keys: SHORTCUTS.search })} withArrow>
          <TextInput
            aria-label={t('persons.list.search')}
            placeholder={t('persons.list.searchPlaceholder')}
            ref={searchRef}
            aria-keyshortcuts="Control+F"
            leftSection={<IconSearch size={16} />}
            rightSection={search ? <CloseButton size="sm" aria-label={t('persons.list.clearSearch')} onClick={() => setSearch('')} /> : null}
            value={search}
            maxLength={40}
            onChange={(event) => setSearch(event.currentTarget.value)}
            style={{ flex: '1 1 240px', maxWidth: 420 }}
            data-testid="persons-search"
          />
        </Tooltip>
        {supervisor && (
          <Select
            aria-label={t('persons.list.filterStation')}
            placeholder={t('persons.list.filterStation')}
            data={stations.status === 'ready' ? stations.data.map((s) => ({ value: s.code, label: t('common.withNote', { text: s.name, note: s.code }) })) : []}
            value={stationCode}
            onChange={setStationCode}
            clearable
            searchable
            w={220}
            data-testid="filter-station"
          />
        )}
        <Select
          aria-label={t('persons.list.filterKind')}
          placeholder={t('persons.list.filterKind')}
          data={measureKinds.map((code) => ({ value: code, label: t(`measure.kind.${code}`) }))}
          value={measureKind}
          onChange={(value) => setMeasureKind(codeOf(measureKinds, value))}
          clearable
          w={140}
          data-testid="filter-kind"
        />
        <Select
          aria-label={t('persons.list.filterStatus')}
          placeholder={t('persons.list.filterStatus')}
          data={statusFilters.map((code) => ({ value: code, label: t(`measure.status.${code}`) }))}
          value={measureStatus}
          onChange={(value) => setMeasureStatus(codeOf(statusFilters, value))}
          clearable
          w={140}
          data-testid="filter-status"
        />
        <Select
          aria-label={t('persons.list.filterRisk')}
          placeholder={t('persons.list.filterRisk')}
          data={riskFilters.map((code) => ({ value: code, label: t(`supervision.riskLevel.${code}`) }))}
          value={riskLevel}
          onChange={(value) => setRiskLevel(codeOf(riskFilters, value))}
          clearable
          w={120}
          data-testid="filter-risk"
        />
        {/* A supervisor's users keep no files: a station's caseworker comes as a name with its files (the 责任社工 column). */}
        {!supervisor && (
          <Select
            aria-label={t('persons.list.filterStaff')}
            placeholder={t('persons.list.filterStaff')}
            data={staff.status === 'ready' ? staff.data.map((user) => ({ value: String(user.id), label: user.displayName })) : []}
            value={staffUserId === null ? null : String(staffUserId)}
            onChange={(value) => setStaffUserId(value === null ? null : Number(value))}
            clearable
            searchable
            w={150}
            data-testid="filter-staff"
          />
        )}
        <Switch
          label={t('persons.list.showArchived')}
          checked={archived}
          onChange={(event) => setArchived(event.currentTarget.checked)}
          mb={8}
          data-testid="filter-archived"
        />
        {filtered && (
          <Button variant="subtle" size="sm" leftSection={<IconFilterOff size={16} />} onClick={clearAll} mb={2}>
            {t('persons.list.clearFilters')}
          </Button>
        )}
      </Group>

      {list.error !== null && (
        <Alert color="red" variant="light" title={t('common.loadFailed')}>
          <Group justify="space-between">
            <Text size="sm">{errorMessage(t, list.error)}</Text>
            <Button size="xs" variant="light" onClick={list.retry}>
              {t('common.retry')}
            </Button>
          </Group>
        </Alert>
      )}

      <PersonsTable
        total={list.total ?? 0}
        rowAt={list.rowAt}
        ensureRange={list.ensureRange}
        sort={sort}
        onSort={setSort}
        resetKey={resetKey}
        loading={list.total === null && list.error === null}
        emptyMessage={filtered ? t('persons.list.noMatch') : t('persons.list.empty')}
      />
    </div>
  );
}
