import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { haven } from '../../ipc';
import { RiskLevelBadge } from './common/badges';
import { useRecords } from '../../lib/useRecords';
import { todayIso } from '../../lib/today';
import { LoadState } from '../../components/LoadState';

/** The newest assessment sets the person's level (as the core does), and the flags in force today. */
const fetchSummary = async (personId: number) => {
  const [assessments, flags] = await Promise.all([haven.risk.list({ personId }), haven.keyCare.list({ personId })]);
  const today = todayIso();
  return {
    level: assessments[0]?.level ?? null,
    categories: flags.filter((f) => f.since <= today && (f.until === null || f.until >= today)).map((f) => f.category),
  };
};

/** 当前风险等级 and 重点关爱 categories, kept current after every change without reopening the file. */
export function CareSummary({ personId, version }: { personId: number; version: number }) {
  const { t } = useTranslation();
  const summary = useRecords(fetchSummary, personId, version);
  // Not silently nothing: a missing risk level would read as "not assessed".
  if (summary.status !== 'ready') return <LoadState state={summary} reload={summary.reload} title={t('careUi.page.summaryFailed')} />;
  return (
    <Group gap="xs" wrap="wrap" data-testid="care-summary">
      <Text size="sm" c="dimmed">
        {t('careUi.page.current')}
      </Text>
      <RiskLevelBadge level={summary.data.level} />
      {summary.data.categories.map((category) => (
        <Badge key={category} variant="light" color="grape" data-testid="care-category">
          {t(`care.category.${category}`)}
        </Badge>
      ))}
    </Group>
  );
}
