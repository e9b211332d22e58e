import { Badge, Text, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RiskLevel } from '../../../shared/domain/supervision';

const riskColors: Record<RiskLevel, string> = { high: 'red', medium: 'orange', low: 'teal' };

/** 风险等级 in the list: a coloured word; 未评估 in grey. */
export function RiskLevelText({ level }: { level: RiskLevel | null }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" span c={level ? `${riskColors[level]}.8` : 'dimmed'} fw={level === 'high' ? 700 : undefined} data-risk={level ?? 'unassessed'}>
      {t(`supervision.riskLevel.${level ?? 'unassessed'}`)}
    </Text>
  );
}

/** 风险等级 in the file header. */
export function RiskLevelBadge({ level, ...props }: { level: RiskLevel | null } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={level ? riskColors[level] : 'gray'} variant={level === 'high' ? 'filled' : 'light'} data-testid="risk-badge" {...props}>
      {t(`supervision.riskLevel.${level ?? 'unassessed'}`)}
    </Badge>
  );
}
