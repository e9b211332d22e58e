import { Alert, Button, Group, List, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../../shared/domain/persons';
import { contract } from '../../../../shared/ipc/contract';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, formFieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';
import { useFormDraft } from '../../../lib/drafts';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

/**
 * 彻底删除 (admin only): the one way a file disappears. The admin types the person's name and
 * a reason; the audit log keeps that it happened, who did it and why, but not the data.
 */
export function PurgeModal({ person, onClose, onDone }: { person: PersonDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const schema = contract['persons:purge'].input
    .omit({ personId: true })
    .refine((values) => values.confirmName === person.name, { message: 'validation.confirmNameMismatch', path: ['confirmName'] });
  const form = useForm({ mode: 'controlled', initialValues: { confirmName: '', reason: '' }, validate: zodValidate(schema, t) });
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(`purge:${person.id}`, { reason: form.values.reason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };
  const matches = form.values.confirmName.trim() === person.name;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await haven.persons.purge({ personId: person.id, confirmName: values.confirmName, reason: values.reason });
      notifySuccess(t('persons.purge.done', { name: person.name }));
      draft.discard();
      onDone();
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t('persons.purge.title')} centered size="lg">
      <Form onSubmit={submit} noValidate data-testid="purge-form">
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('persons.purge.cannotUndo')}>
            <List size="sm" spacing={4}>
              <List.Item>{t('persons.purge.point1')}</List.Item>
              <List.Item>{t('persons.purge.point2')}</List.Item>
              <List.Item>{t('persons.purge.point3')}</List.Item>
            </List>
          </Alert>
          <Text size="sm">{t('persons.purge.preferArchive')}</Text>
          <TextInput
            label={t('persons.purge.typeName', { name: person.name })}
            autoComplete="off"
            required
            data-autofocus
            data-testid="purge-name"
            {...form.getInputProps('confirmName')}
          />
          <Textarea label={t('persons.purge.reason')} required autosize minRows={2} data-testid="purge-reason" {...form.getInputProps('reason')} />
          <DraftRestoredNote shown={draft.restored} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton color="red" disabled={!matches} loading={form.submitting} data-testid="purge-submit">
              {t('persons.purge.confirm')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
