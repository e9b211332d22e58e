import { lastReportedOn, suspensionOn, suspensionsOf } from '../../../shared/domain/measures';
import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agreement } from '../../../shared/domain/agreements';
import type { MeasureDetail } from '../../../shared/domain/persons';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { errorMessage, translateKey } from '../../lib/errors';
import { isHavenError } from '../../../shared/ipc/errors';
import { notifySuccess } from '../../lib/notify';
import { todayIso } from './common';
import { DateField } from '../../components/DateField';
import { Form, SubmitButton } from '../../components/Form';
import { GuardedModal } from '../../components/GuardedModal';

/**
 * 标记为已签订: the day the printed draft was signed (not before report-in, not while the measure
 * was suspended, not after today), and the plain statement that the text and its SHA-256 are fixed
 * from now on.
 */
export function SignModal({ agreement, measure, onClose, onDone }: { agreement: Agreement; measure: MeasureDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const today = todayIso();
  // Not before the report-in here: after a change of place, the new station's (as the core checks).
  const reportIn = lastReportedOn(measure.reportIns, measure.reportInDate) ?? '';
  // Detained or arrested (中止): the person cannot sign, as the core checks.
  const suspensions = suspensionsOf(measure.events);
  const form = useForm({
    mode: 'controlled',
    initialValues: { signedOn: today < reportIn ? reportIn : today },
    validate: {
      signedOn: (value: string) => {
        if (!value) return t('validation.required');
        if (reportIn && value < reportIn) return t('agreementsUi.sign.beforeReportIn', { date: reportIn });
        const held = suspensionOn(suspensions, value);
        if (held) return held.to === null ? t('agreementsUi.sign.suspended', { from: held.from }) : t('agreementsUi.sign.suspendedUntil', { from: held.from, resumed: held.to });
        if (value > today) return t('validation.dateInFuture');
        return null;
      },
    },
  });

  const submit = form.onSubmit(async ({ signedOn }) => {
    setError(null);
    try {
      await haven.agreements.sign({ agreementId: agreement.id, signedOn });
      notifySuccess(t('agreementsUi.sign.done', { date: signedOn }));
      onDone();
    } catch (caught) {
      const field = isHavenError(caught) ? caught.fields?.signedOn : undefined;
      if (field) form.setFieldError('signedOn', translateKey(t, field, isHavenError(caught) ? caught.params : undefined));
      else setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={onClose} title={t('agreementsUi.sign.title')} size="lg" centered>
      <Form onSubmit={submit} noValidate data-testid="sign-form">
        <Stack gap="md">
          <Text fw={600}>
            {agreement.title}
            <Text component="span" c="dimmed" fw={400} size="sm" ml="xs">
              {t('agreementsUi.history.versionN', { version: agreement.templateVersion })}
            </Text>
          </Text>
          <Alert color="yellow" variant="light" icon={<IconLock size={18} />} data-testid="sign-fixed-notice">
            <Stack gap={6}>
              <Text size="sm">{t('agreementsUi.sign.fixed')}</Text>
              <Text size="sm" fw={600}>
                {t('agreementsUi.detail.sha')}
              </Text>
              <Code block data-testid="sign-sha256" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                {agreement.sha256}
              </Code>
            </Stack>
          </Alert>
          <DateField
            notFuture
            label={t('agreementsUi.sign.date')}
            description={t('agreementsUi.sign.dateHint', { reportInDate: reportIn })}
            required
            minDate={reportIn || undefined}
            maw={260}
            data-autofocus
            data-testid="sign-date"
            {...form.getInputProps('signedOn')}
          />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="sign-submit">
              {t('agreementsUi.sign.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}
