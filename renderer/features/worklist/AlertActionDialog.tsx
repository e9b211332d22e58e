import { Alert as Notice, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../../../shared/rules/types';
import { haven } from '../../ipc';
import { DialogSubjectProvider, GuardedModal } from '../../components/GuardedModal';
import { LoadState } from '../../components/LoadState';
import { useRecords } from '../../lib/useRecords';
import { CleanDecisionModal, RiskAssessmentModal } from '../care';
import { DischargeNoticeModal, TransitionModal } from '../measures';
import { actionLabelKey, AlertDialog, primaryAction, type AlertDialogKind } from '../supervision';
import { codeWord } from '../../lib/errors';

/** The measure an alert is about: its key carries `m<id>` (report-in, term, discharge notice). */
export function measureIdOfAlert(alert: Pick<Alert, 'key'>): number | null {
  const match = /:m(\d+)(?::|$)/.exec(alert.key);
  return match ? Number(match[1]) : null;
}

const fetchMeasures = (personId: number) => haven.measures.list({ personId });
const fetchRiskTable = () => haven.riskTable.get();

/**
 * The dialog that answers one alert, for 待办 and the person's alerts alike: the form of the act
 * shared/rules/actions.ts names, for the person the row is about, named in the dialog's title,
 * prefilled from the alert (today's date, the current user as 检测人, the violation's rule and
 * facts, the leave to check in, the measure to report in or discharge). `onDone` reloads the list,
 * so the answered row goes.
 */
export function AlertActionDialog({
  alert,
  kind,
  personName,
  gender = null,
  onClose,
  onDone,
}: {
  alert: Alert;
  kind: AlertDialogKind;
  personName: string | null;
  gender?: 'male' | 'female' | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const action = kind === 'act' ? primaryAction(alert.ruleId) : null;
  let body;
  if (alert.personId !== null && (action === 'reportIn' || action === 'discharge' || action === 'dischargeNotice')) {
    body = <MeasureAct alert={alert} personId={alert.personId} personName={personName} action={action} onClose={onClose} onDone={onDone} />;
  } else if (alert.personId !== null && action === 'risk') {
    body = <RiskAct personId={alert.personId} onClose={onClose} onDone={onDone} />;
  } else if (alert.personId !== null && action === 'endControl') {
    body = <CleanDecisionModal personId={alert.personId} onClose={onClose} onDone={onDone} />;
  } else {
    body = <AlertDialog alert={alert} kind={kind} gender={gender} personName={personName} onClose={onClose} onDone={onDone} />;
  }
  return <DialogSubjectProvider name={personName}>{body}</DialogSubjectProvider>;
}

function Loading({ title, state, reload, onClose }: { title: string; state: Parameters<typeof LoadState>[0]['state']; reload: () => void; onClose: () => void }) {
  return (
    <GuardedModal opened onClose={onClose} title={title} centered size="md">
      <LoadState state={state} reload={reload} />
    </GuardedModal>
  );
}

/**
 * The alert names a measure the person no longer has (removed, or the list moved on since the
 * worklist was read). No other measure stands in: reporting in or discharging the wrong one would
 * be worse than doing nothing.
 */
function MeasureMissing({ title, onClose }: { title: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <GuardedModal opened onClose={onClose} title={title} centered size="md">
      <Stack gap="md" data-testid="alert-measure-missing">
        <Notice color="orange" variant="light" title={t('worklist.measureMissing.title')}>
          <Text size="sm">{t('worklist.measureMissing.body')}</Text>
        </Notice>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    </GuardedModal>
  );
}

function MeasureAct({
  alert,
  personId,
  personName,
  action,
  onClose,
  onDone,
}: {
  alert: Alert;
  personId: number;
  personName: string | null;
  action: 'reportIn' | 'discharge' | 'dischargeNotice';
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const measures = useRecords(fetchMeasures, personId);
  const title = codeWord(t, actionLabelKey[action]);
  if (measures.status !== 'ready') return <Loading title={title} state={measures} reload={measures.reload} onClose={onClose} />;
  const id = measureIdOfAlert(alert);
  // Only the measure the alert names: never another one of the person's.
  const measure = id === null ? undefined : measures.data.find((m) => m.id === id);
  if (!measure) return <MeasureMissing title={title} onClose={onClose} />;
  if (action === 'dischargeNotice') return <DischargeNoticeModal measure={measure} onClose={onClose} onDone={onDone} />;
  return <TransitionModal measure={measure} personId={personId} personName={personName} action={action === 'reportIn' ? 'report_in' : 'complete'} onClose={onClose} onDone={onDone} />;
}

function RiskAct({ personId, onClose, onDone }: { personId: number; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const table = useRecords(fetchRiskTable, personId);
  if (table.status !== 'ready') return <Loading title={t('careUi.risk.formTitle')} state={table} reload={table.reload} onClose={onClose} />;
  return <RiskAssessmentModal personId={personId} table={table.data} onClose={onClose} onDone={onDone} />;
}
