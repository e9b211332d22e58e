import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { daysBetween, isIsoDate } from '../../../../shared/domain/dates';
import type { Leave } from '../../../../shared/domain/supervision';
import { leaveReturnSchema } from '../../../../shared/schemas/supervision';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, formFieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { DateField } from '../../../components/DateField';
import { todayIso } from '../../../lib/today';
import { Form } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';

/**
 * 销假: the return check-in. Days past the leave's end are recorded by the core as an
 * unauthorized absence; the form says so before saving.
 */
export function LeaveReturnModal({
  leave,
  onClose,
  onDone,
}: {
  leave: { id: number; endDate: string };
  onClose: () => void;
  onDone: (leave: Leave) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<{ returnedOn: string | null; note: string }>({
    mode: 'controlled',
    initialValues: { returnedOn: todayIso(), note: '' },
    validate: (values) => zodValidate(leaveReturnSchema, t)({ leaveId: leave.id, ...values }),
  });
  const returnedOn = form.values.returnedOn;
  const late = returnedOn && isIsoDate(returnedOn) && returnedOn > leave.endDate ? daysBetween(leave.endDate, returnedOn) : 0;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = leaveReturnSchema.safeParse({ leaveId: leave.id, ...values });
    if (!parsed.success) return;
    try {
      const updated = await haven.leaves.return(parsed.data);
      notifySuccess(late > 0 ? t('supervisionUi.leaves.returnedLate', { days: late }) : t('supervisionUi.leaves.returned'));
      onDone(updated);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={onClose} title={t('supervisionUi.leaves.returnTitle')} centered size="md">
      <Form onSubmit={submit} noValidate data-testid="leave-return-form">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('supervisionUi.leaves.returnRule', { endDate: leave.endDate })}
          </Text>
          <DateField label={t('supervisionUi.leaves.returnDate')} required data-autofocus data-testid="leave-return-date" {...form.getInputProps('returnedOn')} />
          {late > 0 && (
            <Alert color="orange" variant="light" p="xs" data-testid="leave-return-late">
              {t('supervisionUi.leaves.returnLate', { endDate: leave.endDate, days: late })}
            </Alert>
          )}
          <Textarea label={t('supervisionUi.leaves.returnNote')} autosize minRows={2} maxRows={5} data-testid="leave-return-note" {...form.getInputProps('note')} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting} data-testid="leave-return-submit">
              {t('supervisionUi.leaves.checkIn')}
            </Button>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
