import { Badge, Button, Group, Tooltip } from '@mantine/core';
import { IconDoorEnter, IconScale } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Absence } from '../../../../shared/domain/supervision';
import { haven } from '../../../ipc';
import { RecordPanel, useRecordDialog } from '../../../components/RecordPanel';
import type { SupervisionPanelProps } from '../common/types';
import { AbsenceEndModal } from './AbsenceEndModal';
import { AbsenceFormModal } from './AbsenceFormModal';
import { GoodReasonBadge, GoodReasonModal, WithdrawGoodReasonModal } from '../common/GoodReasonModal';
import { useRecords } from '../../../lib/useRecords';
import { removeWords } from '../common/forms';

const fetchAbsences = (personId: number) => haven.absences.list({ personId });

/** A recorded absence; the one a leave overstay opens by itself has no id until 销假. */
type StoredAbsence = Absence & { id: number };
const isStored = (absence: Absence): absence is StoredAbsence => absence.id !== null;

type Dialog = { kind: 'create' } | { kind: 'end' | 'goodReason' | 'withdraw' | 'correct'; absence: StoredAbsence };

/** 擅自离开执行地: each absence, running ones marked 未返回; they count for the serious-breach rule. */
export function AbsencesPanel({ personId, person, onChanged, version }: SupervisionPanelProps) {
  const { t } = useTranslation();
  const absences = useRecords(fetchAbsences, personId, version);
  const { dialog, open, close, done } = useRecordDialog<Dialog>(absences.reload, onChanged);
  const period = (absence: Absence) => `${absence.fromDate} — ${absence.toDate ?? t('supervisionUi.absences.notReturned')}`;

  return (
    <RecordPanel
      testId="absences-panel"
      state={absences}
      hint={t('supervisionUi.absences.ruleHint')}
      add={{ label: t('supervisionUi.absences.add'), testId: 'add-absence', onClick: () => open({ kind: 'create' }) }}
      emptyText={t('supervisionUi.absences.empty')}
      tableTestId="absences-table"
      minWidth={680}
      rowKey={(absence) => absence.id ?? `leave-${absence.leaveId ?? ''}-${absence.fromDate}`}
      rowTestId="absence-row"
      rowData={(absence) => ({ 'data-overstay': absence.id === null })}
      columns={[
        { header: t('supervisionUi.absences.fromDate'), width: 110, tabular: true, cell: (absence) => absence.fromDate },
        {
          header: t('supervisionUi.absences.toDate'),
          width: 110,
          tabular: true,
          cell: (absence) =>
            absence.toDate ?? (
              <Badge color="red" variant="light">
                {t('supervisionUi.absences.notReturned')}
              </Badge>
            ),
        },
        { header: t('supervisionUi.absences.days'), width: 70, tabular: true, cell: (absence) => absence.days },
        { header: t('supervisionUi.absences.discovered'), cell: (absence) => t(`supervision.discovered.${absence.discovered}`) },
        { header: t('supervisionUi.common.notes'), breakAnywhere: true, cell: (absence) => absence.notes || t('supervisionUi.common.none') },
      ]}
      actions={{
        header: t('supervisionUi.common.actions'),
        width: 260,
        cell: (absence, remove) =>
          isStored(absence) ? (
            <Group gap={4} wrap="wrap">
              {absence.goodReason ? (
                <GoodReasonBadge goodReason={absence.goodReason} onWithdraw={() => open({ kind: 'withdraw', absence })} onCorrected={done} />
              ) : (
                <Button size="compact-sm" variant="light" leftSection={<IconScale size={14} />} onClick={() => open({ kind: 'goodReason', absence })} data-testid="absence-good-reason">
                  {t('supervisionUi.goodReason.action')}
                </Button>
              )}
              {absence.toDate === null && (
                <Button size="compact-sm" variant="light" leftSection={<IconDoorEnter size={14} />} onClick={() => open({ kind: 'end', absence })} data-testid="absence-end">
                  {t('supervisionUi.absences.endAction')}
                </Button>
              )}
              {remove}
            </Group>
          ) : (
            <Tooltip label={t('supervisionUi.absences.overstayHint', { from: absence.fromDate })} multiline w={300} withArrow events={{ hover: true, focus: true, touch: true }}>
              <Badge color="orange" variant="light" tt="none" tabIndex={0} data-testid="absence-overstay" style={{ whiteSpace: 'normal', height: 'auto', cursor: 'help' }}>
                {t('supervisionUi.absences.overstay')}
              </Badge>
            </Tooltip>
          ),
      }}
      correct={{
        label: t('supervisionUi.common.correct'),
        testId: 'correct-absence',
        onClick: (absence) => isStored(absence) && open({ kind: 'correct', absence }),
        // One a late 销假 recorded is corrected through its leave.
        allowed: (absence) => isStored(absence) && absence.leaveId === null,
      }}
      remove={{
        ...removeWords(t, 'absences'),
        testId: 'remove-absence',
        size: 'compact-sm',
        summary: period,
        run: (absence, reason) => haven.absences.remove({ absenceId: absence.id, reason }),
        allowed: isStored,
      }}
      onChanged={onChanged}
    >
      {dialog?.kind === 'create' && <AbsenceFormModal personId={personId} onClose={close} onDone={done} />}
      {dialog?.kind === 'correct' && <AbsenceFormModal personId={personId} absence={dialog.absence} onClose={close} onDone={done} />}
      {dialog?.kind === 'goodReason' && (
        <GoodReasonModal
          personId={personId}
          personName={person?.name}
          target={{ subject: 'absence', absenceId: dialog.absence.id }}
          summary={`${t('supervisionUi.absences.fromDate')} ${period(dialog.absence)}`}
          onClose={close}
          onDone={done}
        />
      )}
      {dialog?.kind === 'withdraw' && dialog.absence.goodReason && <WithdrawGoodReasonModal goodReason={dialog.absence.goodReason} onClose={close} onDone={done} />}
      {dialog?.kind === 'end' && <AbsenceEndModal absence={dialog.absence} onClose={close} onDone={done} />}
    </RecordPanel>
  );
}
