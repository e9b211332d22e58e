import { Alert, Badge, Button, Divider, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconEdit, IconFileCertificate, IconScale } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { actionsFrom, type MeasureAction } from '../../../shared/domain/measures';
import type { MeasureDetail } from '../../../shared/domain/persons';
import type { GoodReason } from '../../../shared/domain/supervision';
import { measureCitations } from '../../../shared/domain/law';
import { ArticleLabel, GoodReasonBadge } from '../supervision';
import { useToday } from '../../app/session';
import { MeasureEventsTable, MeasureStatusBadge } from '.';

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

export type ReportIn = MeasureDetail['reportIns'][number];

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
  onGoodReason,
  onWithdrawGoodReason,
  onGoodReasonCorrected,
  onDischargeNotice,
}: {
  measure: MeasureDetail;
  readOnly: boolean;
  onAction: (action: MeasureAction) => void;
  onEdit: () => void;
  /** Records the 正当理由 of a late report-in. */
  onGoodReason: (reportIn: ReportIn) => void;
  onWithdrawGoodReason: (goodReason: GoodReason) => void;
  /** After a 正当理由 was corrected from its badge's menu. */
  onGoodReasonCorrected?: () => void;
  /** Opens 登记解除通知书. */
  onDischargeNotice: () => void;
}) {
  const { t } = useTranslation();
  const today = useToday();
  const pending = measure.status === 'pending_report';
  const running = measure.status === 'active' || measure.status === 'suspended';
  const overdue = pending && today > measure.reportInDeadline;
  const actions = readOnly ? [] : actionsFrom(measure.status);
  const dash = <Text c="dimmed" span>—</Text>;
  const lateReportIns = measure.reportIns.filter((r) => r.late);
  // The police 解除通知书 is owed once the term has ended (RR art. 23, 40).
  const termEnded = measure.status === 'completed' || (measure.status === 'active' && measure.plannedEnd !== null && today > measure.plannedEnd);
  const discharge = measureCitations[measure.kind].discharge;

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
        {lateReportIns.length > 0 && (
          <Stack gap={6} data-testid="late-report-ins">
            {lateReportIns.map((r) => (
              <Group
                key={r.from}
                gap="sm"
                wrap="wrap"
                justify="space-between"
                data-testid="late-report-in"
                data-from={r.from}
                style={{ borderLeft: `3px solid var(--mantine-color-${r.goodReason ? 'teal' : 'red'}-6)`, paddingLeft: 8 }}
              >
                <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                  <Group gap={6} wrap="wrap">
                    <Text size="sm" fw={600} className="haven-tabular">
                      {r.reportedOn
                        ? t('measures.card.lateReportIn', { deadline: r.deadline, reportedOn: r.reportedOn })
                        : t('measures.card.lateNotReported', { deadline: r.deadline })}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`measures.card.reportInBasis.${r.basis}`)}
                    </Text>
                    <ArticleLabel article={measureCitations[measure.kind].reportIn} />
                  </Group>
                  {!r.goodReason && (
                    <Text size="xs" c="red.7">
                      {t('measures.card.lateNoGoodReason')}
                    </Text>
                  )}
                </Stack>
                {r.goodReason ? (
                  <GoodReasonBadge
                    goodReason={r.goodReason}
                    onWithdraw={readOnly ? undefined : () => r.goodReason && onWithdrawGoodReason(r.goodReason)}
                    onCorrected={readOnly ? undefined : onGoodReasonCorrected}
                  />
                ) : (
                  !readOnly && (
                    <Button size="compact-sm" variant="light" leftSection={<IconScale size={14} />} onClick={() => onGoodReason(r)} data-testid="report-in-good-reason">
                      {t('measures.card.recordGoodReason')}
                    </Button>
                  )
                )}
              </Group>
            ))}
          </Stack>
        )}
        {measure.dischargeNotice ? (
          <Group gap="xs" wrap="wrap" data-testid="discharge-notice">
            <IconFileCertificate size={16} color="var(--mantine-color-teal-7)" />
            <Text size="sm">
              {t('measures.card.dischargeNotice')}：
              {t('measures.card.dischargeNoticeValue', measure.dischargeNotice)}
            </Text>
            <ArticleLabel article={discharge} />
          </Group>
        ) : (
          termEnded && (
            <Alert color="orange" variant="light" p="xs" icon={<IconAlertTriangle size={16} />} data-testid="discharge-notice-missing">
              <Group gap="sm" justify="space-between" wrap="wrap">
                <Group gap={6} wrap="wrap">
                  <Text size="sm">{t('measures.card.dischargeNoticeMissing')}</Text>
                  <ArticleLabel article={discharge} />
                </Group>
                {!readOnly && (
                  <Button size="compact-sm" variant="light" color="orange" leftSection={<IconFileCertificate size={14} />} onClick={onDischargeNotice} data-testid="record-discharge-notice">
                    {t('measures.card.recordDischargeNotice')}
                  </Button>
                )}
              </Group>
            </Alert>
          )
        )}
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
