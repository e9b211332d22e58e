import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { UserSummary } from '../../../../shared/domain/types';
import { displayNameSchema, roleSchema, type Role } from '../../../../shared/schemas/common';
import { useSessionApi } from '../../../app/session';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { RoleField } from './RoleField';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';

const schema = z.object({ displayName: displayNameSchema, role: roleSchema });

export function EditUserModal({ user, onClose, onDone }: { user: UserSummary; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { updateSession } = useSessionApi();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<{ displayName: string; role: Role }>({
    mode: 'controlled',
    initialValues: { displayName: user.displayName, role: user.role },
    validate: zodValidate(schema, t),
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const updated = await haven.users.update({ userId: user.id, displayName: values.displayName, role: values.role });
      // Editing oneself changes the header (and, for a role change, what the page offers).
      updateSession((session) => (session.user.id === updated.id ? { ...session, user: updated } : session));
      notifySuccess(t('settings.users.updated', { name: updated.displayName }));
      onDone();
    } catch (caught) {
      form.setErrors(fieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={onClose} title={t('settings.users.editTitle', { name: user.username })} size="md" centered>
      <Form onSubmit={submit} noValidate data-testid="edit-user-form">
        <Stack gap="md">
          <TextInput
            label={t('settings.users.displayName')}
            autoComplete="off"
            required
            data-autofocus
            data-testid="edit-user-display-name"
            {...form.getInputProps('displayName')}
          />
          <RoleField
            value={form.values.role}
            onChange={(role) => form.setFieldValue('role', role)}
            error={form.errors.role}
          />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="edit-user-submit">
              {t('common.save')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
