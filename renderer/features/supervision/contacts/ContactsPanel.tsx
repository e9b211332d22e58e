import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../shared/domain/supervision';
import { haven } from '../../../ipc';
import { notifySuccess } from '../../../lib/notify';
import { LoadState } from '../../../components/LoadState';
import { ReasonModal } from '../../../components/ReasonModal';
import type { SupervisionPanelProps } from '../common/types';
import { ContactFormModal } from './ContactFormModal';
import { useRecords } from '../../../lib/useRecords';

const fetchContacts = (personId: number) => haven.contacts.list({ personId });

type Dialog = { kind: 'create' } | { kind: 'remove'; contact: Contact } | null;

/** 谈话走访: talks and visits, newest first, with the next step agreed. */
export function ContactsPanel({ personId, onChanged, version }: SupervisionPanelProps) {
  const { t } = useTranslation();
  const contacts = useRecords(fetchContacts, personId, version);
  const [dialog, setDialog] = useState<Dialog>(null);
  const none = t('supervisionUi.common.none');
  const changed = () => {
    setDialog(null);
    contacts.reload();
    onChanged?.();
  };

  return (
    <Stack gap="md" data-testid="contacts-panel">
      <Group justify="flex-end">
        <Button leftSection={<IconPlus size={18} />} onClick={() => setDialog({ kind: 'create' })} data-testid="add-contact">
          {t('supervisionUi.contacts.add')}
        </Button>
      </Group>
      <LoadState state={contacts} reload={contacts.reload} />
      {contacts.status === 'ready' && contacts.data.length === 0 && <Text c="dimmed">{t('supervisionUi.contacts.empty')}</Text>}
      {contacts.status === 'ready' && contacts.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="xs" data-testid="contacts-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={100}>{t('supervisionUi.contacts.date')}</Table.Th>
                <Table.Th w={80}>{t('supervisionUi.contacts.kind')}</Table.Th>
                <Table.Th w={120}>{t('supervisionUi.contacts.staff')}</Table.Th>
                <Table.Th>{t('supervisionUi.contacts.summary')}</Table.Th>
                <Table.Th w={200}>{t('supervisionUi.contacts.nextStep')}</Table.Th>
                <Table.Th w={60} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {contacts.data.map((contact) => (
                <Table.Tr key={contact.id} data-testid="contact-row">
                  <Table.Td className="haven-tabular" style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                    {contact.date}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>{t(`supervision.contactKind.${contact.kind}`)}</Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Text size="sm">{contact.staff || none}</Text>
                    {contact.participants && (
                      <Text size="xs" c="dimmed">
                        {contact.participants}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {contact.summary}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {contact.nextStep || none}
                    </Text>
                    {contact.nextDate && (
                      <Text size="xs" c="dimmed" className="haven-tabular">
                        {t('supervisionUi.contacts.nextDateOn', { date: contact.nextDate })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconTrash size={14} />}
                      onClick={() => setDialog({ kind: 'remove', contact })}
                      data-testid="remove-contact"
                    >
                      {t('supervisionUi.common.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'create' && <ContactFormModal personId={personId} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'remove' && (
        <ReasonModal
          title={t('supervisionUi.common.removeTitle')}
          hint={t('supervisionUi.common.removeHint')}
          summary={`${dialog.contact.date} ${t(`supervision.contactKind.${dialog.contact.kind}`)}`}
          confirmLabel={t('supervisionUi.common.remove')}
          color="red"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            await haven.contacts.remove({ contactId: dialog.contact.id, reason });
            notifySuccess(t('supervisionUi.common.removed'));
            changed();
          }}
        />
      )}
    </Stack>
  );
}
