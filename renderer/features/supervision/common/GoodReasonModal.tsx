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
import { Form } from '../../../components/Form';
import { GuardedModal } from '../../../components/GuardedModal';

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
      ? attachments.data.map((a) => ({ value: String(a.id), label: `${a.filename}（${t(`attachments.kinds.${a.kind}`)}）` }))
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
        <DateField label={t('supervisionUi.goodReason.decidedOn')} required data-testid="good-reason-decided-on" {...inputProps('decidedOn')} />
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

/**
 * 登记正当理由 for a late report-in, a missed, refused or positive test, or an absence: it then
 * no longer counts toward a serious breach (RR art. 14 "无正当理由"); the core audits it.
 */
export function GoodReasonModal({
  personId,
  personName,
  target,
  summary,
  onClose,
  onDone,
}: {
  personId: number;
  personName?: string;
  target: GoodReasonTarget;
  /** What it answers, in words ("2026-02-10 未按时检测"). */
  summary: ReactNode;
  onClose: () => void;
  onDone: (goodReason: GoodReason) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<GoodReasonValues>({
    mode: 'controlled',
    initialValues: emptyGoodReason(),
    validate: (values) => zodValidate(goodReasonFieldsSchema, t)(goodReasonInput(values)),
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const parsed = goodReasonFieldsSchema.safeParse(goodReasonInput(values));
    if (!parsed.success) return;
    try {
      const saved = await haven.goodReasons.create({
        personId,
        subject: target.subject,
        measureId: target.subject === 'report_in' ? target.measureId : null,
        reportInFrom: target.subject === 'report_in' ? target.reportInFrom : null,
        testId: target.subject === 'test' ? target.testId : null,
        absenceId: target.subject === 'absence' ? target.absenceId : null,
        goodReason: parsed.data,
      });
      notifySuccess(t('supervisionUi.goodReason.saved'));
      onDone(saved);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught, 'goodReason.'));
      setError(errorMessage(t, caught));
    }
  });

  return (
    <GuardedModal
      dirty={form.isDirty()}
      opened
      onClose={onClose}
      title={personName ? t('supervisionUi.goodReason.title', { name: personName }) : t('supervisionUi.goodReason.titleNoName')}
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
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting} data-testid="good-reason-submit">
              {t('supervisionUi.goodReason.submit')}
            </Button>
          </Group>
        </Stack>
      </Form>
    </GuardedModal>
  );
}

/** "有正当理由", with the reason, who decided and when on hover; `onWithdraw` adds the way back. */
export function GoodReasonBadge({ goodReason, onWithdraw }: { goodReason: GoodReason; onWithdraw?: () => void }) {
  const canWrite = useCanWrite();
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
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
      {onWithdraw && canWrite && (
        <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconArrowBackUp size={12} />} onClick={onWithdraw} aria-label={t('supervisionUi.goodReason.withdrawLabel')} data-testid="good-reason-withdraw">
          {t('supervisionUi.goodReason.withdraw')}
        </Button>
      )}
    </Group>
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
