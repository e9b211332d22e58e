import { BarChart, DonutChart, LineChart } from '@mantine/charts';
import { CountTable } from './CountTable';
import { Alert, Button, ColorSwatch, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { PeriodReport as Report } from '../../../shared/domain/reports';
import { reportSections } from '../../../shared/domain/reportSections';
import { haven } from '../../ipc';
import { codeWord, errorMessage } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';
import { useAsync } from '../../lib/useAsync';
import { PrintButton } from '../print';
import { Figure } from './Figure';
import type { Period } from './period';
import { ReportCoverage, ReportedFigures } from './StationNotes';

// The hues of the app's risk badge (components/RiskLevel.tsx), in chart shades.
const riskColors = { high: 'red.7', medium: 'orange.6', low: 'green.7', unassessed: 'gray.6' } as const;

/** A whole calendar month (YYYY-MM) when the period is one: the 月度工作报表 is offered then. */
function wholeMonth(period: Period): string | null {
  const from = dayjs(period.from);
  return from.date() === 1 && from.endOf('month').format('YYYY-MM-DD') === period.to ? from.format('YYYY-MM') : null;
}

/** The counted sections the screen shows as tables (the snapshots and help are charts and cards below). */
const TABLE_SECTIONS = ['decisions', 'reportIns', 'tests', 'contacts', 'leaves', 'violations', 'endings'];

/**
 * The period's figures a station hands in — each section with its formula — the charts (measures
 * by state, risk levels, 12 months of tests and violations), and the report printed or saved as
 * .xlsx; for a whole month also as the 月度工作报表.
 */
export function PeriodReportFigures({ period }: { period: Period }) {
  const { t, i18n } = useTranslation();
  const word = useCallback((key: string, params?: Record<string, unknown>) => codeWord(t, key, params), [t]);
  const month = wholeMonth(period);
  const load = useCallback(() => haven.reports.period(month ? { month } : { from: period.from, to: period.to }), [month, period.from, period.to]);
  const report = useAsync(load);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    try {
      const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
      const made = await haven.reports.export(month ? { month, locale } : { from: period.from, to: period.to, locale });
      const { path } = await haven.shell.saveSpreadsheet({ jobId: made.jobId });
      if (path) notifySuccess(t('reportsUi.periodReport.saved', { path }));
    } catch (caught) {
      notifications.show({ message: errorMessage(t, caught), color: 'red', withBorder: true });
    } finally {
      setSaving(false);
    }
  };

  if (report.status === 'loading') return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (report.status === 'error') {
    return (
      <Alert color="red" variant="light" title={t('reportsUi.loadFailed')}>
        <Text size="sm">{errorMessage(t, report.error)}</Text>
      </Alert>
    );
  }
  const r = report.data;
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const measures = (Object.keys(r.snapshot.measures) as (keyof Report['snapshot']['measures'])[]).map((k) => ({ state: word(`measure.status.${k}`), count: r.snapshot.measures[k] }));
  const risk = (['high', 'medium', 'low', 'unassessed'] as const).map((k) => ({ name: word(`supervision.riskLevel.${k}`), value: r.snapshot.risk[k], color: riskColors[k] }));
  const trend = r.trend.map((m) => ({
    month: i18n.language === 'en' ? m.month : `${Number(m.month.slice(5))}月`,
    [word('reports.figure.tests')]: m.tests,
    [word('reports.figure.positives')]: m.positives,
    [word('reports.figure.violations')]: m.violations,
  }));
  return (
    <Stack gap="md" data-testid="period-report">
      <Group justify="space-between" wrap="wrap">
        <Title order={3} size="h4">
          {t('reportsUi.periodReport.title')}
        </Title>
        <Group gap="xs">
          <PrintButton
            size="compact-sm"
            request={month ? { document: 'monthlyReport', month } : { document: 'periodReport', from: period.from, to: period.to }}
            label={month ? t('reportsUi.periodReport.printMonthly') : t('reportsUi.periodReport.print')}
            data-testid="print-period-report"
          />
          <Button size="compact-sm" variant="default" leftSection={<IconFileSpreadsheet size={16} />} loading={saving} onClick={() => void save()} data-testid="export-period-report">
            {t('reportsUi.periodReport.export')}
          </Button>
        </Group>
      </Group>
      {/* At a supervisor: whose files end before the day the figures are read on (printed too). */}
      <ReportCoverage report={r} locale={locale} />
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
        {reportSections(r, word, locale)
          .filter((s) => TABLE_SECTIONS.includes(s.key))
          .map((s) => (
            <Figure key={s.key} title={s.title} formula={s.formula} testId={`period-${s.key}`}>
              <CountTable rows={s.rows} spacing={4} countWidth={80} testId={`period-${s.key}-table`} />
            </Figure>
          ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        {/* Read on the period's end (r.asOf), as printed: not the screen's counts of today. */}
        <Figure title={word('reports.section.snapshotMeasures', { asOf: r.asOf })} formula={word('reports.formula.snapshotMeasures')} testId="chart-measures">
          <div role="img" aria-label={measures.map((m) => `${m.state} ${m.count}`).join('，')}>
            <BarChart h={220} data={measures} dataKey="state" series={[{ name: 'count', label: t('reports.figure.count'), color: 'cyan.7' }]} tickLine="y" />
          </div>
        </Figure>
        <Figure title={word('reports.section.snapshotRisk', { asOf: r.asOf })} formula={word('reports.formula.snapshotRisk')} testId="chart-risk">
          <Group justify="center" gap="xl" role="img" aria-label={risk.map((d) => `${d.name} ${d.value}`).join('，')}>
            <DonutChart data={risk} withLabelsLine withLabels size={180} thickness={28} />
            <Stack gap={4} aria-hidden>
              {risk.map((d) => (
                <Group key={d.name} gap={6} wrap="nowrap">
                  <ColorSwatch color={`var(--mantine-color-${d.color.replace('.', '-')})`} size={12} />
                  <Text size="sm">
                    {d.name} {d.value}
                  </Text>
                </Group>
              ))}
            </Stack>
          </Group>
        </Figure>
      </SimpleGrid>
      <Figure title={word('reports.section.trend')} formula={word('reports.formula.trend')} testId="chart-trend">
        <div role="img" aria-label={word('reports.section.trend')}>
        <LineChart
          h={240}
          curveType="linear"
          data={trend}
          dataKey="month"
          withLegend
          series={[
            { name: word('reports.figure.tests'), color: 'blue.7' },
            { name: word('reports.figure.positives'), color: 'red.7' },
            { name: word('reports.figure.violations'), color: 'orange.7' },
          ]}
        />
        </div>
      </Figure>
      <Paper p="xs">
        <Text size="xs" c="gray.7">
          {t('reportsUi.periodReport.asOf', { asOf: r.asOf })}
        </Text>
      </Paper>
      <ReportedFigures report={r} locale={locale} />
    </Stack>
  );
}
