import { Alert, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconEdit } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../../shared/domain/persons';
import { errorMessage, codeWord } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { PersonForm } from '../form/PersonForm';
import { personToValues, type PersonFormValues } from '../form/personValues';
import { useCanWrite } from '../../../lib/writeAccess';

function Field({ label, value, wide }: { label: string; value: ReactNode; wide?: boolean }) {
  const empty = value === null || value === undefined || value === '';
  return (
    <Stack gap={2} style={wide ? { gridColumn: '1 / -1' } : undefined}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} c={empty ? 'dimmed' : undefined}>
        {empty ? '—' : value}
      </Text>
    </Stack>
  );
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg" radius="md">
      <Title order={3} size="h5" mb="md">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/**
 * 基本信息: the file read as a page, and the same form as for a new file to correct it.
 * Correcting needs the full ID number (the form sends it back), so starting to edit reveals it.
 */
export function InfoTab({
  person,
  revealedId,
  reveal,
  onUpdated,
}: {
  person: PersonDetail;
  revealedId: string | null;
  reveal: () => Promise<string>;
  onUpdated: (person: PersonDetail) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<PersonFormValues | null>(null);
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const words = (list: string, codes: readonly string[]) => codes.map((code) => codeWord(t, `ref.${list}.${code}`)).join('、');
  const canWrite = useCanWrite();
  const readOnly = person.archivedAt !== null || !canWrite;

  const startEditing = async () => {
    setOpening(true);
    setError(null);
    try {
      setEditing(personToValues(person, revealedId ?? (await reveal())));
    } catch (caught) {
      setError(caught);
    } finally {
      setOpening(false);
    }
  };

  if (editing) {
    return (
      <PersonForm
        initial={editing}
        personId={person.id}
        onCancel={() => setEditing(null)}
        onDone={(result) => {
          if (result.kind !== 'updated') return;
          onUpdated(result.person);
          setEditing(null);
          notifySuccess(t('persons.file.saved'));
        }}
      />
    );
  }

  const history = person.drugHistory;
  return (
    <Stack gap="md" data-testid="info-tab">
      {!readOnly && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t('persons.file.updatedAt', { time: formatDateTime(person.updatedAt) })}
          </Text>
          <Button variant="light" leftSection={<IconEdit size={16} />} loading={opening} onClick={() => void startEditing()} data-testid="edit-person">
            {t('persons.file.edit')}
          </Button>
        </Group>
      )}
      {error !== null && (
        <Alert color="red" variant="light">
          {errorMessage(t, error)}
        </Alert>
      )}
      <Block title={t('persons.section.identity')}>
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" verticalSpacing="md">
          <Field label={t('persons.field.name')} value={person.name} />
          <Field label={t('persons.field.formerNames')} value={person.formerNames} />
          <Field label={t('persons.field.birthDate')} value={<span className="haven-tabular">{person.birthDate}</span>} />
          <Field label={t('persons.field.ethnicity')} value={person.ethnicity} />
          <Field label={t('persons.field.phone')} value={person.phone && <span className="haven-tabular">{person.phone}</span>} />
          <Field label={t('persons.field.householdAddress')} value={person.householdAddress} />
          <Field label={t('persons.field.residenceAddress')} value={person.residenceAddress} />
        </SimpleGrid>
      </Block>
      <Block title={t('persons.section.social')}>
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          <Field label={t('persons.field.education')} value={person.education && t(`ref.education.${person.education}`)} />
          <Field label={t('persons.field.maritalStatus')} value={person.maritalStatus && t(`ref.marital.${person.maritalStatus}`)} />
          <Field label={t('persons.field.employment')} value={person.employment && t(`ref.employment.${person.employment}`)} />
          <Field label={t('persons.field.employer')} value={person.employer} />
        </SimpleGrid>
      </Block>
      <Block title={t('persons.section.family')}>
        {person.familyContacts.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('persons.form.noContacts')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" data-testid="contacts-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('persons.contact.name')}</Table.Th>
                  <Table.Th>{t('persons.contact.relation')}</Table.Th>
                  <Table.Th>{t('persons.contact.phone')}</Table.Th>
                  <Table.Th>{t('persons.contact.address')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {person.familyContacts.map((contact, index) => (
                  <Table.Tr key={index}>
                    <Table.Td>{contact.name}</Table.Td>
                    <Table.Td>{t(`ref.relation.${contact.relation}`)}</Table.Td>
                    <Table.Td className="haven-tabular">{contact.phone}</Table.Td>
                    <Table.Td>{contact.address}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Block>
      <Block title={t('persons.section.drugHistory')}>
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          <Field label={t('persons.field.substances')} value={words('substance', history.substances)} />
          <Field label={t('persons.field.method')} value={history.method && t(`ref.method.${history.method}`)} />
          <Field label={t('persons.field.firstUseDate')} value={history.firstUseDate} />
          <Field label={t('persons.field.priorEpisodes')} value={String(history.priorEpisodes)} />
          <Field label={t('persons.field.priorMeasures')} value={history.priorMeasures} wide />
        </SimpleGrid>
      </Block>
      <Block title={t('persons.section.protective')}>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          <Field label={t('persons.field.pregnant')} value={person.pregnant ? t('persons.file.yes') : t('persons.file.no')} />
          <Field
            label={t('persons.field.breastfeedingInfant')}
            value={
              person.breastfeedingInfant ? (
                <span data-testid="info-breastfeeding">
                  {t('persons.file.yes')}
                  {person.breastfeedingUntil &&
                    (person.breastfeedingActive
                      ? ` ${t('persons.file.breastfeedingUntil', { date: person.breastfeedingUntil })}`
                      : ` ${t('persons.file.breastfeedingEnded', { date: person.breastfeedingUntil })}`)}
                </span>
              ) : (
                t('persons.file.no')
              )
            }
          />
          {person.breastfeedingInfant && <Field label={t('persons.field.infantBirthDate')} value={person.infantBirthDate} />}
          <Field label={t('persons.field.under16')} value={person.under16 ? t('persons.file.yes') : t('persons.file.no')} />
        </SimpleGrid>
      </Block>
      <Block title={t('persons.section.management')}>
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          <Field label={t('persons.field.staff')} value={person.staffName} />
          <Field label={t('persons.file.createdAt')} value={formatDateTime(person.createdAt)} />
          {person.archivedAt && <Field label={t('persons.file.archivedReason')} value={person.archivedReason} />}
          <Field label={t('persons.field.notes')} value={person.notes} wide />
        </SimpleGrid>
      </Block>
    </Stack>
  );
}
