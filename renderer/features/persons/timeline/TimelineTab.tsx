import { Stack, Text, Timeline } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { haven } from '../../../ipc';
import { LoadState } from '../../../components/LoadState';
import { useAsync } from '../../../lib/useAsync';
import { entryDetail, entryTitle } from './words';

/**
 * 时间线: everything that happened to the person, newest first, from every feature, rendered
 * by one mechanism: each entry names its i18n key (`kind`) and brings its params.
 */
export function TimelineTab({ personId }: { personId: number }) {
  const { t, i18n } = useTranslation();
  const load = useCallback(() => haven.timeline.person({ personId }), [personId]);
  const entries = useAsync(load);
  const exists = (key: string) => i18n.exists(key);

  if (entries.status !== 'ready') return <LoadState state={entries} reload={entries.reload} />;
  if (entries.data.length === 0) return <Text c="dimmed">{t('persons.timeline.empty')}</Text>;

  return (
    <Timeline bulletSize={14} lineWidth={2} color="teal" active={-1} data-testid="timeline" maw={820}>
      {entries.data.map((entry) => {
        const detail = entryDetail(t, entry);
        return (
          <Timeline.Item
            key={entry.key}
            title={
              <Text size="sm" fw={600} data-testid="timeline-title">
                {entryTitle(t, exists, entry)}
              </Text>
            }
            data-testid="timeline-entry"
            data-kind={entry.kind}
          >
            <Stack gap={2}>
              <Text size="xs" c="dimmed" className="haven-tabular">
                {entry.date}
                {entry.by ? ` · ${entry.by}` : ''}
              </Text>
              {detail && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {detail}
                </Text>
              )}
            </Stack>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
