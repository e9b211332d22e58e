import { Alert, Button, Checkbox, Group, MultiSelect, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { substances } from '../../../../shared/domain/reference';
import { testModes, testProcedureWarningsOf, testResults, testSamples, type DrugTest } from '../../../../shared/domain/supervision';
import { citationLabel } from '../../../../shared/domain/law';
import { useSession } from '../../../app/session';
import { drugTestSchema } from '../../../../shared/schemas/supervision';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, formFieldErrors, codeWord } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { DateField } from '../../../components/DateField';
import { todayIso } from '../../../lib/today';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';
import { useFormDraft } from '../../../lib/drafts';
import { CorrectionReasonField, correctionReasonError } from '../../../components/CorrectionReason';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

interface Values {
  date: string | null;
  sample: string | null;
  mode: string | null;
  result: string | null;
  substances: string[];
  unannounced: boolean;
  tester: string;
  secondTester: string;
  collectorFemale: boolean | null;
  sampleANumber: string;
  sampleBNumber: string;
  place: string;
  notes: string;
  /** 更正 only: why. */
  reason: string;
}

const isOneOf = <T extends string>(list: readonly T[], value: string | null): value is T => value !== null && (list as readonly string[]).includes(value);

/** What is sent: the female-collector answer only for a woman's (or unknown person's) urine, A/B numbers only after a positive on-site test. */
function toInput({ reason: _reason, ...values }: Values, gender: 'male' | 'female' | null) {
  const abSamples = values.result === 'positive' && values.mode === 'on_site';
  const asksCollector = values.sample === 'urine' && gender !== 'male';
  return {
    ...values,
    collectorFemale: asksCollector ? values.collectorFemale : null,
    sampleANumber: abSamples ? values.sampleANumber : '',
    sampleBNumber: abSamples ? values.sampleBNumber : '',
  };
}

/**
 * 记录检测: the result decides whether substances are asked for (only for a positive one). The
 * steps of 《吸毒检测程序规定》 (two staff, a female collector for a woman's urine, A/B samples)
 * are asked for and reminded of, never required. `gender` is null when the host does not know it.
 * With `test`: 更正 — the form opens on that test, asks for a reason, and saves a correction.
 */
export function TestFormModal({
  personId,
  gender = null,
  test: editing,
  onClose,
  onDone,
}: {
  personId: number;
  gender?: 'male' | 'female' | null;
  test?: DrugTest;
  onClose: () => void;
  onDone: (test: DrugTest) => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: editing
      ? {
          date: editing.date,
          sample: editing.sample,
          mode: editing.mode,
          result: editing.result,
          substances: editing.substances,
          unannounced: editing.unannounced,
          tester: editing.tester,
          secondTester: editing.secondTester,
          collectorFemale: editing.collectorFemale,
          sampleANumber: editing.sampleANumber,
          sampleBNumber: editing.sampleBNumber,
          place: editing.place,
          notes: editing.notes,
          reason: '',
        }
      : {
          date: todayIso(),
          sample: 'urine',
          mode: 'on_site',
          result: null,
          substances: [],
          unannounced: false,
          tester: user.displayName,
          secondTester: '',
          collectorFemale: null,
          sampleANumber: '',
          sampleBNumber: '',
          place: '',
          notes: '',
          reason: '',
        },
    validate: (values) => {
      const errors: Record<string, React.ReactNode> = zodValidate(drugTestSchema, t)(toInput(values, gender));
      const reasonError = editing ? correctionReasonError(t, values.reason) : null;
      return reasonError ? { ...errors, reason: reasonError } : errors;
    },
  });
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(`test:${editing ? `correct:${editing.id}` : `new:${personId}`}`, { notes: form.values.notes, reason: form.values.reason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };
  const positive = form.values.result === 'positive';
  const refusal = form.values.result === 'refused' || form.values.result === 'missed';
  const abSamples = positive && form.values.mode === 'on_site';
  const asksCollector = form.values.sample === 'urine' && gender !== 'male' && !refusal;
  const { mode, sample, result } = form.values;
  const warnings =
    isOneOf(testModes, mode) && isOneOf(testSamples, sample) && isOneOf(testResults, result)
      ? testProcedureWarningsOf({ ...toInput(form.values, gender), mode, sample, result }, gender)
      : [];

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = drugTestSchema.safeParse(toInput(values, gender));
    if (!parsed.success) return;
    try {
      const test = editing
        ? await haven.tests.correct({ testId: editing.id, test: parsed.data, reason: values.reason })
        : await haven.tests.create({ personId, test: parsed.data });
      notifySuccess(editing ? t('supervisionUi.common.corrected') : t('supervisionUi.tests.saved', { result: t(`supervision.result.${test.result}`) }));
      draft.discard();
      onDone(test);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'test.'));
      setError(errorMessage(t, caught));
    }
  });

  const words = (list: readonly string[], prefix: string) => list.map((code) => ({ value: code, label: codeWord(t, `${prefix}.${code}`) }));

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t(editing ? 'supervisionUi.tests.correctTitle' : 'supervisionUi.tests.formTitle')} centered size="lg">
      <Form onSubmit={submit} noValidate data-testid="test-form">
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <DateField notFuture label={t('supervisionUi.tests.date')} required data-testid="test-date" {...form.getInputProps('date')} />
            <Select
              label={t('supervisionUi.tests.result')}
              placeholder={t('supervisionUi.tests.resultPlaceholder')}
              required
              data={words(testResults, 'supervision.result')}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-autofocus
              data-testid="test-result-select"
              {...form.getInputProps('result')}
              onChange={(value) => {
                form.setFieldValue('result', value);
                if (value !== 'positive') form.setFieldValue('substances', []);
              }}
            />
            <Select
              label={t('supervisionUi.tests.sample')}
              required
              data={words(testSamples, 'supervision.sample')}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="test-sample"
              {...form.getInputProps('sample')}
            />
            <Select
              label={t('supervisionUi.tests.mode')}
              required
              data={words(testModes, 'supervision.mode')}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="test-mode"
              {...form.getInputProps('mode')}
            />
          </SimpleGrid>
          {positive && (
            <MultiSelect
              label={t('supervisionUi.tests.substances')}
              required
              data={words(substances, 'ref.substance')}
              comboboxProps={{ withinPortal: true }}
              data-testid="test-substances"
              {...form.getInputProps('substances')}
            />
          )}
          {positive && (
            <Alert color="red" variant="light" p="xs">
              {t('supervisionUi.tests.positiveHint')}
            </Alert>
          )}
          {refusal && (
            <Alert color="orange" variant="light" p="xs">
              {t('supervisionUi.tests.refusedHint')}
            </Alert>
          )}
          {abSamples && (
            <Stack gap={4}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <TextInput label={t('supervisionUi.tests.sampleA')} autoComplete="off" data-testid="test-sample-a" {...form.getInputProps('sampleANumber')} />
                <TextInput label={t('supervisionUi.tests.sampleB')} autoComplete="off" data-testid="test-sample-b" {...form.getInputProps('sampleBNumber')} />
              </SimpleGrid>
              <Text size="xs" c="dimmed">
                {t('supervisionUi.tests.samplesHint')}
              </Text>
            </Stack>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label={t('supervisionUi.tests.tester')} autoComplete="off" data-testid="test-tester" {...form.getInputProps('tester')} />
            <TextInput
              label={t('supervisionUi.tests.secondTester')}
              description={form.values.mode === 'on_site' ? t('supervisionUi.tests.secondTesterHint') : undefined}
              autoComplete="off"
              data-testid="test-second-tester"
              {...form.getInputProps('secondTester')}
            />
          </SimpleGrid>
          {asksCollector && (
            <Checkbox
              label={t('supervisionUi.tests.collectorFemale')}
              description={gender === 'female' ? t('supervisionUi.tests.collectorFemaleHint') : t('supervisionUi.tests.collectorFemaleUnknown')}
              checked={form.values.collectorFemale === true}
              onChange={(event) => form.setFieldValue('collectorFemale', event.currentTarget.checked)}
              data-testid="test-collector-female"
            />
          )}
          <TextInput label={t('supervisionUi.tests.place')} autoComplete="off" data-testid="test-place" {...form.getInputProps('place')} />
          <Checkbox label={t('supervisionUi.tests.unannounced')} data-testid="test-unannounced" {...form.getInputProps('unannounced', { type: 'checkbox' })} />
          <Textarea label={t('supervisionUi.common.notes')} autosize minRows={2} maxRows={5} data-testid="test-notes" {...form.getInputProps('notes')} />
          {warnings.length > 0 && (
            <Alert color="orange" variant="light" p="xs" data-testid="test-procedure-warnings">
              <Text size="sm">{t('supervisionUi.tests.procedureTitle')}</Text>
              {warnings.map((w) => (
                <Text key={w} size="sm" data-warning={w}>
                  · {t(`supervision.procedureWarning.${w}`)}
                </Text>
              ))}
              <Text size="xs" c="dimmed">
                {citationLabel('TEST-PROCEDURE')}
              </Text>
            </Alert>
          )}
          {editing && <CorrectionReasonField value={form.values.reason} error={form.errors.reason} onChange={(value) => form.setFieldValue('reason', value)} />}
          <DraftRestoredNote shown={draft.restored} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="test-submit">
              {t('supervisionUi.common.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
