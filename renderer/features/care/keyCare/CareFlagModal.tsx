import { Button, Group, Select, SimpleGrid, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { careCategories, type CareFlag } from '../../../../shared/domain/care';
import { careFlagSchema } from '../../../../shared/schemas/care';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { DateField } from '../../../components/DateField';
import { codeOptions, formFieldErrors } from '../common/forms';
import { todayIso } from '../../../lib/today';
import { Form } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';

interface Values {
  category: string | null;
  since: string | null;
  until: string | null;
  note: string;
}

/** 列为重点关爱对象 / 修改: one of the ten categories, since when, until when (empty: 至今). */
export function CareFlagModal({ personId, flag, onClose, onDone }: { personId: number; flag: CareFlag | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: flag ? { category: flag.category, since: flag.since, until: flag.until, note: flag.note } : { category: null, since: todayIso(), until: null, note: '' },
    validate: zodValidate(careFlagSchema, t),
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = careFlagSchema.safeParse({ ...values, until: values.until || null });
    if (!parsed.success) return;
    try {
      if (flag) await haven.keyCare.update({ flagId: flag.id, flag: parsed.data });
      else await haven.keyCare.add({ personId, flag: parsed.data });
      notifySuccess(t('careUi.keyCare.saved'));
      onDone();
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'flag.'));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={onClose} title={t(flag ? 'careUi.keyCare.editTitle' : 'careUi.keyCare.formTitle')} centered size="lg">
      <Form onSubmit={submit} noValidate data-testid="care-flag-form">
        <Stack gap="md">
          <Select
            label={t('careUi.keyCare.category')}
            placeholder={t('careUi.risk.choose')}
            required
            data={codeOptions(t, careCategories, 'care.category')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-autofocus
            data-testid="care-flag-category"
            {...form.getInputProps('category')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <DateField label={t('careUi.keyCare.since')} required data-testid="care-flag-since" {...form.getInputProps('since')} />
            <DateField label={t('careUi.keyCare.until')} description={t('careUi.keyCare.untilHint')} inputWrapperOrder={['label', 'input', 'description', 'error']} clearable data-testid="care-flag-until" {...form.getInputProps('until')} />
          </SimpleGrid>
          <Textarea label={t('careUi.keyCare.note')} autosize minRows={2} maxRows={5} data-testid="care-flag-note" {...form.getInputProps('note')} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting} data-testid="care-flag-submit">
              {t('careUi.common.save')}
            </Button>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
