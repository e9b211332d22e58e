import { Alert, Button, Group, MultiSelect, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { helpCategories, type HelpPlan } from '../../../../shared/domain/care';
import { helpPlanSchema } from '../../../../shared/schemas/care';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { codeOptions, formFieldErrors } from '../common/forms';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';
import { useFormDraft } from '../../../lib/drafts';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

interface Values {
  needs: string[];
  needsNote: string;
  goals: string;
}

/** 新建 / 修改帮扶方案: needs and goals. A saved change goes back for approval, and the form says so. */
export function PlanFormModal({ personId, plan, onClose, onDone }: { personId: number; plan: HelpPlan | null; onClose: () => void; onDone: (plan: HelpPlan) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: plan ? { needs: plan.needs, needsNote: plan.needsNote, goals: plan.goals } : { needs: [], needsNote: '', goals: '' },
    validate: zodValidate(helpPlanSchema, t),
  });
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(`help-plan:${plan ? `edit:${plan.id}` : `new:${personId}`}`, { needsNote: form.values.needsNote, goals: form.values.goals }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = helpPlanSchema.safeParse(values);
    if (!parsed.success) return;
    try {
      const saved = plan ? await haven.help.updatePlan({ planId: plan.id, plan: parsed.data }) : await haven.help.createPlan({ personId, plan: parsed.data });
      notifySuccess(t('careUi.help.planSaved'));
      draft.discard();
      onDone(saved);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'plan.'));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t(plan ? 'careUi.help.editPlanTitle' : 'careUi.help.newPlanTitle')} centered size="lg">
      <Form onSubmit={submit} noValidate data-testid="plan-form">
        <Stack gap="md">
          {plan && (
            <Alert color="yellow" variant="light" p="xs" data-testid="plan-edit-warning">
              {t('careUi.help.editWarning')}
            </Alert>
          )}
          <MultiSelect
            label={t('careUi.help.needs')}
            placeholder={t('careUi.risk.choose')}
            required
            data={codeOptions(t, helpCategories, 'help.category')}
            comboboxProps={{ withinPortal: true }}
            data-autofocus
            data-testid="plan-needs"
            {...form.getInputProps('needs')}
          />
          <Textarea label={t('careUi.help.needsNote')} autosize minRows={2} maxRows={5} data-testid="plan-needs-note" {...form.getInputProps('needsNote')} />
          <Textarea label={t('careUi.help.goals')} required autosize minRows={2} maxRows={5} data-testid="plan-goals" {...form.getInputProps('goals')} />
          <DraftRestoredNote shown={draft.restored} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="plan-submit">
              {t('careUi.common.save')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
