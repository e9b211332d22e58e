import { Group, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { contract } from '../../../shared/ipc/contract';
import { isHavenError } from '../../../shared/ipc/errors';
import { PASSWORD_MIN_LENGTH } from '../../../shared/schemas/common';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';
import { withConfirm } from '../../lib/schemas';
import { zodValidate } from '../../lib/zodForm';
import { Form, SubmitButton } from '../../components/Form';
import { useLeaveGuard } from '../../lib/leaveGuard';

const schema = withConfirm(contract['auth:changePassword'].input.extend({ confirmPassword: z.string() }), 'newPassword');

/** The logged-in user's own password (rewraps only their key slot). */
export function ChangePasswordForm({ onChanged }: { onChanged?: () => void } = {}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    validate: zodValidate(schema, t),
  });
  // A page-sized form: leaving it with unsaved input asks first (lib/leaveGuard.tsx).
  useLeaveGuard(() => form.isDirty());

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await haven.auth.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.reset();
      notifySuccess(t('settings.account.changed'));
      onChanged?.();
    } catch (caught) {
      const fields = fieldErrors(t, caught);
      if (isHavenError(caught) && caught.code === 'INVALID_CREDENTIALS') {
        fields.currentPassword ??= errorMessage(t, caught);
      }
      form.setErrors(fields);
      setError(errorMessage(t, caught));
    }
  });

  return (
    <Form onSubmit={submit} noValidate data-testid="change-password-form">
      <Stack gap="md">
        <PasswordInput
          label={t('settings.account.currentPassword')}
          autoComplete="current-password"
          required
          data-testid="current-password"
          {...form.getInputProps('currentPassword')}
        />
        <PasswordInput
          label={t('settings.account.newPassword')}
          description={t('setup.passwordHint', { min: PASSWORD_MIN_LENGTH })}
          autoComplete="new-password"
          required
          data-testid="new-password"
          {...form.getInputProps('newPassword')}
        />
        <PasswordInput
          label={t('settings.account.confirmPassword')}
          autoComplete="new-password"
          required
          data-testid="confirm-password"
          {...form.getInputProps('confirmPassword')}
        />
        <FormError message={error} />
        <Group justify="flex-end">
          <SubmitButton loading={form.submitting} data-testid="change-password-submit">
            {t('settings.account.submit')}
          </SubmitButton>
        </Group>
      </Stack>
    </Form>
  );
}
