import { Group, Paper, SegmentedControl, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isIsoDate } from '../../../shared/domain/dates';
import { DateField } from '../../components/DateField';
import { quickOf, quickPeriod, quickPeriods, type Period, type QuickPeriod } from './period';
import { codeWord } from '../../lib/errors';

/**
 * 统计期间: 本月 / 上月 / 本年 in one click, or any two days. A half-typed or reversed period
 * is not applied; the field says why.
 */
export function PeriodPicker({ period, today, onChange }: { period: Period; today: string; onChange: (period: Period) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<{ from: string | null; to: string | null }>(period);
  const quick = quickOf(period, today) ?? 'custom';
  const reversed = draft.from && draft.to && isIsoDate(draft.from) && isIsoDate(draft.to) && draft.to < draft.from;

  const edit = (next: { from: string | null; to: string | null }) => {
    setDraft(next);
    if (next.from && next.to && isIsoDate(next.from) && isIsoDate(next.to) && next.to >= next.from) onChange({ from: next.from, to: next.to });
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="period-picker">
      <Group gap="md" align="flex-end" wrap="wrap">
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('reportsUi.period.label')}
          </Text>
          <SegmentedControl
            value={quick}
            data={[...quickPeriods, 'custom'].map((key) => ({ value: key, label: codeWord(t, `reportsUi.period.${key}`), disabled: key === 'custom' }))}
            onChange={(value) => {
              if (value === 'custom') return;
              const next = quickPeriod(value as QuickPeriod, today);
              setDraft(next);
              onChange(next);
            }}
            aria-label={t('reportsUi.period.label')}
            data-testid="period-quick"
          />
        </div>
        <DateField label={t('reportsUi.period.from')} w={160} value={draft.from} onChange={(from) => edit({ ...draft, from })} data-testid="period-from" />
        <DateField
          label={t('reportsUi.period.to')}
          w={160}
          value={draft.to}
          onChange={(to) => edit({ ...draft, to })}
          error={reversed ? t('validation.endBeforeStart') : undefined}
          data-testid="period-to"
        />
      </Group>
    </Paper>
  );
}
