import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Violation } from '../../../../shared/domain/supervision';
import { policeReportSchema } from '../../../../shared/schemas/supervision';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, formFieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { DateField } from '../../../components/DateField';
import { todayIso } from '../../../lib/today';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';

/** 报告公安机关 (RR art. 21): when, and to whom. */
export function PoliceReportModal({
  violationId,
  summary,
  onClose,
  onDone,
}: {
  violationId: number;
  summary?: string;
  onClose: () => void;
  onDone: (violation: Violation) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<{ date: string | null; reportedTo: string }>({
    mode: 'controlled',
    initialValues: { date: todayIso(), reportedTo: '' },
    validate: (values) => zodValidate(policeReportSchema, t)({ violationId, ...values }),
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = policeReportSchema.safeParse({ violationId, ...values });
    if (!parsed.success) return;
    try {
      const violation = await haven.violations.reportToPolice(parsed.data);
      notifySuccess(t('supervisionUi.violations.reportSaved'));
      onDone(violation);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={onClose} title={t('supervisionUi.violations.reportTitle')} centered size="md">
      <Form onSubmit={submit} noValidate data-testid="police-report-form">
        <Stack gap="md">
          {summary && (
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              {summary}
            </Text>
          )}
          <Text size="sm" c="dimmed">
            {t('supervisionUi.violations.reportHint')}
          </Text>
          <DateField notFuture label={t('supervisionUi.violations.reportDate')} required data-testid="police-date" {...form.getInputProps('date')} />
          <TextInput
            label={t('supervisionUi.violations.reportedTo')}
            placeholder={t('supervisionUi.violations.reportedToPlaceholder')}
            required
            autoComplete="off"
            data-autofocus
            data-testid="police-to"
            {...form.getInputProps('reportedTo')}
          />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="police-submit">
              {t('supervisionUi.violations.reportAction')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
