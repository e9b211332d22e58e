import { Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession, useSessionApi } from '../../app/session';
import { AuthLayout } from '../../components/AuthLayout';
import { ChangePasswordForm } from './ChangePasswordForm';

/**
 * A new or reset user's first login: the password an admin gave is replaced before anything else
 * opens (the core refuses every other channel until then, electron/core/app.ts).
 */
export function FirstPasswordScreen() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { updateSession, logout } = useSessionApi();
  return (
    <AuthLayout title={t('login.firstPassword.title')} width={480}>
      <Stack gap="md" data-testid="first-password">
        <Text size="sm">{t('login.firstPassword.body', { name: user.displayName })}</Text>
        <ChangePasswordForm onChanged={() => updateSession((session) => ({ ...session, mustChangePassword: false }))} />
        <Button variant="subtle" onClick={() => void logout()} data-testid="first-password-logout">
          {t('header.logout')}
        </Button>
      </Stack>
    </AuthLayout>
  );
}
