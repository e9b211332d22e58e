import { Anchor, Badge, Center, Group, Loader, Skeleton, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { PersonListRow } from '../../../../shared/domain/persons';
import type { personListSortFields } from '../../../../shared/schemas/person';
import { RiskLevelText } from '../../../components/RiskLevel';
import classes from './PersonsTable.module.css';
import { MeasureStatusBadge } from '../../measures';
import { codeWord } from '../../../lib/errors';

export type SortField = (typeof personListSortFields)[number];
export interface Sort {
  field: SortField;
  direction: 'asc' | 'desc';
}

const ROW_HEIGHT = 44;

interface Column {
  key: string;
  width: number;
  /** English words are longer (Female, Community detox, Not assessed): wider columns, and a narrow window scrolls sideways with the name kept in view. */
  widthEn?: number;
  sort?: SortField;
}

/** Widths add up to the table's minimum; the name and address-like columns take the slack. */
const columns: Column[] = [
  { key: 'name', width: 116, sort: 'name' },
  { key: 'gender', width: 48, widthEn: 68 },
  { key: 'age', width: 48 },
  { key: 'idNumber', width: 164 },
  { key: 'phone', width: 110 },
  { key: 'measureKind', width: 88, widthEn: 148 },
  { key: 'status', width: 88, widthEn: 164 },
  { key: 'risk', width: 64, widthEn: 112 },
  { key: 'reportInDate', width: 100, widthEn: 108, sort: 'reportInDate' },
  { key: 'plannedEnd', width: 100, widthEn: 108, sort: 'plannedEnd' },
  { key: 'staff', width: 96 },
];

function columnWidths(language: string): number[] {
  return columns.map((c) => (language.startsWith('en') ? (c.widthEn ?? c.width) : c.width));
}

function SortHeader({ column, sort, onSort }: { column: Column; sort: Sort; onSort: (sort: Sort) => void }) {
  const { t } = useTranslation();
  const label = codeWord(t, `persons.column.${column.key}`);
  if (!column.sort) return <>{label}</>;
  const active = sort.field === column.sort;
  const Icon = !active ? IconSelector : sort.direction === 'asc' ? IconArrowUp : IconArrowDown;
  const field = column.sort;
  return (
    <UnstyledButton
      className={classes.sortButton}
      onClick={() => onSort({ field, direction: active && sort.direction === 'asc' ? 'desc' : 'asc' })}
      data-testid={`sort-${column.key}`}
    >
      <Group gap={4} wrap="nowrap">
        <span>{label}</span>
        <Icon size={14} stroke={1.8} />
      </Group>
    </UnstyledButton>
  );
}

/**
 * One row; memoised, so scrolling renders only the rows that come into view, not every row on
 * screen at every step.
 */
const PersonRow = memo(function PersonRow({ row, index, onOpen }: { row: PersonListRow; index: number; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  return (
    <Table.Tr className={classes.row} aria-rowindex={index + 2} onClick={() => onOpen(row.id)} data-testid="person-row" data-person-id={row.id}>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Anchor component={Link} to={`/persons/${row.id}`} fw={500} truncate="end" onClick={(event) => event.stopPropagation()}>
            {row.name}
          </Anchor>
          {row.archived && (
            <Badge size="xs" color="gray" variant="outline">
              {t('persons.badge.archived')}
            </Badge>
          )}
          {row.station && (
            <Badge size="xs" color="blue" variant="light" title={t('persons.badge.station')} data-testid="row-station">
              {row.station}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>{t(`ref.gender.${row.gender}`)}</Table.Td>
      <Table.Td className="haven-tabular">{row.age}</Table.Td>
      <Table.Td className="haven-tabular">{row.idNumberMasked}</Table.Td>
      <Table.Td className="haven-tabular">{row.phoneMasked}</Table.Td>
      <Table.Td title={row.measureKind ? t(`measure.kind.${row.measureKind}`) : undefined}>{row.measureKind ? t(`measure.kind.${row.measureKind}`) : ''}</Table.Td>
      <Table.Td title={t(`measure.status.${row.measureStatus ?? 'none'}`)}>
        {row.measureStatus ? (
          <MeasureStatusBadge status={row.measureStatus} />
        ) : (
          <Text size="sm" c="dimmed" span>
            {t('measure.status.none')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <RiskLevelText level={row.riskLevel} />
      </Table.Td>
      <Table.Td className="haven-tabular">{row.reportInDate ?? ''}</Table.Td>
      <Table.Td className="haven-tabular">{row.plannedEnd ?? ''}</Table.Td>
      <Table.Td title={row.staffName ?? undefined}>{row.staffName ?? ''}</Table.Td>
    </Table.Tr>
  );
});

/** A row whose page has not arrived yet. */
const LoadingRow = memo(function LoadingRow({ index }: { index: number }) {
  return (
    <Table.Tr className={classes.row} aria-rowindex={index + 2}>
      <Table.Td colSpan={columns.length}>
        <Skeleton height={12} radius="sm" width="60%" />
      </Table.Td>
    </Table.Tr>
  );
});

/**
 * The person list as a windowed table: the scroll height is that of every matching row, but
 * only the rows in view (and a few around them) exist in the page. Rows whose page has not
 * arrived yet show a placeholder bar.
 */
export function PersonsTable({
  total,
  rowAt,
  ensureRange,
  sort,
  onSort,
  resetKey,
  loading,
  emptyMessage,
}: {
  total: number;
  rowAt: (index: number) => PersonListRow | undefined;
  ensureRange: (first: number, last: number) => void;
  sort: Sort;
  onSort: (sort: Sort) => void;
  /** Changes with the filters: the list scrolls back to the top. */
  resetKey: string;
  /** The first page has not arrived yet. */
  loading: boolean;
  emptyMessage: string;
}) {
  const { t, i18n } = useTranslation();
  const widths = columnWidths(i18n.language);
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const open = useCallback((id: number) => navigate(`/persons/${id}`), [navigate]);
  // The virtualizer is read afresh on every render (its functions are not memoisable), which is
  // what this component does anyway: it re-renders on each scroll step by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    ensureRange(first, last);
  }, [first, last, ensureRange]);

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;

  return (
    <div ref={scrollRef} className={classes.scroller} data-testid="persons-scroller">
      <Table
        stickyHeader
        layout="fixed"
        miw={widths.reduce((sum, w) => sum + w, 0)}
        aria-rowcount={total + 1}
        data-testid="persons-table"
        data-total={total}
      >
        <colgroup>
          {columns.map((column, i) => (
            <col key={column.key} style={{ width: widths[i] }} />
          ))}
        </colgroup>
        <Table.Thead className={classes.head}>
          <Table.Tr aria-rowindex={1}>
            {columns.map((column) => (
              <Table.Th
                key={column.key}
                aria-sort={sort.field === column.sort ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                <SortHeader column={column} sort={sort} onSort={onSort} />
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {paddingTop > 0 && (
            <tr aria-hidden>
              <td colSpan={columns.length} style={{ height: paddingTop, padding: 0, border: 0 }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rowAt(item.index);
            return row ? (
              <PersonRow key={row.id} row={row} index={item.index} onOpen={open} />
            ) : (
              <LoadingRow key={`loading-${item.index}`} index={item.index} />
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden>
              <td colSpan={columns.length} style={{ height: paddingBottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
      {loading && (
        <Center py="xl">
          <Loader size="sm" role="status" aria-label={t('app.loading')} />
        </Center>
      )}
      {!loading && total === 0 && (
        <Center py="xl">
          <Text c="dimmed" data-testid="persons-empty">
            {emptyMessage}
          </Text>
        </Center>
      )}
    </div>
  );
}
