import { Button, Group, Select, SimpleGrid, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { careCategories, type CareFlag } from '../../../../shared/domain/care';
import { careFlagSchema } from '../../../../shared/schemas/care';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { DateField } from '../../../components/DateField';
import { codeOptions, formFieldErrors } from '../common/forms';
import { todayIso } from '../../../lib/today';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';
import { CorrectionReasonField, correctionReasonError } from '../../../components/CorrectionReason';
import { useFormDraft } from '../../../lib/drafts';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

interface Values {
  category: string | null;
  since: string | null;
  until: string | null;
  note: string;
  /** 更正 only: why. */
  reason: string;
}

/**
 * 列为重点关爱对象: one of the ten categories, since when, until when (empty: 至今). With `flag`:
 * 更正 — the form opens on it and asks for a reason (an end date set when the hardship is over is
 * saved the same way, its reason saying so).
 */
export function CareFlagModal({ personId, flag, onClose, onDone }: { personId: number; flag: CareFlag | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: flag
      ? { category: flag.category, since: flag.since, until: flag.until, note: flag.note, reason: '' }
      : { category: null, since: todayIso(), until: null, note: '', reason: '' },
    validate: ({ reason, ...values }) => {
      const errors: Record<string, React.ReactNode> = zodValidate(careFlagSchema, t)(values);
      const reasonError = flag ? correctionReasonError(t, reason) : null;
      return reasonError ? { ...errors, reason: reasonError } : errors;
    },
  });
  // The note and a correction's reason survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(flag ? `care:correct:${flag.id}` : `care:new:${personId}`, { note: form.values.note, reason: form.values.reason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };

  const submit = form.onSubmit(async ({ reason, ...values }) => {
    setError(null);
    const parsed = careFlagSchema.safeParse({ ...values, until: values.until || null });
    if (!parsed.success) return;
    try {
      if (flag) await haven.keyCare.correct({ flagId: flag.id, flag: parsed.data, reason });
      else await haven.keyCare.add({ personId, flag: parsed.data });
      draft.discard();
      notifySuccess(t(flag ? 'careUi.common.corrected' : 'careUi.keyCare.saved'));
      onDone();
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'flag.'));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t(flag ? 'careUi.keyCare.editTitle' : 'careUi.keyCare.formTitle')} centered size="lg">
      <Form onSubmit={submit} noValidate data-testid="care-flag-form">
        <Stack gap="md">
          <Select
            label={t('careUi.keyCare.category')}
            placeholder={t('careUi.risk.choose')}
            required
            data={codeOptions(t, careCategories, 'care.category')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-autofocus
            data-testid="care-flag-category"
            {...form.getInputProps('category')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <DateField label={t('careUi.keyCare.since')} required data-testid="care-flag-since" {...form.getInputProps('since')} />
            <DateField label={t('careUi.keyCare.until')} description={t('careUi.keyCare.untilHint')} inputWrapperOrder={['label', 'input', 'description', 'error']} clearable data-testid="care-flag-until" {...form.getInputProps('until')} />
          </SimpleGrid>
          <Textarea label={t('careUi.keyCare.note')} autosize minRows={2} maxRows={5} data-testid="care-flag-note" {...form.getInputProps('note')} />
          <DraftRestoredNote shown={draft.restored} />
          {flag && <CorrectionReasonField value={form.values.reason} error={form.errors.reason} onChange={(value) => form.setFieldValue('reason', value)} />}
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="care-flag-submit">
              {t('careUi.common.save')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
