import { Button, Group, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isIsoDate } from '../../../../shared/domain/dates';
import { leaveDays, type Leave } from '../../../../shared/domain/supervision';
import { leaveRequestSchema } from '../../../../shared/schemas/supervision';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, formFieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { DateField } from '../../../components/DateField';
import { Form } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';

interface Values {
  reason: string;
  province: string;
  city: string;
  county: string;
  address: string;
  startDate: string | null;
  endDate: string | null;
}

/**
 * 请假: a request waiting for approval, or the registration of a written report when the station
 * does not require approval (RR art. 19). The days are counted as the form is filled.
 */
export function LeaveRequestModal({
  personId,
  approvalRequired,
  onClose,
  onDone,
}: {
  personId: number;
  approvalRequired: boolean;
  onClose: () => void;
  onDone: (leave: Leave) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { reason: '', province: '', city: '', county: '', address: '', startDate: null, endDate: null },
    validate: zodValidate(leaveRequestSchema, t),
  });
  const { startDate, endDate } = form.values;
  const days = startDate && endDate && isIsoDate(startDate) && isIsoDate(endDate) && endDate >= startDate ? leaveDays(startDate, endDate) : null;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = leaveRequestSchema.safeParse(values);
    if (!parsed.success) return;
    try {
      const leave = await haven.leaves.create({ personId, leave: parsed.data });
      notifySuccess(t(leave.status === 'requested' ? 'supervisionUi.leaves.requested' : 'supervisionUi.leaves.registered'));
      onDone(leave);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'leave.'));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal
      dirty={form.isDirty()}
      opened
      onClose={onClose}
      title={t(approvalRequired ? 'supervisionUi.leaves.formTitleRequest' : 'supervisionUi.leaves.formTitleReport')}
      centered
      size="lg"
    >
      <Form onSubmit={submit} noValidate data-testid="leave-form">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('supervisionUi.leaves.modeHint')}
          </Text>
          <Textarea
            label={t('supervisionUi.leaves.reason')}
            required
            autosize
            minRows={2}
            maxRows={5}
            data-autofocus
            data-testid="leave-reason"
            {...form.getInputProps('reason')}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <TextInput label={t('supervisionUi.leaves.province')} required autoComplete="off" data-testid="leave-province" {...form.getInputProps('province')} />
            <TextInput label={t('supervisionUi.leaves.city')} autoComplete="off" data-testid="leave-city" {...form.getInputProps('city')} />
            <TextInput label={t('supervisionUi.leaves.county')} autoComplete="off" data-testid="leave-county" {...form.getInputProps('county')} />
          </SimpleGrid>
          <TextInput label={t('supervisionUi.leaves.address')} autoComplete="off" data-testid="leave-address" {...form.getInputProps('address')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <DateField label={t('supervisionUi.leaves.startDate')} required data-testid="leave-start" {...form.getInputProps('startDate')} />
            <DateField label={t('supervisionUi.leaves.endDate')} required data-testid="leave-end" {...form.getInputProps('endDate')} />
          </SimpleGrid>
          <Text size="sm" fw={600} data-testid="leave-days" aria-live="polite">
            {days !== null ? t('supervisionUi.leaves.daysLive', { count: days }) : '\u00a0'}
          </Text>
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting} data-testid="leave-submit">
              {t(approvalRequired ? 'supervisionUi.leaves.addRequest' : 'supervisionUi.leaves.addReport')}
            </Button>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
