import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Leave } from '../../../../shared/domain/supervision';
import { leaveDecisionSchema } from '../../../../shared/schemas/supervision';
import { FormError } from '../../../components/FormError';
import { haven } from '../../../ipc';
import { errorMessage, formFieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { placeOf } from '../common/forms';
import { GuardedModal } from '../../../components/GuardedModal';
import { useFormDraft } from '../../../lib/drafts';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

/** 审批: approve, or reject with a reason. */
export function LeaveDecisionModal({ leave, onClose, onDone }: { leave: Leave; onClose: () => void; onDone: (leave: Leave) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: { note: '' } });
  // The long texts survive an idle lock (kept for this user in the core's memory, never on disk).
  const draft = useFormDraft(`leave:decide:${leave.id}`, { note: form.values.note }, (saved) => form.setValues(saved));
  const close = () => {
    draft.discard();
    onClose();
  };

  const decide = async (decision: 'approve' | 'reject') => {
    setError(null);
    const input = { leaveId: leave.id, decision, note: form.values.note };
    const errors = zodValidate(leaveDecisionSchema, t)(input);
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setBusy(decision);
    try {
      const updated = await haven.leaves.decide(input);
      notifySuccess(t(decision === 'approve' ? 'supervisionUi.leaves.approved' : 'supervisionUi.leaves.rejected'));
      draft.discard();
      onDone(updated);
    } catch (caught) {
      form.setErrors(formFieldErrors(t, caught));
      setError(errorMessage(t, caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <GuardedModal dirty={form.isDirty()} opened onClose={close} title={t('supervisionUi.leaves.decideTitle')} centered size="md">
      <Stack gap="md" data-testid="leave-decision-form">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {t('supervisionUi.leaves.decideSummary', {
            start: leave.startDate,
            end: leave.endDate,
            days: leave.days,
            place: placeOf(leave),
            reason: leave.reason,
          })}
        </Text>
        <Textarea
          label={t('supervisionUi.leaves.note')}
          description={t('supervisionUi.leaves.noteRejectHint')}
          autosize
          minRows={2}
          maxRows={5}
          data-autofocus
          data-testid="leave-decision-note"
          {...form.getInputProps('note')}
        />
        <DraftRestoredNote shown={draft.restored} />
        <FormError message={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button color="red" variant="light" loading={busy === 'reject'} disabled={busy !== null} onClick={() => void decide('reject')} data-testid="leave-reject">
            {t('supervisionUi.leaves.reject')}
          </Button>
          <Button loading={busy === 'approve'} disabled={busy !== null} onClick={() => void decide('approve')} data-testid="leave-approve">
            {t('supervisionUi.leaves.approve')}
          </Button>
        </Group>
      </Stack>
    </GuardedModal>
  );
}
