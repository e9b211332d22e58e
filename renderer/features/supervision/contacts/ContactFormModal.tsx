import { Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contactKinds, type Contact } from '../../../../shared/domain/supervision';
import { contactSchema } from '../../../../shared/schemas/supervision';
import { useSession } from '../../../app/session';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, formFieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { DateField } from '../../../components/DateField';
import { todayIso } from '../../../lib/today';
import { useFormDraft } from '../../../lib/drafts';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';
import { CorrectionReasonField, correctionReasonError } from '../../../components/CorrectionReason';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

interface Values {
  date: string | null;
  kind: string | null;
  staff: string;
  participants: string;
  summary: string;
  nextStep: string;
  nextDate: string | null;
  /** 更正 only: why. */
  reason: string;
}

/**
 * 记录谈话走访: who talked with the person, how, what came of it, and what happens next. With
 * `contact`: 更正 — the form opens on that record, asks for a reason, and saves a correction.
 */
export function ContactFormModal({
  personId,
  contact: editing,
  onClose,
  onDone,
}: {
  personId: number;
  contact?: Contact;
  onClose: () => void;
  onDone: (contact: Contact) => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: editing
      ? { date: editing.date, kind: editing.kind, staff: editing.staff, participants: editing.participants, summary: editing.summary, nextStep: editing.nextStep, nextDate: editing.nextDate, reason: '' }
      : { date: todayIso(), kind: 'face_to_face', staff: user.displayName, participants: '', summary: '', nextStep: '', nextDate: null, reason: '' },
    validate: ({ reason, ...values }) => {
      const errors: Record<string, React.ReactNode> = zodValidate(contactSchema, t)(values);
      const reasonError = editing ? correctionReasonError(t, reason) : null;
      return reasonError ? { ...errors, reason: reasonError } : errors;
    },
  });

  // The summary and a correction's reason survive an idle lock (kept for this user in the core's memory, never on disk).
  // A correction's draft is its own: the text of a new talk never lands in an old one.
  const draft = useFormDraft(editing ? `contact:correct:${editing.id}` : `contact:new:${personId}`, { summary: form.values.summary, reason: form.values.reason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };

  const submit = form.onSubmit(async ({ reason, ...values }) => {
    setError(null);
    const parsed = contactSchema.safeParse(values);
    if (!parsed.success) return;
    try {
      const contact = editing
        ? await haven.contacts.correct({ contactId: editing.id, contact: parsed.data, reason })
        : await haven.contacts.create({ personId, contact: parsed.data });
      draft.discard();
      notifySuccess(t(editing ? 'supervisionUi.common.corrected' : 'supervisionUi.contacts.saved'));
      onDone(contact);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'contact.'));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t(editing ? 'supervisionUi.contacts.correctTitle' : 'supervisionUi.contacts.formTitle')} centered size="lg">
      <Form onSubmit={submit} noValidate data-testid="contact-form">
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <DateField notFuture label={t('supervisionUi.contacts.date')} required data-testid="contact-date" {...form.getInputProps('date')} />
            <Select
              label={t('supervisionUi.contacts.kind')}
              required
              data={contactKinds.map((code) => ({ value: code, label: t(`supervision.contactKind.${code}`) }))}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="contact-kind"
              {...form.getInputProps('kind')}
            />
            <TextInput label={t('supervisionUi.contacts.staff')} autoComplete="off" data-testid="contact-staff" {...form.getInputProps('staff')} />
            <TextInput
              label={t('supervisionUi.contacts.participants')}
              placeholder={t('supervisionUi.contacts.participantsHint')}
              autoComplete="off"
              data-testid="contact-participants"
              {...form.getInputProps('participants')}
            />
          </SimpleGrid>
          <Textarea
            label={t('supervisionUi.contacts.summary')}
            required
            autosize
            minRows={3}
            maxRows={8}
            data-autofocus
            data-testid="contact-summary"
            {...form.getInputProps('summary')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label={t('supervisionUi.contacts.nextStep')} autoComplete="off" data-testid="contact-next-step" {...form.getInputProps('nextStep')} />
            <DateField label={t('supervisionUi.contacts.nextDate')} clearable data-testid="contact-next-date" {...form.getInputProps('nextDate')} />
          </SimpleGrid>
          <DraftRestoredNote shown={draft.restored} />
          {editing && <CorrectionReasonField value={form.values.reason} error={form.errors.reason} onChange={(value) => form.setFieldValue('reason', value)} />}
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="contact-submit">
              {t('supervisionUi.common.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
