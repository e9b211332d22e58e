import { ActionIcon, Badge, Button, FileButton, Group, Stack, Table, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconEye, IconFileUpload, IconPhotoUp, IconTrash } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { AttachmentMeta, PersonDetail } from '../../../../shared/domain/persons';
import { ATTACHMENT_MAX_BYTES, reasonSchema } from '../../../../shared/schemas/person';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, translateKey, formFieldErrors } from '../../../lib/errors';
import { LoadState } from '../../../components/LoadState';
import { formatDateTime } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { useAsync } from '../../../lib/useAsync';
import { zodValidate } from '../../../lib/zodForm';
import { formatBytes, readFileBase64 } from '../shared';
import { AttachmentViewer } from './AttachmentViewer';
import { useCanWrite } from '../../../lib/writeAccess';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';
import { useFormDraft } from '../../../lib/drafts';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

type Kind = AttachmentMeta['kind'];

/** What the file picker offers; the core checks the real type from the bytes. */
const ACCEPT: Record<Kind, string> = {
  photo: 'image/jpeg,image/png',
  document: 'image/jpeg,image/png,application/pdf',
};

const MIME_NAMES: Record<string, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'application/pdf': 'PDF' };

const noteSchema = z.object({ note: z.string().trim().max(200, { message: 'validation.tooLong' }) });
const removeSchema = z.object({ reason: reasonSchema });

function UploadModal({
  personId,
  file,
  kind,
  onClose,
  onDone,
}: {
  personId: number;
  file: File;
  kind: Kind;
  onClose: () => void;
  onDone: (meta: AttachmentMeta) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: { note: '' }, validate: zodValidate(noteSchema, t) });
  // The note survives an idle lock (kept for this user in the core's memory, never on disk); the
  // file itself is picked again, and the note comes back in the same dialog for the same person.
  const draft = useFormDraft(`attachment:add:${personId}:${kind}`, { note: form.values.note }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };

  const submit = form.onSubmit(async ({ note }) => {
    setError(null);
    try {
      const dataBase64 = await readFileBase64(file);
      const meta = await haven.attachments.add({ personId, kind, filename: file.name || 'file', note, dataBase64 });
      notifySuccess(t('attachments.uploaded', { filename: meta.filename }));
      draft.discard();
      onDone(meta);
    } catch (caught) {
      // The core's verdict on the bytes (type, size, unreadable) is about the file itself.
      const fields = formFieldErrors(t, caught);
      setError(fields.dataBase64 ?? fields.filename ?? errorMessage(t, caught));
      if (fields.note) form.setErrors({ note: fields.note });
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={kind === 'photo' ? t('attachments.uploadPhoto') : t('attachments.uploadDocument')} centered>
      <Form onSubmit={submit} noValidate data-testid="upload-form">
        <Stack gap="md">
          <TextInput label={t('attachments.file')} value={`${file.name} (${formatBytes(file.size)})`} readOnly variant="filled" />
          <Textarea
            label={t('attachments.note')}
            placeholder={kind === 'photo' ? t('attachments.photoNotePlaceholder') : t('attachments.documentNotePlaceholder')}
            autosize
            minRows={1}
            data-autofocus
            data-testid="upload-note"
            {...form.getInputProps('note')}
          />
          <DraftRestoredNote shown={draft.restored} />
          {kind === 'photo' && (
            <Text size="xs" c="dimmed">
              {t('attachments.photoReplaces')}
            </Text>
          )}
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="upload-submit">
              {t('attachments.upload')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}

function RemoveModal({ attachment, onClose, onDone }: { attachment: AttachmentMeta; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: { reason: '' }, validate: zodValidate(removeSchema, t) });
  // The reason survives an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(`attachment:remove:${attachment.id}`, { reason: form.values.reason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };

  const submit = form.onSubmit(async ({ reason }) => {
    setError(null);
    try {
      await haven.attachments.remove({ attachmentId: attachment.id, reason });
      notifySuccess(t('attachments.removed', { filename: attachment.filename }));
      draft.discard();
      onDone();
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t('attachments.removeTitle', { filename: attachment.filename })} centered>
      <Form onSubmit={submit} noValidate data-testid="remove-attachment-form">
        <Stack gap="md">
          <Text size="sm">{t('attachments.removeBody')}</Text>
          <Textarea label={t('attachments.removeReason')} required autosize minRows={2} data-autofocus data-testid="remove-reason" {...form.getInputProps('reason')} />
          <DraftRestoredNote shown={draft.restored} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton color="red" loading={form.submitting} data-testid="remove-submit">
              {t('attachments.remove')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}

/**
 * 附件: the photo and scanned papers (decisions, agreements, notices), stored encrypted in the
 * database. JPEG/PNG photos; JPEG/PNG/PDF scans; at most 10 MB each.
 */
export function AttachmentsTab({ person, onPhotoChanged }: { person: PersonDetail; onPhotoChanged: (attachmentId: number | null) => void }) {
  const { t } = useTranslation();
  const load = useCallback(() => haven.attachments.list({ personId: person.id }), [person.id]);
  const list = useAsync(load);
  const [picked, setPicked] = useState<{ file: File; kind: Kind } | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const [viewing, setViewing] = useState<AttachmentMeta | null>(null);
  const [removing, setRemoving] = useState<AttachmentMeta | null>(null);
  const canWrite = useCanWrite();
  const readOnly = person.archivedAt !== null || !canWrite;
  const limit = formatBytes(ATTACHMENT_MAX_BYTES);

  const pick = (kind: Kind) => (file: File | null) => {
    setPickError(null);
    if (!file) return;
    // Checked again by the core; saying it here spares sending 10 MB only to be refused.
    if (file.size > ATTACHMENT_MAX_BYTES) {
      setPickError(translateKey(t, 'validation.fileTooLarge'));
      return;
    }
    setPicked({ file, kind });
  };

  const afterRemove = async () => {
    setRemoving(null);
    // The newest remaining photo becomes the file's photo (the core decides; read it back).
    const remaining = await haven.attachments.list({ personId: person.id }).catch(() => null);
    if (remaining) onPhotoChanged(remaining.find((a) => a.kind === 'photo')?.id ?? null);
    list.reload();
  };

  return (
    <Stack gap="md" data-testid="attachments-tab">
      {!readOnly && (
        <Group justify="space-between" align="flex-start">
          <Text size="sm" c="dimmed" maw={520}>
            {t('attachments.limits', { limit })}
          </Text>
          <Group gap="sm">
            <FileButton onChange={pick('photo')} accept={ACCEPT.photo} inputProps={{ 'data-testid': 'upload-photo-input' } as React.ComponentProps<'input'>}>
              {(props) => (
                <Button variant="light" leftSection={<IconPhotoUp size={18} />} {...props} data-testid="upload-photo">
                  {t('attachments.uploadPhoto')}
                </Button>
              )}
            </FileButton>
            <FileButton
              onChange={pick('document')}
              accept={ACCEPT.document}
              inputProps={{ 'data-testid': 'upload-document-input' } as React.ComponentProps<'input'>}
            >
              {(props) => (
                <Button leftSection={<IconFileUpload size={18} />} {...props} data-testid="upload-document">
                  {t('attachments.uploadDocument')}
                </Button>
              )}
            </FileButton>
          </Group>
        </Group>
      )}
      <FormError message={pickError} />
      <LoadState state={list} reload={list.reload} />
      {list.status === 'ready' && list.data.length === 0 && (
        <Text c="dimmed" data-testid="attachments-empty">
          {t('attachments.empty')}
        </Text>
      )}
      {list.status === 'ready' && list.data.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="attachments-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>{t('attachments.kind')}</Table.Th>
                <Table.Th>{t('attachments.filename')}</Table.Th>
                <Table.Th w={70}>{t('attachments.type')}</Table.Th>
                <Table.Th w={80}>{t('attachments.size')}</Table.Th>
                <Table.Th w={150}>{t('attachments.uploadedAt')}</Table.Th>
                <Table.Th w={100}>{t('attachments.uploadedBy')}</Table.Th>
                <Table.Th w={90} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((attachment) => (
                <Table.Tr key={attachment.id} data-testid="attachment-row" data-kind={attachment.kind}>
                  <Table.Td>
                    <Badge variant="light" color={attachment.kind === 'photo' ? 'teal' : 'blue'}>
                      {t(`attachments.kinds.${attachment.kind}`)}
                    </Badge>
                    {attachment.id === person.photoAttachmentId && (
                      <Text size="xs" c="dimmed">
                        {t('attachments.current')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {attachment.filename}
                    </Text>
                    {attachment.note && (
                      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        {attachment.note}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{MIME_NAMES[attachment.mime] ?? attachment.mime}</Table.Td>
                  <Table.Td className="haven-tabular">{formatBytes(attachment.size)}</Table.Td>
                  <Table.Td className="haven-tabular">{formatDateTime(attachment.createdAt)}</Table.Td>
                  <Table.Td>{attachment.createdBy ?? ''}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Tooltip label={t('attachments.view')}>
                        <ActionIcon variant="subtle" aria-label={t('attachments.view')} onClick={() => setViewing(attachment)} data-testid="attachment-view">
                          <IconEye size={18} />
                        </ActionIcon>
                      </Tooltip>
                      {!readOnly && (
                        <Tooltip label={t('attachments.remove')}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('attachments.remove')}
                            onClick={() => setRemoving(attachment)}
                            data-testid="attachment-remove"
                          >
                            <IconTrash size={18} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {picked && (
        <UploadModal
          personId={person.id}
          file={picked.file}
          kind={picked.kind}
          onClose={() => setPicked(null)}
          onDone={(meta) => {
            setPicked(null);
            if (meta.kind === 'photo') onPhotoChanged(meta.id);
            list.reload();
          }}
        />
      )}
      {viewing && <AttachmentViewer attachment={viewing} onClose={() => setViewing(null)} />}
      {removing && <RemoveModal attachment={removing} onClose={() => setRemoving(null)} onDone={() => void afterRemove()} />}
    </Stack>
  );
}
