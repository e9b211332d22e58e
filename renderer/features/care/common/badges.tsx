import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PlanStatus } from '../../../../shared/domain/care';
import type { RiskLevel } from '../../../../shared/domain/supervision';

/** 高 red, 中 orange, 低 green, 未评估 grey: the same colours everywhere a level shows. */
export const riskColor: Record<RiskLevel | 'unassessed', string> = { high: 'red', medium: 'orange', low: 'green', unassessed: 'gray' };

export function RiskLevelBadge({ level, size = 'md' }: { level: RiskLevel | null; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  const key = level ?? 'unassessed';
  return (
    <Badge color={riskColor[key]} variant={level === 'high' ? 'filled' : 'light'} size={size} data-testid="risk-level" data-level={key} style={{ flexShrink: 0, minWidth: 'max-content' }}>
      {t(`supervision.riskLevel.${key}`)}
    </Badge>
  );
}

const planColor: Record<PlanStatus, string> = { requested: 'yellow', approved: 'teal', rejected: 'gray' };

export function PlanStatusBadge({ status }: { status: PlanStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={planColor[status]} variant="light" data-testid="plan-status" data-status={status} style={{ flexShrink: 0, minWidth: 'max-content' }}>
      {t(`help.planStatus.${status}`)}
    </Badge>
  );
}
