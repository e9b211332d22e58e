import { Alert, Badge, Group, Paper, Progress, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { GuardedModal } from '../../../components/GuardedModal';
import { useLeaveGuard } from '../../../lib/leaveGuard';
import { useTranslation } from 'react-i18next';
import { useFormDraft } from '../../../lib/drafts';
import type { CleanStatus } from '../../../../shared/domain/care';
import { daysBetween } from '../../../../shared/domain/dates';
import { citationLabel } from '../../../../shared/domain/law';
import { endDynamicControlSchema } from '../../../../shared/schemas/care';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { DateField } from '../../../components/DateField';
import { formFieldErrors } from '../common/forms';
import { LoadState } from '../../../components/LoadState';
import type { CarePanelProps } from '../common/types';
import { useRecords } from '../../../lib/useRecords';
import { todayIso } from '../../../lib/today';
import { useCanWrite } from '../../../lib/writeAccess';
import { Form, SubmitButton } from '../../../components/Form';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

const fetchStatus = (personId: number) => haven.clean.status({ personId });

/** 戒断三年: the clock, whether the person is a candidate, and the RR art. 7 decision (the file stays). */
export function CleanPanel({ personId, onChanged, version }: CarePanelProps) {
  const { t } = useTranslation();
  const canWrite = useCanWrite();
  const status = useRecords(fetchStatus, personId, version);
  const changed = () => {
    status.reload();
    onChanged?.();
  };
  return (
    <Stack gap="md" data-testid="clean-panel">
      <Text size="sm" c="dimmed">
        {t('careUi.clean.intro', { article: citationLabel('RR-7') })}
      </Text>
      <LoadState state={status} reload={status.reload} />
      {status.status === 'ready' && <CleanClock status={status.data} />}
      {status.status === 'ready' && !status.data.decision && canWrite && <DecisionForm personId={personId} status={status.data} onDone={changed} />}
    </Stack>
  );
}

function CleanClock({ status }: { status: CleanStatus }) {
  const { t } = useTranslation();
  const none = t('careUi.clean.none');
  const total = status.cleanSince && status.completesOn ? daysBetween(status.cleanSince, status.completesOn) : 0;
  const days = status.cleanSince ? Math.max(0, Math.min(total, daysBetween(status.cleanSince, todayIso()))) : 0;
  const percent = total > 0 ? Math.floor((days / total) * 100) : 0;
  const badge = status.decision ? (
    <Badge color="teal" variant="filled" leftSection={<IconCircleCheck size={14} />} data-testid="clean-badge" data-state="ended">
      {t('careUi.clean.ended')}
    </Badge>
  ) : status.measureOpen && status.completesOn !== null && todayIso() >= status.completesOn ? (
    <Badge color="blue" variant="light" data-testid="clean-badge" data-state="measure-open">
      {t('careUi.clean.measureOpenBadge')}
    </Badge>
  ) : status.candidate ? (
    <Badge color="teal" variant="light" data-testid="clean-badge" data-state="candidate">
      {t('careUi.clean.candidate')}
    </Badge>
  ) : (
    <Badge color="gray" variant="light" data-testid="clean-badge" data-state="not-yet">
      {t('careUi.clean.notYet')}
    </Badge>
  );

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group gap="sm" wrap="wrap">
          <Title order={4} size="h5">
            {t('careUi.clean.title')}
          </Title>
          {badge}
        </Group>
        {!status.cleanSince ? (
          <Text size="sm" c="dimmed" data-testid="clean-no-clock">
            {t('careUi.clean.noClock')}
          </Text>
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
              <Fact label={t('careUi.clean.cleanSince')} value={status.cleanSince} testId="clean-since" />
              <Fact label={t('careUi.clean.completesOn')} value={status.completesOn ?? none} testId="clean-completes" />
              <Fact label={t('careUi.clean.lastPositive')} value={status.lastPositiveTest ?? none} testId="clean-last-positive" />
            </SimpleGrid>
            <Stack gap={4}>
              <Text size="xs" c="dimmed">
                {t('careUi.clean.progress')}
              </Text>
              <Progress value={percent} color={percent >= 100 ? 'teal' : 'blue'} size="lg" radius="sm" aria-label={t('careUi.clean.progress')} data-testid="clean-progress" />
              <Text size="sm" className="haven-tabular">
                {t('careUi.clean.progressValue', { days, total, percent })}
              </Text>
            </Stack>
          </>
        )}
        {status.decision && (
          <Alert color="teal" variant="light" data-testid="clean-decision">
            <Text size="sm" fw={600}>
              {t('careUi.clean.decision', { date: status.decision.decidedOn, cleanSince: status.decision.cleanSince })}
            </Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
              {t('careUi.clean.basisLabel')}：{status.decision.basis}
            </Text>
            {status.decision.by && (
              <Text size="xs" c="dimmed">
                {t('careUi.clean.decisionBy', { name: status.decision.by })}
              </Text>
            )}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} className="haven-tabular" data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}

/** 不再实行动态管控: date and basis; only a candidate can submit (the core checks it too). */
function DecisionForm({
  personId,
  status,
  onDone,
  frame = (_dirty, body) => (
    <Paper withBorder p="md" radius="md">
      {body}
    </Paper>
  ),
}: {
  personId: number;
  status: CleanStatus;
  onDone: () => void;
  /** The panel shows it on a card; the worklist's act in a dialog that asks before losing typed input. */
  frame?: (dirty: boolean, body: ReactNode) => ReactNode;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { decidedOn: todayIso() as string | null, basis: '' },
    validate: (values) => zodValidate(endDynamicControlSchema, t)({ ...values, personId }),
  });
  const enabled = status.candidate;
  // The basis survives an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(`clean:${personId}`, { basis: form.values.basis }, (saved) => form.setValues(saved));
  // On the panel a page-sized form (leaving asks); in the dialog, GuardedModal asks as well.
  useLeaveGuard(() => form.isDirty());

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = endDynamicControlSchema.safeParse({ ...values, personId });
    if (!parsed.success) return;
    try {
      await haven.clean.endDynamicControl(parsed.data);
      notifySuccess(t('careUi.clean.saved'));
      draft.discard();
      onDone();
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  });

  return frame(
    form.isDirty(),
    <Form onSubmit={submit} noValidate data-testid="clean-form">
        <Stack gap="sm">
          <Title order={4} size="h5">
            {t('careUi.clean.formTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('careUi.clean.formHint')}
          </Text>
          {status.measureOpen && (
            <Alert color="blue" variant="light" p="xs" data-testid="clean-measure-open">
              <Text size="sm">{t('careUi.clean.measureOpen', { article: citationLabel('RR-7') })}</Text>
            </Alert>
          )}
          {!enabled && status.completesOn && todayIso() < status.completesOn && (
            <Text size="sm" c="orange.8" data-testid="clean-disabled-hint">
              {t('careUi.clean.disabledHint', { date: status.completesOn })}
            </Text>
          )}
          <fieldset disabled={!enabled} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Stack gap="sm">
              <DateField notFuture label={t('careUi.clean.decidedOn')} required maw={220} disabled={!enabled} data-testid="clean-date" {...form.getInputProps('decidedOn')} />
              <Textarea label={t('careUi.clean.basis')} required autosize minRows={2} maxRows={6} disabled={!enabled} data-testid="clean-basis" {...form.getInputProps('basis')} />
            </Stack>
          </fieldset>
          <DraftRestoredNote shown={draft.restored} />
          <FormError message={error} />
          <Group justify="flex-end">
            <SubmitButton disabled={!enabled} loading={form.submitting} data-testid="clean-submit">
              {t('careUi.clean.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>,
  );
}

const fetchClean = (personId: number) => haven.clean.status({ personId });

/** The same decision from the worklist's 三年未复吸 row: in a dialog, for the person it names. */
export function CleanDecisionModal({ personId, onClose, onDone }: { personId: number; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const status = useRecords(fetchClean, personId, 0);
  if (status.status !== 'ready') {
    return (
      <GuardedModal opened onClose={onClose} title={t('careUi.clean.formTitle')} centered size="lg">
        <LoadState state={status} reload={status.reload} />
      </GuardedModal>
    );
  }
  return (
    <DecisionForm
      personId={personId}
      status={status.data}
      onDone={onDone}
      frame={(dirty, body) => (
        <GuardedModal dirty={dirty} opened onClose={onClose} title={t('careUi.clean.formTitle')} centered size="lg">
          {body}
        </GuardedModal>
      )}
    />
  );
}
