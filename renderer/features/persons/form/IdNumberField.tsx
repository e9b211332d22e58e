import { Alert, Anchor, Badge, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ageOn, parseIdNumber } from '../../../../shared/domain/idNumber';
import { haven } from '../../../ipc';
import { useToday } from '../../../app/session';

export interface ExistingFile {
  personId: number;
  name: string;
  archived: boolean;
}

/**
 * 身份证号 with what it says about the person, live: once the number is valid the birth date
 * and gender appear (read-only: they come from the number, not from typing), and the station's
 * files are asked whether the number is already registered, so a duplicate is caught before
 * the whole form is filled in.
 */
export function IdNumberField({
  value,
  onChange,
  onBlur,
  error,
  ownPersonId,
  refused,
  onOpenExisting,
}: {
  /** Opening the existing file is a choice to leave this form: the host lets it go without asking. */
  onOpenExisting?: () => void;
  value: string;
  onChange: (value: string) => void;
  onBlur: () => void;
  error: ReactNode;
  /** When editing: the file itself is not a duplicate of itself. */
  ownPersonId: number | null;
  /** The core refused the save as a duplicate: the file it named. */
  refused: ExistingFile | null;
}) {
  const { t } = useTranslation();
  const today = useToday();
  const check = parseIdNumber(value, today);
  const valid = check.ok ? check.idNumber : null;
  const [lookup, setLookup] = useState<{ idNumber: string; found: ExistingFile | null } | null>(null);

  useEffect(() => {
    if (!valid) return;
    let live = true;
    haven.persons.findByIdNumber({ idNumber: valid }).then(
      (found) => live && setLookup({ idNumber: valid, found }),
      () => undefined, // Only an early warning: the save itself refuses duplicates.
    );
    return () => {
      live = false;
    };
  }, [valid]);

  const found = lookup && lookup.idNumber === valid ? lookup.found : null;
  const existing = refused ?? (found && found.personId !== ownPersonId ? found : null);
  const age = check.ok ? ageOn(check.birthDate, today) : null;

  return (
    <Stack gap="sm">
      <TextInput
        label={t('persons.field.idNumber')}
        description={t('persons.form.idNumberHint')}
        required
        maxLength={22}
        autoComplete="off"
        spellCheck={false}
        className="haven-tabular"
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        onBlur={onBlur}
        error={error}
        data-testid="person-id-number"
      />
      <SimpleGrid cols={2} spacing="sm">
        <TextInput
          label={t('persons.field.birthDate')}
          description={t('persons.form.derived')}
          readOnly
          variant="filled"
          value={check.ok ? check.birthDate : ''}
          data-testid="person-birth-date"
        />
        <TextInput
          label={t('persons.field.gender')}
          description={t('persons.form.derived')}
          readOnly
          variant="filled"
          value={check.ok ? t(`ref.gender.${check.gender}`) : ''}
          data-testid="person-gender"
          rightSectionWidth={age !== null && age < 16 ? 90 : undefined}
          rightSection={
            age !== null && age < 16 ? (
              <Badge color="grape" variant="light" size="sm">
                {t('persons.badge.under16')}
              </Badge>
            ) : undefined
          }
        />
      </SimpleGrid>
      {existing && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="duplicate-warning">
          <Group gap="xs">
            <span>
              {existing.archived
                ? t('persons.form.duplicateArchived', { name: existing.name })
                : t('persons.form.duplicate', { name: existing.name })}
            </span>
            <Anchor component={Link} to={`/persons/${existing.personId}`} onClick={onOpenExisting} data-testid="duplicate-open">
              {t('persons.form.openExisting')}
            </Anchor>
          </Group>
        </Alert>
      )}
    </Stack>
  );
}
