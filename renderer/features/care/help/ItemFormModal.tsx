import { Button, Group, Select, SimpleGrid, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { helpCategories, helpDepartments, type HelpItem, type HelpPlan } from '../../../../shared/domain/care';
import { helpItemSchema } from '../../../../shared/schemas/care';
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
  department: string | null;
  description: string;
  plannedDate: string | null;
  doneDate: string | null;
  outcome: string;
  /** 更正 only: why. */
  reason: string;
}

/**
 * 帮扶事项: category, responsible department, what is done, when planned and when done. A done
 * date needs an outcome; a done item counts as help given (人次). `completing` opens it to
 * record the completion: the done date set to today and the outcome asked for (the ordinary next step,
 * `help:updateItem`). An item opened otherwise is a 更正 (`help:correctItem`): it asks for a reason.
 */
export function ItemFormModal({
  plan,
  item,
  completing = false,
  onClose,
  onDone,
}: {
  plan: HelpPlan;
  item: HelpItem | null;
  completing?: boolean;
  onClose: () => void;
  onDone: (plan: HelpPlan) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const correcting = item !== null && !completing;
  const firstNeed = plan.needs[0] ?? null;
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: item
      ? {
          category: item.category,
          department: item.department,
          description: item.description,
          plannedDate: item.plannedDate,
          doneDate: item.doneDate ?? (completing ? todayIso() : null),
          outcome: item.outcome,
          reason: '',
        }
      : { category: firstNeed, department: null, description: '', plannedDate: null, doneDate: null, outcome: '', reason: '' },
    validate: ({ reason, ...values }) => {
      const errors: Record<string, React.ReactNode> = zodValidate(helpItemSchema, t)(values);
      const reasonError = correcting ? correctionReasonError(t, reason) : null;
      return reasonError ? { ...errors, reason: reasonError } : errors;
    },
  });
  const done = Boolean(form.values.doneDate);
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draftKey = item ? `help-item:${completing ? 'done' : 'correct'}:${item.id}` : `help-item:new:${plan.id}`;
  const draft = useFormDraft(draftKey, { description: form.values.description, outcome: form.values.outcome, reason: form.values.reason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };

  const submit = form.onSubmit(async ({ reason, ...values }) => {
    setError(null);
    const parsed = helpItemSchema.safeParse({ ...values, plannedDate: values.plannedDate || null, doneDate: values.doneDate || null });
    if (!parsed.success) return;
    try {
      const saved = !item
        ? await haven.help.addItem({ planId: plan.id, item: parsed.data })
        : correcting
          ? await haven.help.correctItem({ itemId: item.id, item: parsed.data, reason })
          : await haven.help.updateItem({ itemId: item.id, item: parsed.data });
      draft.discard();
      notifySuccess(t(correcting ? 'careUi.common.corrected' : parsed.data.doneDate && !item?.doneDate ? 'careUi.help.itemDone' : 'careUi.help.itemSaved'));
      onDone(saved);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'item.'));
      setError(errorMessage(t, caught));
    }
  });

  const title = completing ? 'careUi.help.doneTitle' : item ? 'careUi.help.editItemTitle' : 'careUi.help.itemTitle';
  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t(title)} centered size="lg">
      <Form onSubmit={submit} noValidate data-testid="item-form">
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('careUi.help.category')}
              required
              data={codeOptions(t, helpCategories, 'help.category')}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="item-category"
              {...form.getInputProps('category')}
            />
            <Select
              label={t('careUi.help.department')}
              placeholder={t('careUi.risk.choose')}
              required
              data={codeOptions(t, helpDepartments, 'help.department')}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="item-department"
              {...form.getInputProps('department')}
            />
          </SimpleGrid>
          <Textarea label={t('careUi.help.description')} required autosize minRows={2} maxRows={5} data-autofocus={!completing || undefined} data-testid="item-description" {...form.getInputProps('description')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <DateField label={t('careUi.help.plannedDate')} clearable data-testid="item-planned" {...form.getInputProps('plannedDate')} />
            <DateField notFuture label={t('careUi.help.doneDate')} clearable data-testid="item-done" {...form.getInputProps('doneDate')} />
          </SimpleGrid>
          <Textarea
            label={t('careUi.help.outcome')}
            description={t('careUi.help.outcomeHint')}
            required={done}
            autosize
            minRows={2}
            maxRows={5}
            data-autofocus={completing || undefined}
            data-testid="item-outcome"
            {...form.getInputProps('outcome')}
          />
          <DraftRestoredNote shown={draft.restored} />
          {correcting && <CorrectionReasonField value={form.values.reason} error={form.errors.reason} onChange={(value) => form.setFieldValue('reason', value)} />}
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="item-submit">
              {t('careUi.common.save')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
