import { Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm, type GetInputPropsReturnType } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { citationLabel, measureCitations } from '../../../shared/domain/law';
import type { MeasureKind } from '../../../shared/domain/measures';
import type { MeasureDetail } from '../../../shared/domain/persons';
import { dischargeNoticeFieldsSchema } from '../../../shared/schemas/measure';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { errorMessage, formFieldErrors } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';
import { zodValidate } from '../../lib/zodForm';
import { DateField } from '../../components/DateField';
import { useToday } from '../../app/session';
import { Form, SubmitButton } from '../../components/Form';
import { GuardedModal } from '../../components/GuardedModal';

export interface DischargeNoticeValues {
  number: string;
  issuedOn: string | null;
  notifiedOn: string | null;
}

export const emptyDischargeNotice = (today: string): DischargeNoticeValues => ({ number: '', issuedOn: today, notifiedOn: today });

/** 通知书编号, 出具日期, 通知本站日期: in the modal below and in the 期满解除 form. */
export function DischargeNoticeFields({ inputProps }: { inputProps: (field: keyof DischargeNoticeValues) => GetInputPropsReturnType }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <TextInput
        label={t('measures.notice.number')}
        placeholder={t('measures.notice.numberPlaceholder')}
        required
        autoComplete="off"
        data-testid="notice-number"
        {...inputProps('number')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <DateField notFuture label={t('measures.notice.issuedOn')} required data-testid="notice-issued-on" {...inputProps('issuedOn')} />
        <DateField notFuture label={t('measures.notice.notifiedOn')} required data-testid="notice-notified-on" {...inputProps('notifiedOn')} />
      </SimpleGrid>
    </Stack>
  );
}

/** "…（《戒毒条例》第二十三条）": the police notify the station within seven days of discharge. */
export function dischargeNoticeHint(t: TFunction, kind: MeasureKind): string {
  return t('measures.notice.hint', { article: citationLabel(measureCitations[kind].discharge) });
}

/** 登记解除通知书 (RR art. 23 for 社区戒毒, art. 40 for 社区康复), once the term has ended. */
export function DischargeNoticeModal({ measure, onClose, onDone }: { measure: MeasureDetail; onClose: () => void; onDone: (measure: MeasureDetail) => void }) {
  const { t } = useTranslation();
  const today = useToday();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<DischargeNoticeValues>({
    mode: 'controlled',
    initialValues: emptyDischargeNotice(today),
    validate: zodValidate(dischargeNoticeFieldsSchema, t),
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = dischargeNoticeFieldsSchema.safeParse(values);
    if (!parsed.success) return;
    try {
      const updated = await haven.measures.recordDischargeNotice({ measureId: measure.id, notice: parsed.data });
      notifySuccess(t('measures.notice.saved'));
      onDone(updated);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'notice.'));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={onClose} title={t('measures.notice.title')} centered size="md">
      <Form onSubmit={submit} noValidate data-testid="discharge-notice-form">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {dischargeNoticeHint(t, measure.kind)}
          </Text>
          <DischargeNoticeFields inputProps={(field) => form.getInputProps(field)} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="discharge-notice-submit">
              {t('measures.notice.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
