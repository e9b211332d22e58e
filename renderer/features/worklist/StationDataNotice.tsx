import { Alert, List, Stack, Text } from '@mantine/core';
import { IconClockExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { StationDataView } from '../../../shared/domain/bundles';

/**
 * At a supervisor, above 待办 and 工作台: the stations whose files are older than the stations
 * table's red flag (设置 › 督导计划), each with the day its data is of. The county evaluates every
 * snapshot as of today — it supervises against today — so a station whose last full bundle is two
 * months old shows items that fell due since, which the station may long have handled. A station
 * with no files (figures only) is named too: none of its persons can be on the list.
 */
export function StationDataNotice({ stations, today }: { stations: readonly StationDataView[]; today: string }) {
  const { t } = useTranslation();
  const stale = stations.filter((s) => s.stale);
  const first = stale[0];
  if (!first) return null;
  const name = (s: StationDataView) => t('common.withNote', { text: s.name, note: s.code });
  return (
    <Alert color="orange" variant="light" icon={<IconClockExclamation size={20} />} title={t('stationData.title')} data-testid="station-data-notice">
      <Stack gap={4}>
        <Text size="sm">{t('stationData.intro', { today, days: first.staleAfterDays })}</Text>
        <List size="sm" spacing={2}>
          {stale.map((s) => (
            <List.Item key={s.code} data-testid="station-data-line" data-code={s.code}>
              {s.dataAsOf === null
                ? t('stationData.none', { station: name(s) })
                : t('stationData.line', { station: name(s), date: s.dataAsOf, count: s.ageDays ?? 0 })}
            </List.Item>
          ))}
        </List>
      </Stack>
    </Alert>
  );
}

/** Under a worklist row's station badge: the day that station's data is of (orange once past the red flag). */
export function RowDataDate({ data }: { data: StationDataView | undefined }) {
  const { t } = useTranslation();
  if (!data?.dataAsOf) return null;
  return (
    <Text
      size="xs"
      c={data.stale ? 'orange.9' : 'gray.7'}
      className="haven-tabular"
      title={t('stationData.rowHint', { date: data.dataAsOf, count: data.ageDays ?? 0 })}
      data-testid="worklist-row-data-as-of"
      data-stale={data.stale}
    >
      {t('stationData.rowDate', { date: data.dataAsOf })}
    </Text>
  );
}
