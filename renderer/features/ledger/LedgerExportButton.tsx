import { Alert, Button, Checkbox, Group, SimpleGrid, Stack, Switch, Text, Textarea } from '@mantine/core';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { useState, type Dispatch, type SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultLedgerExportColumns, ledgerExportFields, type LedgerExportField } from '../../../shared/domain/ledger';
import type { PersonListQuery } from '../../../shared/schemas/person';
import { useSession } from '../../app/session';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';
import { fieldLabel } from './common';
import { GuardedModal } from '../../components/GuardedModal';
import { useFormDraft } from '../../lib/drafts';
import { DraftRestoredNote } from '../../components/DraftRestoredNote';

/** The person list's filters and order (without paging). */
export type LedgerListFilter = Omit<PersonListQuery, 'offset' | 'limit'>;

/**
 * 导出 Excel on the person list: the rows the list shows (its filters and order), the columns the
 * user ticks, ID numbers masked unless an admin asks for them in full with a reason (audited).
 */
export function LedgerExportButton({ filter, total }: { filter: LedgerListFilter; total: number | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [columns, setColumns] = useState<LedgerExportField[]>([...defaultLedgerExportColumns]);

  return (
    <>
      <Button variant="default" leftSection={<IconFileSpreadsheet size={18} />} onClick={() => setOpen(true)} data-testid="ledger-export">
        {t('ledger.export.button')}
      </Button>
      {open && <LedgerExportDialog filter={filter} total={total} columns={columns} setColumns={setColumns} onClose={() => setOpen(false)} />}
    </>
  );
}

/** The key of the full-ID reason's draft: one export dialog, not about one record. */
const REASON_DRAFT_KEY = 'ledger:export:fullIds';

function LedgerExportDialog({
  filter,
  total,
  columns,
  setColumns,
  onClose,
}: {
  filter: LedgerListFilter;
  total: number | null;
  columns: LedgerExportField[];
  setColumns: Dispatch<SetStateAction<LedgerExportField[]>>;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const [full, setFull] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The reason for full ID numbers survives an idle lock (kept for this user in the core's memory,
  // never on disk); it comes back with its switch on when the dialog opens again.
  const draft = useFormDraft(REASON_DRAFT_KEY, { reason }, (saved) => {
    if (!saved.reason) return;
    setFull(true);
    setReason(saved.reason);
  });
  const close = () => {
    draft.discard();
    onClose();
  };

  // Full ID numbers only while the ID number column is chosen: unticking it takes the switch (and
  // its reason) out of the request, as it takes the switch off the screen.
  const fullIds = full && columns.includes('idNumber');

  const toggle = (field: LedgerExportField, on: boolean) =>
    setColumns((current) => (on ? ledgerExportFields.filter((f) => f === field || current.includes(f)) : current.filter((f) => f !== field)));

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const made = await haven.ledger.export({
        columns,
        filter,
        locale: i18n.language === 'en' ? 'en' : 'zh-CN',
        fullIdNumbers: fullIds ? { reason } : null,
      });
      const { path } = await haven.shell.saveSpreadsheet({ jobId: made.jobId });
      if (path) {
        notifySuccess(t('ledger.export.saved', { path, rows: made.rows }));
        close();
      } else {
        setError(t('ledger.export.cancelled'));
      }
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <GuardedModal dirty={fullIds && reason.trim().length > 0} opened onClose={close} title={t('ledger.export.title')} size="lg" centered>
      <Stack gap="md" data-testid="ledger-export-modal">
        {total !== null && <Text size="sm">{t('ledger.export.scope', { count: total })}</Text>}
        <Stack gap={6}>
          <Group justify="space-between">
            <Text size="sm" fw={500}>
              {t('ledger.export.columns')}
            </Text>
            <Group gap="xs">
              <Button size="compact-xs" variant="subtle" onClick={() => setColumns([...ledgerExportFields])}>
                {t('ledger.export.all')}
              </Button>
              <Button size="compact-xs" variant="subtle" onClick={() => setColumns([...defaultLedgerExportColumns])}>
                {t('ledger.export.defaults')}
              </Button>
            </Group>
          </Group>
          <SimpleGrid cols={4} spacing={6} verticalSpacing={6}>
            {ledgerExportFields.map((field) => (
              <Checkbox key={field} size="xs" label={fieldLabel(t, field)} checked={columns.includes(field)} onChange={(e) => toggle(field, e.currentTarget.checked)} />
            ))}
          </SimpleGrid>
        </Stack>
        <Text size="xs" c="dimmed">
          {t('ledger.export.masked')}
        </Text>
        {user.role === 'admin' && columns.includes('idNumber') && (
          <Stack gap={6}>
            <Switch label={t('ledger.export.fullIds')} checked={full} onChange={(e) => setFull(e.currentTarget.checked)} data-testid="ledger-export-full" />
            {full && (
              <Textarea
                label={t('ledger.export.reason')}
                placeholder={t('ledger.export.reasonPlaceholder')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                autosize
                minRows={2}
                maxLength={500}
                required
                data-testid="ledger-export-reason"
              />
            )}
            <DraftRestoredNote shown={full && draft.restored} />
            {full && (
              <Alert color="yellow" variant="light">
                {t('ledger.export.fullIdsWarning')}
              </Alert>
            )}
          </Stack>
        )}
        <FormError message={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => void run()} loading={busy} disabled={columns.length === 0 || (fullIds && reason.trim().length < 2)} data-testid="ledger-export-run">
            {t('ledger.export.submit')}
          </Button>
        </Group>
      </Stack>
    </GuardedModal>
  );
}
