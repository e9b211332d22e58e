import { Alert, Button, Group, Loader, Paper, Radio, Select, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskAssessment } from '../../../../shared/domain/care';
import { isIsoDate } from '../../../../shared/domain/dates';
import { riskLevels, type RiskLevel } from '../../../../shared/domain/supervision';
import type { ResultOf } from '../../../../shared/ipc/contract';
import { assessedFactors, derivedFactors, type AssessedFactor, type RiskTable } from '../../../../shared/rules/risk';
import { riskAssessmentSchema } from '../../../../shared/schemas/care';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { RiskLevelBadge } from '../common/badges';
import { DateField } from '../../../components/DateField';
import { formFieldErrors } from '../common/forms';
import { optionLabel, recordFact } from './labels';
import { todayIso } from '../../../lib/today';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';
import { CorrectionReasonField, correctionReasonError } from '../../../components/CorrectionReason';
import { useFormDraft } from '../../../lib/drafts';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

type Preview = ResultOf<'risk:preview'>;

interface Values {
  date: string | null;
  factors: Record<AssessedFactor, string | null>;
  /** The level staff chose; null follows the suggestion. */
  level: RiskLevel | null;
  overrideReason: string;
  notes: string;
  /** 更正 only: why. */
  correctReason: string;
}

const noFactors = Object.fromEntries(assessedFactors.map((f) => [f, null])) as Record<AssessedFactor, string | null>;

/** The chosen factors when every one is chosen and the date is a date; null otherwise. */
function complete(values: Values): { date: string; factors: Record<AssessedFactor, string> } | null {
  if (!values.date || !isIsoDate(values.date)) return null;
  if (assessedFactors.some((f) => !values.factors[f])) return null;
  return { date: values.date, factors: values.factors as Record<AssessedFactor, string> };
}

/** The form's values for an assessment being corrected: a level that followed the suggestion keeps following it. */
function valuesOf(a: RiskAssessment): Values {
  const factors = Object.fromEntries(assessedFactors.map((f) => [f, a.factors[f] ?? null])) as Record<AssessedFactor, string | null>;
  return { date: a.date, factors, level: a.level === a.suggestedLevel ? null : a.level, overrideReason: a.overrideReason, notes: a.notes, correctReason: '' };
}

/**
 * 新的评估: one option per assessed factor from the station's table; the core scores it live
 * (chosen points plus what the file says) and suggests a level, which is preselected. Another
 * level needs a reason. With `assessment`: 更正 — the form opens on it, is scored again the same
 * way, and asks for a reason.
 */
export function RiskAssessmentModal({
  personId,
  table,
  assessment: editing,
  onClose,
  onDone,
}: {
  personId: number;
  table: RiskTable;
  assessment?: RiskAssessment;
  onClose: () => void;
  onDone: (a: RiskAssessment) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: editing ? valuesOf(editing) : { date: todayIso(), factors: noFactors, level: null, overrideReason: '', notes: '', correctReason: '' },
  });
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draftKey = editing ? `risk:correct:${editing.id}` : `risk:new:${personId}`;
  const draft = useFormDraft(draftKey, { notes: form.values.notes, overrideReason: form.values.overrideReason, correctReason: form.values.correctReason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };

  // The preview belongs to the inputs it was computed for; a stale one is never shown.
  const input = complete(form.values);
  const inputKey = input ? JSON.stringify(input) : null;
  const [preview, setPreview] = useState<{ key: string; result: Preview } | { key: string; error: unknown } | null>(null);
  useEffect(() => {
    if (!inputKey) return;
    let live = true;
    const request = JSON.parse(inputKey) as { date: string; factors: Record<AssessedFactor, string> };
    haven.risk.preview({ personId, ...request }).then(
      (result) => live && setPreview({ key: inputKey, result }),
      (caught: unknown) => live && setPreview({ key: inputKey, error: caught }),
    );
    return () => {
      live = false;
    };
  }, [personId, inputKey]);
  const current = preview && preview.key === inputKey ? preview : null;
  const result = current && 'result' in current ? current.result : null;
  const suggested = result?.suggestedLevel ?? null;
  const level = form.values.level ?? suggested;
  const overriding = level !== null && suggested !== null && level !== suggested;

  const validate = (values: Values) => {
    const chosen = values.level ?? suggested;
    const { correctReason: _reason, ...assessment } = values;
    const errors = zodValidate(riskAssessmentSchema, t)({ ...assessment, level: chosen ?? undefined });
    if (chosen && suggested && chosen !== suggested && values.overrideReason.trim().length < 2) errors.overrideReason = t('validation.overrideReason');
    const reasonError = editing ? correctionReasonError(t, values.correctReason) : null;
    if (reasonError) errors.correctReason = reasonError;
    return errors;
  };

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const errors = validate(values);
    if (Object.keys(errors).length > 0) {
      form.setErrors(errors);
      return;
    }
    const { correctReason, ...assessment } = values;
    const parsed = riskAssessmentSchema.safeParse({ ...assessment, level: values.level ?? suggested, overrideReason: overriding ? values.overrideReason : '' });
    if (!parsed.success) return;
    try {
      const saved = editing
        ? await haven.risk.correct({ assessmentId: editing.id, assessment: parsed.data, reason: correctReason })
        : await haven.risk.create({ personId, assessment: parsed.data });
      draft.discard();
      notifySuccess(editing ? t('careUi.risk.corrected', { level: t(`supervision.riskLevel.${saved.level}`) }) : t('careUi.risk.saved', { level: t(`supervision.riskLevel.${saved.level}`) }));
      onDone(saved);
    } catch (caught) {
      // The core names the assessment's fields `assessment.…`; its own `reason` is the correction's.
      const fields = Object.entries(formFieldErrors(t, caught)).map(([path, message]) => [path.startsWith('assessment.') ? path.slice(11) : path === 'reason' ? 'correctReason' : path, message]);
      form.setErrors(Object.fromEntries(fields));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t(editing ? 'careUi.risk.correctTitle' : 'careUi.risk.formTitle')} centered size="xl">
      <Form onSubmit={submit} noValidate data-testid="risk-form">
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
            <Stack gap="sm">
              <DateField notFuture label={t('careUi.risk.date')} required maw={200} data-testid="risk-date" {...form.getInputProps('date')} />
              <Text size="xs" c="dimmed">
                {t('careUi.risk.assessedHint')}
              </Text>
              {assessedFactors.map((factor) => (
                <Select
                  key={factor}
                  label={t(`risk.factor.${factor}`)}
                  placeholder={t('careUi.risk.choose')}
                  required
                  data={Object.entries(table.assessed[factor]).map(([option, points]) => ({
                    value: option,
                    label: t('common.withNote', { text: optionLabel(t, factor, option), note: t('careUi.risk.points', { points }) }),
                  }))}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: true }}
                  data-testid={`risk-factor-${factor}`}
                  {...form.getInputProps(`factors.${factor}`)}
                />
              ))}
            </Stack>
            <Breakdown values={form.values} table={table} result={result} error={current && 'error' in current ? current.error : null} loading={input !== null && current === null} />
          </SimpleGrid>
          <Paper withBorder p="md" radius="md">
            <Radio.Group
              label={t('careUi.risk.level')}
              description={t('careUi.risk.levelHint')}
              required
              value={level}
              onChange={(value) => form.setFieldValue('level', value as RiskLevel)}
              error={form.errors.level}
              data-testid="risk-level-choice"
            >
              <Group gap="lg" mt="xs">
                {riskLevels.map((option) => (
                  <Radio
                    key={option}
                    value={option}
                    data-testid={`risk-level-${option}`}
                    label={
                      <Group gap={6} wrap="nowrap">
                        <RiskLevelBadge level={option} size="sm" />
                        {option === suggested && (
                          <Text size="xs" c="dimmed">
                            {t('careUi.risk.suggested')}
                          </Text>
                        )}
                      </Group>
                    }
                  />
                ))}
              </Group>
            </Radio.Group>
            {overriding && (
              <Textarea
                mt="sm"
                label={t('careUi.risk.overrideReason')}
                description={t('careUi.risk.overrideHint')}
                required
                autosize
                minRows={2}
                maxRows={5}
                data-testid="risk-override-reason"
                {...form.getInputProps('overrideReason')}
              />
            )}
          </Paper>
          <Textarea label={t('careUi.risk.notes')} autosize minRows={1} maxRows={4} data-testid="risk-notes" {...form.getInputProps('notes')} />
          <DraftRestoredNote shown={draft.restored} />
          {editing && <CorrectionReasonField value={form.values.correctReason} error={form.errors.correctReason} onChange={(value) => form.setFieldValue('correctReason', value)} />}
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} disabled={level === null} data-testid="risk-submit">
              {t('careUi.common.save')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}

/** 计分明细: factor → points, the record facts beside the record-based ones, the total and the suggestion. */
function Breakdown({ values, table, result, error, loading }: { values: Values; table: RiskTable; result: Preview | null; error: unknown; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md" bg="var(--mantine-color-gray-0)" data-testid="risk-breakdown">
      <Stack gap="xs">
        <Title order={4} size="h5">
          {t('careUi.risk.breakdown')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('careUi.risk.breakdownHint')}
        </Text>
        {error !== null && (
          <Alert color="red" variant="light" p="xs">
            {errorMessage(t, error)}
          </Alert>
        )}
        {loading && <Loader size="xs" role="status" aria-label={t('app.loading')} />}
        {!result && !loading && error === null && (
          <Text size="sm" c="dimmed" data-testid="risk-waiting">
            {t('careUi.risk.waiting')}
          </Text>
        )}
        {result && (
          <>
            <Table withRowBorders verticalSpacing={4} fz="sm">
              <Table.Tbody>
                {assessedFactors.map((factor) => (
                  <Table.Tr key={factor}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{t(`risk.factor.${factor}`)}</Table.Td>
                    <Table.Td c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {values.factors[factor] ? optionLabel(t, factor, values.factors[factor]) : ''}
                    </Table.Td>
                    <Table.Td ta="right" className="haven-tabular" style={{ whiteSpace: 'nowrap' }} data-testid={`risk-points-${factor}`}>
                      {result.breakdown[factor] ?? 0}
                    </Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td colSpan={3} pt="xs">
                    <Text size="xs" fw={600} c="dimmed">
                      {t('careUi.risk.fromRecords')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
                {derivedFactors.map((factor) => (
                  <Table.Tr key={factor}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{t(`risk.factor.${factor}`)}</Table.Td>
                    <Table.Td c="dimmed" fz="xs" style={{ overflowWrap: 'anywhere' }} data-testid={`risk-fact-${factor}`}>
                      {recordFact(t, factor, result.records)}
                    </Table.Td>
                    <Table.Td ta="right" className="haven-tabular" style={{ whiteSpace: 'nowrap' }} data-testid={`risk-points-${factor}`}>
                      {result.breakdown[factor] ?? 0}
                    </Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td fw={700}>{t('careUi.risk.total')}</Table.Td>
                  <Table.Td />
                  <Table.Td ta="right" fw={700} className="haven-tabular" data-testid="risk-score">
                    {result.score}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <Group gap="xs" data-testid="risk-suggestion" data-level={result.suggestedLevel}>
              <Text size="sm" fw={600}>
                {t('careUi.risk.suggested')}
              </Text>
              <RiskLevelBadge level={result.suggestedLevel} />
            </Group>
            <Text size="xs" c="dimmed">
              {t('careUi.risk.thresholds', { high: table.thresholds.high, medium: table.thresholds.medium })}
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}
