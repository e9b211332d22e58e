import { Alert, Button, Group, Paper, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { suspensionReasons, terminationReasons, type MeasureAction } from '../../../shared/domain/measures';
import type { MeasureDetail } from '../../../shared/domain/persons';
import { measureTransitionSchema } from '../../../shared/schemas/measure';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { errorMessage, formFieldErrors, codeWord } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';
import { zodValidate } from '../../lib/zodForm';
import { citationLabel, measureCitations } from '../../../shared/domain/law';
import { emptyGoodReason, GoodReasonFields, goodReasonInput, type GoodReasonValues } from '../supervision';
import { DischargeNoticeFields, dischargeNoticeHint, emptyDischargeNotice, type DischargeNoticeValues } from './DischargeNoticeModal';
import { DateField } from '../../components/DateField';
import { useToday } from '../../app/session';
import { Form, SubmitButton } from '../../components/Form';
import { GuardedModal } from '../../components/GuardedModal';
import { useFormDraft } from '../../lib/drafts';
import { DraftRestoredNote } from '../../components/DraftRestoredNote';

interface TransitionValues {
  date: string | null;
  reasonCode: string | null;
  reason: string;
  destination: string;
  /** Report-in after the deadline: a 正当理由 (RR art. 14), when there is one. */
  hasGoodReason: boolean;
  goodReason: GoodReasonValues;
  /** 期满解除: the police 解除通知书, when it is at hand (RR art. 23, 40). */
  hasNotice: boolean;
  dischargeNotice: DischargeNoticeValues;
}

/** Which reason list an action asks for, and its i18n words. */
function reasonList(action: MeasureAction): { codes: readonly string[]; words: string } | null {
  if (action === 'suspend') return { codes: suspensionReasons, words: 'measure.suspensionReason' };
  if (action === 'terminate') return { codes: terminationReasons, words: 'measure.terminationReason' };
  return null;
}

/**
 * The moves that end the measure for good: the core takes no later move and no new record under
 * it, so the dialog says so and its button is red.
 */
const ending = (action: MeasureAction) => action === 'complete' || action === 'terminate' || action === 'transfer_out';

/** Suspend, terminate and transfer need a written reason; the others take an optional note. */
const reasonRequired = (action: MeasureAction) => action === 'suspend' || action === 'terminate' || action === 'transfer_out';

/**
 * One move of the measure's state machine (报到, 中止, 恢复执行, 期满解除, 终止, 转出): a date,
 * a reason where the law asks for one, and the user (recorded by the core).
 */
export function TransitionModal({
  measure,
  personId,
  personName = null,
  action,
  onClose,
  onDone,
}: {
  measure: MeasureDetail;
  /** The person (the 正当理由's scan is one of their attachments). */
  personId: number;
  /** Named in the warning before a move that ends the measure, where the caller has it. */
  personName?: string | null;
  action: MeasureAction;
  onClose: () => void;
  onDone: (measure: MeasureDetail) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  // Most changes are recorded the day they happen: the date starts at today, to be corrected if not.
  const today = useToday();
  const late = (date: string | null) => action === 'report_in' && date !== null && date > measure.reportInDeadline;
  const toInput = ({ hasGoodReason, goodReason, hasNotice, dischargeNotice, ...values }: TransitionValues) => ({
    measureId: measure.id,
    action,
    ...values,
    goodReason: hasGoodReason && late(values.date) ? goodReasonInput(goodReason) : null,
    dischargeNotice: hasNotice && action === 'complete' ? dischargeNotice : null,
  });
  const form = useForm<TransitionValues>({
    mode: 'controlled',
    initialValues: {
      date: today,
      reasonCode: null,
      reason: '',
      destination: '',
      hasGoodReason: false,
      goodReason: emptyGoodReason(),
      hasNotice: false,
      dischargeNotice: emptyDischargeNotice(today),
    },
    validate: (values) => zodValidate(measureTransitionSchema, t)(toInput(values)),
  });
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(`measure:${action}:${measure.id}`, { reason: form.values.reason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };
  const reasons = reasonList(action);
  const lastEvent = measure.events.at(-1);
  const measureLabel = t('measures.transition.measureLabel', { kind: t(`measure.kind.${measure.kind}`), decisionNumber: measure.decisionNumber });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = measureTransitionSchema.safeParse(toInput(values));
    if (!parsed.success) return;
    try {
      const updated = await haven.measures.transition(parsed.data);
      notifySuccess(t('measures.transition.done', { action: t(`measure.action.${action}`) }));
      draft.discard();
      onDone(updated);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t(`measure.action.${action}`)} centered size="md">
      <Form onSubmit={submit} noValidate data-testid="transition-form" data-action={action}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t(`measures.transition.hint.${action}`, {
              deadline: measure.reportInDeadline,
              plannedEnd: measure.plannedEnd ?? '',
            })}
          </Text>
          <DateField notFuture
            label={t(`measures.transition.dateLabel.${action}`)}
            description={lastEvent ? t('measures.transition.notBefore', { date: lastEvent.date }) : undefined}
            required
            data-autofocus
            data-testid="transition-date"
            {...form.getInputProps('date')}
          />
          {late(form.values.date) && (
            <Paper withBorder p="sm" radius="md" data-testid="late-report-in-warning" style={{ borderColor: 'var(--mantine-color-red-4)' }}>
              <Stack gap="sm">
                <Alert color="red" variant="light" p="xs">
                  <Text size="sm">
                    {t('measures.transition.lateReportIn', { deadline: measure.reportInDeadline, article: citationLabel(measureCitations[measure.kind].reportIn) })}
                  </Text>
                </Alert>
                <Switch
                  label={t('supervisionUi.goodReason.toggle')}
                  description={t('supervisionUi.goodReason.toggleHint')}
                  data-testid="transition-has-good-reason"
                  {...form.getInputProps('hasGoodReason', { type: 'checkbox' })}
                />
                {form.values.hasGoodReason && <GoodReasonFields personId={personId} inputProps={(field) => form.getInputProps(`goodReason.${field}`)} />}
              </Stack>
            </Paper>
          )}
          {action === 'complete' && (
            <Paper withBorder p="sm" radius="md" data-testid="complete-notice">
              <Stack gap="sm">
                <Switch
                  label={t('measures.notice.toggle')}
                  description={form.values.hasNotice ? dischargeNoticeHint(t, measure.kind) : t('measures.notice.toggleHint')}
                  data-testid="transition-has-notice"
                  {...form.getInputProps('hasNotice', { type: 'checkbox' })}
                />
                {form.values.hasNotice && <DischargeNoticeFields inputProps={(field) => form.getInputProps(`dischargeNotice.${field}`)} />}
              </Stack>
            </Paper>
          )}
          {reasons && (
            <Select
              label={t('measures.field.reasonCode')}
              required
              data={reasons.codes.map((code) => ({ value: code, label: codeWord(t, `${reasons.words}.${code}`) }))}
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
            autosize
            minRows={2}
            maxRows={6}
            data-testid="transition-reason"
            {...form.getInputProps('reason')}
          />
          <DraftRestoredNote shown={draft.restored} />
          {ending(action) && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('measures.transition.finalTitle')} data-testid="transition-final-warning">
              <Text size="sm">
                {t('measures.transition.final', {
                  subject: personName ? t('measures.transition.finalSubject', { name: personName, measure: measureLabel }) : measureLabel,
                })}
              </Text>
            </Alert>
          )}
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton
              color={ending(action) ? 'red' : undefined}
              loading={form.submitting}
              data-testid="transition-submit"
            >
              {t('measures.transition.confirm', { action: t(`measure.action.${action}`) })}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
