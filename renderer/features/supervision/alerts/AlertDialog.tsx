import { useTranslation } from 'react-i18next';
import type { Alert } from '../../../../shared/rules/types';
import { haven } from '../../../ipc';
import { notifySuccess } from '../../../lib/notify';
import { ReasonModal } from '../../../components/ReasonModal';
import { ContactFormModal } from '../contacts/ContactFormModal';
import { LeaveReturnModal } from '../leaves/LeaveReturnModal';
import { TestFormModal } from '../tests/TestFormModal';
import { PoliceReportModal } from '../violations/PoliceReportModal';
import { ViolationFormModal } from '../violations/ViolationFormModal';
import { alertSentence, primaryAction } from './alertActions';

export type AlertDialogKind = 'act' | 'dismiss';

/**
 * The supervision records' part of answering an alert: the rule's own form (test, talk, 销假,
 * violation prefilled from the alert, police report), or a dismissal with a reason. The worklist's
 * AlertActionDialog adds the measure and care forms around it, for 待办 and the person's alerts.
 */
export function AlertDialog({
  alert,
  kind,
  gender = null,
  personName = null,
  onClose,
  onDone,
}: {
  alert: Alert;
  kind: AlertDialogKind;
  /** The person's name, named in the form's title. */
  personName?: string | null;
  /** The person's gender, when the host knows it (the test form asks more for a woman). */
  gender?: 'male' | 'female' | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const sentence = alertSentence(t, alert);
  const personId = alert.personId;

  if (kind === 'dismiss') {
    return (
      <ReasonModal
        title={t('supervisionUi.alerts.dismissTitle')}
        hint={t('supervisionUi.alerts.dismissHint')}
        summary={sentence}
        confirmLabel={t('supervisionUi.alerts.dismiss')}
        onClose={onClose}
        onSubmit={async (reason) => {
          await haven.worklist.dismiss({ personId, key: alert.key, reason });
          notifySuccess(t('supervisionUi.alerts.dismissDone'));
          onDone();
        }}
      />
    );
  }

  const action = primaryAction(alert.ruleId);
  if (personId === null || action === null) return null;
  switch (action) {
    case 'violation':
      return <ViolationFormModal personId={personId} personName={personName} prefill={{ description: sentence, ruleKey: alert.key }} onClose={onClose} onDone={onDone} />;
    case 'police': {
      const violationId = Number(alert.facts.violationId);
      return Number.isInteger(violationId) ? <PoliceReportModal violationId={violationId} summary={sentence} onClose={onClose} onDone={onDone} /> : null;
    }
    case 'test':
      return <TestFormModal personId={personId} gender={gender} onClose={onClose} onDone={onDone} />;
    case 'contact':
      return <ContactFormModal personId={personId} onClose={onClose} onDone={onDone} />;
    case 'return': {
      const leaveId = Number(alert.facts.leaveId);
      const endDate = String(alert.facts.endDate ?? '');
      return Number.isInteger(leaveId) ? <LeaveReturnModal leave={{ id: leaveId, endDate }} onClose={onClose} onDone={onDone} /> : null;
    }
    default:
      // The measure's, care's and page acts: the worklist's AlertActionDialog and routeOfAction.
      return null;
  }
}
