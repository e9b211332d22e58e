import { Button, Group, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { absenceDiscoveries, type Absence } from '../../../../shared/domain/supervision';
import { absenceSchema } from '../../../../shared/schemas/supervision';
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
import { CorrectionReasonField, correctionReasonError } from '../../../components/CorrectionReason';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

interface Values {
  fromDate: string | null;
  toDate: string | null;
  discovered: string | null;
  notes: string;
  /** 更正 only: why. */
  reason: string;
}

/**
 * 登记擅自离开执行地: from when, back when (empty while still away), and how the station learnt of it.
 * With `absence`: 更正 — the form opens on that record, asks for a reason, and saves a correction.
 */
export function AbsenceFormModal({
  personId,
  absence: editing,
  onClose,
  onDone,
}: {
  personId: number;
  absence?: Absence & { id: number };
  onClose: () => void;
  onDone: (absence: Absence) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: editing
      ? { fromDate: editing.fromDate, toDate: editing.toDate, discovered: editing.discovered, notes: editing.notes, reason: '' }
      : { fromDate: todayIso(), toDate: null, discovered: null, notes: '', reason: '' },
    validate: ({ reason, ...values }) => {
      const errors: Record<string, React.ReactNode> = zodValidate(absenceSchema, t)(values);
      const reasonError = editing ? correctionReasonError(t, reason) : null;
      return reasonError ? { ...errors, reason: reasonError } : errors;
    },
  });
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(`absence:${editing ? `correct:${editing.id}` : `new:${personId}`}`, { notes: form.values.notes, reason: form.values.reason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };

  const submit = form.onSubmit(async ({ reason, ...values }) => {
    setError(null);
    const parsed = absenceSchema.safeParse(values);
    if (!parsed.success) return;
    try {
      const absence = editing
        ? await haven.absences.correct({ absenceId: editing.id, absence: parsed.data, reason })
        : await haven.absences.create({ personId, absence: parsed.data });
      notifySuccess(t(editing ? 'supervisionUi.common.corrected' : 'supervisionUi.absences.saved'));
      draft.discard();
      onDone(absence);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'absence.'));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t(editing ? 'supervisionUi.absences.correctTitle' : 'supervisionUi.absences.formTitle')} centered size="lg">
      <Form onSubmit={submit} noValidate data-testid="absence-form">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('supervisionUi.absences.ruleHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <DateField notFuture label={t('supervisionUi.absences.fromDate')} required data-autofocus data-testid="absence-from" {...form.getInputProps('fromDate')} />
            <DateField notFuture
              label={t('supervisionUi.absences.toDate')}
              description={t('supervisionUi.absences.toDateHint')}
              clearable
              data-testid="absence-to"
              {...form.getInputProps('toDate')}
            />
          </SimpleGrid>
          <Select
            label={t('supervisionUi.absences.discovered')}
            required
            data={absenceDiscoveries.map((code) => ({ value: code, label: t(`supervision.discovered.${code}`) }))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-testid="absence-discovered"
            {...form.getInputProps('discovered')}
          />
          <Textarea label={t('supervisionUi.common.notes')} autosize minRows={2} maxRows={5} data-testid="absence-notes" {...form.getInputProps('notes')} />
          {editing && <CorrectionReasonField value={form.values.reason} error={form.errors.reason} onChange={(value) => form.setFieldValue('reason', value)} />}
          <DraftRestoredNote shown={draft.restored} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="absence-submit">
              {t('supervisionUi.common.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
