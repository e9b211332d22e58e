import { Alert, Loader, Stack, Text, Timeline } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../../shared/domain/persons';
import { haven } from '../../../ipc';
import { errorMessage, codeWord } from '../../../lib/errors';
import { useAsync } from '../../../lib/useAsync';
import { reasonCodeWord } from '../../measures';

/**
 * Some params are codes, not words: a measure kind (`community_detox`) or a reason code. They are
 * put into words before they are interpolated, whatever the entry.
 */
function paramsInWords(t: TFunction, entry: TimelineEntry): Record<string, string | number> {
  const params: Record<string, string | number> = { ...entry.params };
  if (typeof params.kind === 'string' && params.kind) params.kind = codeWord(t, `measure.kind.${params.kind}`);
  if (typeof params.reasonCode === 'string' && params.reasonCode) {
    params.reasonCode = reasonCodeWord(t, entry.kind.split('.').at(-1) ?? '', params.reasonCode);
  }
  return params;
}

/** The entry's title: `timeline.<kind>` with its params; an unknown kind shows its key rather than nothing. */
function entryTitle(t: TFunction, exists: (key: string) => boolean, entry: TimelineEntry): string {
  const key = `timeline.${entry.kind}`;
  return exists(key) ? codeWord(t, key, paramsInWords(t, entry)) : entry.kind;
}

/**
 * 时间线: everything that happened to the person, newest first, from every feature, rendered
 * by one mechanism: each entry names its i18n key (`kind`) and brings its params.
 */
export function TimelineTab({ personId }: { personId: number }) {
  const { t, i18n } = useTranslation();
  const load = useCallback(() => haven.timeline.person({ personId }), [personId]);
  const entries = useAsync(load);
  const exists = (key: string) => i18n.exists(key);

  if (entries.status === 'loading') return <Loader size="sm" />;
  if (entries.status === 'error') {
    return (
      <Alert color="red" variant="light" title={t('common.loadFailed')}>
        {errorMessage(t, entries.error)}
      </Alert>
    );
  }
  if (entries.data.length === 0) return <Text c="dimmed">{t('persons.timeline.empty')}</Text>;

  return (
    <Timeline bulletSize={14} lineWidth={2} color="teal" active={-1} data-testid="timeline" maw={820}>
      {entries.data.map((entry) => {
        const reason = typeof entry.params.reasonCode === 'string' && entry.params.reasonCode ? paramsInWords(t, entry).reasonCode : '';
        const detail = [reason, entry.detail].filter(Boolean).join(' · ');
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
