import { Badge, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconDoorEnter, IconPlus, IconScale, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Absence } from '../../../../shared/domain/supervision';
import { haven } from '../../../ipc';
import { notifySuccess } from '../../../lib/notify';
import { LoadState } from '../../../components/LoadState';
import { ReasonModal } from '../../../components/ReasonModal';
import type { SupervisionPanelProps } from '../common/types';
import { AbsenceEndModal } from './AbsenceEndModal';
import { AbsenceFormModal } from './AbsenceFormModal';
import { GoodReasonBadge, GoodReasonModal, WithdrawGoodReasonModal } from '../common/GoodReasonModal';
import { useRecords } from '../../../lib/useRecords';

const fetchAbsences = (personId: number) => haven.absences.list({ personId });

/** A recorded absence; the one a leave overstay opens by itself has no id until 销假. */
type StoredAbsence = Absence & { id: number };
const isStored = (absence: Absence): absence is StoredAbsence => absence.id !== null;

type Dialog = { kind: 'create' } | { kind: 'end' | 'remove' | 'goodReason' | 'withdraw'; absence: StoredAbsence } | null;

/** 擅自离开执行地: each absence, running ones marked 未返回; they count for the serious-breach rule. */
export function AbsencesPanel({ personId, person, onChanged, version }: SupervisionPanelProps) {
  const { t } = useTranslation();
  const absences = useRecords(fetchAbsences, personId, version);
  const [dialog, setDialog] = useState<Dialog>(null);
  const changed = () => {
    setDialog(null);
    absences.reload();
    onChanged?.();
  };

  return (
    <Stack gap="md" data-testid="absences-panel">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" style={{ flex: 1, minWidth: 240 }}>
          {t('supervisionUi.absences.ruleHint')}
        </Text>
        <Button leftSection={<IconPlus size={18} />} onClick={() => setDialog({ kind: 'create' })} data-testid="add-absence">
          {t('supervisionUi.absences.add')}
        </Button>
      </Group>
      <LoadState state={absences} reload={absences.reload} />
      {absences.status === 'ready' && absences.data.length === 0 && <Text c="dimmed">{t('supervisionUi.absences.empty')}</Text>}
      {absences.status === 'ready' && absences.data.length > 0 && (
        <Table.ScrollContainer minWidth={680}>
          <Table striped verticalSpacing="xs" data-testid="absences-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={110}>{t('supervisionUi.absences.fromDate')}</Table.Th>
                <Table.Th w={110}>{t('supervisionUi.absences.toDate')}</Table.Th>
                <Table.Th w={70}>{t('supervisionUi.absences.days')}</Table.Th>
                <Table.Th>{t('supervisionUi.absences.discovered')}</Table.Th>
                <Table.Th>{t('supervisionUi.common.notes')}</Table.Th>
                <Table.Th w={260}>{t('supervisionUi.common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {absences.data.map((absence) => (
                <Table.Tr key={absence.id ?? `leave-${absence.leaveId ?? ''}-${absence.fromDate}`} data-testid="absence-row" data-overstay={absence.id === null}>
                  <Table.Td className="haven-tabular">{absence.fromDate}</Table.Td>
                  <Table.Td className="haven-tabular">
                    {absence.toDate ?? (
                      <Badge color="red" variant="light">
                        {t('supervisionUi.absences.notReturned')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td className="haven-tabular">{absence.days}</Table.Td>
                  <Table.Td>{t(`supervision.discovered.${absence.discovered}`)}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{absence.notes || t('supervisionUi.common.none')}</Table.Td>
                  <Table.Td>
                    {isStored(absence) ? (
                      <Group gap={4} wrap="wrap">
                        {absence.goodReason ? (
                          <GoodReasonBadge goodReason={absence.goodReason} onWithdraw={() => setDialog({ kind: 'withdraw', absence })} />
                        ) : (
                          <Button size="compact-sm" variant="light" leftSection={<IconScale size={14} />} onClick={() => setDialog({ kind: 'goodReason', absence })} data-testid="absence-good-reason">
                            {t('supervisionUi.goodReason.action')}
                          </Button>
                        )}
                        {absence.toDate === null && (
                          <Button size="compact-sm" variant="light" leftSection={<IconDoorEnter size={14} />} onClick={() => setDialog({ kind: 'end', absence })} data-testid="absence-end">
                            {t('supervisionUi.absences.endAction')}
                          </Button>
                        )}
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red"
                          leftSection={<IconTrash size={14} />}
                          onClick={() => setDialog({ kind: 'remove', absence })}
                          data-testid="remove-absence"
                        >
                          {t('supervisionUi.common.remove')}
                        </Button>
                      </Group>
                    ) : (
                      <Tooltip label={t('supervisionUi.absences.overstayHint', { from: absence.fromDate })} multiline w={300} withArrow events={{ hover: true, focus: true, touch: true }}>
                        <Badge color="orange" variant="light" tt="none" tabIndex={0} data-testid="absence-overstay" style={{ whiteSpace: 'normal', height: 'auto', cursor: 'help' }}>
                          {t('supervisionUi.absences.overstay')}
                        </Badge>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'create' && <AbsenceFormModal personId={personId} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'goodReason' && (
        <GoodReasonModal
          personId={personId}
          personName={person?.name}
          target={{ subject: 'absence', absenceId: dialog.absence.id }}
          summary={`${t('supervisionUi.absences.fromDate')} ${dialog.absence.fromDate} — ${dialog.absence.toDate ?? t('supervisionUi.absences.notReturned')}`}
          onClose={() => setDialog(null)}
          onDone={changed}
        />
      )}
      {dialog?.kind === 'withdraw' && dialog.absence.goodReason && (
        <WithdrawGoodReasonModal goodReason={dialog.absence.goodReason} onClose={() => setDialog(null)} onDone={changed} />
      )}
      {dialog?.kind === 'end' && <AbsenceEndModal absence={dialog.absence} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'remove' && (
        <ReasonModal
          title={t('supervisionUi.common.removeTitle')}
          hint={t('supervisionUi.common.removeHint')}
          summary={`${dialog.absence.fromDate} — ${dialog.absence.toDate ?? t('supervisionUi.absences.notReturned')}`}
          confirmLabel={t('supervisionUi.common.remove')}
          color="red"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            await haven.absences.remove({ absenceId: dialog.absence.id, reason });
            notifySuccess(t('supervisionUi.common.removed'));
            changed();
          }}
        />
      )}
    </Stack>
  );
}
