import { Button, Group, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HelpPlan } from '../../../../shared/domain/care';
import { useSession } from '../../../app/session';
import { haven } from '../../../ipc';
import { notifySuccess } from '../../../lib/notify';
import { LoadState } from '../../../components/LoadState';
import { ReasonModal } from '../../../components/ReasonModal';
import type { CarePanelProps } from '../common/types';
import { ItemFormModal } from './ItemFormModal';
import { PlanCard, type PlanAction } from './PlanCard';
import { PlanFormModal } from './PlanFormModal';
import { useRecords } from '../../../lib/useRecords';
import { useCanWrite } from '../../../lib/writeAccess';

const fetchPlans = (personId: number) => haven.help.listPlans({ personId });

type Dialog = { kind: 'newPlan' } | (PlanAction & { plan: HelpPlan }) | null;

/** 帮扶（一人一策）: the person's plans, newest first; staff propose, the station head decides. */
export function HelpPanel({ personId, onChanged, version }: CarePanelProps) {
  const canWrite = useCanWrite();
  const { t } = useTranslation();
  const { user } = useSession();
  const isAdmin = user.role === 'admin';
  const plans = useRecords(fetchPlans, personId, version);
  const [dialog, setDialog] = useState<Dialog>(null);
  const changed = () => {
    setDialog(null);
    plans.reload();
    onChanged?.();
  };

  return (
    <Stack gap="md" data-testid="help-panel">
      {canWrite && (
        <Group justify="flex-end">
          <Button leftSection={<IconPlus size={18} />} onClick={() => setDialog({ kind: 'newPlan' })} data-testid="add-plan">
            {t('careUi.help.addPlan')}
          </Button>
        </Group>
      )}
      <LoadState state={plans} reload={plans.reload} />
      {plans.status === 'ready' && plans.data.length === 0 && (
        <Text c="dimmed" data-testid="help-empty">
          {t('careUi.help.empty')}
        </Text>
      )}
      {plans.status === 'ready' && plans.data.map((plan) => <PlanCard key={plan.id} plan={plan} isAdmin={isAdmin} onAction={(action) => setDialog({ ...action, plan })} />)}

      {dialog?.kind === 'newPlan' && <PlanFormModal personId={personId} plan={null} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'editPlan' && <PlanFormModal personId={personId} plan={dialog.plan} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'addItem' && <ItemFormModal plan={dialog.plan} item={null} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'editItem' && <ItemFormModal plan={dialog.plan} item={dialog.item} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'completeItem' && <ItemFormModal plan={dialog.plan} item={dialog.item} completing onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'removeItem' && (
        <ReasonModal
          title={t('careUi.common.removeTitle')}
          hint={t('careUi.help.removeItemHint')}
          summary={`${t(`help.category.${dialog.item.category}`)}：${dialog.item.description}`}
          label={t('careUi.common.reason')}
          confirmLabel={t('careUi.common.removeConfirm')}
          color="red"
          irreversible
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            await haven.help.removeItem({ itemId: dialog.item.id, reason });
            notifySuccess(t('careUi.common.removed'));
            changed();
          }}
        />
      )}
      {(dialog?.kind === 'approve' || dialog?.kind === 'reject') && (
        <ReasonModal
          title={t(dialog.kind === 'approve' ? 'careUi.help.approveTitle' : 'careUi.help.rejectTitle')}
          hint={t(dialog.kind === 'approve' ? 'careUi.help.approveHint' : 'careUi.help.rejectHint')}
          summary={dialog.plan.goals}
          label={t('careUi.help.decisionNoteLabel')}
          confirmLabel={t(dialog.kind === 'approve' ? 'careUi.help.approve' : 'careUi.help.reject')}
          color={dialog.kind === 'approve' ? 'teal' : 'red'}
          optional={dialog.kind === 'approve'}
          fieldPrefix="note"
          onClose={() => setDialog(null)}
          onSubmit={async (note) => {
            await haven.help.decidePlan({ planId: dialog.plan.id, decision: dialog.kind === 'approve' ? 'approve' : 'reject', note });
            notifySuccess(t(dialog.kind === 'approve' ? 'careUi.help.approved' : 'careUi.help.rejected'));
            changed();
          }}
        />
      )}
    </Stack>
  );
}
