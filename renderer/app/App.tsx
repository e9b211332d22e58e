import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LoginScreen } from '../features/auth/LoginScreen';
import { SetupFlow } from '../features/auth/SetupFlow';
import { FirstPasswordScreen } from '../features/settings/FirstPasswordScreen';
import { errorMessage } from '../lib/errors';
import { AppShellLayout } from './AppShellLayout';
import { useSessionApi } from './session';

/**
 * One screen per phase. The shell (and with it every data view) exists in the tree only while
 * unlocked: locking renders the lock screen instead, so nothing of the data stays mounted.
 */
export function App() {
  const { t } = useTranslation();
  const { phase, refresh } = useSessionApi();

  switch (phase.kind) {
    case 'booting':
      return (
        <Center h="100%">
          <Loader aria-label={t('app.loading')} />
        </Center>
      );
    case 'bootError':
      return (
        <Center h="100%">
          <Stack align="center" data-testid="boot-error">
            <Text>{phase.bridgeMissing ? t('app.bridgeMissing') : t('app.bootFailed')}</Text>
            {!phase.bridgeMissing && <Text c="dimmed">{errorMessage(t, phase.error)}</Text>}
            <Button variant="light" onClick={() => void refresh()}>
              {t('app.retry')}
            </Button>
          </Stack>
        </Center>
      );
    case 'setup':
      return <SetupFlow />;
    case 'locked':
      return <LoginScreen key="login" phase={phase} />;
    case 'unlocked':
      if (phase.session.mustChangePassword) return <FirstPasswordScreen />;
      return <AppShellLayout key={phase.session.user.id} />;
  }
}
