import type { TFunction } from 'i18next';
import { ActionIcon, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { workingGroupRoles, type WorkingGroupRole } from '../../../shared/domain/measures';
import type { MeasureDetail, PersonDetail } from '../../../shared/domain/persons';
import { workingGroupMemberSchema } from '../../../shared/schemas/measure';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { errorMessage, formFieldErrors } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';
import { useAsync } from '../../lib/useAsync';
import { zodValidate } from '../../lib/zodForm';
import { codeOf } from '../../lib/format';
import { useCanWrite } from '../../lib/writeAccess';
import { Form, SubmitButton } from '../../components/Form';
import { useLeaveGuard } from '../../lib/leaveGuard';
import { LoadState } from '../../components/LoadState';

const MAX_MEMBERS = 20;
const groupSchema = z.object({ members: z.array(workingGroupMemberSchema).max(MAX_MEMBERS, { message: 'validation.tooMany' }) });

interface MemberValues {
  role: WorkingGroupRole | null;
  name: string;
  phone: string;
}

function measureLabel(t: TFunction, measure: MeasureDetail): string {
  return `${t(`measure.kind.${measure.kind}`)} · ${measure.decisionNumber} · ${t(`measure.status.${measure.status}`)}`;
}

/** The rows of one measure's group, edited as a list and saved at once (measures:setWorkingGroup). */
function GroupEditor({ measure, readOnly, onSaved }: { measure: MeasureDetail; readOnly: boolean; onSaved: (measure: MeasureDetail) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<{ members: MemberValues[] }>({
    mode: 'controlled',
    initialValues: { members: measure.workingGroup.map(({ role, name, phone }) => ({ role, name, phone })) },
    validate: zodValidate(groupSchema, t),
  });
  // A page-sized form: leaving it with unsaved input asks first (lib/leaveGuard.tsx).
  useLeaveGuard(() => form.isDirty());
  const members = form.values.members;
  const roles = workingGroupRoles.map((code) => ({ value: code, label: t(`measure.groupRole.${code}`) }));

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = groupSchema.safeParse(values);
    if (!parsed.success) return;
    try {
      const saved = await haven.measures.setWorkingGroup({ measureId: measure.id, members: parsed.data.members });
      form.resetDirty();
      notifySuccess(t('measures.group.saved'));
      onSaved(saved);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <Form onSubmit={submit} noValidate data-testid="group-form">
      <Stack gap="md">
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={600}>
            <Table verticalSpacing="xs" data-testid="group-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={200}>{t('measures.group.role')}</Table.Th>
                  <Table.Th>{t('measures.group.name')}</Table.Th>
                  <Table.Th>{t('measures.group.phone')}</Table.Th>
                  {!readOnly && <Table.Th w={56} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={4}>
                      <Text size="sm" c="dimmed" py="xs">
                        {t('measures.group.empty')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {members.map((member, index) => (
                  <Table.Tr key={index} data-testid={`group-row-${index}`}>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <Select
                        aria-label={t('measures.group.role')}
                        data={roles}
                        allowDeselect={false}
                        disabled={readOnly}
                        value={member.role}
                        onChange={(value) => form.setFieldValue(`members.${index}.role`, codeOf(workingGroupRoles, value))}
                        error={form.errors[`members.${index}.role`]}
                        data-testid={`group-role-${index}`}
                      />
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <TextInput
                        aria-label={t('measures.group.name')}
                        disabled={readOnly}
                        autoComplete="off"
                        data-testid={`group-name-${index}`}
                        {...form.getInputProps(`members.${index}.name`)}
                      />
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <TextInput
                        aria-label={t('measures.group.phone')}
                        disabled={readOnly}
                        autoComplete="off"
                        className="haven-tabular"
                        data-testid={`group-phone-${index}`}
                        {...form.getInputProps(`members.${index}.phone`)}
                      />
                    </Table.Td>
                    {!readOnly && (
                      <Table.Td style={{ verticalAlign: 'top' }}>
                        <Tooltip label={t('measures.group.remove')}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            size="lg"
                            aria-label={t('measures.group.remove')}
                            onClick={() => form.removeListItem('members', index)}
                          >
                            <IconTrash size={18} />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
        {typeof form.errors.members === 'string' && (
          <Text size="sm" c="red">
            {form.errors.members}
          </Text>
        )}
        <FormError message={error} />
        {!readOnly && (
          <Group justify="space-between">
            <Button
              variant="light"
              leftSection={<IconPlus size={16} />}
              disabled={members.length >= MAX_MEMBERS}
              onClick={() => form.insertListItem('members', { role: null, name: '', phone: '' })}
              data-testid="group-add"
            >
              {t('measures.group.add')}
            </Button>
            <SubmitButton loading={form.submitting} disabled={!form.isDirty()} data-testid="group-save">
              {t('common.save')}
            </SubmitButton>
          </Group>
        )}
      </Stack>
    </Form>
  );
}

/**
 * 工作小组 (RR art. 17): who works with the person during a measure: full-time staff, the
 * community police officer, a medic, family members, volunteers. One group per measure.
 */
export function WorkingGroupTab({ person, onMeasureChanged }: { person: PersonDetail; onMeasureChanged: (measure: MeasureDetail) => void }) {
  const canWrite = useCanWrite();
  const { t } = useTranslation();
  const load = useCallback(() => haven.measures.list({ personId: person.id }), [person.id]);
  const measures = useAsync(load);
  const [chosen, setChosen] = useState<number | null>(null);

  if (measures.status !== 'ready') return <LoadState state={measures} reload={measures.reload} />;
  if (measures.data.length === 0) {
    return (
      <Text c="dimmed" data-testid="group-no-measure">
        {t('measures.group.noMeasure')}
      </Text>
    );
  }
  const measure =
    measures.data.find((m) => m.id === chosen) ?? measures.data.find((m) => m.id === person.currentMeasure?.id) ?? measures.data[0]!;

  return (
    <Stack gap="md" data-testid="group-tab">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" maw={560}>
          {t('measures.group.hint')}
        </Text>
        {measures.data.length > 1 && (
          <Select
            label={t('measures.group.measure')}
            data={measures.data.map((m) => ({ value: String(m.id), label: measureLabel(t, m) }))}
            value={String(measure.id)}
            onChange={(value) => value && setChosen(Number(value))}
            allowDeselect={false}
            w={360}
          />
        )}
      </Group>
      <GroupEditor key={measure.id} measure={measure} readOnly={person.archivedAt !== null || !canWrite} onSaved={onMeasureChanged} />
    </Stack>
  );
}
