import { Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { contract } from '../../../../shared/ipc/contract';
import { PASSWORD_MIN_LENGTH, type Role } from '../../../../shared/schemas/common';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { withConfirm } from '../../../lib/schemas';
import { zodValidate } from '../../../lib/zodForm';
import { RoleField } from './RoleField';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';

const schema = withConfirm(contract['users:create'].input.extend({ confirmPassword: z.string() }), 'password');

export function NewUserModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<{ username: string; displayName: string; role: Role; password: string; confirmPassword: string }>({
    mode: 'controlled',
    initialValues: { username: '', displayName: '', role: 'staff', password: '', confirmPassword: '' },
    validate: zodValidate(schema, t),
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const created = await haven.users.create({
        username: values.username,
        displayName: values.displayName,
        role: values.role,
        password: values.password,
      });
      notifySuccess(t('settings.users.created', { name: created.displayName }));
      onDone();
    } catch (caught) {
      form.setErrors(fieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={onClose} title={t('settings.users.createTitle')} size="md" centered>
      <Form onSubmit={submit} noValidate data-testid="new-user-form">
        <Stack gap="md">
          <TextInput
            label={t('settings.users.username')}
            description={t('setup.adminUsernameHint')}
            autoComplete="off"
            required
            data-autofocus
            data-testid="new-user-username"
            {...form.getInputProps('username')}
          />
          <TextInput
            label={t('settings.users.displayName')}
            autoComplete="off"
            required
            data-testid="new-user-display-name"
            {...form.getInputProps('displayName')}
          />
          <RoleField
            value={form.values.role}
            onChange={(role) => form.setFieldValue('role', role)}
            error={form.errors.role}
          />
          <PasswordInput
            label={t('settings.users.password')}
            description={t('setup.passwordHint', { min: PASSWORD_MIN_LENGTH })}
            autoComplete="new-password"
            required
            data-testid="new-user-password"
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label={t('settings.users.confirmPassword')}
            autoComplete="new-password"
            required
            data-testid="new-user-confirm-password"
            {...form.getInputProps('confirmPassword')}
          />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="new-user-submit">
              {t('settings.users.createSubmit')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
