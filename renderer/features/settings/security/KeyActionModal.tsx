import { Alert, Button, Group, List, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArchive, IconUsers } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../../../shared/ipc/contract';
import { isHavenError } from '../../../../shared/ipc/errors';
import { useSession } from '../../../app/session';
import { FormError } from '../../../components/FormError';
import { RecoveryKeyPanel } from '../../../components/RecoveryKeyPanel';
import { haven } from '../../../ipc';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { zodValidate } from '../../../lib/zodForm';
import { useAsync } from '../../../lib/useAsync';
import { RotateExplanation } from './RotateExplanation';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';

export type KeyAction = 'newRecoveryKey' | 'rotateMasterKey';

/**
 * After a rotation: the backups in the folder were all made under the old key and still open with
 * that time's passwords (a departed staff member's among them) and the old recovery key. Offers a
 * backup under the new key, then deletes them (backups:removeOtherKey refuses without the first).
 */
function OldBackupsNotice() {
  const { t } = useTranslation();
  const status = useAsync(useCallback(() => haven.backups.status({}), []));
  const [state, setState] = useState<{ busy: boolean; removed: number | null; error: string | null }>({ busy: false, removed: null, error: null });
  if (status.status !== 'ready' || status.data.files.length === 0) return null;
  const replace = async () => {
    setState({ busy: true, removed: null, error: null });
    try {
      await haven.backups.run({});
      const { removed } = await haven.backups.removeOtherKey({});
      setState({ busy: false, removed: removed.length, error: null });
    } catch (caught) {
      setState({ busy: false, removed: null, error: errorMessage(t, caught) });
    }
  };
  if (state.removed !== null) {
    return (
      <Alert color="teal" variant="light" data-testid="old-backups-removed">
        {t('settings.security.oldBackupsRemoved', { count: state.removed })}
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" icon={<IconArchive size={18} />} data-testid="old-backups">
      <Stack gap="xs">
        <Text size="sm">{t('settings.security.oldBackups', { count: status.data.files.length })}</Text>
        <FormError message={state.error} />
        <Group>
          <Button size="compact-sm" color="red" loading={state.busy} onClick={() => void replace()} data-testid="replace-old-backups">
            {t('settings.security.replaceOldBackups')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

const schema = contract['keys:newRecoveryKey'].input;

interface Issued {
  recoveryKey: string;
  usersNeedingReset: string[] | null;
}

/**
 * Both key operations: confirm with the current password, then show the new recovery key with
 * the same one-time display and confirmation as setup. The dialog cannot be dismissed until the
 * admin confirms the key is stored: the old key no longer works.
 */
export function KeyActionModal({ action, onClose }: { action: KeyAction; onClose: () => void }) {
  const { t } = useTranslation();
  const { station, user } = useSession();
  const [issued, setIssued] = useState<Issued | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { currentPassword: '' },
    validate: zodValidate(schema, t),
  });
  const rotate = action === 'rotateMasterKey';
  const busy = form.submitting;
  const title = issued
    ? t('settings.security.newKeyTitle')
    : rotate
      ? t('settings.security.rotateTitle')
      : t('settings.security.newRecoveryKey');

  const submit = form.onSubmit(async ({ currentPassword }) => {
    setError(null);
    try {
      if (rotate) {
        const result = await haven.keys.rotateMasterKey({ currentPassword });
        setIssued({ recoveryKey: result.recoveryKey, usersNeedingReset: result.usersNeedingReset });
      } else {
        const result = await haven.keys.newRecoveryKey({ currentPassword });
        setIssued({ recoveryKey: result.recoveryKey, usersNeedingReset: null });
      }
    } catch (caught) {
      const fields = fieldErrors(t, caught);
      if (isHavenError(caught) && caught.code === 'INVALID_CREDENTIALS') fields.currentPassword ??= errorMessage(t, caught);
      form.setErrors(fields);
      setError(errorMessage(t, caught));
    }
  });

  const closable = !issued && !busy;
  return (
    <GuardedModal
      dirty={form.isDirty()}
      opened
      onClose={() => closable && onClose()}
      title={title}
      size={issued ? 'xl' : 'lg'}
      centered
      withCloseButton={closable}
      closeOnClickOutside={closable}
      closeOnEscape={closable}
    >
      {issued ? (
        <Stack gap="md">
          {issued.usersNeedingReset && (
            <Alert color="orange" variant="light" icon={<IconUsers size={18} />} data-testid="users-needing-reset">
              {issued.usersNeedingReset.length > 0 ? (
                <>
                  <Text size="sm" mb={4}>
                    {t('settings.security.usersNeedingReset')}
                  </Text>
                  <List size="sm">
                    {issued.usersNeedingReset.map((name) => (
                      <List.Item key={name}>{name}</List.Item>
                    ))}
                  </List>
                </>
              ) : (
                <Text size="sm">{t('settings.security.noUsersNeedingReset')}</Text>
              )}
            </Alert>
          )}
          {issued.usersNeedingReset && <OldBackupsNotice />}
          <RecoveryKeyPanel
            recoveryKey={issued.recoveryKey}
            station={station}
            issuedBy={user.displayName}
            continueLabel={t('common.done')}
            onConfirmed={onClose}
          />
        </Stack>
      ) : (
        <Form onSubmit={submit} noValidate data-testid={`${action}-form`}>
          <Stack gap="md">
            {rotate ? <RotateExplanation /> : <Text size="sm">{t('settings.security.recoveryBody')}</Text>}
            <PasswordInput
              label={t('settings.security.currentPassword')}
              description={t('settings.security.currentPasswordHint')}
              autoComplete="current-password"
              required
              data-autofocus
              data-testid="key-action-password"
              {...form.getInputProps('currentPassword')}
            />
            <FormError message={error} />
            {busy && (
              <Text size="sm" c="dimmed">
                {t('settings.security.working')}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} disabled={busy}>
                {t('common.cancel')}
              </Button>
              <SubmitButton color={rotate ? 'orange' : undefined} loading={busy} data-testid="key-action-submit">
                {rotate ? t('settings.security.confirmRotate') : t('settings.security.generate')}
              </SubmitButton>
            </Group>
          </Stack>
        </Form>
      )}
    </GuardedModal>
  );
}
