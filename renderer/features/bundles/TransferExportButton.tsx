import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconFileExport } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleRecipientView } from '../../../shared/domain/bundles';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { GuardedModal } from '../../components/GuardedModal';

/**
 * 导出转移包 (RR art. 22): one person's whole file, encrypted to the receiving station's key, after
 * the measure was recorded as transferred out. Admins only; the core audits the export.
 */
export function TransferExportButton({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [recipients, setRecipients] = useState<BundleRecipientView[] | null>(null);
  const [recipientId, setRecipientId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Where the bundle went, or that the save dialog was cancelled (nothing saved: not a success).
  const [outcome, setOutcome] = useState<{ saved: true; path: string } | { saved: false } | null>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    haven.bundles.recipients().then(
      (list) => live && setRecipients(list),
      (caught: unknown) => live && setError(errorMessage(t, caught)),
    );
    return () => {
      live = false;
    };
  }, [open, t]);

  const run = async () => {
    if (!recipientId) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const made = await haven.bundles.export({ recipientId: Number(recipientId), kind: 'transfer', personId });
      const { path } = await haven.shell.saveFile({ jobId: made.jobId });
      setOutcome(path ? { saved: true, path } : { saved: false });
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="compact-sm" variant="default" leftSection={<IconFileExport size={14} />} onClick={() => setOpen(true)} data-testid="export-transfer">
        {t('bundlesUi.transfer.button')}
      </Button>
      <GuardedModal opened={open} onClose={() => setOpen(false)} title={t('bundlesUi.transfer.title')} centered>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('bundlesUi.transfer.hint')}
          </Text>
          <Select
            label={t('bundlesUi.transfer.recipient')}
            data={(recipients ?? []).map((r) => ({ value: String(r.id), label: t('common.withNote', { text: r.name, note: `${r.fingerprint.slice(0, 11)}…` }) }))}
            value={recipientId}
            onChange={setRecipientId}
            nothingFoundMessage={t('bundlesUi.transfer.noRecipients')}
            data-testid="transfer-recipient"
          />
          {recipients?.length === 0 && <Alert color="yellow">{t('bundlesUi.transfer.noRecipients')}</Alert>}
          <FormError message={error} />
          {outcome?.saved === true && (
            <Alert color="teal" data-testid="transfer-saved">
              {t('bundlesUi.transfer.saved', { path: outcome.path })}
            </Alert>
          )}
          {outcome?.saved === false && (
            <Alert color="yellow" data-testid="transfer-cancelled">
              {t('bundlesUi.transfer.cancelled')}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('common.close')}
            </Button>
            <Button loading={busy} disabled={!recipientId} onClick={() => void run()} data-testid="transfer-run">
              {t('bundlesUi.transfer.run')}
            </Button>
          </Group>
        </Stack>
      </GuardedModal>
    </>
  );
}
