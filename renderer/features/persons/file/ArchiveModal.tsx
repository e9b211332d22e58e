import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { PersonDetail } from '../../../../shared/domain/persons';
import { OPEN_STATUSES } from '../../../../shared/domain/measures';
import { reasonSchema } from '../../../../shared/schemas/person';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, formFieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';
import { useFormDraft } from '../../../lib/drafts';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

const archiveSchema = z.object({ reason: reasonSchema });

/** 归档: the file leaves the everyday list but is never deleted; the reason is kept and audited. */
export function ArchiveModal({ person, onClose, onDone }: { person: PersonDetail; onClose: () => void; onDone: (reason: string) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: { reason: '' }, validate: zodValidate(archiveSchema, t) });
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(`archive:${person.id}`, { reason: form.values.reason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };
  const open = person.currentMeasure !== null && OPEN_STATUSES.includes(person.currentMeasure.status);

  const submit = form.onSubmit(async ({ reason }) => {
    setError(null);
    try {
      await haven.persons.archive({ personId: person.id, reason });
      notifySuccess(t('persons.archive.done', { name: person.name }));
      draft.discard();
      onDone(reason.trim());
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t('persons.archive.title', { name: person.name })} centered>
      <Form onSubmit={submit} noValidate data-testid="archive-form">
        <Stack gap="md">
          <Text size="sm">{t('persons.archive.body')}</Text>
          {open && (
            <Alert color="orange" variant="light">
              {t('persons.archive.openMeasure')}
            </Alert>
          )}
          <Textarea label={t('persons.archive.reason')} required autosize minRows={2} data-autofocus data-testid="archive-reason" {...form.getInputProps('reason')} />
          <DraftRestoredNote shown={draft.restored} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="archive-submit">
              {t('persons.archive.archive')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}

/** 恢复: the file returns to the everyday list. */
export function UnarchiveModal({ person, onClose, onDone }: { person: PersonDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setError(null);
    setBusy(true);
    try {
      await haven.persons.unarchive({ personId: person.id });
      notifySuccess(t('persons.archive.unarchived', { name: person.name }));
      onDone();
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <GuardedModal opened onClose={onClose} title={t('persons.archive.unarchiveTitle', { name: person.name })} centered>
      <Stack gap="md">
        <Text size="sm">{t('persons.archive.unarchiveBody')}</Text>
        <FormError message={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} onClick={() => void confirm()} data-testid="unarchive-submit">
            {t('persons.archive.unarchive')}
          </Button>
        </Group>
      </Stack>
    </GuardedModal>
  );
}
