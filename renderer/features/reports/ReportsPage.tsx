import { Alert, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { RateView, StationRates } from '../../../shared/domain/rates';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { careCategories, helpCategories, helpDepartments } from '../../../shared/domain/care';
import { measureStatuses } from '../../../shared/domain/measures';
import { haven } from '../../ipc';
import { errorMessage, codeWord } from '../../lib/errors';
import { useAsync, type AsyncState } from '../../lib/useAsync';
import { BarTable, type BarRow } from './BarTable';
import { Figure } from './Figure';
import { quickPeriod, type Period } from './period';
import { PeriodPicker } from './PeriodPicker';
import { PeriodReportFigures } from './PeriodReport';
import { riskColor } from '../care';
import { todayIso } from '../../lib/today';
import { useSession } from '../../app/session';

const riskKeys = ['high', 'medium', 'low', 'unassessed'] as const;
const statusKeys = [...measureStatuses, 'none'] as const;

/**
 * Counts of persons not archived, one persons:list call per value (limit 1: only `total` is read).
 * At a supervisor the person list holds every station's file, and a person transferred between
 * two stations has a file at each: the counts come from the report's snapshot as of today, which
 * counts such a person once (electron/core/kernel/counted.ts).
 */
async function loadSnapshot(supervisor: boolean, today: string) {
  if (supervisor) {
    const { snapshot } = await haven.reports.period({ from: today, to: today });
    return { care: snapshot.keyCare, risk: snapshot.risk, measures: snapshot.measures };
  }
  const count = (filter: Record<string, string>) => haven.persons.list({ ...filter, archived: false, limit: 1 }).then((page) => page.total);
  const [care, risk, measures] = await Promise.all([
    haven.keyCare.counts(),
    Promise.all(riskKeys.map((level) => count({ riskLevel: level }))),
    Promise.all(statusKeys.map((status) => count({ measureStatus: status }))),
  ]);
  return {
    care,
    risk: Object.fromEntries(riskKeys.map((k, i) => [k, risk[i] ?? 0])) as Record<(typeof riskKeys)[number], number>,
    measures: Object.fromEntries(statusKeys.map((k, i) => [k, measures[i] ?? 0])) as Record<(typeof statusKeys)[number], number>,
  };
}

/** Non-zero counts of a code list, largest first (ties in the list's order). */
function rows(codes: readonly string[], counts: Partial<Record<string, number>>, label: (code: string) => string, color?: string): BarRow[] {
  return codes
    .map((code, order) => ({ key: code, label: label(code), value: counts[code] ?? 0, color, order }))
    .filter((row) => row.value > 0)
    .sort((a, b) => b.value - a.value || a.order - b.order);
}

/** 统计报表: help given in a period (人次), and today's key-care, risk-level and measure counts. */
export function ReportsPage() {
  const { t } = useTranslation();
  const [today] = useState(todayIso);
  const [period, setPeriod] = useState<Period>(() => quickPeriod('thisMonth', today));
  const supervisor = useSession().station.mode === 'supervisor';
  return (
    <Stack gap="lg" data-testid="reports-page">
      <Stack gap={4}>
        <Title order={2}>{t('reportsUi.title')}</Title>
        <Text size="sm" c="dimmed">
          {supervisor ? t('reportsUi.introSupervisor') : t('reportsUi.intro')}
        </Text>
      </Stack>
      <PeriodPicker period={period} today={today} onChange={setPeriod} />
      <PeriodReportFigures period={period} />
      <RateFigures period={period} />
      <HelpFigures period={period} />
      <Title order={3} size="h4" mt="sm">
        {t('reportsUi.snapshot.title')}
      </Title>
      <SnapshotFigures supervisor={supervisor} today={today} />
    </Stack>
  );
}

function Loading<T>({ state, reload }: { state: AsyncState<T>; reload: () => void }) {
  const { t } = useTranslation();
  if (state.status === 'loading') return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (state.status === 'error') {
    return (
      <Alert color="red" variant="light" title={t('reportsUi.loadFailed')}>
        <Text size="sm">{errorMessage(t, state.error)}</Text>
        <Button size="xs" variant="light" mt="xs" onClick={reload}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  }
  return null;
}

/** 报到率, 执行率, 戒断巩固率: the station's own, or each station's and the total at a supervisor. */
function RateFigures({ period }: { period: Period }) {
  const { t } = useTranslation();
  const { from, to } = period;
  const load = useCallback(() => haven.rates.period({ from, to }), [from, to]);
  const rates = useAsync(load);
  const asOf = rates.status === 'ready' ? rates.data.asOf : to;
  const cell = (r: RateView) =>
    r.percent === null ? t('reportsUi.rates.none') : t('reportsUi.rates.cell', { percent: r.percent, numerator: r.numerator, denominator: r.denominator });
  const line = (row: StationRates, total: boolean) => (
    <Table.Tr key={row.station ?? (total ? 'total' : 'own')} data-testid={total ? 'rates-total' : 'rates-row'} data-station={row.station ?? ''} fw={total ? 600 : undefined}>
      <Table.Td>{total ? t('reportsUi.rates.total') : row.station ? `${row.name}（${row.station}）` : row.name}</Table.Td>
      <Table.Td className="haven-tabular" data-testid="rate-report-in">
        {cell(row.reportIn)}
        {row.reportIn.pending > 0 && (
          <Text size="xs" c="gray.7">
            {t('reportsUi.rates.pending', { count: row.reportIn.pending })}
          </Text>
        )}
      </Table.Td>
      <Table.Td className="haven-tabular" data-testid="rate-control">
        {cell(row.control)}
      </Table.Td>
      <Table.Td className="haven-tabular" data-testid="rate-consolidation">
        {cell(row.consolidation)}
      </Table.Td>
    </Table.Tr>
  );
  return (
    <Figure title={t('reportsUi.rates.title')} formula={t('reportsUi.rates.intro', { asOf })} testId="figure-rates">
      <Loading state={rates} reload={rates.reload} />
      {rates.status === 'ready' && (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped data-testid="rates-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('reportsUi.rates.station')}</Table.Th>
                  <Table.Th>{t('reportsUi.rates.reportIn')}</Table.Th>
                  <Table.Th>{t('reportsUi.rates.control')}</Table.Th>
                  <Table.Th>{t('reportsUi.rates.consolidation')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rates.data.rows.map((row) => line(row, false))}
                {rates.data.total && line(rates.data.total, true)}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap={2}>
            {/* The printed 统计报表 states the same formulas (shared words, reports.formula). */}
            {([['reportInFormula', 'rateReportIn'], ['controlFormula', 'rateControl'], ['consolidationFormula', 'rateConsolidation']] as const).map(([key, word]) => (
              <Text key={key} size="xs" c="gray.7" data-testid={`rates-${key}`}>
                {t(`reports.formula.${word}`, { asOf })}
              </Text>
            ))}
          </Stack>
        </>
      )}
    </Figure>
  );
}

function HelpFigures({ period }: { period: Period }) {
  const { t } = useTranslation();
  const { from, to } = period;
  const load = useCallback(() => haven.help.stats({ from, to }), [from, to]);
  const stats = useAsync(load);
  const unit = t('reportsUi.column.times');
  return (
    <Figure title={t('reportsUi.help.title')} formula={t('reportsUi.help.formula')} testId="figure-help">
      <Text size="sm" c="dimmed" data-testid="help-period">
        {t('reportsUi.period.range', { from, to })}
      </Text>
      <Loading state={stats} reload={stats.reload} />
      {stats.status === 'ready' && (
        <>
          <Group gap="md">
            <Total label={t('reportsUi.help.total')} value={stats.data.total} testId="help-total" />
            <Total label={t('reportsUi.help.persons')} value={stats.data.persons} testId="help-persons" />
          </Group>
          {stats.data.total === 0 ? (
            <Text size="sm" c="dimmed" data-testid="help-empty">
              {t('reportsUi.help.empty')}
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('reportsUi.help.byCategory')}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('reportsUi.help.byCategoryFormula')}
                </Text>
                <BarTable rows={rows(helpCategories, stats.data.byCategory, (c) => codeWord(t, `help.category.${c}`), 'teal')} unit={unit} total={stats.data.total} testId="help-by-category" />
              </Stack>
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('reportsUi.help.byDepartment')}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('reportsUi.help.byDepartmentFormula')}
                </Text>
                <BarTable rows={rows(helpDepartments, stats.data.byDepartment, (d) => codeWord(t, `help.department.${d}`), 'indigo')} unit={unit} total={stats.data.total} testId="help-by-department" />
              </Stack>
            </SimpleGrid>
          )}
        </>
      )}
    </Figure>
  );
}

function Total({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Paper bg="var(--mantine-color-gray-0)" px="md" py="xs" radius="md" miw={140}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} className="haven-tabular" data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

function SnapshotFigures({ supervisor, today }: { supervisor: boolean; today: string }) {
  const { t } = useTranslation();
  const load = useCallback(() => loadSnapshot(supervisor, today), [supervisor, today]);
  const snapshot = useAsync(load);
  if (snapshot.status !== 'ready') return <Loading state={snapshot} reload={snapshot.reload} />;
  const { care, risk, measures } = snapshot.data;
  const persons = riskKeys.reduce((sum, k) => sum + risk[k], 0);
  const careRows = rows(careCategories, care, (c) => codeWord(t, `care.category.${c}`), 'grape');
  const unit = t('reportsUi.column.count');
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <Figure title={t('reportsUi.risk.title')} formula={t('reportsUi.risk.formula')} testId="figure-risk">
        <BarTable
          rows={riskKeys.map((k) => ({ key: k, label: t(`supervision.riskLevel.${k}`), value: risk[k], color: riskColor[k] }))}
          unit={unit}
          total={persons}
          testId="risk-distribution"
        />
      </Figure>
      <Figure title={t('reportsUi.measures.title')} formula={t('reportsUi.measures.formula')} testId="figure-measures">
        <BarTable
          rows={statusKeys.map((k) => ({ key: k, label: t(`measure.status.${k}`), value: measures[k], color: 'cyan' }))}
          unit={unit}
          total={statusKeys.reduce((sum, k) => sum + measures[k], 0)}
          testId="measure-status"
        />
      </Figure>
      <Figure title={t('reportsUi.care.title')} formula={t('reportsUi.care.formula')} testId="figure-care">
        {careRows.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="care-counts-empty">
            {t('reportsUi.care.empty')}
          </Text>
        ) : (
          <BarTable rows={careRows} unit={unit} testId="care-counts" />
        )}
      </Figure>
    </SimpleGrid>
  );
}
