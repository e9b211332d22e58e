import { Alert, Center, Group, Loader, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentMeta } from '../../../../shared/domain/persons';
import { haven } from '../../../ipc';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { base64ToBytes, formatBytes } from '../shared';
import { PdfPages } from './PdfPages';
import { GuardedModal } from '../../../components/GuardedModal';

type Loaded = { kind: 'image'; url: string } | { kind: 'pdf'; bytes: Uint8Array<ArrayBuffer> };

/**
 * Shows an attachment inside the app: images as a blob: URL, PDFs drawn by pdf.js. The bytes
 * are read from the encrypted store when opened (documents: audited) and dropped on close.
 */
export function AttachmentViewer({ attachment, onClose }: { attachment: AttachmentMeta; onClose: () => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; loaded: Loaded }>({
    status: 'loading',
  });

  useEffect(() => {
    let live = true;
    let url: string | null = null;
    haven.attachments.get({ attachmentId: attachment.id }).then(
      (file) => {
        if (!live) return;
        const bytes = base64ToBytes(file.dataBase64);
        if (file.mime === 'application/pdf') {
          setState({ status: 'ready', loaded: { kind: 'pdf', bytes } });
        } else {
          url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
          setState({ status: 'ready', loaded: { kind: 'image', url } });
        }
      },
      (error: unknown) => live && setState({ status: 'error', error }),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [attachment.id]);

  return (
    <GuardedModal
      opened
      onClose={onClose}
      size={880}
      centered
      title={
        <Group gap="sm" wrap="nowrap">
          <Text fw={600} truncate="end" maw={480}>
            {attachment.filename}
          </Text>
          <Text size="xs" c="dimmed">
            {formatBytes(attachment.size)} · {formatDateTime(attachment.createdAt)}
          </Text>
        </Group>
      }
    >
      <div data-testid="attachment-viewer">
        {state.status === 'loading' && (
          <Center py="xl">
            <Loader role="status" aria-label={t('app.loading')} />
          </Center>
        )}
        {state.status === 'error' && (
          <Alert color="red" variant="light">
            {errorMessage(t, state.error)}
          </Alert>
        )}
        {state.status === 'ready' && state.loaded.kind === 'image' && (
          <Center>
            <img
              src={state.loaded.url}
              alt={attachment.filename}
              style={{ maxWidth: '100%', maxHeight: '75vh', objectFit: 'contain', display: 'block' }}
              data-testid="attachment-image"
            />
          </Center>
        )}
        {state.status === 'ready' && state.loaded.kind === 'pdf' && <PdfPages bytes={state.loaded.bytes} />}
        {attachment.note && (
          <Text size="sm" c="dimmed" mt="sm">
            {attachment.note}
          </Text>
        )}
      </div>
    </GuardedModal>
  );
}
