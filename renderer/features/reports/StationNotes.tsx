import { Alert, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { CountTable } from './CountTable';
import { IconClockExclamation } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { codeWord } from '../../lib/errors';
import type { PeriodReport } from '../../../shared/domain/reports';
import { behindLines, reportedHeading, reportedNotes, reportedSections } from '../../../shared/domain/reportsFigures';

type Locale = 'zh-CN' | 'en';

/** The shared helpers' words (keys built from codes, as reportSections takes them). */
function useWord() {
  const { t } = useTranslation();
  return useCallback((key: string, params?: Record<string, string | number>) => codeWord(t, key, params), [t]);
}

/**
 * At a supervisor, above the period's figures: the stations whose files here end before the day
 * the report is read on. Their figures hold their work only up to that day (a month with no
 * bundle since reads as a month of nothing), or none of it (no full bundle yet).
 */
export function ReportCoverage({ report, locale }: { report: PeriodReport; locale: Locale }) {
  const { t } = useTranslation();
  const word = useWord();
  const lines = behindLines(report, word, locale);
  if (lines.length === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconClockExclamation size={20} />} title={t('reports.coverage.title')} data-testid="report-coverage">
      <Stack gap={4}>
        <Text size="sm">{t('reports.coverage.intro')}</Text>
        <List size="sm" spacing={2}>
          {lines.map((line, i) => (
            <List.Item key={report.behind[i]?.code ?? i} data-testid="report-coverage-line" data-code={report.behind[i]?.code}>
              {line}
            </List.Item>
          ))}
        </List>
      </Stack>
    </Alert>
  );
}

/**
 * 各站报送的统计数字: each station's latest figures-only bundle, as the station counted it, in a
 * section of its own below the period's figures — never added to them (which come from the full
 * snapshots only), and saying so for each station.
 */
export function ReportedFigures({ report, locale }: { report: PeriodReport; locale: Locale }) {
  const { t } = useTranslation();
  const word = useWord();
  if (report.reported.length === 0) return null;
  return (
    <Stack gap="sm" data-testid="reported-figures">
      <Title order={3} size="h4">
        {t('reports.reported.title')}
      </Title>
      <Text size="sm" c="gray.7" data-testid="reported-figures-intro">
        {t('reports.reported.intro')}
      </Text>
      {report.reported.map((f) => (
        <Paper key={f.station.code} withBorder p="md" radius="md" data-testid="reported-station" data-code={f.station.code} data-only={f.snapshotAsOf === null}>
          <Stack gap="xs">
            <Title order={4} size="h5">
              {reportedHeading(f, word, locale)}
            </Title>
            {reportedNotes(f, word, locale).map((line) => (
              <Text key={line} size="xs" c="gray.7" data-testid="reported-station-note">
                {line}
              </Text>
            ))}
            <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
              {reportedSections(f, word, locale).map((s) => (
                <Stack key={s.key} gap={4}>
                  <Text size="sm" fw={600}>
                    {s.title}
                  </Text>
                  <CountTable rows={s.rows} spacing={2} countWidth={64} testId={`reported-${s.key}`} />
                </Stack>
              ))}
            </SimpleGrid>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
