import { Alert, Paper, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleRecipientView } from '../../../shared/domain/bundles';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import type { AsyncState } from '../../lib/useAsync';
import { LoadState } from '../../components/LoadState';
import { Form, SubmitButton } from '../../components/Form';

/** 接收方: the registered recipients, and registering one after comparing its fingerprint. */
export function RecipientsPanel({ recipients, reload }: { recipients: AsyncState<BundleRecipientView[]>; reload: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [recipient, setRecipient] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const added = await haven.bundles.addRecipient({ name, recipient, confirmFingerprint: fingerprint });
      notifySuccess(t('bundlesUi.recipients.added', { name: added.name }));
      setName('');
      setRecipient('');
      setFingerprint('');
      reload();
    } catch (e) {
      setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" data-testid="bundles-recipients">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('bundlesUi.recipients.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('bundlesUi.recipients.hint')}
        </Text>
        <LoadState state={recipients} reload={reload} />
        {recipients.status === 'ready' &&
          (recipients.data.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="recipients-empty">
              {t('bundlesUi.recipients.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped data-testid="recipients-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('bundlesUi.recipients.name')}</Table.Th>
                    <Table.Th>{t('bundlesUi.recipients.fingerprint')}</Table.Th>
                    <Table.Th>{t('bundlesUi.recipients.confirmedAt')}</Table.Th>
                    <Table.Th>{t('bundlesUi.recipients.nextSeq')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {recipients.data.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>
                        <Text size="sm">{r.name}</Text>
                        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                          {r.recipient}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{r.fingerprint}</Table.Td>
                      <Table.Td>
                        {formatDateTime(r.confirmedAt)} {r.confirmedBy ?? ''}
                      </Table.Td>
                      <Table.Td>{r.nextSeq}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
        <Form onSubmit={(e) => void submit(e)} data-testid="recipient-form">
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              {t('bundlesUi.recipients.add')}
            </Text>
            <TextInput label={t('bundlesUi.recipients.nameLabel')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={60} data-testid="recipient-name" />
            <Textarea
              label={t('bundlesUi.recipients.recipientLabel')}
              value={recipient}
              onChange={(e) => setRecipient(e.currentTarget.value)}
              autosize
              minRows={2}
              required
              styles={{ input: { fontFamily: 'monospace' } }}
              data-testid="recipient-key"
            />
            <TextInput
              label={t('bundlesUi.recipients.fingerprintLabel')}
              value={fingerprint}
              onChange={(e) => setFingerprint(e.currentTarget.value)}
              required
              styles={{ input: { fontFamily: 'monospace' } }}
              data-testid="recipient-fingerprint"
            />
            {error && (
              <Alert color="red" variant="light" data-testid="recipient-error">
                <Text size="sm">{error}</Text>
              </Alert>
            )}
            <SubmitButton loading={busy} disabled={!recipient.trim() || !fingerprint.trim()} style={{ alignSelf: 'flex-start' }} data-testid="recipient-submit">
              {t('bundlesUi.recipients.submit')}
            </SubmitButton>
          </Stack>
        </Form>
      </Stack>
    </Paper>
  );
}
