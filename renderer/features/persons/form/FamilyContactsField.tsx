import { ActionIcon, Button, Grid, Group, Paper, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contactRelations } from '../../../../shared/domain/reference';
import { type PersonFormValues } from './personValues';
import { codeOf } from '../../../lib/format';

const MAX_CONTACTS = 10;

/** 家庭联系人: up to ten rows of name, relation, phone and address. */
export function FamilyContactsField({ form }: { form: UseFormReturnType<PersonFormValues> }) {
  const { t } = useTranslation();
  const contacts = form.values.familyContacts;
  const relations = contactRelations.map((code) => ({ value: code, label: t(`ref.relation.${code}`) }));

  return (
    <Stack gap="sm">
      {contacts.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('persons.form.noContacts')}
        </Text>
      )}
      {contacts.map((_, index) => (
        <Paper key={index} withBorder p="sm" radius="md" data-testid={`contact-${index}`}>
          <Grid gap="sm" align="flex-start">
            <Grid.Col span={{ base: 6, md: 3 }}>
              <TextInput label={t('persons.contact.name')} required {...form.getInputProps(`familyContacts.${index}.name`)} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 2 }}>
              <Select
                label={t('persons.contact.relation')}
                required
                data={relations}
                allowDeselect={false}
                value={contacts[index]?.relation ?? null}
                onChange={(value) => form.setFieldValue(`familyContacts.${index}.relation`, codeOf(contactRelations, value))}
                error={form.errors[`familyContacts.${index}.relation`]}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>
              <TextInput label={t('persons.contact.phone')} {...form.getInputProps(`familyContacts.${index}.phone`)} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 4 }}>
              <Group gap="xs" wrap="nowrap" align="flex-end">
                <TextInput
                  style={{ flex: 1 }}
                  label={t('persons.contact.address')}
                  {...form.getInputProps(`familyContacts.${index}.address`)}
                />
                <Tooltip label={t('persons.form.removeContact')}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    mb={2}
                    aria-label={t('persons.form.removeContact')}
                    onClick={() => form.removeListItem('familyContacts', index)}
                  >
                    <IconTrash size={18} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Grid.Col>
          </Grid>
        </Paper>
      ))}
      {typeof form.errors.familyContacts === 'string' && (
        <Text size="sm" c="red">
          {form.errors.familyContacts}
        </Text>
      )}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={16} />}
          disabled={contacts.length >= MAX_CONTACTS}
          onClick={() => form.insertListItem('familyContacts', { name: '', relation: null, phone: '', address: '' })}
          data-testid="add-contact"
        >
          {t('persons.form.addContact')}
        </Button>
      </Group>
    </Stack>
  );
}
