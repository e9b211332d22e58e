import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BUNDLE_IMPORT_MAX_BYTES, type BundleImportView } from '../../../shared/domain/bundles';
import { haven } from '../../ipc';
import { errorMessage, translateKey } from '../../lib/errors';
import { Fingerprint, readAsBase64, sumRows } from './common';

/** Refusals that a fingerprint compared with the station's key sheet can resolve. */
const NEEDS_FINGERPRINT = new Set(['BUNDLE_UNKNOWN_STATION', 'BUNDLE_STATION_KEY_MISMATCH', 'BUNDLE_FINGERPRINT_MISMATCH']);
const LIMIT_MB = BUNDLE_IMPORT_MAX_BYTES / 1024 / 1024;

interface Row {
  /** Position in the list (file names may repeat). */
  key: number;
  result: BundleImportView;
}

function localRefusal(file: string, messageKey: string): BundleImportView {
  return { file, sha256: '', outcome: 'refused', reason: null, messageKey, params: { limit: LIMIT_MB }, station: null, kind: null, seq: null, warnings: [], rows: {}, personId: null };
}

/** 导入: pick .haven files; each is verified, decrypted and imported or refused on its own. */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);
  // The bytes of the last batch, kept only while this view is open, to import again after a fingerprint check.
  const [data, setData] = useState<Map<string, string>>(new Map());

  async function importPicked() {
    setBusy(true);
    setError(null);
    setRows([]);
    try {
      const local: BundleImportView[] = [];
      const files: { name: string; dataBase64: string }[] = [];
      for (const file of picked) {
        if (file.size > BUNDLE_IMPORT_MAX_BYTES) {
          local.push(localRefusal(file.name, 'bundlesUi.import.tooLarge'));
          continue;
        }
        try {
          files.push({ name: file.name, dataBase64: await readAsBase64(file) });
        } catch {
          local.push(localRefusal(file.name, 'bundlesUi.import.unreadable'));
        }
      }
      const results = files.length > 0 ? await haven.bundles.import({ files, confirmFingerprints: [] }) : [];
      setData(new Map(files.map((f) => [f.name, f.dataBase64])));
      setRows([...local, ...results].map((result, key) => ({ key, result })));
      setPicked([]);
      if (input.current) input.current.value = '';
      onImported();
    } catch (e) {
      setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  }

  async function retry(row: Row, fingerprint: string) {
    const dataBase64 = data.get(row.result.file);
    if (!dataBase64) return;
    setError(null);
    try {
      const [result] = await haven.bundles.import({ files: [{ name: row.result.file, dataBase64 }], confirmFingerprints: [fingerprint] });
      if (result) setRows((current) => current.map((r) => (r.key === row.key ? { key: r.key, result } : r)));
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
          <Stack gap={4}>
            <Text size="sm" fw={500} component="label" htmlFor="bundle-files">
              {t('bundlesUi.import.choose')}
            </Text>
            <input
              id="bundle-files"
              ref={input}
              type="file"
              multiple
              accept=".haven"
              data-testid="import-files"
              onChange={(e) => setPicked(Array.from(e.currentTarget.files ?? []))}
            />
          </Stack>
          <Button onClick={() => void importPicked()} loading={busy} disabled={picked.length === 0} data-testid="import-submit">
            {t('bundlesUi.import.submit')}
          </Button>
        </Group>
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
