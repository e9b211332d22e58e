import { Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { PASSWORD_MIN_LENGTH, newPasswordSchema, usernameSchema } from '../../../shared/schemas/common';
import { normalizeRecoveryKey } from '../../../shared/schemas/recoveryKey';
import { useSessionApi } from '../../app/session';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { countdownMessage, fieldErrors, throttleSeconds } from '../../lib/errors';
import { recoveryKeyInputSchema, withConfirm } from '../../lib/schemas';
import { useCountdown } from '../../lib/useCountdown';
import { zodValidate } from '../../lib/zodForm';
import { Form, SubmitButton } from '../../components/Form';

const recoverSchema = withConfirm(
  z.object({
    recoveryKey: recoveryKeyInputSchema,
    username: usernameSchema,
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  }),
  'newPassword',
);

/** Lost password: the printed recovery key opens the data and sets a new password. */
export function RecoverForm({ initialUsername, onBack }: { initialUsername: string; onBack: () => void }) {
  const { t } = useTranslation();
  const { signedIn } = useSessionApi();
  const [failure, setFailure] = useState<unknown>(null);
  const { remaining, start } = useCountdown();
  const form = useForm({
    mode: 'controlled',
    initialValues: { recoveryKey: '', username: initialUsername, newPassword: '', confirmPassword: '' },
    validate: zodValidate(recoverSchema, t),
  });

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      const session = await haven.auth.recover({
        recoveryKey: normalizeRecoveryKey(values.recoveryKey) ?? values.recoveryKey,
        username: values.username,
        newPassword: values.newPassword,
      });
      signedIn(session);
    } catch (caught) {
      const seconds = throttleSeconds(caught);
      if (seconds) start(seconds);
      form.setErrors(fieldErrors(t, caught));
      setFailure(caught);
    }
  });

  const waiting = remaining > 0;
  return (
    <Form onSubmit={submit} noValidate data-testid="recover-form">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('recover.intro')}
        </Text>
        <TextInput
          label={t('recover.recoveryKey')}
          placeholder={t('recover.recoveryKeyPlaceholder')}
          autoComplete="off"
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          required
          autoFocus
          data-testid="recover-key"
          {...form.getInputProps('recoveryKey')}
        />
        <TextInput
          label={t('recover.username')}
          autoComplete="username"
          required
          data-testid="recover-username"
          {...form.getInputProps('username')}
        />
        <PasswordInput
          label={t('recover.newPassword')}
          description={t('setup.passwordHint', { min: PASSWORD_MIN_LENGTH })}
          autoComplete="new-password"
          required
          data-testid="recover-new-password"
          {...form.getInputProps('newPassword')}
        />
        <PasswordInput
          label={t('recover.confirmPassword')}
          autoComplete="new-password"
          required
          data-testid="recover-confirm-password"
          {...form.getInputProps('confirmPassword')}
        />
        <FormError message={countdownMessage(t, failure, remaining)} />
        <SubmitButton loading={form.submitting} disabled={waiting} data-testid="recover-submit">
          {waiting ? t('login.wait', { seconds: remaining }) : t('recover.submit')}
        </SubmitButton>
        <Button variant="subtle" onClick={onBack} data-testid="recover-back">
          {t('recover.back')}
        </Button>
      </Stack>
    </Form>
  );
}
