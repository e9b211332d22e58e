import { Alert, Button, Group, Loader, Paper, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleExportView, BundleRecipientView, SentBundleView } from '../../../shared/domain/bundles';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import type { AsyncState } from '../../lib/useAsync';
import { sumRows } from './common';
import { LoadState } from '../../components/LoadState';

type ExportKind = 'full' | 'stats';

/** 导出: a bundle for a registered recipient, made by the core, then saved where the user chooses. */
export function ExportPanel({ recipients, onExported }: { recipients: AsyncState<BundleRecipientView[]>; onExported: () => void }) {
  const { t } = useTranslation();
  const [recipientId, setRecipientId] = useState<string | null>(null);
  const [kind, setKind] = useState<ExportKind>('full');
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<BundleExportView | null>(null);
  const [savedTo, setSavedTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = recipients.status === 'ready' ? recipients.data : [];
  const chosen = recipientId ?? (list.length === 1 ? String(list[0]?.id) : null);

  async function make() {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    setMade(null);
    setSavedTo(null);
    try {
      setMade(await haven.bundles.export({ recipientId: Number(chosen), kind }));
    } catch (e) {
      setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    if (!made) return;
    setError(null);
    try {
      // The core records the sending once the file is saved (a cancelled save records nothing).
      const { path } = await haven.shell.saveFile({ jobId: made.jobId });
      setSavedTo(path ?? '');
      if (path) onExported();
    } catch (e) {
      setError(errorMessage(t, e));
    }
  }

  return (
    <Paper withBorder p="md" data-testid="bundles-export">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('bundlesUi.export.title')}
        </Title>
        {recipients.status === 'ready' && list.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('bundlesUi.export.needRecipient')}
          </Text>
        ) : (
          <>
            <Group align="flex-end" gap="md">
              <Select
                label={t('bundlesUi.export.recipient')}
                placeholder={t('bundlesUi.export.recipientPlaceholder')}
                data={list.map((r) => ({ value: String(r.id), label: r.name }))}
                value={chosen}
                onChange={setRecipientId}
                allowDeselect={false}
                w={320}
                data-testid="export-recipient"
              />
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {t('bundlesUi.export.kind')}
                </Text>
                <SegmentedControl
                  value={kind}
                  onChange={(v) => setKind(v as ExportKind)}
                  data={(['full', 'stats'] as const).map((k) => ({ value: k, label: t(`bundlesUi.kind.${k}`) }))}
                  aria-label={t('bundlesUi.export.kind')}
                  data-testid="export-kind"
                />
              </Stack>
              <Button onClick={() => void make()} loading={busy} disabled={!chosen} data-testid="export-submit">
                {t('bundlesUi.export.submit')}
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {t(kind === 'full' ? 'bundlesUi.export.fullHint' : 'bundlesUi.export.statsHint')} {t('bundlesUi.export.transferHint')}
            </Text>
          </>
        )}
        {busy && (
          <Group gap="xs" role="status" data-testid="export-busy">
            <Loader size="xs" aria-hidden />
            <Text size="sm">{t('bundlesUi.export.busy')}</Text>
          </Group>
        )}
        {made && (
          <Alert color="teal" variant="light" data-testid="export-done">
            <Stack gap="xs">
              <Text size="sm">{t('bundlesUi.export.done', { file: made.fileName, seq: made.seq, rows: sumRows(made.rows) })}</Text>
              <Text size="xs" c="dimmed" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                SHA-256 {made.sha256}
              </Text>
              <Group gap="sm">
                <Button size="xs" onClick={() => void save()} data-testid="export-save">
                  {t('bundlesUi.export.save')}
                </Button>
                {savedTo !== null && (
                  <Text size="sm" data-testid="export-saved">
                    {savedTo ? t('bundlesUi.export.saved', { path: savedTo }) : t('bundlesUi.export.cancelled')}
                  </Text>
                )}
              </Group>
            </Stack>
          </Alert>
        )}
        {error && (
          <Alert color="red" variant="light" data-testid="export-error">
            <Text size="sm">{error}</Text>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** 已发送: every bundle this station made, newest first. */
export function SentTable({ sent, reload }: { sent: AsyncState<SentBundleView[]>; reload: () => void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" data-testid="bundles-sent">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('bundlesUi.sent.title')}
        </Title>
        <LoadState state={sent} reload={reload} />
        {sent.status === 'ready' &&
          (sent.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('bundlesUi.sent.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped data-testid="sent-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('bundlesUi.sent.at')}</Table.Th>
                    <Table.Th>{t('bundlesUi.sent.file')}</Table.Th>
                    <Table.Th>{t('bundlesUi.sent.recipient')}</Table.Th>
                    <Table.Th>{t('bundlesUi.sent.kind')}</Table.Th>
                    <Table.Th>{t('bundlesUi.sent.seq')}</Table.Th>
                    <Table.Th>{t('bundlesUi.sent.by')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {sent.data.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>{formatDateTime(s.createdAt)}</Table.Td>
                      <Table.Td style={{ wordBreak: 'break-all' }}>{s.fileName}</Table.Td>
                      <Table.Td>{s.recipientName}</Table.Td>
                      <Table.Td>{t(`bundlesUi.kind.${s.kind}`)}</Table.Td>
                      <Table.Td>{s.seq}</Table.Td>
                      <Table.Td>{s.createdBy ?? ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
      </Stack>
    </Paper>
  );
}
