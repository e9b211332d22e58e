import { Alert, Badge, Button, Checkbox, Group, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerCounts, LedgerPreviewView, LedgerRowOutcome, LedgerRowView } from '../../../shared/domain/ledger';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { codeWord, errorMessage } from '../../lib/errors';
import { fieldLabel, problemText, problemWhere, valueText } from './common';
import { GuardedModal } from '../../components/GuardedModal';

const OUTCOME_COLOR: Record<LedgerRowOutcome, string> = { create: 'teal', update: 'blue', unchanged: 'gray', invalid: 'red' };

/** The counts as badges: what the import would do, and what it cannot. */
export function CountBadges({ counts, done = false }: { counts: LedgerCounts; done?: boolean }) {
  const { t } = useTranslation();
  const items: [keyof LedgerCounts, string][] = [
    ['rows', 'gray'],
    ['create', 'teal'],
    ['update', 'blue'],
    ['unchanged', 'gray'],
    ['invalid', 'red'],
    ['measuresCreated', 'grape'],
    ['measuresUpdated', 'grape'],
    ['reportIns', 'grape'],
  ];
  return (
    <Group gap={6} data-testid="ledger-counts">
      {items
        .filter(([key]) => key === 'rows' || counts[key] > 0)
        .map(([key, color]) => (
          <Badge key={key} color={color} variant={key === 'invalid' ? 'filled' : 'light'} size="lg" data-testid={`ledger-count-${key}`}>
            {codeWord(t, `ledger.import.counts.${done && key === 'invalid' ? 'skipped' : key}`, { count: counts[key] })}
          </Badge>
        ))}
    </Group>
  );
}

/**
 * 核对: every row went through the forms' checks in the core, nothing written. The bad rows by
 * row and column (and as a file to correct), the files that would change and how, then the
 * import, on confirmation only.
 */
/** What the confirmation names, each only when some row does it: every change the import will make. */
const CONFIRMED_COUNTS = ['create', 'update', 'measuresCreated', 'measuresUpdated', 'reportIns'] as const;

export function PreviewStep({ preview, onImport, busy }: { preview: LedgerPreviewView; onImport: (skipInvalid: boolean) => void; busy: boolean }) {
  const { t } = useTranslation();
  const { counts } = preview;
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const changed = preview.rows.filter((r) => r.outcome === 'update');
  const first = preview.rows.slice(0, 20);
  const good = counts.create + counts.update;
  const canImport = good > 0 && (counts.invalid === 0 || skipInvalid);

  /** What a row changes, in words: the fields from → to, and what happens to the measure. */
  const changeText = (r: LedgerRowView) =>
    [
      ...(r.outcome === 'update' ? r.changes.map((c) => t('ledger.import.changeFormat', { field: fieldLabel(t, c.field), from: valueText(t, c.field, c.from), to: valueText(t, c.field, c.to) })) : []),
      ...(r.measure === 'create' ? [t('ledger.import.measure.create')] : []),
      ...(r.changes.some((c) => c.field === 'reportInDate') && r.outcome === 'create' ? [t('ledger.import.measure.report_in')] : []),
    ].join(t('ledger.import.separator'));

  const download = async () => {
    if (!preview.errorReport) return;
    setError(null);
    try {
      const { path } = await haven.shell.saveSpreadsheet({ jobId: preview.errorReport.jobId });
      setSaved(path ? t('ledger.import.downloaded', { path }) : t('ledger.export.cancelled'));
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  };

  return (
    <Stack gap="md" data-testid="ledger-preview-step">
      <CountBadges counts={counts} />
      <Text size="sm" c="gray.7">
        {t('ledger.import.nothingWritten')}
      </Text>

      {preview.problemsTotal > 0 && (
        <Stack gap="xs" data-testid="ledger-problems">
          <Group justify="space-between">
            <Title order={3} size="h5" c="red.8">
              {t('ledger.import.problemsTitle')}
            </Title>
            {preview.errorReport && (
              <Button size="xs" variant="light" color="red" leftSection={<IconDownload size={14} />} onClick={() => void download()} data-testid="ledger-download-bad">
                {t('ledger.import.downloadBad')}
              </Button>
            )}
          </Group>
          {saved && (
            <Text size="sm" c="teal.8" data-testid="ledger-downloaded">
              {saved}
            </Text>
          )}
          <ScrollArea.Autosize mah={280} type="auto">
            <Table withTableBorder striped fz="sm" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={64}>{t('ledger.import.row')}</Table.Th>
                  <Table.Th w={160}>{t('ledger.import.where')}</Table.Th>
                  <Table.Th>{t('ledger.import.problem')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.problems.map((p, i) => (
                  <Table.Tr key={i} data-testid="ledger-problem" data-row={p.row}>
                    <Table.Td className="haven-tabular">{p.row}</Table.Td>
                    <Table.Td>{problemWhere(t, p)}</Table.Td>
                    <Table.Td>{problemText(t, p)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
          {preview.problemsTotal > preview.problems.length && (
            <Text size="xs" c="dimmed">
              {t('ledger.import.problemsMore', { shown: preview.problems.length, total: preview.problemsTotal })}
            </Text>
          )}
        </Stack>
      )}

      {changed.length > 0 && (
        <Stack gap="xs" data-testid="ledger-changes">
          <Title order={3} size="h5">
            {t('ledger.import.changesTitle')}
          </Title>
          <ScrollArea.Autosize mah={240} type="auto">
            <Table withTableBorder fz="sm" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={64}>{t('ledger.import.row')}</Table.Th>
                  <Table.Th w={100}>{t('ledger.import.name')}</Table.Th>
                  <Table.Th w={180}>{t('ledger.import.idNumber')}</Table.Th>
                  <Table.Th>{t('ledger.import.change')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {changed.map((r) => (
                  <Table.Tr key={r.row} data-testid="ledger-change" data-row={r.row}>
                    <Table.Td className="haven-tabular">{r.row}</Table.Td>
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td className="haven-tabular">{r.idNumberMasked}</Table.Td>
                    <Table.Td>{changeText(r)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </Stack>
      )}

      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('ledger.import.sampleTitle')}
        </Title>
        <Table withTableBorder fz="sm" verticalSpacing={4} data-testid="ledger-rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={64}>{t('ledger.import.row')}</Table.Th>
              <Table.Th w={90} />
              <Table.Th w={100}>{t('ledger.import.name')}</Table.Th>
              <Table.Th w={180}>{t('ledger.import.idNumber')}</Table.Th>
              <Table.Th>{t('ledger.import.change')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {first.map((r) => (
              <Table.Tr key={r.row}>
                <Table.Td className="haven-tabular">{r.row}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={OUTCOME_COLOR[r.outcome]}>
                    {codeWord(t, `ledger.import.outcome.${r.outcome}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td className="haven-tabular">{r.idNumberMasked}</Table.Td>
                <Table.Td c={r.outcome === 'invalid' ? 'red.8' : undefined}>
                  {r.outcome === 'invalid' ? r.problems.map((p) => problemText(t, p)).join(t('ledger.import.separator')) : changeText(r)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>

      <FormError message={error} />
      {good === 0 && counts.invalid === 0 && <Alert color="gray">{t('ledger.import.nothingToImport')}</Alert>}
      <Group justify="flex-end" gap="md">
        {counts.invalid > 0 && good > 0 && (
          <Checkbox
            label={t('ledger.import.skipInvalid', { count: counts.invalid, good: counts.create + counts.update + counts.unchanged })}
            checked={skipInvalid}
            onChange={(event) => setSkipInvalid(event.currentTarget.checked)}
            data-testid="ledger-skip-invalid"
          />
        )}
        <Button onClick={() => setConfirming(true)} disabled={!canImport} loading={busy} data-testid="ledger-import">
          {t('ledger.import.confirm')}
        </Button>
      </Group>
      <GuardedModal opened={confirming} onClose={() => setConfirming(false)} title={t('ledger.import.confirmTitle')} centered>
        <Stack gap="md">
          <Text size="sm" data-testid="ledger-confirm-text">
            {t('ledger.import.confirmText', {
              what: CONFIRMED_COUNTS.filter((key) => counts[key] > 0)
                .map((key) => codeWord(t, `ledger.import.counts.${key}`, { count: counts[key] }))
                .join(t('ledger.import.confirmListSeparator')),
            })}
          </Text>
          {skipInvalid && counts.invalid > 0 && (
            <Text size="sm" data-testid="ledger-confirm-skipped">
              {t('ledger.import.confirmSkipped', { count: counts.invalid })}
            </Text>
          )}
          {counts.update + counts.measuresUpdated > 0 && (
            <Alert color="orange" variant="light">
              {t('ledger.import.confirmIrreversible')}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              onClick={() => {
                setConfirming(false);
                onImport(skipInvalid);
              }}
              data-testid="ledger-import-confirm"
            >
              {t('ledger.import.confirmGo')}
            </Button>
          </Group>
        </Stack>
      </GuardedModal>
    </Stack>
  );
}
