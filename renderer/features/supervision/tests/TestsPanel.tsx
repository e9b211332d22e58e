import { Badge, Button, Stack, Tooltip } from '@mantine/core';
import { IconScale } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { DrugTest } from '../../../../shared/domain/supervision';
import { haven } from '../../../ipc';
import { TestResultBadge } from '../common/badges';
import { RecordPanel, useRecordDialog } from '../../../components/RecordPanel';
import type { SupervisionPanelProps } from '../common/types';
import { TestFormModal } from './TestFormModal';
import { GoodReasonBadge, GoodReasonModal, WithdrawGoodReasonModal } from '../common/GoodReasonModal';
import { citationLabel } from '../../../../shared/domain/law';
import { useRecords } from '../../../lib/useRecords';
import { codeWord } from '../../../lib/errors';
import { removeWords } from '../common/forms';
import { useCanWrite } from '../../../lib/writeAccess';

const fetchTests = (personId: number) => haven.tests.list({ personId });

type Dialog = { kind: 'create' } | { kind: 'goodReason' | 'withdraw' | 'correct'; test: DrugTest };

/** A missed, refused or positive test counts toward a serious breach unless a 正当理由 answers it. */
const answerable = (test: DrugTest) => test.result !== 'negative';

/** 检测: the person's drug tests, newest first. */
export function TestsPanel({ personId, person, onChanged, version }: SupervisionPanelProps) {
  const canWrite = useCanWrite();
  const { t } = useTranslation();
  const tests = useRecords(fetchTests, personId, version);
  const { dialog, open, close, done } = useRecordDialog<Dialog>(tests.reload, onChanged);
  const none = t('supervisionUi.common.none');
  const summary = (test: DrugTest) => `${test.date} ${t(`supervision.result.${test.result}`)}`;

  return (
    <RecordPanel
      testId="tests-panel"
      state={tests}
      add={{ label: t('supervisionUi.tests.add'), testId: 'add-test', onClick: () => open({ kind: 'create' }) }}
      emptyText={t('supervisionUi.tests.empty')}
      tableTestId="tests-table"
      minWidth={860}
      highlightOnHover
      rowKey={(test) => test.id}
      rowTestId="test-row"
      columns={[
        { header: t('supervisionUi.tests.date'), tabular: true, nowrap: true, cell: (test) => test.date },
        { header: t('supervisionUi.tests.sample'), cell: (test) => t(`supervision.sample.${test.sample}`) },
        { header: t('supervisionUi.tests.mode'), nowrap: true, cell: (test) => t(`supervision.mode.${test.mode}`) },
        {
          header: t('supervisionUi.tests.result'),
          cell: (test) => (
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
          ),
        },
        { header: t('supervisionUi.tests.substances'), cell: (test) => test.substances.map((s) => codeWord(t, `ref.substance.${s}`)).join('、') || none },
        { header: t('supervisionUi.tests.tester'), cell: (test) => [test.tester, test.secondTester].filter(Boolean).join('、') || none },
        { header: t('supervisionUi.tests.place'), breakAnywhere: true, cell: (test) => test.place || none },
        { header: t('supervisionUi.tests.unannounced'), cell: (test) => (test.unannounced ? t('supervisionUi.common.yes') : '') },
        {
          header: t('supervisionUi.tests.goodReasonCol'),
          cell: (test) =>
            test.goodReason ? (
              <GoodReasonBadge goodReason={test.goodReason} onWithdraw={() => open({ kind: 'withdraw', test })} onCorrected={done} />
            ) : (
              answerable(test) &&
              canWrite && (
                <Button size="compact-xs" variant="light" leftSection={<IconScale size={14} />} onClick={() => open({ kind: 'goodReason', test })} data-testid="test-good-reason">
                  {t('supervisionUi.goodReason.action')}
                </Button>
              )
            ),
        },
      ]}
      correct={{ label: t('supervisionUi.common.correct'), testId: 'correct-test', onClick: (test) => open({ kind: 'correct', test }) }}
      remove={{
        ...removeWords(t, 'tests'),
        testId: 'remove-test',
        summary,
        run: (test, reason) => haven.tests.remove({ testId: test.id, reason }),
      }}
      onChanged={onChanged}
    >
      {dialog?.kind === 'create' && <TestFormModal personId={personId} gender={person?.gender ?? null} onClose={close} onDone={done} />}
      {dialog?.kind === 'correct' && <TestFormModal personId={personId} gender={person?.gender ?? null} test={dialog.test} onClose={close} onDone={done} />}
      {dialog?.kind === 'goodReason' && (
        <GoodReasonModal personId={personId} personName={person?.name} target={{ subject: 'test', testId: dialog.test.id }} summary={summary(dialog.test)} onClose={close} onDone={done} />
      )}
      {dialog?.kind === 'withdraw' && dialog.test.goodReason && (
        <WithdrawGoodReasonModal goodReason={dialog.test.goodReason} summary={`${summary(dialog.test)}：${dialog.test.goodReason.reason}`} onClose={close} onDone={done} />
      )}
    </RecordPanel>
  );
}
