import { Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../../shared/ipc/contract';
import { isHavenError } from '../../../shared/ipc/errors';
import { useSessionApi } from '../../app/session';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { countdownMessage, fieldErrors, throttleSeconds } from '../../lib/errors';
import { useCountdown } from '../../lib/useCountdown';
import { zodValidate } from '../../lib/zodForm';
import { Form } from '../../components/Form';

const loginSchema = contract['auth:login'].input;

export function LoginForm({
  initialUsername,
  submitLabel,
  onForgot,
}: {
  initialUsername: string;
  submitLabel: string;
  onForgot: () => void;
}) {
  const { t } = useTranslation();
  const { signedIn } = useSessionApi();
  const [failure, setFailure] = useState<unknown>(null);
  const { remaining, start } = useCountdown();
  const form = useForm({
    mode: 'controlled',
    initialValues: { username: initialUsername, password: '' },
    validate: zodValidate(loginSchema, t),
  });

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      signedIn(await haven.auth.login(values));
    } catch (caught) {
      const seconds = throttleSeconds(caught);
      if (seconds) start(seconds);
      form.setFieldValue('password', '');
      form.setErrors(fieldErrors(t, caught));
      setFailure(caught);
      if (isHavenError(caught) && caught.code === 'INVALID_CREDENTIALS') form.getInputNode('password')?.focus();
    }
  });

  const waiting = remaining > 0;
  return (
    <Form onSubmit={submit} noValidate enterSubmits data-testid="login-form">
      <Stack gap="md">
        <TextInput
          label={t('login.username')}
          autoComplete="username"
          autoFocus={initialUsername === ''}
          required
          data-testid="login-username"
          {...form.getInputProps('username')}
        />
        <PasswordInput
          label={t('login.password')}
          autoComplete="current-password"
          autoFocus={initialUsername !== ''}
          required
          data-testid="login-password"
          {...form.getInputProps('password')}
        />
        <FormError message={countdownMessage(t, failure, remaining)} />
        <Button type="submit" loading={form.submitting} disabled={waiting} data-testid="login-submit">
          {waiting ? t('login.wait', { seconds: remaining }) : submitLabel}
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={onForgot} data-testid="forgot-password">
          {t('login.forgot')}
        </Anchor>
      </Stack>
    </Form>
  );
}
