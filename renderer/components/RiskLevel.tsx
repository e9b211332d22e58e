import { Badge, Text, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RiskLevel } from '../../shared/domain/supervision';

/**
 * 高 red, 中 orange, 低 green, 未评估 grey: the same colours everywhere a level shows (the file
 * header, the list, the care pages, the reports). Low is green, not the app's teal, so a level
 * never reads as a button or a link.
 */
export const riskColor: Record<RiskLevel | 'unassessed', string> = { high: 'red', medium: 'orange', low: 'green', unassessed: 'gray' };

/** 风险等级 in a list: a coloured word; 未评估 in grey. */
export function RiskLevelText({ level }: { level: RiskLevel | null }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" span c={level ? `${riskColor[level]}.8` : 'dimmed'} fw={level === 'high' ? 700 : undefined} data-risk={level ?? 'unassessed'}>
      {t(`supervision.riskLevel.${level ?? 'unassessed'}`)}
    </Text>
  );
}

/** 风险等级 as a badge (the file header, the care pages); high is filled. */
export function RiskLevelBadge({ level, testId = 'risk-level', ...props }: { level: RiskLevel | null; testId?: string } & BadgeProps) {
  const { t } = useTranslation();
  const key = level ?? 'unassessed';
  return (
    <Badge
      color={riskColor[key]}
      variant={level === 'high' ? 'filled' : 'light'}
      data-testid={testId}
      data-level={key}
      style={{ flexShrink: 0, minWidth: 'max-content' }}
      {...props}
    >
      {t(`supervision.riskLevel.${key}`)}
    </Badge>
  );
}
