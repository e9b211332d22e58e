import { Button, Checkbox, Grid, Group, MultiSelect, NumberInput, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseIdNumber } from '../../../../shared/domain/idNumber';
import type { PersonDetail } from '../../../../shared/domain/persons';
import { educationLevels, employmentStatuses, ethnicities, maritalStatuses, substances, useMethods } from '../../../../shared/domain/reference';
import { isHavenError } from '../../../../shared/ipc/errors';
import { personInputSchema } from '../../../../shared/schemas/person';
import { FormError } from '../../../components/FormError';
import { useFormDraft } from '../../../lib/drafts';
import { haven } from '../../../ipc';
import { errorMessage, formFieldErrors, codeWord } from '../../../lib/errors';
import { zodValidate } from '../../../lib/zodForm';
import { focusFirstError, useStaffDirectory } from '../shared';
import { FamilyContactsField } from './FamilyContactsField';
import { IdNumberField, type ExistingFile } from './IdNumberField';
import { type PersonFormValues } from './personValues';
import { useToday } from '../../../app/session';
import { DateField } from '../../../components/DateField';
import { codeOf } from '../../../lib/format';
import { Form, SubmitButton } from '../../../components/Form';
import { useLeaveGuard } from '../../../lib/leaveGuard';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';
import { useRoleLabel } from '../../../app/roleLabel';

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg" radius="md">
      <Title order={3} size="h5" mb={description ? 4 : 'md'}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed" mb="md">
          {description}
        </Text>
      )}
      {children}
    </Paper>
  );
}

/** The core's refusal of a duplicate names the existing file. */
function refusedDuplicate(error: unknown): ExistingFile | null {
  if (!isHavenError(error) || error.messageKey !== 'errors.DUPLICATE_ID_NUMBER') return null;
  const personId = Number(error.params?.personId);
  if (!Number.isInteger(personId) || personId <= 0) return null;
  return { personId, name: String(error.params?.name ?? ''), archived: false };
}

export type PersonFormResult = { kind: 'created'; personId: number } | { kind: 'updated'; person: PersonDetail };

/**
 * The file's fields (一人一档), for a new file and for corrections. Validated with the same
 * schema the core uses; the core's refusals land next to the same fields.
 */
export function PersonForm({
  initial,
  personId,
  onDone,
  onCancel,
}: {
  initial: PersonFormValues;
  /** Set when editing an existing file. */
  personId: number | null;
  onDone: (result: PersonFormResult) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const staff = useStaffDirectory();
  const today = useToday();
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<ExistingFile | null>(null);
  const form = useForm<PersonFormValues>({
    mode: 'controlled',
    initialValues: initial,
    validate: zodValidate(personInputSchema, t),
    validateInputOnBlur: ['phone', 'name'],
  });
  // Leaving the page (a sidebar link, Ctrl+F, back) with typed input asks first; once saved (or
  // on 取消, or opening the duplicate's file) the form's own navigation goes through.
  const leaveGuard = useLeaveGuard(() => form.isDirty());
  const values = form.values;
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(
    personId === null ? 'person:new' : `person:edit:${personId}`,
    { notes: values.notes, priorMeasures: values.drugHistory.priorMeasures },
    (saved) => {
      if (saved.notes !== undefined) form.setFieldValue('notes', saved.notes);
      if (saved.priorMeasures !== undefined) form.setFieldValue('drugHistory.priorMeasures', saved.priorMeasures);
    },
  );
  const cancel = () => {
    draft.discard();
    onCancel();
  };
  const id = parseIdNumber(values.idNumber, today);
  // Pregnancy and breastfeeding apply to women; the gender comes from the ID number.
  const maleById = id.ok && id.gender === 'male';
  // A flag set before the ID number said "male" would be refused by the schema: clear it.
  useEffect(() => {
    if (maleById && (values.pregnant || values.breastfeedingInfant)) {
      form.setValues({ pregnant: false, breastfeedingInfant: false, infantBirthDate: null });
    }
  }, [maleById, values.pregnant, values.breastfeedingInfant, form]);

  const select = (list: readonly string[], words: string) => list.map((code) => ({ value: code, label: codeWord(t, `${words}.${code}`) }));
  const staffOptions =
    staff.status === 'ready'
      ? staff.data.map((user) => ({ value: String(user.id), label: t('common.withNote', { text: user.displayName, note: roleLabel(user.role) }) }))
      : [];

  const submit = form.onSubmit(async (raw, event) => {
    const formElement = event?.currentTarget;
    setError(null);
    setRefused(null);
    const parsed = personInputSchema.safeParse(raw);
    if (!parsed.success) return; // The form's own validation has already marked the fields.
    const person = parsed.data;
    try {
      if (personId === null) {
        const created = await haven.persons.create({ person });
        draft.discard();
        leaveGuard.release();
        onDone({ kind: 'created', personId: created.personId });
      } else {
        const updated = await haven.persons.update({ personId, person });
        draft.discard();
        leaveGuard.release();
        onDone({ kind: 'updated', person: updated });
      }
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'person.'));
      setRefused(refusedDuplicate(caught));
      setError(errorMessage(t, caught));
      focusFirstError(formElement);
    }
  }, (_errors, _values, event) => focusFirstError(event?.currentTarget));

  return (
    <Form onSubmit={submit} noValidate data-testid="person-form">
      <Stack gap="md">
        <Section title={t('persons.section.identity')}>
          <Grid gap="md">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label={t('persons.field.name')}
                required
                autoComplete="off"
                data-autofocus
                data-testid="person-name"
                {...form.getInputProps('name')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t('persons.field.formerNames')} autoComplete="off" {...form.getInputProps('formerNames')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <IdNumberField
                onOpenExisting={leaveGuard.release}
                value={values.idNumber}
                onChange={(value) => {
                  setRefused(null);
                  form.setFieldValue('idNumber', value);
                }}
                // The core's "already has a file" stays until the number is changed.
                onBlur={() => refused === null && form.validateField('idNumber')}
                error={form.errors.idNumber}
                ownPersonId={personId}
                refused={refused}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Stack gap="md">
                <Select
                  label={t('persons.field.ethnicity')}
                  data={[...ethnicities]}
                  searchable
                  clearable
                  value={values.ethnicity}
                  onChange={(value) => form.setFieldValue('ethnicity', codeOf(ethnicities, value))}
                  error={form.errors.ethnicity}
                  data-testid="person-ethnicity"
                />
                <TextInput
                  label={t('persons.field.phone')}
                  autoComplete="off"
                  className="haven-tabular"
                  data-testid="person-phone"
                  {...form.getInputProps('phone')}
                />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t('persons.field.householdAddress')} autoComplete="off" {...form.getInputProps('householdAddress')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t('persons.field.residenceAddress')} autoComplete="off" {...form.getInputProps('residenceAddress')} />
            </Grid.Col>
          </Grid>
        </Section>

        <Section title={t('persons.section.social')}>
          <Grid gap="md">
            <Grid.Col span={{ base: 6, md: 3 }}>
              <Select
                label={t('persons.field.education')}
                data={select(educationLevels, 'ref.education')}
                clearable
                value={values.education}
                onChange={(value) => form.setFieldValue('education', codeOf(educationLevels, value))}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>
              <Select
                label={t('persons.field.maritalStatus')}
                data={select(maritalStatuses, 'ref.marital')}
                clearable
                value={values.maritalStatus}
                onChange={(value) => form.setFieldValue('maritalStatus', codeOf(maritalStatuses, value))}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>
              <Select
                label={t('persons.field.employment')}
                data={select(employmentStatuses, 'ref.employment')}
                clearable
                value={values.employment}
                onChange={(value) => form.setFieldValue('employment', codeOf(employmentStatuses, value))}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>
              <TextInput label={t('persons.field.employer')} autoComplete="off" {...form.getInputProps('employer')} />
            </Grid.Col>
          </Grid>
        </Section>

        <Section title={t('persons.section.family')}>
          <FamilyContactsField form={form} />
        </Section>

        <Section title={t('persons.section.drugHistory')} description={t('persons.form.drugHistoryHint')}>
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <MultiSelect
                label={t('persons.field.substances')}
                data={select(substances, 'ref.substance')}
                value={values.drugHistory.substances}
                onChange={(value) =>
                  form.setFieldValue(
                    'drugHistory.substances',
                    substances.filter((code) => value.includes(code)),
                  )
                }
                clearable
                data-testid="person-substances"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>
              <Select
                label={t('persons.field.method')}
                data={select(useMethods, 'ref.method')}
                clearable
                value={values.drugHistory.method}
                onChange={(value) => form.setFieldValue('drugHistory.method', codeOf(useMethods, value))}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>
              <DateField
                label={t('persons.field.firstUseDate')}
                clearable
                value={values.drugHistory.firstUseDate}
                onChange={(value) => form.setFieldValue('drugHistory.firstUseDate', value)}
                error={form.errors['drugHistory.firstUseDate']}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>
              <NumberInput
                label={t('persons.field.priorEpisodes')}
                min={0}
                max={50}
                allowDecimal={false}
                allowNegative={false}
                value={values.drugHistory.priorEpisodes}
                onChange={(value) => form.setFieldValue('drugHistory.priorEpisodes', typeof value === 'number' ? value : Number(value) || 0)}
                error={form.errors['drugHistory.priorEpisodes']}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 9 }}>
              <Textarea
                label={t('persons.field.priorMeasures')}
                autosize
                minRows={1}
                maxRows={4}
                {...form.getInputProps('drugHistory.priorMeasures')}
              />
            </Grid.Col>
          </Grid>
        </Section>

        <Section title={t('persons.section.protective')} description={t('persons.form.protectiveHint')}>
          <Stack gap="xs">
            <Checkbox
              label={t('persons.field.pregnant')}
              disabled={maleById}
              checked={values.pregnant && !maleById}
              onChange={(event) => form.setFieldValue('pregnant', event.currentTarget.checked)}
              data-testid="person-pregnant"
            />
            <Checkbox
              label={t('persons.field.breastfeedingInfant')}
              disabled={maleById}
              checked={values.breastfeedingInfant && !maleById}
              onChange={(event) => {
                const checked = event.currentTarget.checked;
                form.setValues({ breastfeedingInfant: checked, ...(checked ? {} : { infantBirthDate: null }) });
              }}
              data-testid="person-breastfeeding"
            />
            {values.breastfeedingInfant && !maleById && (
              <DateField notFuture
                label={t('persons.field.infantBirthDate')}
                description={t('persons.form.infantBirthDateHint')}
                maw={380}
                value={values.infantBirthDate}
                onChange={(value) => form.setFieldValue('infantBirthDate', value)}
                error={form.errors.infantBirthDate}
                data-testid="person-infant-birth-date"
              />
            )}
            <Text size="xs" c="dimmed">
              {t('persons.form.under16Derived')}
            </Text>
          </Stack>
        </Section>

        <Section title={t('persons.section.management')}>
          <Grid gap="md">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label={t('persons.field.staff')}
                description={t('persons.form.staffHint')}
                data={staffOptions}
                clearable
                searchable
                value={values.staffUserId === null ? null : String(values.staffUserId)}
                onChange={(value) => form.setFieldValue('staffUserId', value === null ? null : Number(value))}
                error={form.errors.staffUserId}
                data-testid="person-staff"
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <Textarea label={t('persons.field.notes')} autosize minRows={2} maxRows={8} {...form.getInputProps('notes')} />
            </Grid.Col>
          </Grid>
        </Section>

        <DraftRestoredNote shown={draft.restored} />
        <FormError message={error} />
        <Group justify="flex-end">
          {/* 取消 is an explicit choice to drop what was typed (as in every dialog): no question. */}
          <Button
            variant="default"
            onClick={() => {
              leaveGuard.release();
              cancel();
            }}
          >
            {t('common.cancel')}
          </Button>
          <SubmitButton loading={form.submitting} data-testid="person-submit">
            {personId === null ? t('persons.form.create') : t('common.save')}
          </SubmitButton>
        </Group>
      </Stack>
    </Form>
  );
}
