import { Badge, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconDoorEnter, IconPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PrintButton } from '../../print';
import type { Leave } from '../../../../shared/domain/supervision';
import { haven } from '../../../ipc';
import { notifySuccess } from '../../../lib/notify';
import { useAsync } from '../../../lib/useAsync';
import { LeaveStatusBadge } from '../common/badges';
import { placeOf } from '../common/forms';
import { LoadState } from '../../../components/LoadState';
import { ReasonModal } from '../../../components/ReasonModal';
import type { SupervisionPanelProps } from '../common/types';
import { LeaveDecisionModal } from './LeaveDecisionModal';
import { LeaveRequestModal } from './LeaveRequestModal';
import { LeaveReturnModal } from './LeaveReturnModal';
import { useRecords } from '../../../lib/useRecords';

const fetchLeaves = (personId: number) => haven.leaves.list({ personId });
const fetchSchedules = () => haven.schedules.get();

type Dialog = { kind: 'create' } | { kind: 'decide' | 'return' | 'cancel'; leave: Leave } | null;

/** 请销假: leave with its decision and return check-in; the station's setting says whether approval is needed. */
export function LeavesPanel({ personId, onChanged, version }: SupervisionPanelProps) {
  const { t } = useTranslation();
  const leaves = useRecords(fetchLeaves, personId, version);
  const schedules = useAsync(fetchSchedules);
  const [dialog, setDialog] = useState<Dialog>(null);
  const approvalRequired = schedules.status === 'ready' ? schedules.data.leaveApprovalRequired : true;
  const changed = () => {
    setDialog(null);
    leaves.reload();
    onChanged?.();
  };

  return (
    <Stack gap="md" data-testid="leaves-panel">
      <Group justify="space-between" wrap="wrap">
        {schedules.status === 'ready' ? (
          <Tooltip label={t('supervisionUi.leaves.modeHint')} multiline w={340} withArrow>
            <Badge variant="outline" color={approvalRequired ? 'teal' : 'gray'} size="lg" tabIndex={0} data-testid="leave-mode" data-approval={approvalRequired}>
              {t(approvalRequired ? 'supervisionUi.leaves.approvalRequired' : 'supervisionUi.leaves.writtenReport')}
            </Badge>
          </Tooltip>
        ) : (
          <span />
        )}
        <Button leftSection={<IconPlus size={18} />} disabled={schedules.status !== 'ready'} onClick={() => setDialog({ kind: 'create' })} data-testid="add-leave">
          {t(approvalRequired ? 'supervisionUi.leaves.addRequest' : 'supervisionUi.leaves.addReport')}
        </Button>
      </Group>
      <LoadState state={leaves} reload={leaves.reload} />
      {leaves.status === 'ready' && leaves.data.length === 0 && <Text c="dimmed">{t('supervisionUi.leaves.empty')}</Text>}
      {leaves.status === 'ready' && leaves.data.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="leaves-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={120}>{t('supervisionUi.leaves.period')}</Table.Th>
                <Table.Th>{t('supervisionUi.leaves.destination')}</Table.Th>
                <Table.Th>{t('supervisionUi.leaves.reason')}</Table.Th>
                <Table.Th w={100}>{t('supervisionUi.leaves.status')}</Table.Th>
                <Table.Th>{t('supervisionUi.leaves.decision')}</Table.Th>
                <Table.Th w={170}>{t('supervisionUi.common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {leaves.data.map((leave) => (
                <Table.Tr key={leave.id} data-testid="leave-row" data-status={leave.status}>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Text size="sm" className="haven-tabular" style={{ whiteSpace: 'nowrap' }}>
                      {leave.startDate}
                    </Text>
                    <Text size="sm" className="haven-tabular" style={{ whiteSpace: 'nowrap' }}>
                      {t('supervisionUi.leaves.until', { date: leave.endDate })}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t('supervisionUi.leaves.daysShort', { count: leave.days })}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Text size="sm">{placeOf(leave)}</Text>
                    {leave.address && (
                      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        {leave.address}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {leave.reason}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <LeaveStatusBadge status={leave.status} />
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
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
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Group gap={4} wrap="wrap">
                      {leave.status === 'requested' && (
                        <Button size="compact-sm" variant="light" leftSection={<IconCheck size={14} />} onClick={() => setDialog({ kind: 'decide', leave })} data-testid="leave-decide">
                          {t('supervisionUi.leaves.decide')}
                        </Button>
                      )}
                      {(leave.status === 'approved' || leave.status === 'registered') && (
                        <Button size="compact-sm" variant="light" leftSection={<IconDoorEnter size={14} />} onClick={() => setDialog({ kind: 'return', leave })} data-testid="leave-check-in">
                          {t('supervisionUi.leaves.checkIn')}
                        </Button>
                      )}
                      {(leave.status === 'requested' || leave.status === 'approved' || leave.status === 'registered') && (
                        <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={() => setDialog({ kind: 'cancel', leave })} data-testid="leave-cancel">
                          {t('supervisionUi.leaves.cancel')}
                        </Button>
                      )}
                      <PrintButton size="compact-sm" variant="subtle" request={{ document: 'leaveForm', leaveId: leave.id }} label={t('supervisionUi.leaves.print')} data-testid="leave-print" />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'create' && <LeaveRequestModal personId={personId} approvalRequired={approvalRequired} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'decide' && <LeaveDecisionModal leave={dialog.leave} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'return' && <LeaveReturnModal leave={dialog.leave} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'cancel' && (
        <ReasonModal
          title={t('supervisionUi.leaves.cancelTitle')}
          hint={t('supervisionUi.leaves.cancelHint')}
          summary={`${dialog.leave.startDate} — ${dialog.leave.endDate} ${placeOf(dialog.leave)}`}
          confirmLabel={t('supervisionUi.leaves.cancel')}
          color="red"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            await haven.leaves.cancel({ leaveId: dialog.leave.id, reason });
            notifySuccess(t('supervisionUi.leaves.cancelled'));
            changed();
          }}
        />
      )}
    </Stack>
  );
}
