import { Divider, PasswordInput, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { contract } from '../../../shared/ipc/contract';
import { PASSWORD_MIN_LENGTH } from '../../../shared/schemas/common';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { withConfirm } from '../../lib/schemas';
import { zodValidate } from '../../lib/zodForm';
import { Form, SubmitButton } from '../../components/Form';

const setupSchema = withConfirm(contract['setup:create'].input.extend({ confirmPassword: z.string() }), 'password');

export interface SetupResult {
  recoveryKey: string;
  station: { name: string; code: string };
  adminUsername: string;
  adminDisplayName: string;
}

/** Station and first administrator; creates the encrypted database. */
export function SetupForm({ onCreated }: { onCreated: (result: SetupResult) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      stationCode: '',
      stationName: '',
      adminUsername: '',
      adminDisplayName: '',
      password: '',
      confirmPassword: '',
      mode: 'station' as 'station' | 'supervisor',
    },
    validate: zodValidate(setupSchema, t),
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = setupSchema.parse(values);
    try {
      const { recoveryKey } = await haven.setup.create({
        stationCode: parsed.stationCode,
        stationName: parsed.stationName,
        adminUsername: parsed.adminUsername,
        adminDisplayName: parsed.adminDisplayName,
        password: parsed.password,
        mode: parsed.mode,
      });
      onCreated({
        recoveryKey,
        station: { name: parsed.stationName, code: parsed.stationCode },
        adminUsername: parsed.adminUsername,
        adminDisplayName: parsed.adminDisplayName,
      });
    } catch (caught) {
      form.setErrors(fieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <Form onSubmit={submit} noValidate data-testid="setup-form">
      <Stack gap="md">
        <Text c="dimmed">{t('setup.intro')}</Text>
        <Divider label={t('setup.stationSection')} labelPosition="left" />
        <Stack gap={4}>
          <SegmentedControl
            data={[
              { value: 'station', label: t('setup.modeStation') },
              { value: 'supervisor', label: t('setup.modeSupervisor') },
            ]}
            aria-label={t('setup.modeLabel')}
            data-testid="setup-mode"
            {...form.getInputProps('mode')}
          />
          <Text size="xs" c="dimmed">
            {t(form.values.mode === 'station' ? 'setup.modeStationHint' : 'setup.modeSupervisorHint')}
          </Text>
        </Stack>
        <SimpleGrid cols={2}>
          <TextInput
            label={t('setup.stationCode')}
            description={t('setup.stationCodeHint')}
            required
            autoComplete="off"
            data-testid="setup-station-code"
            {...form.getInputProps('stationCode')}
          />
          <TextInput
            label={t('setup.stationName')}
            description={t('setup.stationNameHint')}
            placeholder={t('setup.stationNamePlaceholder')}
            required
            autoComplete="off"
            data-testid="setup-station-name"
            {...form.getInputProps('stationName')}
          />
        </SimpleGrid>
        <Divider label={t('setup.adminSection')} labelPosition="left" />
        <SimpleGrid cols={2}>
          <TextInput
            label={t('setup.adminUsername')}
            description={t('setup.adminUsernameHint')}
            required
            autoComplete="off"
            data-testid="setup-admin-username"
            {...form.getInputProps('adminUsername')}
          />
          <TextInput
            label={t('setup.adminDisplayName')}
            description={t('setup.adminDisplayNameHint')}
            required
            autoComplete="off"
            data-testid="setup-admin-display-name"
            {...form.getInputProps('adminDisplayName')}
          />
          <PasswordInput
            label={t('setup.password')}
            description={t('setup.passwordHint', { min: PASSWORD_MIN_LENGTH })}
            required
            autoComplete="new-password"
            data-testid="setup-password"
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label={t('setup.confirmPassword')}
            description={t('setup.confirmPasswordHint')}
            required
            autoComplete="new-password"
            data-testid="setup-confirm-password"
            {...form.getInputProps('confirmPassword')}
          />
        </SimpleGrid>
        <FormError message={error} />
        <SubmitButton loading={form.submitting} data-testid="setup-submit">
          {t('setup.submit')}
        </SubmitButton>
        {form.submitting && (
          <Text size="sm" c="dimmed" ta="center">
            {t('setup.creating')}
          </Text>
        )}
      </Stack>
    </Form>
  );
}
