import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionApi } from '../../app/session';
import { AuthLayout } from '../../components/AuthLayout';
import { GuideDialogButton } from '../guide';
import { RecoveryKeyPanel } from '../../components/RecoveryKeyPanel';
import { SetupForm, type SetupResult } from './SetupForm';

/** First run: the setup form, then the one-time recovery key, then the login screen. */
export function SetupFlow() {
  const { t } = useTranslation();
  const { finishSetup } = useSessionApi();
  const [created, setCreated] = useState<SetupResult | null>(null);

  if (!created) {
    return (
      <AuthLayout title={t('setup.title')} width={680} help={<GuideDialogButton section="setup-create" />}>
        <SetupForm onCreated={setCreated} />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t('recoveryKey.title')} width={680} help={<GuideDialogButton section="setup-recovery-key" />}>
      <RecoveryKeyPanel
        recoveryKey={created.recoveryKey}
        station={created.station}
        issuedBy={created.adminDisplayName}
        onConfirmed={() => void finishSetup(created.adminUsername)}
      />
    </AuthLayout>
  );
}
