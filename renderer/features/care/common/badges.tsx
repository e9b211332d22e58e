import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PlanStatus } from '../../../../shared/domain/care';

// One risk badge for the whole app (renderer/components/RiskLevel.tsx); care's index passes it on.
export { RiskLevelBadge, riskColor } from '../../../components/RiskLevel';

const planColor: Record<PlanStatus, string> = { requested: 'yellow', approved: 'teal', rejected: 'gray' };

export function PlanStatusBadge({ status }: { status: PlanStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={planColor[status]} variant="light" data-testid="plan-status" data-status={status} style={{ flexShrink: 0, minWidth: 'max-content' }}>
      {t(`help.planStatus.${status}`)}
    </Badge>
  );
}
