import { Button, Card, Checkbox, Group, Stack, Text } from '@mantine/core';
import { IconEyeOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { WorklistRow } from '../../../shared/rules/worklist';
import { haven } from '../../ipc';
import { formatDateTime } from '../../lib/format';
import { LoadState } from '../../components/LoadState';
import { actionLabelKey, alertSentence, ArticleLabel, BreachWaiting, dismissable, primaryAction, routeOfAction, SeverityBadge, type AlertDialogKind, type SupervisionPanelProps } from '../supervision';
import { useRecords } from '../../lib/useRecords';
import { codeWord } from '../../lib/errors';
import { useCanWrite } from '../../lib/writeAccess';
import { AlertActionDialog } from './AlertActionDialog';
import { InfoReason } from './InfoReason';

const fetchAlerts = (personId: number) => haven.worklist.person({ personId });

/**
 * 提醒: what the rules say about this person today, each with its facts, article and due date,
 * and the act that answers it. Dismissed ones are hidden unless asked for.
 */
export function AlertsPanel({ personId, person, onChanged, version }: SupervisionPanelProps) {
  const canWrite = useCanWrite();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const alerts = useRecords(fetchAlerts, personId, version);
  const [showDismissed, setShowDismissed] = useState(false);
  const [dialog, setDialog] = useState<{ alert: WorklistRow; kind: AlertDialogKind } | null>(null);
  const done = () => {
    setDialog(null);
    alerts.reload();
    onChanged?.();
  };

  const all = alerts.status === 'ready' ? alerts.data : [];
  const dismissedCount = all.filter((a) => a.dismissed).length;
  const shown = all.filter((a) => showDismissed || !a.dismissed);

  return (
    <Stack gap={6} data-testid="alerts-panel">
      <LoadState state={alerts} reload={alerts.reload} />
      {alerts.status === 'ready' && shown.length === 0 && (
        <Text c="dimmed" size="sm" data-testid="alerts-empty">
          {t('supervisionUi.alerts.empty')}
        </Text>
      )}
      {shown.map((alert) => {
        const action = primaryAction(alert.ruleId);
        const route = action ? routeOfAction(action, personId) : null;
        return (
          <Card
            key={alert.key}
            withBorder
            px="sm"
            py={6}
            radius="sm"
            data-testid="alert-row"
            data-rule={alert.ruleId}
            data-dismissed={alert.dismissed !== null}
            style={{
              borderLeft: `4px solid var(--mantine-color-${alert.severity === 'critical' ? 'red-7' : alert.severity === 'warning' ? 'orange-6' : 'blue-4'})`,
              opacity: alert.dismissed ? 0.7 : 1,
            }}
          >
            <Group justify="space-between" align="center" wrap="nowrap" gap="md">
              <Group gap="sm" align="flex-start" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
                <SeverityBadge severity={alert.severity} />
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Group gap="md" wrap="wrap" align="baseline" style={{ rowGap: 0 }}>
                    <Text size="sm" fw={600} data-testid="alert-sentence" style={{ overflowWrap: 'anywhere' }}>
                      {alertSentence(t, alert)}
                    </Text>
                    <ArticleLabel article={alert.article} />
                    {alert.dueDate && (
                      <Text size="xs" c="dimmed" className="haven-tabular">
                        {t('supervisionUi.alerts.dueOn', { date: alert.dueDate })}
                      </Text>
                    )}
                  </Group>
                  <BreachWaiting alert={alert} />
                  {alert.dismissed && (
                    <Text size="xs" c="dimmed" data-testid="alert-dismissed" style={{ overflowWrap: 'anywhere' }}>
                      {t('supervisionUi.alerts.dismissedReason', {
                        reason: alert.dismissed.reason,
                        by: alert.dismissed.by ?? '',
                        at: formatDateTime(alert.dismissed.at),
                      })}
                    </Text>
                  )}
                </Stack>
              </Group>
              {!alert.dismissed && (
                <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
                  {/* Answering an alert changes the file; dismissing it is the database's own worklist. */}
                  {action && canWrite && (
                    <Button
                      size="compact-sm"
                      color={alert.severity === 'critical' ? 'red' : undefined}
                      onClick={() => (route ? navigate(route) : setDialog({ alert, kind: 'act' }))}
                      data-testid="alert-act"
                      data-action={action}
                    >
                      {codeWord(t, actionLabelKey[action])}
                    </Button>
                  )}
                  {!action && <InfoReason alert={alert} />}
                  {dismissable(alert.ruleId) && (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="gray"
                      leftSection={<IconEyeOff size={14} />}
                      onClick={() => setDialog({ alert, kind: 'dismiss' })}
                      data-testid="alert-dismiss"
                    >
                      {t('supervisionUi.alerts.dismiss')}
                    </Button>
                  )}
                </Group>
              )}
            </Group>
          </Card>
        );
      })}
      {dismissedCount > 0 && (
        <Checkbox
          size="xs"
          label={t('supervisionUi.alerts.showDismissed', { count: dismissedCount })}
          checked={showDismissed}
          onChange={(event) => setShowDismissed(event.currentTarget.checked)}
          data-testid="alerts-show-dismissed"
        />
      )}
      {dialog && (
        <AlertActionDialog alert={dialog.alert} kind={dialog.kind} gender={person?.gender ?? null} personName={person?.name ?? dialog.alert.personName} onClose={() => setDialog(null)} onDone={done} />
      )}
    </Stack>
  );
}
