import { Alert, Badge, Button, Checkbox, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleImportView, ChosenFileView } from '../../../shared/domain/bundles';
import { haven } from '../../ipc';
import { errorMessage, translateKey } from '../../lib/errors';
import { bundleMessage, Fingerprint, sumRows } from './common';

/** Refusals that a fingerprint compared with a new station's key sheet can resolve. */
const NEEDS_FINGERPRINT = new Set(['BUNDLE_UNKNOWN_STATION', 'BUNDLE_FINGERPRINT_MISMATCH']);

/** What replacing a registered station's key asks for (its own action: bundles/import.ts). */
export interface KeyReplacement {
  fingerprint: string;
  reason: string;
  restartNumbering: boolean;
}

interface Row {
  /** Position in the list (file names may repeat). */
  key: number;
  result: BundleImportView;
  /** The chosen file it came from, to import again after a fingerprint check. */
  fileId: string | null;
  /** The last try replaced the station's key (a mismatch then belongs to the replacement form). */
  replacing: boolean;
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
      setRows(results.map((result, key) => ({ key, result, fileId: byName.get(result.file) ?? null, replacing: false })));
      setChosen([]);
      onImported();
    } catch (e) {
      setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  }

  async function retry(row: Row, fingerprint: string | null, replacement: KeyReplacement | null, renumberReason: string | null = null) {
    if (!row.fileId) return;
    setError(null);
    try {
      const code = typeof row.result.params.code === 'string' ? row.result.params.code : (row.result.station ?? '');
      const [result] = await haven.bundles.import({
        fileIds: [row.fileId],
        confirmFingerprints: fingerprint ? [fingerprint] : [],
        replaceStationKeys: replacement ? [{ code, ...replacement }] : [],
        renumberStations: renumberReason === null ? [] : [{ code, reason: renumberReason }],
      });
      if (result) setRows((current) => current.map((r) => (r.key === row.key ? { ...r, result, replacing: replacement !== null } : r)));
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
          <Group gap="xs" role="status">
            <Loader size="xs" aria-hidden />
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
              <ResultRow
                key={row.key}
                row={row}
                onConfirm={(fp) => retry(row, fp, null)}
                onReplace={(r) => retry(row, null, r)}
                onRenumber={(reason) => retry(row, null, null, reason)}
              />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

const outcomeColor = { accepted: 'teal', duplicate: 'gray', refused: 'red' } as const;

function ResultRow({
  row,
  onConfirm,
  onReplace,
  onRenumber,
}: {
  row: Row;
  onConfirm: (fingerprint: string) => Promise<void>;
  onReplace: (replacement: KeyReplacement) => Promise<void>;
  onRenumber: (reason: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { result } = row;
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const fingerprint = typeof result.params.fingerprint === 'string' ? result.params.fingerprint : null;
  const refusedFor = result.outcome === 'refused' ? result.reason : null;
  const askReplacement = fingerprint !== null && (refusedFor === 'BUNDLE_STATION_KEY_MISMATCH' || (row.replacing && refusedFor === 'BUNDLE_FINGERPRINT_MISMATCH'));
  const askFingerprint = !askReplacement && refusedFor !== null && NEEDS_FINGERPRINT.has(refusedFor) && fingerprint !== null;
  const message =
    result.outcome === 'accepted'
      ? t('bundlesUi.import.accepted', { station: result.station, kind: t(`bundlesUi.kind.${result.kind ?? 'full'}`), seq: result.seq, rows: sumRows(result.rows) })
      : result.outcome === 'duplicate'
        ? t('bundlesUi.import.duplicate', { station: result.station, seq: result.seq })
        : bundleMessage(t, result.messageKey ?? 'errors.BUNDLE_UNREADABLE', result.params, 'errors.BUNDLE_UNREADABLE');

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
        {askReplacement && <ReplaceKeyForm code={String(result.params.code ?? '')} fingerprint={fingerprint} onReplace={onReplace} />}
        {refusedFor === 'BUNDLE_RENUMBERED' && <RenumberForm code={String(result.params.code ?? '')} onRenumber={onRenumber} />}
      </Stack>
    </Paper>
  );
}

/**
 * 接受重新编号: a station whose numbering went back (restored from a backup), same key; taken
 * under its number as the admin's explicit act, with a reason (audited). The core refuses a
 * reason the form would refuse.
 */
function RenumberForm({ code, onRenumber }: { code: string; onRenumber: (reason: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Stack gap={6} data-testid="import-renumber">
      <Text size="sm" fw={600}>
        {t('bundlesUi.import.renumberTitle', { code })}
      </Text>
      <Group align="flex-end" gap="sm">
        <TextInput label={t('bundlesUi.import.renumberReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} w={420} data-testid="import-renumber-reason" />
        <Button
          color="orange"
          disabled={reason.trim().length < 2}
          loading={busy}
          data-testid="import-renumber-submit"
          onClick={() => {
            setBusy(true);
            void onRenumber(reason.trim()).finally(() => setBusy(false));
          }}
        >
          {t('bundlesUi.import.renumberSubmit')}
        </Button>
      </Group>
    </Stack>
  );
}

/** 更换该站密钥: a registered station's new key, compared with its new key sheet, with a reason. */
function ReplaceKeyForm({ code, fingerprint, onReplace }: { code: string; fingerprint: string; onReplace: (replacement: KeyReplacement) => Promise<void> }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [restartNumbering, setRestartNumbering] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Stack gap={6} data-testid="import-replace-key">
      <Text size="sm" fw={600}>
        {t('bundlesUi.import.replaceTitle')}
      </Text>
      <Text size="sm">{t('bundlesUi.import.replaceHint', { code })}</Text>
      <Fingerprint value={fingerprint} testId="import-new-fingerprint" />
      <TextInput
        label={t('bundlesUi.import.replaceFingerprint')}
        value={typed}
        onChange={(e) => setTyped(e.currentTarget.value)}
        w={420}
        styles={{ input: { fontFamily: 'monospace' } }}
        data-testid="import-replace-fingerprint"
      />
      <TextInput label={t('bundlesUi.import.replaceReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} w={420} data-testid="import-replace-reason" />
      <Checkbox
        label={t('bundlesUi.import.replaceRestart')}
        description={t('bundlesUi.import.replaceRestartHint')}
        checked={restartNumbering}
        onChange={(e) => setRestartNumbering(e.currentTarget.checked)}
        data-testid="import-replace-restart"
      />
      <Group>
        <Button
          color="orange"
          disabled={!typed.trim() || reason.trim().length < 2}
          loading={busy}
          data-testid="import-replace-submit"
          onClick={() => {
            setBusy(true);
            void onReplace({ fingerprint: typed, reason, restartNumbering }).finally(() => setBusy(false));
          }}
        >
          {t('bundlesUi.import.replaceSubmit')}
        </Button>
      </Group>
    </Stack>
  );
}
