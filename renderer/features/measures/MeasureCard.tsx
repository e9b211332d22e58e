import { Badge, Button, Divider, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconEdit } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { actionsFrom, type MeasureAction } from '../../../shared/domain/measures';
import type { MeasureDetail } from '../../../shared/domain/persons';
import { useToday } from '../persons/shared';
import { MeasureEventsTable } from './MeasureEventsTable';
import { MeasureStatusBadge } from './MeasureStatusBadge';

function Fact({ label, children, testId, tone }: { label: string; children: ReactNode; testId?: string; tone?: 'alert' }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} component="div" className="haven-tabular" c={tone === 'alert' ? 'red.7' : undefined} data-testid={testId}>
        {children}
      </Text>
    </Stack>
  );
}

/** Report-in and resume move the measure on; the rest end or pause it. */
const primaryActions: readonly MeasureAction[] = ['report_in', 'resume'];

/**
 * One measure: its decision, where its term stands (computed by the core), the moves the state
 * machine allows from here, and its history.
 */
export function MeasureCard({
  measure,
  readOnly,
  onAction,
  onEdit,
}: {
  measure: MeasureDetail;
  readOnly: boolean;
  onAction: (action: MeasureAction) => void;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const today = useToday();
  const pending = measure.status === 'pending_report';
  const running = measure.status === 'active' || measure.status === 'suspended';
  const overdue = pending && today > measure.reportInDeadline;
  const actions = readOnly ? [] : actionsFrom(measure.status);
  const dash = <Text c="dimmed" span>—</Text>;

  return (
    <Paper withBorder p="lg" radius="md" data-testid="measure-card" data-measure-id={measure.id} data-status={measure.status}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Group gap="sm" align="center">
            <Title order={3} size="h4">
              {t(`measure.kind.${measure.kind}`)}
            </Title>
            <MeasureStatusBadge status={measure.status} data-testid="measure-status" />
            {running && measure.dayCount !== null && (
              <Badge variant="outline" color="gray" className="haven-tabular" data-testid="measure-day-count">
                {t('measures.dayCount', { count: measure.dayCount })}
              </Badge>
            )}
            {overdue && (
              <Badge color="red" variant="filled" data-testid="report-in-overdue">
                {t('measures.card.reportInOverdue')}
              </Badge>
            )}
          </Group>
          {!readOnly && (
            <Button variant="subtle" size="compact-sm" leftSection={<IconEdit size={14} />} onClick={onEdit} data-testid="measure-edit">
              {t('measures.card.editDecision')}
            </Button>
          )}
        </Group>

        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="md" verticalSpacing="sm">
          <Fact label={t('measures.field.decisionNumber')}>{measure.decisionNumber}</Fact>
          <Fact label={t('measures.field.decisionAuthority')}>{measure.decisionAuthority}</Fact>
          <Fact label={t('measures.field.decisionDate')}>{measure.decisionDate}</Fact>
          <Fact label={t('measures.field.deliveryDate')}>{measure.deliveryDate}</Fact>
          <Fact label={t('measures.field.reportInDeadline')} tone={overdue ? 'alert' : undefined} testId="measure-deadline">
            {measure.reportInDeadline}
          </Fact>
          <Fact label={t('measures.field.reportInDate')} testId="measure-report-in">
            {measure.reportInDate ?? dash}
          </Fact>
          <Fact label={t('measures.field.term')}>
            {t('measures.card.termMonths', { count: measure.termMonths })}
            {measure.creditedDays > 0 && (
              <Text span size="xs" c="dimmed" ml={6}>
                {t('measures.card.credited', { count: measure.creditedDays })}
              </Text>
            )}
          </Fact>
          <Fact label={t('measures.field.suspendedDays')} testId="measure-suspended-days">
            {t('measures.card.days', { count: measure.suspendedDays })}
          </Fact>
          <Fact label={t('measures.field.plannedEnd')} testId="measure-planned-end">
            {measure.plannedEnd ?? <Text c="dimmed" span size="sm">{t('measures.card.afterReportIn')}</Text>}
          </Fact>
          {measure.endedOn && (
            <Fact label={t('measures.field.endedOn')} testId="measure-ended-on">
              {measure.endedOn}
            </Fact>
          )}
        </SimpleGrid>
        {measure.notes && (
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {measure.notes}
          </Text>
        )}

        {actions.length > 0 && (
          <Group gap="xs">
            {actions.map((action) => (
              <Button
                key={action}
                size="xs"
                variant={primaryActions.includes(action) ? 'filled' : action === 'terminate' ? 'light' : 'default'}
                color={action === 'terminate' ? 'red' : undefined}
                onClick={() => onAction(action)}
                data-testid={`measure-action-${action}`}
              >
                {t(`measure.action.${action}`)}
              </Button>
            ))}
          </Group>
        )}

        <Divider label={t('measures.events.title')} labelPosition="left" />
        <MeasureEventsTable events={measure.events} />
      </Stack>
    </Paper>
  );
}
