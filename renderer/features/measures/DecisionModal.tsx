import { Alert, Button, Grid, Group, NumberInput, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DETOX_TERM_MONTHS, measureKinds, reportInDeadline, type MeasureKind } from '../../../shared/domain/measures';
import { isIsoDate } from '../../../shared/domain/dates';
import type { MeasureDetail } from '../../../shared/domain/persons';
import { measureDecisionSchema } from '../../../shared/schemas/measure';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { errorMessage, formFieldErrors } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';
import { zodValidate } from '../../lib/zodForm';
import { DateField } from '../../components/DateField';
import { codeOf } from '../../lib/format';
import { Form, SubmitButton } from '../../components/Form';
import { GuardedModal } from '../../components/GuardedModal';
import { useFormDraft } from '../../lib/drafts';
import { DraftRestoredNote } from '../../components/DraftRestoredNote';

interface DecisionValues {
  kind: MeasureKind;
  decisionNumber: string;
  decisionAuthority: string;
  decisionDate: string | null;
  deliveryDate: string | null;
  termMonths: number | string;
  creditedDays: number | string;
  notes: string;
}

function toValues(measure: MeasureDetail | null): DecisionValues {
  if (!measure) {
    return {
      kind: 'community_detox',
      decisionNumber: '',
      decisionAuthority: '',
      decisionDate: null,
      deliveryDate: null,
      termMonths: DETOX_TERM_MONTHS,
      creditedDays: 0,
      notes: '',
    };
  }
  return {
    kind: measure.kind,
    decisionNumber: measure.decisionNumber,
    decisionAuthority: measure.decisionAuthority,
    decisionDate: measure.decisionDate,
    deliveryDate: measure.deliveryDate,
    termMonths: measure.termMonths,
    creditedDays: measure.creditedDays,
    notes: measure.notes,
  };
}

/** NumberInput gives '' while empty: the schema then says "required" rather than "0". */
const asNumber = (value: number | string): number | undefined => (typeof value === 'number' ? value : value === '' ? undefined : Number(value));

function toDecision(values: DecisionValues) {
  return {
    ...values,
    termMonths: asNumber(values.termMonths),
    creditedDays: values.kind === 'community_detox' ? (asNumber(values.creditedDays) ?? 0) : 0,
  };
}

/**
 * 登记决定书 / 更正决定书: the decision that starts a measure. Community detox is always three
 * years (AL art. 33) and may be shortened by days credited from compulsory isolation (RR art.
 * 31); community rehab runs for the decided term, at most three years (AL art. 48).
 */
export function DecisionModal({
  personId,
  measure,
  onClose,
  onDone,
}: {
  personId: number;
  /** Set when correcting an existing decision. */
  measure: MeasureDetail | null;
  onClose: () => void;
  onDone: (measure: MeasureDetail) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<DecisionValues>({
    mode: 'controlled',
    initialValues: toValues(measure),
    validate: (values) => zodValidate(measureDecisionSchema, t)(toDecision(values)),
  });
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(`measure:${measure ? `edit:${measure.id}` : `new:${personId}`}`, { notes: form.values.notes }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };
  const values = form.values;
  const detox = values.kind === 'community_detox';
  // Once reported in, the kind is fixed (the core refuses a change too).
  const kindFixed = measure !== null && measure.status !== 'pending_report';
  const deadline = values.deliveryDate && isIsoDate(values.deliveryDate) ? reportInDeadline(values.deliveryDate) : null;

  const submit = form.onSubmit(async (raw) => {
    setError(null);
    const parsed = measureDecisionSchema.safeParse(toDecision(raw));
    if (!parsed.success) return;
    try {
      const saved = measure
        ? await haven.measures.update({ measureId: measure.id, decision: parsed.data })
        : await haven.measures.create({ personId, decision: parsed.data });
      notifySuccess(measure ? t('measures.decision.updated') : t('measures.decision.registered'));
      draft.discard();
      onDone(saved);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'decision.'));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={measure ? t('measures.decision.editTitle') : t('measures.decision.title')} size="lg" centered>
      <Form onSubmit={submit} noValidate data-testid="decision-form">
        <Stack gap="md">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('measures.field.kind')}
            </Text>
            <SegmentedControl
              fullWidth
              aria-label={t('measures.field.kind')}
              disabled={kindFixed}
              value={values.kind}
              onChange={(value) => {
                const kind = codeOf(measureKinds, value);
                if (!kind) return;
                form.setFieldValue('kind', kind);
                if (kind === 'community_detox') form.setFieldValue('termMonths', DETOX_TERM_MONTHS);
                else form.setFieldValue('creditedDays', 0);
              }}
              data={measureKinds.map((code) => ({ value: code, label: t(`measure.kind.${code}`) }))}
              data-testid="decision-kind"
            />
            <Text size="xs" c="dimmed">
              {detox ? t('measures.decision.detoxHint') : t('measures.decision.rehabHint')}
            </Text>
          </Stack>
          <Grid gap="md">
            <Grid.Col span={6}>
              <TextInput
                label={t('measures.field.decisionNumber')}
                required
                autoComplete="off"
                data-autofocus
                data-testid="decision-number"
                {...form.getInputProps('decisionNumber')}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput
                label={t('measures.field.decisionAuthority')}
                placeholder={t('measures.decision.authorityPlaceholder')}
                required
                autoComplete="off"
                data-testid="decision-authority"
                {...form.getInputProps('decisionAuthority')}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <DateField notFuture
                label={t('measures.field.decisionDate')}
                required
                data-testid="decision-date"
                {...form.getInputProps('decisionDate')}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <DateField notFuture
                label={t('measures.field.deliveryDate')}
                description={deadline ? t('measures.decision.deadlineHint', { date: deadline }) : t('measures.decision.deliveryHint')}
                required
                data-testid="decision-delivery-date"
                {...form.getInputProps('deliveryDate')}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <NumberInput
                label={t('measures.field.termMonths')}
                description={detox ? t('measures.decision.termFixed') : t('measures.decision.termRange')}
                required
                disabled={detox}
                min={1}
                max={36}
                allowDecimal={false}
                allowNegative={false}
                suffix={t('measures.decision.monthsSuffix')}
                data-testid="decision-term"
                {...form.getInputProps('termMonths')}
              />
            </Grid.Col>
            {detox && (
              <Grid.Col span={6}>
                <NumberInput
                  label={t('measures.field.creditedDays')}
                  description={t('measures.decision.creditedHint')}
                  min={0}
                  max={1095}
                  allowDecimal={false}
                  allowNegative={false}
                  data-testid="decision-credited"
                  {...form.getInputProps('creditedDays')}
                />
              </Grid.Col>
            )}
            <Grid.Col span={12}>
              <Textarea label={t('measures.field.notes')} autosize minRows={2} maxRows={6} {...form.getInputProps('notes')} />
            </Grid.Col>
          </Grid>
          {measure && (
            <Alert variant="light" color="gray">
              {t('measures.decision.correctionAudited')}
            </Alert>
          )}
          <DraftRestoredNote shown={draft.restored} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="decision-submit">
              {measure ? t('common.save') : t('measures.decision.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
