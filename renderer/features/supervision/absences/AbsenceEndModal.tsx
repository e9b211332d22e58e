import { Button, Group, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Absence } from '../../../../shared/domain/supervision';
import { isoDateSchema } from '../../../../shared/schemas/person';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, formFieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { DateField } from '../../../components/DateField';
import { todayIso } from '../../../lib/today';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';

/** absences:end takes `toDate` as a plain string; the form asks for a real day, not before the start. */
function endSchema(fromDate: string) {
  return z.object({ toDate: isoDateSchema.refine((d) => d >= fromDate, { message: 'validation.endBeforeStart' }) });
}

/** 登记返回: closes an absence still running. */
export function AbsenceEndModal({ absence, onClose, onDone }: { absence: Absence & { id: number }; onClose: () => void; onDone: (absence: Absence) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const schema = endSchema(absence.fromDate);
  const form = useForm<{ toDate: string | null }>({ mode: 'controlled', initialValues: { toDate: todayIso() }, validate: zodValidate(schema, t) });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = schema.safeParse(values);
    if (!parsed.success) return;
    try {
      const ended = await haven.absences.end({ absenceId: absence.id, toDate: parsed.data.toDate });
      notifySuccess(t('supervisionUi.absences.ended'));
      onDone(ended);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={onClose} title={t('supervisionUi.absences.endTitle')} centered size="sm">
      <Form onSubmit={submit} noValidate data-testid="absence-end-form">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('supervisionUi.absences.endHint', { from: absence.fromDate })}
          </Text>
          <DateField notFuture label={t('supervisionUi.absences.toDate')} required data-autofocus data-testid="absence-end-date" {...form.getInputProps('toDate')} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="absence-end-submit">
              {t('supervisionUi.absences.endAction')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
