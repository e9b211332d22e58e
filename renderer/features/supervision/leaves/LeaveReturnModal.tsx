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
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';
import { useFormDraft } from '../../../lib/drafts';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

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
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(`leave:return:${leave.id}`, { note: form.values.note }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };
  const returnedOn = form.values.returnedOn;
  const late = returnedOn && isIsoDate(returnedOn) && returnedOn > leave.endDate ? daysBetween(leave.endDate, returnedOn) : 0;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = leaveReturnSchema.safeParse({ leaveId: leave.id, ...values });
    if (!parsed.success) return;
    try {
      const updated = await haven.leaves.return(parsed.data);
      notifySuccess(late > 0 ? t('supervisionUi.leaves.returnedLate', { days: late }) : t('supervisionUi.leaves.returned'));
      draft.discard();
      onDone(updated);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t('supervisionUi.leaves.returnTitle')} centered size="md">
      <Form onSubmit={submit} noValidate data-testid="leave-return-form">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('supervisionUi.leaves.returnRule', { endDate: leave.endDate })}
          </Text>
          <DateField notFuture label={t('supervisionUi.leaves.returnDate')} required data-autofocus data-testid="leave-return-date" {...form.getInputProps('returnedOn')} />
          {late > 0 && (
            <Alert color="orange" variant="light" p="xs" data-testid="leave-return-late">
              {t('supervisionUi.leaves.returnLate', { endDate: leave.endDate, days: late })}
            </Alert>
          )}
          <Textarea label={t('supervisionUi.leaves.returnNote')} autosize minRows={2} maxRows={5} data-testid="leave-return-note" {...form.getInputProps('note')} />
          <DraftRestoredNote shown={draft.restored} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="leave-return-submit">
              {t('supervisionUi.leaves.checkIn')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
