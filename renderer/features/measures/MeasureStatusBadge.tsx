import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MeasureStatus } from '../../../shared/domain/measures';

/** One colour per state, the same in the list, the file header and the measure cards. */
export const statusColors: Record<MeasureStatus, string> = {
  pending_report: 'yellow',
  active: 'teal',
  suspended: 'orange',
  completed: 'blue',
  terminated: 'red',
  transferred_out: 'grape',
};

export function MeasureStatusBadge({ status, ...props }: { status: MeasureStatus | null } & BadgeProps) {
  const { t } = useTranslation();
  if (status === null) {
    return (
      <Badge color="gray" variant="outline" {...props}>
        {t('measure.status.none')}
      </Badge>
    );
  }
  return (
    <Badge color={statusColors[status]} variant="light" data-status={status} {...props}>
      {t(`measure.status.${status}`)}
    </Badge>
  );
}
