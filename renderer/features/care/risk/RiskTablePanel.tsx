import { ActionIcon, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assessedFactors, DEFAULT_RISK_TABLE, type AssessedFactor, type RiskTable } from '../../../../shared/rules/risk';
import { riskTableSchema } from '../../../../shared/schemas/care';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { useAsync } from '../../../lib/useAsync';
import { LoadState } from '../../../components/LoadState';
import { optionLabel } from './labels';
import { Form, SubmitButton } from '../../../components/Form';
import { useLeaveGuard } from '../../../lib/leaveGuard';

const fetchTable = () => haven.riskTable.get();
/** The last band of time clean covers every longer time (the core takes the first band that fits). */
const LONGER = 100000;

type Num = number | string;
interface Values {
  assessed: Record<AssessedFactor, { option: string; points: Num }[]>;
  derived: {
    priorEpisodes: { perEpisode: Num; max: Num };
    timeClean: { upToMonths: Num; points: Num }[];
    seriousViolationLast12Months: Num;
    generalViolationLast12Months: Num;
    positiveTestLast12Months: Num;
  };
  thresholds: { high: Num; medium: Num };
}

function toValues(table: RiskTable): Values {
  return {
    assessed: Object.fromEntries(assessedFactors.map((f) => [f, Object.entries(table.assessed[f]).map(([option, points]) => ({ option, points }))])) as Values['assessed'],
    derived: { ...table.derived, priorEpisodes: { ...table.derived.priorEpisodes }, timeClean: table.derived.timeClean.map((b) => ({ ...b })) },
    thresholds: { ...table.thresholds },
  };
}

function toTable(values: Values): unknown {
  const bands = values.derived.timeClean.map((b, i, all) => ({ upToMonths: i === all.length - 1 ? LONGER : Number(b.upToMonths), points: Number(b.points) }));
  return {
    assessed: Object.fromEntries(assessedFactors.map((f) => [f, Object.fromEntries(values.assessed[f].map((o) => [o.option.trim(), Number(o.points)]))])),
    derived: {
      priorEpisodes: { perEpisode: Number(values.derived.priorEpisodes.perEpisode), max: Number(values.derived.priorEpisodes.max) },
      timeClean: bands,
      seriousViolationLast12Months: Number(values.derived.seriousViolationLast12Months),
      generalViolationLast12Months: Number(values.derived.generalViolationLast12Months),
      positiveTestLast12Months: Number(values.derived.positiveTestLast12Months),
    },
    thresholds: { high: Number(values.thresholds.high), medium: Number(values.thresholds.medium) },
  };
}

const isPoints = (value: Num) => value !== '' && Number.isInteger(Number(value)) && Number(value) >= 0 && Number(value) <= 100;

/** Field by field, with the words the form shows; the schema has the last word before saving. */
function validate(values: Values, t: TFunction): Record<string, string> {
  const errors: Record<string, string> = {};
  const points = (path: string, value: Num) => {
    if (!isPoints(value)) errors[path] = t('validation.invalid');
  };
  for (const factor of assessedFactors) {
    const seen = new Set<string>();
    values.assessed[factor].forEach((o, i) => {
      const key = o.option.trim();
      if (!key) errors[`assessed.${factor}.${i}.option`] = t('validation.required');
      else if (key.length > 40) errors[`assessed.${factor}.${i}.option`] = t('validation.tooLong');
      else if (seen.has(key)) errors[`assessed.${factor}.${i}.option`] = t('careUi.riskTable.optionExists');
      seen.add(key);
      points(`assessed.${factor}.${i}.points`, o.points);
    });
  }
  points('derived.priorEpisodes.perEpisode', values.derived.priorEpisodes.perEpisode);
  points('derived.priorEpisodes.max', values.derived.priorEpisodes.max);
  values.derived.timeClean.forEach((b, i, all) => {
    points(`derived.timeClean.${i}.points`, b.points);
    if (i < all.length - 1) {
      const months = Number(b.upToMonths);
      const previous = i > 0 ? Number(all[i - 1]!.upToMonths) : -1;
      if (b.upToMonths === '' || !Number.isInteger(months) || months < 0 || months >= LONGER || months <= previous) errors[`derived.timeClean.${i}.upToMonths`] = t('validation.invalid');
    }
  });
  points('derived.seriousViolationLast12Months', values.derived.seriousViolationLast12Months);
  points('derived.generalViolationLast12Months', values.derived.generalViolationLast12Months);
  points('derived.positiveTestLast12Months', values.derived.positiveTestLast12Months);
  points('thresholds.high', values.thresholds.high);
  points('thresholds.medium', values.thresholds.medium);
  if (!errors['thresholds.high'] && !errors['thresholds.medium'] && Number(values.thresholds.high) <= Number(values.thresholds.medium)) {
    errors['thresholds.high'] = t('validation.thresholds');
  }
  return errors;
}

/** 风险评分表 (admin): points per option, points from the records, the thresholds. */
export function RiskTablePanel() {
  const table = useAsync(fetchTable);
  return (
    <Stack gap="md" data-testid="risk-table-panel">
      <LoadState state={table} reload={table.reload} />
      {table.status === 'ready' && <RiskTableForm initial={table.data} />}
    </Stack>
  );
}

function RiskTableForm({ initial }: { initial: RiskTable }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [newOption, setNewOption] = useState<Record<string, string>>({});
  const form = useForm<Values>({ mode: 'controlled', initialValues: toValues(initial), validate: (values) => validate(values, t) });
  // A page-sized form: leaving it with unsaved input asks first (lib/leaveGuard.tsx).
  useLeaveGuard(() => form.isDirty());

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = riskTableSchema.safeParse(toTable(values));
    if (!parsed.success) {
      setError(t('errors.VALIDATION'));
      return;
    }
    try {
      const saved = toValues(await haven.riskTable.update(parsed.data));
      form.setValues(saved);
      form.resetDirty(saved);
      notifySuccess(t('careUi.riskTable.saved'));
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  });

  const num = (path: string, label: string, testId: string, w: number | string = 90) => (
    <NumberInput
      size="xs"
      w={w}
      min={0}
      max={100}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="none"
      hideControls
      aria-label={label}
      data-testid={testId}
      {...form.getInputProps(path)}
    />
  );

  const addOption = (factor: AssessedFactor) => {
    const key = (newOption[factor] ?? '').trim();
    if (!key) return;
    form.insertListItem(`assessed.${factor}`, { option: key, points: 0 });
    setNewOption((all) => ({ ...all, [factor]: '' }));
  };

  const bands = form.values.derived.timeClean;
  return (
    <Form onSubmit={submit} noValidate data-testid="risk-table-form">
      <Stack gap="lg" maw={1040}>
        <Stack gap={4}>
          <Title order={3} size="h4">
            {t('careUi.riskTable.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('careUi.riskTable.intro')}
          </Text>
        </Stack>

        <Stack gap="xs">
          <Title order={4} size="h5">
            {t('careUi.riskTable.assessed')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {assessedFactors.map((factor) => (
              <Paper key={factor} withBorder p="sm" radius="md" data-testid={`risk-table-factor-${factor}`}>
                <Text fw={600} size="sm" mb={6}>
                  {t(`risk.factor.${factor}`)}
                </Text>
                <Stack gap={6}>
                  {form.values.assessed[factor].map((o, i) => {
                    const known = initial.assessed[factor][o.option] !== undefined || DEFAULT_RISK_TABLE.assessed[factor][o.option] !== undefined;
                    return (
                      <Group key={`${o.option}-${i}`} gap="xs" wrap="nowrap" justify="space-between">
                        <Text size="sm" style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }} c={known ? undefined : 'blue.8'}>
                          {optionLabel(t, factor, o.option)}
                        </Text>
                        {num(`assessed.${factor}.${i}.points`, `${t(`risk.factor.${factor}`)} ${optionLabel(t, factor, o.option)}`, `risk-table-${factor}-${o.option}`, 70)}
                        <Tooltip label={t('careUi.riskTable.removeOption')}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            size="sm"
                            disabled={form.values.assessed[factor].length <= 1}
                            onClick={() => form.removeListItem(`assessed.${factor}`, i)}
                            aria-label={t('careUi.riskTable.removeOption')}
                          >
                            <IconTrash size={14} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    );
                  })}
                  {form.values.assessed[factor]
                    .map((_, i) => form.errors[`assessed.${factor}.${i}.option`])
                    .filter(Boolean)
                    .slice(0, 1)
                    .map((message) => (
                      <Text key="error" size="xs" c="red">
                        {message}
                      </Text>
                    ))}
                  <Group gap="xs" wrap="nowrap" mt={4}>
                    <TextInput
                      size="xs"
                      style={{ flex: 1 }}
                      placeholder={t('careUi.riskTable.newOptionKey')}
                      aria-label={t('careUi.riskTable.newOptionKey')}
                      maxLength={40}
                      value={newOption[factor] ?? ''}
                      onChange={(event) => {
                        const value = event.currentTarget.value;
                        setNewOption((all) => ({ ...all, [factor]: value }));
                      }}
                      onKeyDown={(event) => {
                        if (event.key === 'Enter') {
                          event.preventDefault();
                          addOption(factor);
                        }
                      }}
                      data-testid={`risk-table-new-${factor}`}
                    />
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconPlus size={14} />}
                      disabled={!(newOption[factor] ?? '').trim() || form.values.assessed[factor].some((o) => o.option === (newOption[factor] ?? '').trim())}
                      onClick={() => addOption(factor)}
                    >
                      {t('careUi.riskTable.addOption')}
                    </Button>
                  </Group>
                </Stack>
              </Paper>
            ))}
          </SimpleGrid>
        </Stack>

        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Paper withBorder p="md" radius="md">
            <Title order={4} size="h5" mb="sm">
              {t('careUi.riskTable.derived')}
            </Title>
            <Table withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>
                {(
                  [
                    ['derived.priorEpisodes.perEpisode', 'perEpisode'],
                    ['derived.priorEpisodes.max', 'maxEpisodes'],
                    ['derived.seriousViolationLast12Months', 'serious'],
                    ['derived.generalViolationLast12Months', 'general'],
                    ['derived.positiveTestLast12Months', 'positive'],
                  ] as const
                ).map(([path, word]) => (
                  <Table.Tr key={path}>
                    <Table.Td>
                      <Text size="sm">{t(`careUi.riskTable.${word}`)}</Text>
                    </Table.Td>
                    <Table.Td w={100}>{num(path, t(`careUi.riskTable.${word}`), `risk-table-${word}`)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          <Paper withBorder p="md" radius="md">
            <Title order={4} size="h5">
              {t('careUi.riskTable.timeClean')}
            </Title>
            <Text size="xs" c="dimmed" mb="sm">
              {t('careUi.riskTable.timeCleanHint')}
            </Text>
            <Table withRowBorders={false} verticalSpacing={4} data-testid="risk-table-bands">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('careUi.riskTable.upToMonths')}</Table.Th>
                  <Table.Th>{t('careUi.riskTable.points')}</Table.Th>
                  <Table.Th w={40} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {bands.map((_, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>
                      {i === bands.length - 1 ? (
                        <Text size="sm">{t('careUi.riskTable.longer')}</Text>
                      ) : (
                        <NumberInput
                          size="xs"
                          w={100}
                          min={0}
                          allowDecimal={false}
                          allowNegative={false}
                          clampBehavior="none"
                          hideControls
                          aria-label={t('careUi.riskTable.upToMonths')}
                          data-testid={`risk-table-band-${i}-months`}
                          {...form.getInputProps(`derived.timeClean.${i}.upToMonths`)}
                        />
                      )}
                    </Table.Td>
                    <Table.Td>{num(`derived.timeClean.${i}.points`, t('careUi.riskTable.points'), `risk-table-band-${i}-points`)}</Table.Td>
                    <Table.Td>
                      {i < bands.length - 1 && (
                        <ActionIcon variant="subtle" color="red" size="sm" onClick={() => form.removeListItem('derived.timeClean', i)} aria-label={t('careUi.riskTable.removeBand')}>
                          <IconTrash size={14} />
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Button
              size="xs"
              variant="light"
              mt="xs"
              leftSection={<IconPlus size={14} />}
              disabled={bands.length >= 10}
              onClick={() => {
                const before = bands.length >= 2 ? Number(bands[bands.length - 2]!.upToMonths) || 0 : 0;
                form.insertListItem('derived.timeClean', { upToMonths: before + 12, points: 0 }, bands.length - 1);
              }}
            >
              {t('careUi.riskTable.addBand')}
            </Button>
          </Paper>
        </SimpleGrid>

        <Paper withBorder p="md" radius="md">
          <Title order={4} size="h5">
            {t('careUi.riskTable.thresholds')}
          </Title>
          <Text size="xs" c="dimmed" mb="sm">
            {t('careUi.riskTable.thresholdsHint')}
          </Text>
          <Group gap="xl" align="flex-start">
            <NumberInput label={t('careUi.riskTable.high')} w={180} min={0} max={100} allowDecimal={false} allowNegative={false} clampBehavior="none" data-testid="risk-table-high" {...form.getInputProps('thresholds.high')} />
            <NumberInput label={t('careUi.riskTable.medium')} w={180} min={0} max={100} allowDecimal={false} allowNegative={false} clampBehavior="none" data-testid="risk-table-medium" {...form.getInputProps('thresholds.medium')} />
          </Group>
        </Paper>

        <FormError message={error} />
        <Group justify="space-between">
          <Button
            variant="default"
            leftSection={<IconRestore size={16} />}
            onClick={() => {
              form.setValues(toValues(DEFAULT_RISK_TABLE));
              form.clearErrors();
              notifySuccess(t('careUi.riskTable.resetDone'));
            }}
            data-testid="risk-table-reset"
          >
            {t('careUi.riskTable.reset')}
          </Button>
          <SubmitButton loading={form.submitting} disabled={!form.isDirty()} data-testid="risk-table-save">
            {t('common.save')}
          </SubmitButton>
        </Group>
      </Stack>
    </Form>
  );
}
