import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrugTest } from '../../../../shared/domain/supervision';
import { haven } from '../../../ipc';
import { notifySuccess } from '../../../lib/notify';
import { TestResultBadge } from '../common/badges';
import { LoadState } from '../../../components/LoadState';
import { ReasonModal } from '../../../components/ReasonModal';
import type { SupervisionPanelProps } from '../common/types';
import { useRecords } from '../common/useRecords';
import { TestFormModal } from './TestFormModal';

const fetchTests = (personId: number) => haven.tests.list({ personId });

type Dialog = { kind: 'create' } | { kind: 'remove'; test: DrugTest } | null;

/** 检测: the person's drug tests, newest first. */
export function TestsPanel({ personId, onChanged, version }: SupervisionPanelProps) {
  const { t } = useTranslation();
  const tests = useRecords(fetchTests, personId, version);
  const [dialog, setDialog] = useState<Dialog>(null);
  const changed = () => {
    setDialog(null);
    tests.reload();
    onChanged?.();
  };

  return (
    <Stack gap="md" data-testid="tests-panel">
      <Group justify="flex-end">
        <Button leftSection={<IconPlus size={18} />} onClick={() => setDialog({ kind: 'create' })} data-testid="add-test">
          {t('supervisionUi.tests.add')}
        </Button>
      </Group>
      <LoadState state={tests} reload={tests.reload} />
      {tests.status === 'ready' && tests.data.length === 0 && <Text c="dimmed">{t('supervisionUi.tests.empty')}</Text>}
      {tests.status === 'ready' && tests.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover verticalSpacing="xs" data-testid="tests-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('supervisionUi.tests.date')}</Table.Th>
                <Table.Th>{t('supervisionUi.tests.sample')}</Table.Th>
                <Table.Th>{t('supervisionUi.tests.mode')}</Table.Th>
                <Table.Th>{t('supervisionUi.tests.result')}</Table.Th>
                <Table.Th>{t('supervisionUi.tests.substances')}</Table.Th>
                <Table.Th>{t('supervisionUi.tests.tester')}</Table.Th>
                <Table.Th>{t('supervisionUi.tests.place')}</Table.Th>
                <Table.Th>{t('supervisionUi.tests.unannounced')}</Table.Th>
                <Table.Th w={60} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tests.data.map((test) => (
                <Table.Tr key={test.id} data-testid="test-row">
                  <Table.Td className="haven-tabular" style={{ whiteSpace: 'nowrap' }}>
                    {test.date}
                  </Table.Td>
                  <Table.Td>{t(`supervision.sample.${test.sample}`)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{t(`supervision.mode.${test.mode}`)}</Table.Td>
                  <Table.Td>
                    <TestResultBadge result={test.result} />
                  </Table.Td>
                  <Table.Td>{test.substances.map((s) => t(`ref.substance.${s}`)).join('、') || t('supervisionUi.common.none')}</Table.Td>
                  <Table.Td>{test.tester || t('supervisionUi.common.none')}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{test.place || t('supervisionUi.common.none')}</Table.Td>
                  <Table.Td>{test.unannounced ? t('supervisionUi.common.yes') : ''}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconTrash size={14} />}
                      onClick={() => setDialog({ kind: 'remove', test })}
                      data-testid="remove-test"
                    >
                      {t('supervisionUi.common.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'create' && <TestFormModal personId={personId} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'remove' && (
        <ReasonModal
          title={t('supervisionUi.common.removeTitle')}
          hint={t('supervisionUi.common.removeHint')}
          summary={`${dialog.test.date} ${t(`supervision.result.${dialog.test.result}`)}`}
          confirmLabel={t('supervisionUi.common.remove')}
          color="red"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            await haven.tests.remove({ testId: dialog.test.id, reason });
            notifySuccess(t('supervisionUi.common.removed'));
            changed();
          }}
        />
      )}
    </Stack>
  );
}
