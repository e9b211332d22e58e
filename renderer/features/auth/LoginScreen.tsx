import { Alert, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Phase } from '../../app/session';
import { AuthLayout } from '../../components/AuthLayout';
import { GuideDialogButton } from '../guide';
import { LoginForm } from './LoginForm';
import { RecoverForm } from './RecoverForm';

type LockedPhase = Extract<Phase, { kind: 'locked' }>;

/** Login and lock screen: says why the data was closed, and offers the recovery key. */
export function LoginScreen({ phase }: { phase: LockedPhase }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'login' | 'recover'>('login');
  const username = phase.lastUsername ?? '';
  const locked = phase.lockReason !== null && phase.lockReason !== 'logout';

  if (mode === 'recover') {
    return (
      <AuthLayout title={t('recover.title')} width={520} help={<GuideDialogButton section="lost-admin-password" />}>
        <RecoverForm initialUsername={username} onBack={() => setMode('login')} />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('login.title')} help={<GuideDialogButton section="lost-staff-password" />}>
      <Stack gap="md">
        {phase.lockReason && (
          <Alert color="gray" variant="light" icon={<IconLock size={18} />} data-testid="lock-reason">
            <Text size="sm" fw={600}>
              {t(`lockReason.${phase.lockReason}`)}
            </Text>
            {locked && <Text size="sm">{t('login.lockedHint')}</Text>}
          </Alert>
        )}
        {phase.justSetUp && (
          <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} data-testid="setup-done">
            {t('login.afterSetup')}
          </Alert>
        )}
        <LoginForm
          key={username}
          initialUsername={username}
          submitLabel={locked ? t('login.unlock') : t('login.submit')}
          onForgot={() => setMode('recover')}
        />
      </Stack>
    </AuthLayout>
  );
}
