import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useForm } from '@mantine/form';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { reasonSchema } from '../../shared/schemas/person';
import { FormError } from './FormError';
import { errorMessage } from '../lib/errors';
import { zodValidate } from '../lib/zodForm';
import { formFieldErrors } from '../lib/errors';
import { Form, SubmitButton } from './Form';
import { GuardedModal } from './GuardedModal';
import { useFormDraft } from '../lib/drafts';
import { DraftRestoredNote } from './DraftRestoredNote';

const requiredSchema = z.object({ reason: reasonSchema });
const optionalSchema = z.object({ reason: z.string().trim().max(500, { message: 'validation.tooLong' }) });

/**
 * Asks for the reason of a sensitive act (remove a record, reject a plan) — at least two
 * characters, as the core requires — or, with `optional`, for a note that may stay empty.
 */
export function ReasonModal({
  title,
  hint,
  summary,
  label,
  confirmLabel,
  color,
  optional = false,
  irreversible = false,
  fieldPrefix = '',
  onSubmit,
  onClose,
}: {
  title: string;
  hint: string;
  /** What the act is about (the record's date and kind). */
  summary?: ReactNode;
  /** The box's label (default: 原因). */
  label?: string;
  confirmLabel: string;
  color?: string;
  optional?: boolean;
  /** The act cannot be undone (a removal): said first, in red, before the hint's details. */
  irreversible?: boolean;
  /** The core's name of the field, to show its refusal under the box (e.g. `note`). */
  fieldPrefix?: string;
  onSubmit: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: { reason: '' }, validate: zodValidate(optional ? optionalSchema : requiredSchema, t) });
  // The reason survives an idle lock (kept for this user in the core's memory, never on disk); the
  // same dialog about the same record (its title and summary) finds it again.
  const draft = useFormDraft(`reason:${title}:${typeof summary === 'string' ? summary : ''}`, { reason: form.values.reason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await onSubmit(values.reason.trim());
      draft.discard();
    } catch (caught) {
      const fields = formFieldErrors(t, caught);
      const own = fieldPrefix && fields[fieldPrefix];
      form.setErrors(own ? { reason: own } : fields);
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={title} centered size="md">
      <Form onSubmit={submit} noValidate data-testid="reason-form">
        <Stack gap="md">
          {summary && (
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              {summary}
            </Text>
          )}
          {irreversible && <Alert color="red" variant="light" p="xs" icon={<IconAlertTriangle size={18} />} title={t('common.cannotUndo')} data-testid="reason-irreversible" />}
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
          <Textarea label={label ?? t('common.reason')} required={!optional} autosize minRows={2} maxRows={6} data-autofocus data-testid="reason-input" {...form.getInputProps('reason')} />
          <DraftRestoredNote shown={draft.restored} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton color={color} loading={form.submitting} data-testid="reason-submit">
              {confirmLabel}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
