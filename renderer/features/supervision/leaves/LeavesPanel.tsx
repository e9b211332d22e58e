import { Badge, Button, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconDoorEnter, IconPencil, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PrintButton } from '../../print';
import type { Leave } from '../../../../shared/domain/supervision';
import { haven } from '../../../ipc';
import { notifySuccess } from '../../../lib/notify';
import { useAsync } from '../../../lib/useAsync';
import { LeaveStatusBadge } from '../common/badges';
import { placeOf } from '../common/forms';
import { RecordPanel, useRecordDialog } from '../../../components/RecordPanel';
import { ReasonModal } from '../../../components/ReasonModal';
import type { SupervisionPanelProps } from '../common/types';
import { LeaveDecisionModal } from './LeaveDecisionModal';
import { LeaveRequestModal } from './LeaveRequestModal';
import { LeaveReturnModal } from './LeaveReturnModal';
import { useRecords } from '../../../lib/useRecords';

const fetchLeaves = (personId: number) => haven.leaves.list({ personId });
const fetchSchedules = () => haven.schedules.get();

type Dialog = { kind: 'create' } | { kind: 'decide' | 'return' | 'cancel' | 'correct'; leave: Leave };

/** 请销假: leave with its decision and return check-in; the station's setting says whether approval is needed. */
export function LeavesPanel({ personId, onChanged, version }: SupervisionPanelProps) {
  const { t } = useTranslation();
  const leaves = useRecords(fetchLeaves, personId, version);
  const schedules = useAsync(fetchSchedules);
  const { dialog, open, close, done } = useRecordDialog<Dialog>(leaves.reload, onChanged);
  const approvalRequired = schedules.status === 'ready' ? schedules.data.leaveApprovalRequired : true;

  return (
    <RecordPanel
      testId="leaves-panel"
      state={leaves}
      toolbar={
        schedules.status === 'ready' ? (
          <Tooltip label={t('supervisionUi.leaves.modeHint')} multiline w={340} withArrow>
            <Badge variant="outline" color={approvalRequired ? 'teal' : 'gray'} size="lg" tabIndex={0} data-testid="leave-mode" data-approval={approvalRequired}>
              {t(approvalRequired ? 'supervisionUi.leaves.approvalRequired' : 'supervisionUi.leaves.writtenReport')}
            </Badge>
          </Tooltip>
        ) : (
          <span />
        )
      }
      add={{
        label: t(approvalRequired ? 'supervisionUi.leaves.addRequest' : 'supervisionUi.leaves.addReport'),
        testId: 'add-leave',
        onClick: () => open({ kind: 'create' }),
        disabled: schedules.status !== 'ready',
      }}
      emptyText={t('supervisionUi.leaves.empty')}
      tableTestId="leaves-table"
      minWidth={760}
      alignTop
      rowKey={(leave) => leave.id}
      rowTestId="leave-row"
      rowData={(leave) => ({ 'data-status': leave.status })}
      columns={[
        {
          header: t('supervisionUi.leaves.period'),
          width: 120,
          cell: (leave) => (
            <>
              <Text size="sm" className="haven-tabular" style={{ whiteSpace: 'nowrap' }}>
                {leave.startDate}
              </Text>
              <Text size="sm" className="haven-tabular" style={{ whiteSpace: 'nowrap' }}>
                {t('supervisionUi.leaves.until', { date: leave.endDate })}
              </Text>
              <Text size="xs" c="dimmed">
                {t('supervisionUi.leaves.daysShort', { count: leave.days })}
              </Text>
            </>
          ),
        },
        {
          header: t('supervisionUi.leaves.destination'),
          cell: (leave) => (
            <>
              <Text size="sm">{placeOf(leave)}</Text>
              {leave.address && (
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {leave.address}
                </Text>
              )}
            </>
          ),
        },
        {
          header: t('supervisionUi.leaves.reason'),
          cell: (leave) => (
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {leave.reason}
            </Text>
          ),
        },
        { header: t('supervisionUi.leaves.status'), width: 100, cell: (leave) => <LeaveStatusBadge status={leave.status} /> },
        {
          header: t('supervisionUi.leaves.decision'),
          cell: (leave) => (
            <>
              {leave.decidedOn && (
                <Text size="xs" c="dimmed" className="haven-tabular">
                  {t('supervisionUi.leaves.decidedBy', { by: leave.decidedBy ?? '', on: leave.decidedOn })}
                </Text>
              )}
              {leave.decisionNote && (
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {leave.decisionNote}
                </Text>
              )}
              {leave.returnedOn && (
                <Text size="sm" c={leave.returnedOn > leave.endDate ? 'orange.8' : undefined} className="haven-tabular">
                  {t('supervisionUi.leaves.returnedOn', { date: leave.returnedOn })}
                </Text>
              )}
              {leave.returnNote && (
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {leave.returnNote}
                </Text>
              )}
              {leave.status === 'cancelled' && (
                <Text size="xs" c="dimmed" className="haven-tabular">
                  {leave.cancelledOn ? t('supervisionUi.leaves.cancelledOn', { on: leave.cancelledOn, by: leave.cancelledBy ?? '' }) : t('supervisionUi.leaves.cancelledUndated')}
                </Text>
              )}
              {leave.cancelReason && (
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {leave.cancelReason}
                </Text>
              )}
            </>
          ),
        },
      ]}
      actions={{
        header: t('supervisionUi.common.actions'),
        width: 170,
        cell: (leave) => (
          <Group gap={4} wrap="wrap">
            {leave.status === 'requested' && (
              <Button size="compact-sm" variant="light" leftSection={<IconCheck size={14} />} onClick={() => open({ kind: 'decide', leave })} data-testid="leave-decide">
                {t('supervisionUi.leaves.decide')}
              </Button>
            )}
            {(leave.status === 'approved' || leave.status === 'registered') && (
              <Button size="compact-sm" variant="light" leftSection={<IconDoorEnter size={14} />} onClick={() => open({ kind: 'return', leave })} data-testid="leave-check-in">
                {t('supervisionUi.leaves.checkIn')}
              </Button>
            )}
            {(leave.status === 'requested' || leave.status === 'approved' || leave.status === 'registered') && (
              <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={() => open({ kind: 'cancel', leave })} data-testid="leave-cancel">
                {t('supervisionUi.leaves.cancel')}
              </Button>
            )}
            <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconPencil size={14} />} onClick={() => open({ kind: 'correct', leave })} data-testid="correct-leave">
              {t('supervisionUi.common.correct')}
            </Button>
            <PrintButton size="compact-sm" variant="subtle" request={{ document: 'leaveForm', leaveId: leave.id }} label={t('supervisionUi.leaves.print')} data-testid="leave-print" />
          </Group>
        ),
      }}
    >
      {dialog?.kind === 'create' && <LeaveRequestModal personId={personId} approvalRequired={approvalRequired} onClose={close} onDone={done} />}
      {dialog?.kind === 'correct' && <LeaveRequestModal personId={personId} approvalRequired={approvalRequired} leave={dialog.leave} onClose={close} onDone={done} />}
      {dialog?.kind === 'decide' && <LeaveDecisionModal leave={dialog.leave} onClose={close} onDone={done} />}
      {dialog?.kind === 'return' && <LeaveReturnModal leave={dialog.leave} onClose={close} onDone={done} />}
      {dialog?.kind === 'cancel' && (
        <ReasonModal
          title={t('supervisionUi.leaves.cancelTitle')}
          hint={t('supervisionUi.leaves.cancelHint')}
          summary={`${dialog.leave.startDate} — ${dialog.leave.endDate} ${placeOf(dialog.leave)}`}
          confirmLabel={t('supervisionUi.leaves.cancel')}
          color="red"
          onClose={close}
          onSubmit={async (reason) => {
            await haven.leaves.cancel({ leaveId: dialog.leave.id, reason });
            notifySuccess(t('supervisionUi.leaves.cancelled'));
            done();
          }}
        />
      )}
    </RecordPanel>
  );
}
