import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Agreement } from '../../../shared/domain/agreements';
import { isHavenError } from '../../../shared/ipc/errors';
import { reasonSchema } from '../../../shared/schemas/person';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { errorMessage, translateKey } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';
import { zodValidate } from '../../lib/zodForm';
import { Form, SubmitButton } from '../../components/Form';
import { GuardedModal } from '../../components/GuardedModal';
import { useFormDraft } from '../../lib/drafts';
import { DraftRestoredNote } from '../../components/DraftRestoredNote';

const schema = z.object({ reason: reasonSchema });

/** 作废: a signed agreement stops being in force, with a reason (audited); its text stays on record. */
export function VoidModal({ agreement, onClose, onDone }: { agreement: Agreement; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: { reason: '' }, validate: zodValidate(schema, t) });
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(`agreement:void:${agreement.id}`, { reason: form.values.reason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };

  const submit = form.onSubmit(async ({ reason }) => {
    setError(null);
    try {
      await haven.agreements.void({ agreementId: agreement.id, reason: reason.trim() });
      notifySuccess(t('agreementsUi.void.done'));
      draft.discard();
      onDone();
    } catch (caught) {
      const field = isHavenError(caught) ? caught.fields?.reason : undefined;
      if (field) form.setFieldError('reason', translateKey(t, field));
      else setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t('agreementsUi.void.title')} centered size="md">
      <Form onSubmit={submit} noValidate data-testid="void-form">
        <Stack gap="md">
          <Text size="sm" fw={600}>
            {agreement.title}
            {agreement.signedOn ? ` · ${t('agreementsUi.status.signedOn', { date: agreement.signedOn })}` : ''}
          </Text>
          <Text size="sm" c="dimmed">
            {t('agreementsUi.void.hint')}
          </Text>
          <Textarea label={t('agreementsUi.void.reason')} required autosize minRows={2} maxRows={6} data-autofocus data-testid="void-reason" {...form.getInputProps('reason')} />
          <DraftRestoredNote shown={draft.restored} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton color="red" loading={form.submitting} data-testid="void-submit">
              {t('agreementsUi.void.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
