import { Button, Group, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isIsoDate } from '../../../../shared/domain/dates';
import { leaveDays, type Leave } from '../../../../shared/domain/supervision';
import { leaveRequestSchema } from '../../../../shared/schemas/supervision';
import { CorrectionReasonField, correctionReasonError } from '../../../components/CorrectionReason';
import { useFormDraft } from '../../../lib/drafts';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, formFieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { DateField } from '../../../components/DateField';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

interface Values {
  reason: string;
  province: string;
  city: string;
  county: string;
  address: string;
  startDate: string | null;
  endDate: string | null;
  /** 更正 of a leave already checked in: its 销假. */
  returnedOn: string | null;
  returnNote: string;
  /** 更正 only: why. */
  correctReason: string;
}

/**
 * What a 更正 may change, by the leave's state (the core's rule, leaves/service.ts correctLeave): the
 * period only while nobody has decided on it; the 销假 once checked in.
 */
const periodCorrectable = (leave: Leave) => leave.status === 'requested' || leave.status === 'registered';

/**
 * 请假: a request waiting for approval, or the registration of a written report when the station
 * does not require approval (RR art. 19). The days are counted as the form is filled. With
 * `leave`: 更正 — the form opens on that leave, with what its state lets change, and a reason.
 */
export function LeaveRequestModal({
  personId,
  approvalRequired,
  leave: editing,
  onClose,
  onDone,
}: {
  personId: number;
  approvalRequired: boolean;
  leave?: Leave;
  onClose: () => void;
  onDone: (leave: Leave) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const returned = editing?.status === 'returned';
  const periodFixed = editing !== undefined && !periodCorrectable(editing);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: editing
      ? {
          reason: editing.reason,
          province: editing.province,
          city: editing.city,
          county: editing.county,
          address: editing.address,
          startDate: editing.startDate,
          endDate: editing.endDate,
          returnedOn: editing.returnedOn,
          returnNote: editing.returnNote,
          correctReason: '',
        }
      : { reason: '', province: '', city: '', county: '', address: '', startDate: null, endDate: null, returnedOn: null, returnNote: '', correctReason: '' },
    validate: ({ returnedOn, returnNote: _note, correctReason, ...values }) => {
      const errors: Record<string, React.ReactNode> = zodValidate(leaveRequestSchema, t)(values);
      if (returned && !returnedOn) errors.returnedOn = t('validation.required');
      const reasonError = editing ? correctionReasonError(t, correctReason) : null;
      return reasonError ? { ...errors, correctReason: reasonError } : errors;
    },
  });
  // The 事由 and a correction's reason survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(editing ? `leave:correct:${editing.id}` : `leave:new:${personId}`, { reason: form.values.reason, correctReason: form.values.correctReason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };
  const { startDate, endDate } = form.values;
  const days = startDate && endDate && isIsoDate(startDate) && isIsoDate(endDate) && endDate >= startDate ? leaveDays(startDate, endDate) : null;

  const submit = form.onSubmit(async ({ returnedOn, returnNote, correctReason, ...values }) => {
    setError(null);
    const parsed = leaveRequestSchema.safeParse(values);
    if (!parsed.success) return;
    try {
      if (editing) {
        const leave = await haven.leaves.correct({
          leaveId: editing.id,
          leave: parsed.data,
          returned: returned && returnedOn ? { returnedOn, note: returnNote } : null,
          reason: correctReason,
        });
        draft.discard();
        notifySuccess(t('supervisionUi.common.corrected'));
        onDone(leave);
        return;
      }
      const leave = await haven.leaves.create({ personId, leave: parsed.data });
      draft.discard();
      notifySuccess(t(leave.status === 'requested' ? 'supervisionUi.leaves.requested' : 'supervisionUi.leaves.registered'));
      onDone(leave);
    } catch (caught) {
      // The core names the request's fields `leave.…`; its own `reason` is the correction's.
      const fields = Object.entries(formFieldErrors(t, caught)).map(([path, message]) => [path.startsWith('leave.') ? path.slice(6) : path === 'reason' ? 'correctReason' : path, message]);
      form.setErrors(Object.fromEntries(fields));
      setError(errorMessage(t, caught));
    }
  });
  const title = editing ? 'supervisionUi.leaves.correctTitle' : approvalRequired ? 'supervisionUi.leaves.formTitleRequest' : 'supervisionUi.leaves.formTitleReport';

  return (
    <GuardedModal
      dirty={form.isDirty()}
      opened
      onClose={close}
      title={t(title)}
      centered
      size="lg"
    >
      <Form onSubmit={submit} noValidate data-testid="leave-form">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t(periodFixed ? 'supervisionUi.leaves.correctPeriodFixed' : 'supervisionUi.leaves.modeHint')}
          </Text>
          <Textarea
            label={t('supervisionUi.leaves.reason')}
            required
            autosize
            minRows={2}
            maxRows={5}
            data-autofocus
            data-testid="leave-reason"
            {...form.getInputProps('reason')}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <TextInput label={t('supervisionUi.leaves.province')} required autoComplete="off" data-testid="leave-province" {...form.getInputProps('province')} />
            <TextInput label={t('supervisionUi.leaves.city')} autoComplete="off" data-testid="leave-city" {...form.getInputProps('city')} />
            <TextInput label={t('supervisionUi.leaves.county')} autoComplete="off" data-testid="leave-county" {...form.getInputProps('county')} />
          </SimpleGrid>
          <TextInput label={t('supervisionUi.leaves.address')} autoComplete="off" data-testid="leave-address" {...form.getInputProps('address')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <DateField label={t('supervisionUi.leaves.startDate')} required disabled={periodFixed} data-testid="leave-start" {...form.getInputProps('startDate')} />
            <DateField label={t('supervisionUi.leaves.endDate')} required disabled={periodFixed} data-testid="leave-end" {...form.getInputProps('endDate')} />
          </SimpleGrid>
          <Text size="sm" fw={600} data-testid="leave-days" aria-live="polite">
            {days !== null ? t('supervisionUi.leaves.daysLive', { count: days }) : '\u00a0'}
          </Text>
          {returned && (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <DateField notFuture label={t('supervisionUi.leaves.returnDate')} required data-testid="leave-returned-on" {...form.getInputProps('returnedOn')} />
              <TextInput label={t('supervisionUi.leaves.returnNote')} autoComplete="off" data-testid="leave-return-note" {...form.getInputProps('returnNote')} />
            </SimpleGrid>
          )}
          <DraftRestoredNote shown={draft.restored} />
          {editing && <CorrectionReasonField value={form.values.correctReason} error={form.errors.correctReason} onChange={(value) => form.setFieldValue('correctReason', value)} />}
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="leave-submit">
              {editing ? t('supervisionUi.common.submit') : t(approvalRequired ? 'supervisionUi.leaves.addRequest' : 'supervisionUi.leaves.addReport')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
