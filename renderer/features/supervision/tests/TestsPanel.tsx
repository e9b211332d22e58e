import { Badge, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconPlus, IconScale, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrugTest } from '../../../../shared/domain/supervision';
import { haven } from '../../../ipc';
import { notifySuccess } from '../../../lib/notify';
import { TestResultBadge } from '../common/badges';
import { LoadState } from '../../../components/LoadState';
import { ReasonModal } from '../../../components/ReasonModal';
import type { SupervisionPanelProps } from '../common/types';
import { TestFormModal } from './TestFormModal';
import { GoodReasonBadge, GoodReasonModal, WithdrawGoodReasonModal } from '../common/GoodReasonModal';
import { citationLabel } from '../../../../shared/domain/law';
import { useRecords } from '../../../lib/useRecords';
import { codeWord } from '../../../lib/errors';

const fetchTests = (personId: number) => haven.tests.list({ personId });

type Dialog = { kind: 'create' } | { kind: 'remove' | 'goodReason' | 'withdraw'; test: DrugTest } | null;

/** A missed, refused or positive test counts toward a serious breach unless a 正当理由 answers it. */
const answerable = (test: DrugTest) => test.result !== 'negative';

/** 检测: the person's drug tests, newest first. */
export function TestsPanel({ personId, person, onChanged, version }: SupervisionPanelProps) {
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
        <Table.ScrollContainer minWidth={860}>
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
                <Table.Th>{t('supervisionUi.tests.goodReasonCol')}</Table.Th>
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
                    <Stack gap={4} align="flex-start">
                      <TestResultBadge result={test.result} />
                      {test.procedureWarnings.map((w) => (
                        <Tooltip key={w} label={t('supervisionUi.tests.procedureTooltip', { source: citationLabel('TEST-PROCEDURE') })} multiline w={280} withArrow>
                          <Badge size="xs" color="orange" variant="outline" tt="none" data-testid="test-procedure-warning" data-warning={w} style={{ whiteSpace: 'normal', height: 'auto' }}>
                            {t(`supervision.procedureWarning.${w}`)}
                          </Badge>
                        </Tooltip>
                      ))}
                    </Stack>
                  </Table.Td>
                  <Table.Td>{test.substances.map((s) => codeWord(t, `ref.substance.${s}`)).join('、') || t('supervisionUi.common.none')}</Table.Td>
                  <Table.Td>{[test.tester, test.secondTester].filter(Boolean).join('、') || t('supervisionUi.common.none')}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{test.place || t('supervisionUi.common.none')}</Table.Td>
                  <Table.Td>{test.unannounced ? t('supervisionUi.common.yes') : ''}</Table.Td>
                  <Table.Td>
                    {test.goodReason ? (
                      <GoodReasonBadge goodReason={test.goodReason} onWithdraw={() => setDialog({ kind: 'withdraw', test })} />
                    ) : (
                      answerable(test) && (
                        <Button size="compact-xs" variant="light" leftSection={<IconScale size={14} />} onClick={() => setDialog({ kind: 'goodReason', test })} data-testid="test-good-reason">
                          {t('supervisionUi.goodReason.action')}
                        </Button>
                      )
                    )}
                  </Table.Td>
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
      {dialog?.kind === 'create' && <TestFormModal personId={personId} gender={person?.gender ?? null} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'goodReason' && (
        <GoodReasonModal
          personId={personId}
          personName={person?.name}
          target={{ subject: 'test', testId: dialog.test.id }}
          summary={`${dialog.test.date} ${t(`supervision.result.${dialog.test.result}`)}`}
          onClose={() => setDialog(null)}
          onDone={changed}
        />
      )}
      {dialog?.kind === 'withdraw' && dialog.test.goodReason && (
        <WithdrawGoodReasonModal
          goodReason={dialog.test.goodReason}
          summary={`${dialog.test.date} ${t(`supervision.result.${dialog.test.result}`)}：${dialog.test.goodReason.reason}`}
          onClose={() => setDialog(null)}
          onDone={changed}
        />
      )}
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
