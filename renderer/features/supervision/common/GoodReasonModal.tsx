import { Alert, Badge, Button, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { useForm, type GetInputPropsReturnType } from '@mantine/form';
import { IconArrowBackUp, IconShieldCheck } from '@tabler/icons-react';
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IsoDate } from '../../../../shared/domain/dates';
import type { GoodReason } from '../../../../shared/domain/supervision';
import { goodReasonFieldsSchema } from '../../../../shared/schemas/supervision';
import { DateField } from '../../../components/DateField';
import { FormError } from '../../../components/FormError';
import { ReasonModal } from '../../../components/ReasonModal';
import { haven } from '../../../ipc';
import { errorMessage, formFieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { useAsync } from '../../../lib/useAsync';
import { zodValidate } from '../../../lib/zodForm';
import { todayIso } from '../../../lib/today';
import { useCanWrite } from '../../../lib/writeAccess';
import { Form, SubmitButton } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';
import { CorrectionReasonField, correctionReasonError } from '../../../components/CorrectionReason';
import { RowMenu } from '../../../components/RowMenu';
import { useFormDraft } from '../../../lib/drafts';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

/** What a 正当理由 answers: a late report-in (its measure and the day its 15 days started), a test, an absence. */
export type GoodReasonTarget =
  | { subject: 'report_in'; measureId: number; reportInFrom: IsoDate }
  | { subject: 'test'; testId: number }
  | { subject: 'absence'; absenceId: number };

/** The form's view of the fields: the attachment is a Select's string value until sent. */
export interface GoodReasonValues {
  reason: string;
  decidedBy: string;
  decidedOn: string | null;
  attachmentId: string | null;
}

export const emptyGoodReason = (): GoodReasonValues => ({ reason: '', decidedBy: '', decidedOn: todayIso(), attachmentId: null });

/** The fields as goodReasonFieldsSchema takes them. */
export function goodReasonInput(values: GoodReasonValues) {
  return { ...values, attachmentId: values.attachmentId === null ? null : Number(values.attachmentId) };
}

type Field = keyof GoodReasonValues;

/**
 * 理由, 认定人, 认定日期 and an optional scan from the person's attachments: used by the modal
 * below and inside the report-in form. `inputProps` binds one field to the host's form.
 */
export function GoodReasonFields({ personId, inputProps }: { personId: number; inputProps: (field: Field) => GetInputPropsReturnType }) {
  const { t } = useTranslation();
  const load = useCallback(() => haven.attachments.list({ personId }), [personId]);
  const attachments = useAsync(load);
  const options =
    attachments.status === 'ready'
      ? attachments.data.map((a) => ({ value: String(a.id), label: t('common.withNote', { text: a.filename, note: t(`attachments.kinds.${a.kind}`) }) }))
      : [];
  const noAttachments = attachments.status === 'ready' && options.length === 0;

  return (
    <Stack gap="sm">
      <Textarea
        label={t('supervisionUi.goodReason.reason')}
        placeholder={t('supervisionUi.goodReason.reasonPlaceholder')}
        required
        autosize
        minRows={2}
        maxRows={6}
        data-testid="good-reason-reason"
        {...inputProps('reason')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput
          label={t('supervisionUi.goodReason.decidedBy')}
          placeholder={t('supervisionUi.goodReason.decidedByPlaceholder')}
          required
          autoComplete="off"
          data-testid="good-reason-decided-by"
          {...inputProps('decidedBy')}
        />
        <DateField notFuture label={t('supervisionUi.goodReason.decidedOn')} required data-testid="good-reason-decided-on" {...inputProps('decidedOn')} />
      </SimpleGrid>
      <Select
        label={t('supervisionUi.goodReason.attachment')}
        placeholder={noAttachments ? t('supervisionUi.goodReason.noAttachments') : t('supervisionUi.goodReason.attachmentPlaceholder')}
        description={noAttachments ? undefined : t('supervisionUi.goodReason.attachmentHint')}
        data={options}
        disabled={noAttachments}
        clearable
        searchable
        comboboxProps={{ withinPortal: true }}
        data-testid="good-reason-attachment"
        {...inputProps('attachmentId')}
      />
    </Stack>
  );
}

/** What a stored 正当理由 answers, as the modal's target. */
export function targetOf(g: GoodReason): GoodReasonTarget {
  if (g.subject === 'test') return { subject: 'test', testId: g.testId ?? 0 };
  if (g.subject === 'absence') return { subject: 'absence', absenceId: g.absenceId ?? 0 };
  return { subject: 'report_in', measureId: g.measureId ?? 0, reportInFrom: g.reportInFrom ?? '' };
}

/**
 * 登记正当理由 for a late report-in, a missed, refused or positive test, or an absence: it then
 * no longer counts toward a serious breach (RR art. 14 "无正当理由"); the core audits it. With
 * `goodReason`: 更正 — the form opens on it (what it answers stays) and asks for a reason.
 */
export function GoodReasonModal({
  personId,
  personName,
  target,
  summary,
  goodReason: editing,
  onClose,
  onDone,
}: {
  personId: number;
  personName?: string;
  target: GoodReasonTarget;
  /** What it answers, in words ("2026-02-10 未按时检测"). */
  summary: ReactNode;
  goodReason?: GoodReason;
  onClose: () => void;
  onDone: (goodReason: GoodReason) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<GoodReasonValues & { correctReason: string }>({
    mode: 'controlled',
    initialValues: editing
      ? { reason: editing.reason, decidedBy: editing.decidedBy, decidedOn: editing.decidedOn, attachmentId: editing.attachmentId === null ? null : String(editing.attachmentId), correctReason: '' }
      : { ...emptyGoodReason(), correctReason: '' },
    validate: ({ correctReason, ...values }) => {
      const errors: Record<string, ReactNode> = zodValidate(goodReasonFieldsSchema, t)(goodReasonInput(values));
      const reasonError = editing ? correctionReasonError(t, correctReason) : null;
      return reasonError ? { ...errors, correctReason: reasonError } : errors;
    },
  });
  // The reason's words and a correction's reason survive an idle lock (kept for this user in the core's memory, never on disk).
  const draftKey = editing ? `good-reason:correct:${editing.id}` : `good-reason:new:${personId}:${JSON.stringify(target)}`;
  const draft = useFormDraft(draftKey, { reason: form.values.reason, correctReason: form.values.correctReason }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };

  const submit = form.onSubmit(async ({ correctReason, ...values }) => {
    setError(null);
    const parsed = goodReasonFieldsSchema.safeParse(goodReasonInput(values));
    if (!parsed.success) return;
    try {
      if (editing) {
        const saved = await haven.goodReasons.correct({ goodReasonId: editing.id, goodReason: parsed.data, reason: correctReason });
        draft.discard();
        notifySuccess(t('supervisionUi.common.corrected'));
        onDone(saved);
        return;
      }
      const saved = await haven.goodReasons.create({
        personId,
        subject: target.subject,
        measureId: target.subject === 'report_in' ? target.measureId : null,
        reportInFrom: target.subject === 'report_in' ? target.reportInFrom : null,
        testId: target.subject === 'test' ? target.testId : null,
        absenceId: target.subject === 'absence' ? target.absenceId : null,
        goodReason: parsed.data,
      });
      draft.discard();
      notifySuccess(t('supervisionUi.goodReason.saved'));
      onDone(saved);
    } catch (caught) {
      // The core names the fields `goodReason.…`; its own `reason` is the correction's.
      const fields = Object.entries(formFieldErrors(t, caught)).map(([path, message]) => [path.startsWith('goodReason.') ? path.slice(11) : path === 'reason' ? 'correctReason' : path, message]);
      form.setErrors(Object.fromEntries(fields));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal
      dirty={form.isDirty()}
      opened
      onClose={close}
      title={
        editing
          ? t('supervisionUi.goodReason.correctTitle')
          : personName
            ? t('supervisionUi.goodReason.title', { name: personName })
            : t('supervisionUi.goodReason.titleNoName')
      }
      centered
      size="lg"
    >
      <Form onSubmit={submit} noValidate data-testid="good-reason-form" data-subject={target.subject}>
        <Stack gap="md">
          <Text size="sm" fw={600} data-testid="good-reason-summary" style={{ overflowWrap: 'anywhere' }}>
            {summary}
          </Text>
          <Alert color="blue" variant="light" p="xs">
            <Text size="sm">{t('supervisionUi.goodReason.hint')}</Text>
          </Alert>
          <GoodReasonFields personId={personId} inputProps={(field) => form.getInputProps(field)} />
          <DraftRestoredNote shown={draft.restored} />
          {editing && <CorrectionReasonField value={form.values.correctReason} error={form.errors.correctReason} onChange={(value) => form.setFieldValue('correctReason', value)} />}
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <SubmitButton loading={form.submitting} data-testid="good-reason-submit">
              {editing ? t('supervisionUi.common.submit') : t('supervisionUi.goodReason.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}

/**
 * "有正当理由", with the reason, who decided and when on hover; `onWithdraw` adds the way back.
 * With `onCorrected` too, a menu holds 更正 (the form opened here, on this 正当理由) and 撤回.
 */
export function GoodReasonBadge({ goodReason, onWithdraw, onCorrected }: { goodReason: GoodReason; onWithdraw?: () => void; onCorrected?: () => void }) {
  const canWrite = useCanWrite();
  const { t } = useTranslation();
  const [correcting, setCorrecting] = useState(false);
  if (onCorrected && onWithdraw && canWrite) {
    return (
      <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
        <GoodReasonTag goodReason={goodReason} />
        <RowMenu
          label={t('supervisionUi.goodReason.menu')}
          testId="good-reason-menu"
          correct={{ label: t('supervisionUi.goodReason.correct'), testId: 'good-reason-correct', onClick: () => setCorrecting(true) }}
          remove={{ label: t('supervisionUi.goodReason.withdrawLabel'), testId: 'good-reason-withdraw', onClick: onWithdraw }}
        />
        {correcting && (
          <GoodReasonModal
            personId={goodReason.personId}
            target={targetOf(goodReason)}
            summary={t('supervisionUi.goodReason.correctSummary')}
            goodReason={goodReason}
            onClose={() => setCorrecting(false)}
            onDone={() => {
              setCorrecting(false);
              onCorrected();
            }}
          />
        )}
      </Group>
    );
  }
  return (
    <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
      <GoodReasonTag goodReason={goodReason} />
      {onWithdraw && canWrite && (
        <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconArrowBackUp size={12} />} onClick={onWithdraw} aria-label={t('supervisionUi.goodReason.withdrawLabel')} data-testid="good-reason-withdraw">
          {t('supervisionUi.goodReason.withdraw')}
        </Button>
      )}
    </Group>
  );
}

/** The badge itself, its words on hover and focus. */
function GoodReasonTag({ goodReason }: { goodReason: GoodReason }) {
  const { t } = useTranslation();
  return (
    <Tooltip
      label={t('supervisionUi.goodReason.tooltip', { reason: goodReason.reason, by: goodReason.decidedBy, on: goodReason.decidedOn })}
      multiline
      w={320}
      withArrow
      events={{ hover: true, focus: true, touch: true }}
    >
      <Badge color="teal" variant="light" leftSection={<IconShieldCheck size={12} />} tabIndex={0} data-testid="good-reason-badge" style={{ flexShrink: 0, minWidth: 'max-content', cursor: 'help' }}>
        {t('supervisionUi.goodReason.badge')}
      </Badge>
    </Tooltip>
  );
}

/** Withdraws a 正当理由 recorded by mistake (goodReasons:remove, reason audited). */
export function WithdrawGoodReasonModal({ goodReason, summary, onClose, onDone }: { goodReason: GoodReason; summary?: ReactNode; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <ReasonModal
      title={t('supervisionUi.goodReason.withdrawTitle')}
      hint={t('supervisionUi.goodReason.withdrawHint')}
      summary={summary ?? goodReason.reason}
      confirmLabel={t('supervisionUi.goodReason.withdrawLabel')}
      color="red"
      onClose={onClose}
      onSubmit={async (reason) => {
        await haven.goodReasons.remove({ goodReasonId: goodReason.id, reason });
        notifySuccess(t('supervisionUi.goodReason.withdrawn'));
        onDone();
      }}
    />
  );
}
