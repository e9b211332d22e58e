import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleImportView, ChosenFileView } from '../../../shared/domain/bundles';
import { haven } from '../../ipc';
import { errorMessage, translateKey } from '../../lib/errors';
import { Fingerprint, sumRows } from './common';

/** Refusals that a fingerprint compared with the station's key sheet can resolve. */
const NEEDS_FINGERPRINT = new Set(['BUNDLE_UNKNOWN_STATION', 'BUNDLE_STATION_KEY_MISMATCH', 'BUNDLE_FINGERPRINT_MISMATCH']);

interface Row {
  /** Position in the list (file names may repeat). */
  key: number;
  result: BundleImportView;
  /** The chosen file it came from, to import again after a fingerprint check. */
  fileId: string | null;
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);

/**
 * 导入: choose .haven files in the system's open dialog (the core reads them itself, a part at a
 * time, so their size does not matter here); each is verified, decrypted and imported or refused
 * on its own. Progress shows in the corner (the core works in its own thread).
 */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<ChosenFileView[]>([]);
  const [busy, setBusy] = useState(false);
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);

  async function choose() {
    setError(null);
    try {
      const { files } = await haven.shell.chooseBundles();
      if (files.length > 0) setChosen(files);
    } catch (e) {
      setError(errorMessage(t, e));
    }
  }

  async function importChosen() {
    setBusy(true);
    setError(null);
    setRows([]);
    try {
      const results = await haven.bundles.import({ fileIds: chosen.map((f) => f.fileId), confirmFingerprints: [] });
      // Results come in import order (per station by number): match them to the chosen files by name.
      const byName = new Map(chosen.map((f) => [f.name, f.fileId]));
      setRows(results.map((result, key) => ({ key, result, fileId: byName.get(result.file) ?? null })));
      setChosen([]);
      onImported();
    } catch (e) {
      setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  }

  async function retry(row: Row, fingerprint: string) {
    if (!row.fileId) return;
    setError(null);
    try {
      const [result] = await haven.bundles.import({ fileIds: [row.fileId], confirmFingerprints: [fingerprint] });
      if (result) setRows((current) => current.map((r) => (r.key === row.key ? { ...r, result } : r)));
      onImported();
    } catch (e) {
      setError(errorMessage(t, e));
    }
  }

  return (
    <Paper withBorder p="md" data-testid="bundles-import">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('bundlesUi.import.title')}
        </Title>
        <Group gap="md" align="center">
          <Button variant="default" onClick={() => void choose()} disabled={busy} data-testid="import-choose">
            {t('bundlesUi.import.choose')}
          </Button>
          <Button onClick={() => void importChosen()} loading={busy} disabled={chosen.length === 0} data-testid="import-submit">
            {t('bundlesUi.import.submit')}
          </Button>
        </Group>
        <Text size="sm" c="gray.7">
          {t('bundlesUi.import.chooseHint')}
        </Text>
        {chosen.length > 0 ? (
          <Stack gap={2} data-testid="import-chosen">
            <Text size="sm" fw={500}>
              {t('bundlesUi.import.chosen', { count: chosen.length })}
            </Text>
            {chosen.map((f) => (
              <Text key={f.fileId} size="sm" style={{ wordBreak: 'break-all' }}>
                {f.name}（{megabytes(f.bytes)} MB）
              </Text>
            ))}
          </Stack>
        ) : (
          !busy &&
          rows.length === 0 && (
            <Text size="sm" c="gray.7">
              {t('bundlesUi.import.none')}
            </Text>
          )
        )}
        {busy && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">{t('bundlesUi.import.busy')}</Text>
          </Group>
        )}
        {error && (
          <Alert color="red" variant="light">
            <Text size="sm">{error}</Text>
          </Alert>
        )}
        {rows.length > 0 && (
          <Stack gap="xs" data-testid="import-results">
            {rows.map((row) => (
              <ResultRow key={row.key} row={row} onConfirm={(fp) => retry(row, fp)} />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

const outcomeColor = { accepted: 'teal', duplicate: 'gray', refused: 'red' } as const;

function ResultRow({ row, onConfirm }: { row: Row; onConfirm: (fingerprint: string) => Promise<void> }) {
  const { t } = useTranslation();
  const { result } = row;
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const fingerprint = typeof result.params.fingerprint === 'string' ? result.params.fingerprint : null;
  const askFingerprint = result.outcome === 'refused' && result.reason !== null && NEEDS_FINGERPRINT.has(result.reason) && fingerprint !== null;
  const message =
    result.outcome === 'accepted'
      ? t('bundlesUi.import.accepted', { station: result.station, kind: t(`bundlesUi.kind.${result.kind ?? 'full'}`), seq: result.seq, rows: sumRows(result.rows) })
      : result.outcome === 'duplicate'
        ? t('bundlesUi.import.duplicate', { station: result.station, seq: result.seq })
        : translateKey(t, result.messageKey ?? 'errors.BUNDLE_UNREADABLE', result.params, 'errors.BUNDLE_UNREADABLE');

  return (
    <Paper withBorder p="sm" data-testid="import-result" data-outcome={result.outcome} data-reason={result.reason ?? ''}>
      <Stack gap={6}>
        <Group gap="xs">
          <Badge color={outcomeColor[result.outcome]} variant="light">
            {t(`bundlesUi.import.outcome.${result.outcome}`)}
          </Badge>
          <Text size="sm" fw={600} style={{ wordBreak: 'break-all' }}>
            {result.file}
          </Text>
        </Group>
        <Text size="sm" data-testid="import-message">
          {message}
        </Text>
        {result.warnings.map((w) => (
          <Text key={`${w.code}-${JSON.stringify(w.params)}`} size="sm" c="orange.8" data-testid="import-warning">
            {translateKey(t, `errors.${w.code}`, w.params)}
          </Text>
        ))}
        {askFingerprint && (
          <Stack gap={6} data-testid="import-confirm">
            <Text size="sm" fw={600}>
              {t('bundlesUi.import.confirmTitle')}
            </Text>
            <Text size="sm">{t('bundlesUi.import.confirmHint', { code: result.params.code ?? '' })}</Text>
            <Fingerprint value={fingerprint} testId="import-station-fingerprint" />
            <Group align="flex-end" gap="sm">
              <TextInput
                label={t('bundlesUi.import.confirmLabel')}
                value={typed}
                onChange={(e) => setTyped(e.currentTarget.value)}
                w={420}
                styles={{ input: { fontFamily: 'monospace' } }}
                data-testid="import-confirm-fingerprint"
              />
              <Button
                disabled={!typed.trim()}
                loading={busy}
                data-testid="import-confirm-submit"
                onClick={() => {
                  setBusy(true);
                  void onConfirm(typed).finally(() => setBusy(false));
                }}
              >
                {t('bundlesUi.import.confirmSubmit')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
