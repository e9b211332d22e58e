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
    body = <MeasureAct alert={alert} personId={alert.personId} action={action} onClose={onClose} onDone={onDone} />;
  } else if (alert.personId !== null && action === 'risk') {
    body = <RiskAct personId={alert.personId} onClose={onClose} onDone={onDone} />;
  } else if (alert.personId !== null && action === 'endControl') {
    body = <CleanDecisionModal personId={alert.personId} onClose={onClose} onDone={onDone} />;
  } else {
    body = <AlertDialog alert={alert} kind={kind} gender={gender} personName={personName} onClose={onClose} onDone={onDone} />;
  }
  return <DialogSubjectProvider name={personName}>{body}</DialogSubjectProvider>;
}

function Loading({ title, state, onClose }: { title: string; state: Parameters<typeof LoadState>[0]['state']; onClose: () => void }) {
  return (
    <GuardedModal opened onClose={onClose} title={title} centered size="md">
      <LoadState state={state} reload={() => {}} />
    </GuardedModal>
  );
}

function MeasureAct({
  alert,
  personId,
  action,
  onClose,
  onDone,
}: {
  alert: Alert;
  personId: number;
  action: 'reportIn' | 'discharge' | 'dischargeNotice';
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const measures = useRecords(fetchMeasures, personId);
  const title = codeWord(t, actionLabelKey[action]);
  if (measures.status !== 'ready') return <Loading title={title} state={measures} onClose={onClose} />;
  const id = measureIdOfAlert(alert);
  const measure = measures.data.find((m) => m.id === id) ?? measures.data.at(-1);
  if (!measure) return <Loading title={title} state={{ status: 'error', error: new Error('measure') }} onClose={onClose} />;
  if (action === 'dischargeNotice') return <DischargeNoticeModal measure={measure} onClose={onClose} onDone={onDone} />;
  return <TransitionModal measure={measure} personId={personId} action={action === 'reportIn' ? 'report_in' : 'complete'} onClose={onClose} onDone={onDone} />;
}

function RiskAct({ personId, onClose, onDone }: { personId: number; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const table = useRecords(fetchRiskTable, personId);
  if (table.status !== 'ready') return <Loading title={t('careUi.risk.formTitle')} state={table} onClose={onClose} />;
  return <RiskAssessmentModal personId={personId} table={table.data} onClose={onClose} onDone={onDone} />;
}
