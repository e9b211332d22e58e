import { Group, NumberInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../../../shared/ipc/contract';
import { useSession, useSessionApi } from '../../../app/session';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { Form, SubmitButton } from '../../../components/Form';
import { useLeaveGuard } from '../../../lib/leaveGuard';

const schema = contract['settings:update'].input;

/** Minutes without activity before the core closes the database (1–60). */
export function IdleLockForm() {
  const { t } = useTranslation();
  const { settings } = useSession();
  const { updateSession } = useSessionApi();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<{ idleLockMinutes: number | string }>({
    mode: 'controlled',
    initialValues: { idleLockMinutes: settings.idleLockMinutes },
    validate: zodValidate(schema, t),
  });
  // A page-sized form: leaving it with unsaved input asks first (lib/leaveGuard.tsx).
  useLeaveGuard(() => form.isDirty());

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const saved = await haven.settings.update({ idleLockMinutes: Number(values.idleLockMinutes) });
      updateSession((session) => ({ ...session, settings: saved }));
      form.resetDirty({ idleLockMinutes: saved.idleLockMinutes });
      notifySuccess(t('common.saved'));
    } catch (caught) {
      form.setErrors(fieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <Form onSubmit={submit} noValidate data-testid="idle-lock-form">
      <Group align="flex-end" gap="md">
        <NumberInput
          label={t('settings.security.idleLabel')}
          description={t('settings.security.idleDescription')}
          min={1}
          max={60}
          step={1}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          w={300}
          data-testid="idle-lock-minutes"
          {...form.getInputProps('idleLockMinutes')}
        />
        <SubmitButton loading={form.submitting} disabled={!form.isDirty()} data-testid="idle-lock-save">
          {t('common.save')}
        </SubmitButton>
      </Group>
      <FormError message={error} />
    </Form>
  );
}
