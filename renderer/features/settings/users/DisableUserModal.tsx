import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../../../shared/domain/types';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { GuardedModal } from '../../../components/GuardedModal';

/** Confirms disabling: the account's key slot is removed, so its password opens nothing. */
export function DisableUserModal({ user, onClose, onDone }: { user: UserSummary; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = user.displayName;

  const confirm = async () => {
    setError(null);
    setBusy(true);
    try {
      await haven.users.disable({ userId: user.id });
      notifySuccess(t('settings.users.disabledDone', { name }));
      onDone();
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <GuardedModal opened onClose={onClose} title={t('settings.users.disableTitle', { name })} size="md" centered>
      <Stack gap="md" data-testid="disable-user-dialog">
        <Text size="sm">{t('settings.users.disableBody')}</Text>
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
          {t('settings.users.disableRotateHint')}
        </Alert>
        <FormError message={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={busy} onClick={() => void confirm()} data-testid="disable-user-confirm">
            {t('settings.users.disableConfirm')}
          </Button>
        </Group>
      </Stack>
    </GuardedModal>
  );
}
