import { Alert, Button, Checkbox, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { substances } from '../../../../shared/domain/reference';
import { testModes, testResults, testSamples, type DrugTest } from '../../../../shared/domain/supervision';
import { drugTestSchema } from '../../../../shared/schemas/supervision';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { DateField } from '../../../components/DateField';
import { formFieldErrors, todayIso } from '../common/forms';
import '../i18n';

interface Values {
  date: string | null;
  sample: string | null;
  mode: string | null;
  result: string | null;
  substances: string[];
  unannounced: boolean;
  tester: string;
  place: string;
  notes: string;
}

/** 记录检测: the result decides whether substances are asked for (only for a positive one). */
export function TestFormModal({ personId, onClose, onDone }: { personId: number; onClose: () => void; onDone: (test: DrugTest) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { date: todayIso(), sample: 'urine', mode: 'on_site', result: null, substances: [], unannounced: false, tester: '', place: '', notes: '' },
    validate: zodValidate(drugTestSchema, t),
  });
  const positive = form.values.result === 'positive';
  const refusal = form.values.result === 'refused' || form.values.result === 'missed';

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = drugTestSchema.safeParse(values);
    if (!parsed.success) return;
    try {
      const test = await haven.tests.create({ personId, test: parsed.data });
      notifySuccess(t('supervisionUi.tests.saved', { result: t(`supervision.result.${test.result}`) }));
      onDone(test);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'test.'));
      setError(errorMessage(t, caught));
    }
  });

  const words = (list: readonly string[], prefix: string) => list.map((code) => ({ value: code, label: t(`${prefix}.${code}`) }));

  return (
    <Modal opened onClose={onClose} title={t('supervisionUi.tests.formTitle')} centered size="lg">
      <form onSubmit={submit} noValidate data-testid="test-form">
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <DateField label={t('supervisionUi.tests.date')} required data-testid="test-date" {...form.getInputProps('date')} />
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
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label={t('supervisionUi.tests.tester')} autoComplete="off" data-testid="test-tester" {...form.getInputProps('tester')} />
            <TextInput label={t('supervisionUi.tests.place')} autoComplete="off" data-testid="test-place" {...form.getInputProps('place')} />
          </SimpleGrid>
          <Checkbox label={t('supervisionUi.tests.unannounced')} data-testid="test-unannounced" {...form.getInputProps('unannounced', { type: 'checkbox' })} />
          <Textarea label={t('supervisionUi.common.notes')} autosize minRows={2} maxRows={5} data-testid="test-notes" {...form.getInputProps('notes')} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting} data-testid="test-submit">
              {t('supervisionUi.common.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
