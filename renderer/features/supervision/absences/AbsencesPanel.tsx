import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconDoorEnter, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Absence } from '../../../../shared/domain/supervision';
import { haven } from '../../../ipc';
import { notifySuccess } from '../../../lib/notify';
import { LoadState } from '../../../components/LoadState';
import { ReasonModal } from '../../../components/ReasonModal';
import type { SupervisionPanelProps } from '../common/types';
import { useRecords } from '../common/useRecords';
import { AbsenceEndModal } from './AbsenceEndModal';
import { AbsenceFormModal } from './AbsenceFormModal';

const fetchAbsences = (personId: number) => haven.absences.list({ personId });

type Dialog = { kind: 'create' } | { kind: 'end' | 'remove'; absence: Absence } | null;

/** 擅自离开执行地: each absence, running ones marked 未返回; they count for the serious-breach rule. */
export function AbsencesPanel({ personId, onChanged, version }: SupervisionPanelProps) {
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
                <Table.Th w={190}>{t('supervisionUi.common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {absences.data.map((absence) => (
                <Table.Tr key={absence.id} data-testid="absence-row">
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
                    <Group gap={4} wrap="wrap">
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
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'create' && <AbsenceFormModal personId={personId} onClose={() => setDialog(null)} onDone={changed} />}
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
