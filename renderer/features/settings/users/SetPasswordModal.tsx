import { Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { UserSummary } from '../../../../shared/domain/types';
import { PASSWORD_MIN_LENGTH, newPasswordSchema } from '../../../../shared/schemas/common';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { withConfirm } from '../../../lib/schemas';
import { zodValidate } from '../../../lib/zodForm';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';

const schema = withConfirm(z.object({ newPassword: newPasswordSchema, confirmPassword: z.string() }), 'newPassword');

/** Reset a user's password, or enable a disabled account: both give the user a new key slot. */
export function SetPasswordModal({
  mode,
  user,
  onClose,
  onDone,
}: {
  mode: 'reset' | 'enable';
  user: UserSummary;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { newPassword: '', confirmPassword: '' },
    validate: zodValidate(schema, t),
  });
  const name = user.displayName;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      if (mode === 'reset') {
        await haven.users.resetPassword({ userId: user.id, newPassword: values.newPassword });
        notifySuccess(t('settings.users.resetDone', { name }));
      } else {
        await haven.users.enable({ userId: user.id, newPassword: values.newPassword });
        notifySuccess(t('settings.users.enabledDone', { name }));
      }
      onDone();
    } catch (caught) {
      form.setErrors(fieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal
      dirty={form.isDirty()}
      opened
      onClose={onClose}
      title={t(mode === 'reset' ? 'settings.users.resetTitle' : 'settings.users.enableTitle', { name })}
      size="md"
      centered
    >
      <Form onSubmit={submit} noValidate data-testid={`${mode}-user-form`}>
        <Stack gap="md">
          <Text size="sm">{t(mode === 'reset' ? 'settings.users.resetIntro' : 'settings.users.enableIntro')}</Text>
          <PasswordInput
            label={t('settings.users.newPassword')}
            description={t('setup.passwordHint', { min: PASSWORD_MIN_LENGTH })}
            autoComplete="new-password"
            required
            data-autofocus
            data-testid="set-password-new"
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label={t('settings.users.confirmPassword')}
            autoComplete="new-password"
            required
            data-testid="set-password-confirm"
            {...form.getInputProps('confirmPassword')}
          />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="set-password-submit">
              {mode === 'reset' ? t('settings.users.resetPassword') : t('settings.users.enableSubmit')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
