import { Text } from '@mantine/core';
import type { Contact } from '../../../../shared/domain/supervision';
import { useTranslation } from 'react-i18next';
import { haven } from '../../../ipc';
import { RecordPanel, useRecordDialog } from '../../../components/RecordPanel';
import type { SupervisionPanelProps } from '../common/types';
import { ContactFormModal } from './ContactFormModal';
import { useRecords } from '../../../lib/useRecords';
import { removeWords } from '../common/forms';

const fetchContacts = (personId: number) => haven.contacts.list({ personId });

/** 谈话走访: talks and visits, newest first, with the next step agreed. */
export function ContactsPanel({ personId, onChanged, version }: SupervisionPanelProps) {
  const { t } = useTranslation();
  const contacts = useRecords(fetchContacts, personId, version);
  const { dialog, open, close, done } = useRecordDialog<{ kind: 'create' } | { kind: 'correct'; contact: Contact }>(contacts.reload, onChanged);
  const none = t('supervisionUi.common.none');

  return (
    <RecordPanel
      testId="contacts-panel"
      state={contacts}
      add={{ label: t('supervisionUi.contacts.add'), testId: 'add-contact', onClick: () => open({ kind: 'create' }) }}
      emptyText={t('supervisionUi.contacts.empty')}
      tableTestId="contacts-table"
      minWidth={720}
      alignTop
      rowKey={(contact) => contact.id}
      rowTestId="contact-row"
      columns={[
        { header: t('supervisionUi.contacts.date'), width: 100, tabular: true, nowrap: true, cell: (contact) => contact.date },
        { header: t('supervisionUi.contacts.kind'), width: 80, nowrap: true, cell: (contact) => t(`supervision.contactKind.${contact.kind}`) },
        {
          header: t('supervisionUi.contacts.staff'),
          width: 120,
          cell: (contact) => (
            <>
              <Text size="sm">{contact.staff || none}</Text>
              {contact.participants && (
                <Text size="xs" c="dimmed">
                  {contact.participants}
                </Text>
              )}
            </>
          ),
        },
        {
          header: t('supervisionUi.contacts.summary'),
          cell: (contact) => (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {contact.summary}
            </Text>
          ),
        },
        {
          header: t('supervisionUi.contacts.nextStep'),
          width: 200,
          cell: (contact) => (
            <>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {contact.nextStep || none}
              </Text>
              {contact.nextDate && (
                <Text size="xs" c="dimmed" className="haven-tabular">
                  {t('supervisionUi.contacts.nextDateOn', { date: contact.nextDate })}
                </Text>
              )}
            </>
          ),
        },
      ]}
      correct={{ label: t('supervisionUi.common.correct'), testId: 'correct-contact', onClick: (contact) => open({ kind: 'correct', contact }) }}
      remove={{
        ...removeWords(t, 'contacts'),
        testId: 'remove-contact',
        summary: (contact) => `${contact.date} ${t(`supervision.contactKind.${contact.kind}`)}`,
        run: (contact, reason) => haven.contacts.remove({ contactId: contact.id, reason }),
      }}
      onChanged={onChanged}
    >
      {dialog?.kind === 'create' && <ContactFormModal personId={personId} onClose={close} onDone={done} />}
      {dialog?.kind === 'correct' && <ContactFormModal personId={personId} contact={dialog.contact} onClose={close} onDone={done} />}
    </RecordPanel>
  );
}
