import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { suspensionReasons, terminationReasons, type MeasureAction } from '../../../shared/domain/measures';
import type { MeasureDetail } from '../../../shared/domain/persons';
import { measureTransitionSchema } from '../../../shared/schemas/measure';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';
import { zodValidate } from '../../lib/zodForm';
import { DateField } from '../persons/form/DateField';
import { formFieldErrors, useToday } from '../persons/shared';

interface TransitionValues {
  date: string | null;
  reasonCode: string | null;
  reason: string;
  destination: string;
}

/** Which reason list an action asks for, and its i18n words. */
function reasonList(action: MeasureAction): { codes: readonly string[]; words: string } | null {
  if (action === 'suspend') return { codes: suspensionReasons, words: 'measure.suspensionReason' };
  if (action === 'terminate') return { codes: terminationReasons, words: 'measure.terminationReason' };
  return null;
}

/** Suspend, terminate and transfer need a written reason; the others take an optional note. */
const reasonRequired = (action: MeasureAction) => action === 'suspend' || action === 'terminate' || action === 'transfer_out';

/**
 * One move of the measure's state machine (报到, 中止, 恢复执行, 期满解除, 终止, 转出): a date,
 * a reason where the law asks for one, and the user (recorded by the core).
 */
export function TransitionModal({
  measure,
  action,
  onClose,
  onDone,
}: {
  measure: MeasureDetail;
  action: MeasureAction;
  onClose: () => void;
  onDone: (measure: MeasureDetail) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  // Most changes are recorded the day they happen: the date starts at today, to be corrected if not.
  const today = useToday();
  const toInput = (values: TransitionValues) => ({ measureId: measure.id, action, ...values });
  const form = useForm<TransitionValues>({
    mode: 'controlled',
    initialValues: { date: today, reasonCode: null, reason: '', destination: '' },
    validate: (values) => zodValidate(measureTransitionSchema, t)(toInput(values)),
  });
  const reasons = reasonList(action);
  const lastEvent = measure.events.at(-1);

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = measureTransitionSchema.safeParse(toInput(values));
    if (!parsed.success) return;
    try {
      const updated = await haven.measures.transition(parsed.data);
      notifySuccess(t('measures.transition.done', { action: t(`measure.action.${action}`) }));
      onDone(updated);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <Modal opened onClose={onClose} title={t(`measure.action.${action}`)} centered size="md">
      <form onSubmit={submit} noValidate data-testid="transition-form" data-action={action}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t(`measures.transition.hint.${action}`, {
              deadline: measure.reportInDeadline,
              plannedEnd: measure.plannedEnd ?? '',
            })}
          </Text>
          {action === 'report_in' && form.values.date !== null && form.values.date > measure.reportInDeadline && (
            <Alert color="orange" variant="light">
              {t('measures.transition.lateReportIn', { deadline: measure.reportInDeadline })}
            </Alert>
          )}
          <DateField
            label={t(`measures.transition.dateLabel.${action}`)}
            description={lastEvent ? t('measures.transition.notBefore', { date: lastEvent.date }) : undefined}
            required
            data-autofocus
            data-testid="transition-date"
            {...form.getInputProps('date')}
          />
          {reasons && (
            <Select
              label={t('measures.field.reasonCode')}
              required
              withAsterisk={false}
              data={reasons.codes.map((code) => ({ value: code, label: t(`${reasons.words}.${code}`) }))}
              allowDeselect={false}
              data-testid="transition-reason-code"
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('reasonCode')}
            />
          )}
          {action === 'transfer_out' && (
            <TextInput
              label={t('measures.field.destination')}
              description={t('measures.transition.destinationHint')}
              required
              autoComplete="off"
              data-testid="transition-destination"
              {...form.getInputProps('destination')}
            />
          )}
          <Textarea
            label={reasonRequired(action) ? t('measures.field.reason') : t('measures.field.note')}
            required={reasonRequired(action)}
            withAsterisk={false}
            autosize
            minRows={2}
            maxRows={6}
            data-testid="transition-reason"
            {...form.getInputProps('reason')}
          />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              color={action === 'terminate' ? 'red' : undefined}
              loading={form.submitting}
              data-testid="transition-submit"
            >
              {t('measures.transition.confirm', { action: t(`measure.action.${action}`) })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
