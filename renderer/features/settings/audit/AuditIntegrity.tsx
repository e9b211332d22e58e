import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnchorOutcome, AuditChainStatus } from '../../../../shared/domain/types';
import { contract } from '../../../../shared/ipc/contract';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { codeWord, errorMessage, fieldErrors } from '../../../lib/errors';
import { zodValidate } from '../../../lib/zodForm';
import { PrintButton } from '../../print';
import { Form, SubmitButton } from '../../../components/Form';

const anchorSchema = contract['audit:verifyAnchor'].input;

function ChainResult({ chain }: { chain: AuditChainStatus }) {
  const { t } = useTranslation();
  if (chain.ok && chain.head) {
    return (
      <Alert color="teal" variant="light" title={t('settings.audit.integrity.intact')} data-testid="audit-chain-result" data-ok="true">
        {t('settings.audit.integrity.intactDetail', { events: chain.events, id: chain.head.id })}
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" title={t('settings.audit.integrity.broken')} data-testid="audit-chain-result" data-ok="false">
      {codeWord(t, `auditChain.problem.${chain.problem ?? 'link'}`, { id: chain.brokenAt ?? '?' })}
    </Alert>
  );
}

/**
 * 日志完整性: walk the chain now, print a receipt of its head (kept on paper, outside the
 * computer), and later type a receipt back to learn whether the log up to it was rewritten.
 */
export function AuditIntegrity() {
  const { t } = useTranslation();
  const [chain, setChain] = useState<AuditChainStatus | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ outcome: AnchorOutcome; chain: AuditChainStatus } | null>(null);
  const form = useForm<{ eventId: string; hash: string }>({
    mode: 'controlled',
    initialValues: { eventId: '', hash: '' },
    validate: (values) => zodValidate(anchorSchema, t)({ eventId: Number(values.eventId) || 0, hash: values.hash }),
  });

  const check = async () => {
    setChecking(true);
    setError(null);
    try {
      setChain(await haven.audit.chain({}));
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setChecking(false);
    }
  };

  const verify = form.onSubmit(async (values) => {
    setError(null);
    setOutcome(null);
    try {
      setOutcome(await haven.audit.verifyAnchor({ eventId: Number(values.eventId), hash: values.hash }));
    } catch (caught) {
      form.setErrors(fieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('settings.audit.integrity.title')}
        </Title>
        <Text size="sm">{t('settings.audit.integrity.explain')}</Text>
        <Group gap="sm">
          <Button variant="default" leftSection={<IconShieldCheck size={18} />} loading={checking} onClick={check} data-testid="audit-check-chain">
            {t('settings.audit.integrity.check')}
          </Button>
          <PrintButton request={{ document: 'auditReceipt' }} label={t('settings.audit.integrity.printReceipt')} data-testid="print-audit-receipt" />
        </Group>
        {chain && <ChainResult chain={chain} />}
        <Form onSubmit={verify} noValidate>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label={t('settings.audit.integrity.eventId')}
              inputMode="numeric"
              w={160}
              data-testid="anchor-event"
              {...form.getInputProps('eventId')}
            />
            <TextInput
              label={t('settings.audit.integrity.hash')}
              description={t('settings.audit.integrity.hashHint')}
              w={300}
              ff="monospace"
              data-testid="anchor-hash"
              {...form.getInputProps('hash')}
            />
            <SubmitButton variant="default" loading={form.submitting} data-testid="anchor-verify">
              {t('settings.audit.integrity.verify')}
            </SubmitButton>
          </Group>
        </Form>
        {outcome && (
          <Alert
            color={outcome.outcome === 'holds' ? 'teal' : 'red'}
            variant="light"
            data-testid="anchor-outcome"
            data-outcome={outcome.outcome}
            title={codeWord(t, `settings.audit.integrity.outcome.${outcome.outcome}`)}
          >
            {codeWord(t, `settings.audit.integrity.outcomeDetail.${outcome.outcome}`)}
          </Alert>
        )}
        <FormError message={error} />
      </Stack>
    </Paper>
  );
}
