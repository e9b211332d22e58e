import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconDeviceFloppy, IconPrinter, IconRefresh, IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { PaperFrame } from './PaperFrame';
import type { PreviewState, PrintJob } from './types';
import { GuardedModal } from '../../components/GuardedModal';

const PREVIEW_HEIGHT = 'max(260px, calc(100dvh - 250px))';

type Outcome = { kind: 'printed' | 'printCancelled' | 'saveCancelled' } | { kind: 'saved'; path: string };

/** 打印 / 另存为 PDF of one rendered job: the shell prints exactly what the core rendered. */
function JobActions({ job, onRetry }: { job: PrintJob; onRetry: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<'print' | 'save' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (which: 'print' | 'save') => {
    setBusy(which);
    setOutcome(null);
    setError(null);
    try {
      if (which === 'print') {
        const { printed } = await haven.shell.print({ jobId: job.jobId });
        setOutcome({ kind: printed ? 'printed' : 'printCancelled' });
      } else {
        const { path } = await haven.shell.savePdf({ jobId: job.jobId });
        setOutcome(path ? { kind: 'saved', path } : { kind: 'saveCancelled' });
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm">
          <Button leftSection={<IconPrinter size={18} />} onClick={() => void run('print')} loading={busy === 'print'} disabled={busy !== null} data-shortcut="print" aria-keyshortcuts="Control+P" data-testid="print-preview-print">
            {t('printUi.print')}
          </Button>
          <Button
            variant="default"
            leftSection={<IconDeviceFloppy size={18} />}
            onClick={() => void run('save')}
            loading={busy === 'save'}
            disabled={busy !== null}
            data-testid="print-preview-save-pdf"
          >
            {t('printUi.savePdf')}
          </Button>
        </Group>
        <Group gap={6} wrap="nowrap">
          <IconShieldCheck size={16} color="var(--mantine-color-dimmed)" aria-hidden />
          <Text size="sm" c="dimmed" data-testid="print-preview-audited">
            {t('printUi.audited')}
          </Text>
        </Group>
      </Group>
      {outcome && (
        <Text size="sm" c={outcome.kind === 'printed' || outcome.kind === 'saved' ? 'teal.8' : 'dimmed'} style={{ overflowWrap: 'anywhere' }} data-testid="print-preview-result" data-outcome={outcome.kind}>
          {outcome.kind === 'saved' ? t('printUi.saved', { path: outcome.path }) : t(`printUi.${outcome.kind}`)}
        </Text>
      )}
      {error !== null && (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert" data-testid="print-preview-error">
          <Group justify="space-between" gap="sm">
            <Text size="sm">{errorMessage(t, error)}</Text>
            <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} onClick={onRetry} data-testid="print-preview-retry">
              {t('printUi.retry')}
            </Button>
          </Group>
        </Alert>
      )}
    </Stack>
  );
}

/**
 * The large preview: the document as it will print (a sandboxed frame), the two shell actions,
 * and the note that printing is recorded. A failed render or an expired job offers to render
 * again (which is recorded again: every render is a printout as far as the audit log knows).
 */
export function PrintPreviewModal({ state, onRetry, onClose }: { state: PreviewState; onRetry: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const title = state.status === 'ready' ? t('printUi.title', { title: state.job.title }) : t('printUi.preview');

  return (
    <GuardedModal opened onClose={onClose} title={title} size="min(1120px, 96vw)" centered styles={{ title: { fontWeight: 600 } }}>
      <Stack gap="sm" data-testid="print-preview" data-status={state.status}>
        {state.status === 'loading' && (
          <Center h={PREVIEW_HEIGHT}>
            <Stack align="center" gap="xs">
              <Loader aria-label={t('printUi.rendering')} />
              <Text size="sm" c="dimmed">
                {t('printUi.rendering')}
              </Text>
            </Stack>
          </Center>
        )}
        {state.status === 'error' && (
          <Alert color="red" variant="light" title={t('printUi.failed')} icon={<IconAlertCircle size={18} />} role="alert" data-testid="print-preview-error">
            <Text size="sm">{errorMessage(t, state.error)}</Text>
            <Button size="xs" variant="light" mt="xs" leftSection={<IconRefresh size={14} />} onClick={onRetry} data-testid="print-preview-retry">
              {t('printUi.retry')}
            </Button>
          </Alert>
        )}
        {state.status === 'ready' && (
          <>
            <JobActions key={state.job.jobId} job={state.job} onRetry={onRetry} />
            <PaperFrame html={state.job.html} title={t('printUi.frameTitle')} height={PREVIEW_HEIGHT} />
            <Text size="xs" c="dimmed">
              {t('printUi.paged')}
            </Text>
          </>
        )}
      </Stack>
    </GuardedModal>
  );
}
