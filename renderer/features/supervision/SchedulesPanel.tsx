import { Button, Group, NumberInput, Paper, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SUPERVISION_SETTINGS, type SupervisionSettings } from '../../../shared/domain/supervision';
import { supervisionSettingsSchema } from '../../../shared/schemas/supervision';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { errorMessage, formFieldErrors } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';
import { useAsync } from '../../lib/useAsync';
import { zodValidate } from '../../lib/zodForm';
import { LoadState } from '../../components/LoadState';
import { useSession } from '../../app/session';
import { Form, SubmitButton } from '../../components/Form';
import { useLeaveGuard } from '../../lib/leaveGuard';

const fetchSchedules = () => haven.schedules.get();
const levels = ['high', 'medium', 'low', 'unassessed'] as const;
const reassessmentKeys = ['initial', 'high', 'medium', 'low'] as const;

/** 督导计划 (admin): the station's test and contact schedules, leave approval, reminders and staffing ratio. */
export function SchedulesPanel() {
  const schedules = useAsync(fetchSchedules);
  return (
    <Stack gap="md" data-testid="schedules-panel">
      <LoadState state={schedules} reload={schedules.reload} />
      {schedules.status === 'ready' && <SchedulesForm initial={schedules.data} />}
    </Stack>
  );
}

/** Number inputs hold '' while being retyped; the schema then says what is wrong. */
type Loose<T> = { [K in keyof T]: T[K] extends number ? number | string : T[K] extends readonly unknown[] ? (number | string)[] : T[K] extends object ? Loose<T[K]> : T[K] };

function SchedulesForm({ initial }: { initial: SupervisionSettings }) {
  const supervisor = useSession().station.mode === 'supervisor';
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Loose<SupervisionSettings>>({
    mode: 'controlled',
    initialValues: initial,
    validate: zodValidate(supervisionSettingsSchema, t),
  });
  // A page-sized form: leaving it with unsaved input asks first (lib/leaveGuard.tsx).
  useLeaveGuard(() => form.isDirty());

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = supervisionSettingsSchema.safeParse(values);
    if (!parsed.success) return;
    try {
      const saved = await haven.schedules.update(parsed.data);
      form.setValues(saved);
      form.resetDirty(saved);
      notifySuccess(t('supervisionUi.schedules.saved'));
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  const days = (path: string, testId: string, w = 84) => (
    <NumberInput
      size="xs"
      w={w}
      min={1}
      max={366}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="none"
      hideControls
      aria-label={testId}
      data-testid={testId}
      {...form.getInputProps(path)}
    />
  );

  const intervalTable = (field: 'testIntervals' | 'contactIntervals') => (
    <Paper withBorder p="md" radius="md">
      <Title order={4} size="h5">
        {t(`supervisionUi.schedules.${field}`)}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {t('supervisionUi.schedules.intervalsHint')}
      </Text>
      <Table withRowBorders={false} verticalSpacing={4} data-testid={`schedules-${field}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('supervisionUi.schedules.level')}</Table.Th>
            {[1, 2, 3].map((n) => (
              <Table.Th key={n}>{t('supervisionUi.schedules.year', { n })}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {levels.map((level) => (
            <Table.Tr key={level}>
              <Table.Td>{t(`supervision.riskLevel.${level}`)}</Table.Td>
              {[0, 1, 2].map((year) => (
                <Table.Td key={year}>{days(`${field}.${level}.${year}`, `${field}-${level}-${year}`)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );

  return (
    <Form onSubmit={submit} noValidate data-testid="schedules-form">
      <Stack gap="lg" maw={960}>
        <Stack gap={4}>
          <Title order={3} size="h4">
            {t('supervisionUi.schedules.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('supervisionUi.schedules.intro')}
          </Text>
        </Stack>
        <Switch
          label={t('supervisionUi.schedules.leaveApproval')}
          description={t(form.values.leaveApprovalRequired ? 'supervisionUi.schedules.leaveApprovalOn' : 'supervisionUi.schedules.leaveApprovalOff')}
          data-testid="schedules-leave-approval"
          {...form.getInputProps('leaveApprovalRequired', { type: 'checkbox' })}
        />
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {intervalTable('testIntervals')}
          {intervalTable('contactIntervals')}
        </SimpleGrid>
        <Paper withBorder p="md" radius="md">
          <Title order={4} size="h5" mb="sm">
            {t('supervisionUi.schedules.reassessment')}
          </Title>
          <Group gap="md" wrap="wrap">
            {reassessmentKeys.map((key) => (
              <Stack key={key} gap={2}>
                <Text size="xs">{key === 'initial' ? t('supervisionUi.schedules.reassessmentInitial') : t(`supervision.riskLevel.${key}`)}</Text>
                {days(`reassessmentDays.${key}`, `reassessment-${key}`, 100)}
              </Stack>
            ))}
          </Group>
        </Paper>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <NumberInput
            label={t('supervisionUi.schedules.dueSoonDays')}
            description={t('supervisionUi.schedules.dueSoonHint')}
            min={0}
            max={60}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            data-testid="schedules-due-soon"
            {...form.getInputProps('dueSoonDays')}
          />
          <NumberInput
            label={t('supervisionUi.schedules.staffingRatio')}
            description={t('supervisionUi.schedules.staffingHint')}
            min={1}
            max={200}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            data-testid="schedules-staffing"
            {...form.getInputProps('staffingRatio')}
          />
        </SimpleGrid>
        <Paper withBorder p="md" radius="md">
          <Title order={4} size="h5" mb="sm">
            {t('supervisionUi.schedules.breachTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NumberInput
              label={t('supervisionUi.schedules.policeReportHours')}
              description={t('supervisionUi.schedules.policeReportHint')}
              min={1}
              max={720}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              data-testid="schedules-police-report-hours"
              {...form.getInputProps('policeReportHours')}
            />
            <NumberInput
              label={t('supervisionUi.schedules.departureMinDays')}
              description={t('supervisionUi.schedules.departureMinHint')}
              min={1}
              max={30}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              data-testid="schedules-departure-min-days"
              {...form.getInputProps('departureMinDays')}
            />
            {supervisor && (
              <NumberInput
                label={t('supervisionUi.schedules.stationStaleDays')}
                description={t('supervisionUi.schedules.stationStaleHint')}
                min={7}
                max={366}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                data-testid="schedules-station-stale-days"
                {...form.getInputProps('stationStaleDays')}
              />
            )}
          </SimpleGrid>
        </Paper>
        <FormError message={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => form.setValues(structuredClone(DEFAULT_SUPERVISION_SETTINGS))} data-testid="schedules-reset">
            {t('supervisionUi.schedules.reset')}
          </Button>
          <SubmitButton loading={form.submitting} disabled={!form.isDirty()} data-testid="schedules-save">
            {t('common.save')}
          </SubmitButton>
        </Group>
      </Stack>
    </Form>
  );
}
