import { Alert, Button, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { violationHandlings, violationSeverities, type Violation } from '../../../../shared/domain/supervision';
import { violationSchema } from '../../../../shared/schemas/supervision';
import { CorrectionReasonField, correctionReasonError } from '../../../components/CorrectionReason';
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
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

interface Values {
  date: string | null;
  severity: 'general' | 'serious';
  description: string;
  handling: string | null;
  warnedOn: string | null;
  ruleKey: string | null;
  /** 更正 only: why. */
  reason: string;
}

/** Filled in from a rule's alert: the core then makes it serious and keeps the rule, facts and article. */
export interface ViolationPrefill {
  description: string;
  ruleKey: string;
}

/** 登记违反协议: by hand (一般 or 严重), or answering a serious-breach alert. */
export function ViolationFormModal({
  personId,
  personName,
  prefill,
  violation: editing,
  onClose,
  onDone,
}: {
  /** 更正: the form opens on this violation, asks for a reason, and saves a correction. */
  violation?: Violation;
  personId: number;
  /** Named in the title (opened from 待办, the dialog says whom it is for). */
  personName?: string | null;
  prefill?: ViolationPrefill;
  onClose: () => void;
  onDone: (violation: Violation) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const fromAlert = prefill !== undefined;
  const toInput = ({ reason: _reason, ...values }: Values) => ({ ...values, handling: values.handling ?? '' });
  // A violation a serious-breach rule made stays serious (the core refuses otherwise).
  const severityFixed = fromAlert || (editing !== undefined && editing.ruleId !== null && editing.severity === 'serious');
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: editing
      ? {
          date: editing.date,
          severity: editing.severity,
          description: editing.description,
          handling: editing.handling || null,
          warnedOn: editing.warnedOn,
          ruleKey: editing.ruleKey,
          reason: '',
        }
      : {
          date: todayIso(),
          severity: fromAlert ? 'serious' : 'general',
          description: prefill?.description ?? '',
          handling: null,
          warnedOn: null,
          ruleKey: prefill?.ruleKey ?? null,
          reason: '',
        },
    validate: (values) => {
      const errors: Record<string, React.ReactNode> = zodValidate(violationSchema, t)(toInput(values));
      const reasonError = editing ? correctionReasonError(t, values.reason) : null;
      return reasonError ? { ...errors, reason: reasonError } : errors;
    },
  });
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(`violation:${editing ? `correct:${editing.id}` : `new:${personId}`}`, { description: form.values.description, reason: form.values.reason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = violationSchema.safeParse(toInput(values));
    if (!parsed.success) return;
    try {
      const { ruleKey: _ruleKey, ...fields } = parsed.data;
      const violation = editing
        ? await haven.violations.correct({ violationId: editing.id, violation: fields, reason: values.reason })
        : await haven.violations.create({ personId, violation: parsed.data });
      notifySuccess(t(editing ? 'supervisionUi.common.corrected' : 'supervisionUi.violations.saved'));
      draft.discard();
      onDone(violation);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'violation.'));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={
        editing ? t('supervisionUi.violations.correctTitle') : personName ? t('supervisionUi.violations.formTitleFor', { name: personName }) : t('supervisionUi.violations.formTitle')
      } centered size="lg">
      <Form onSubmit={submit} noValidate data-testid="violation-form">
        <Stack gap="md">
          {fromAlert && (
            <Alert color="red" variant="light" p="xs" data-testid="violation-from-alert">
              {t('supervisionUi.violations.fromAlert')}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <DateField notFuture label={t('supervisionUi.violations.date')} required data-testid="violation-date" {...form.getInputProps('date')} />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('supervisionUi.violations.severity')}
              </Text>
              <SegmentedControl
                data={violationSeverities.map((code) => ({ value: code, label: t(`supervision.severity.${code}`) }))}
                disabled={severityFixed}
                color={form.values.severity === 'serious' ? 'red' : undefined}
                aria-label={t('supervisionUi.violations.severity')}
                data-testid="violation-severity-input"
                {...form.getInputProps('severity')}
              />
            </Stack>
          </SimpleGrid>
          <Textarea
            label={t('supervisionUi.violations.description')}
            required
            autosize
            minRows={3}
            maxRows={8}
            data-autofocus
            data-testid="violation-description"
            {...form.getInputProps('description')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('supervisionUi.violations.handling')}
              placeholder={t('supervisionUi.violations.handlingNone')}
              data={violationHandlings.map((code) => ({ value: code, label: t(`supervision.handling.${code}`) }))}
              clearable
              comboboxProps={{ withinPortal: true }}
              data-testid="violation-handling"
              {...form.getInputProps('handling')}
            />
            <DateField notFuture label={t('supervisionUi.violations.warnedOn')} clearable data-testid="violation-warned-on" {...form.getInputProps('warnedOn')} />
          </SimpleGrid>
          {editing && <CorrectionReasonField value={form.values.reason} error={form.errors.reason} onChange={(value) => form.setFieldValue('reason', value)} />}
          <DraftRestoredNote shown={draft.restored} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton color={form.values.severity === 'serious' ? 'red' : undefined} loading={form.submitting} data-testid="violation-submit">
              {editing ? t('supervisionUi.common.submit') : t('supervisionUi.violations.add')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
