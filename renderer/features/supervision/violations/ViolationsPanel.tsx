import { Badge, Button, Stack, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Violation } from '../../../../shared/domain/supervision';
import { haven } from '../../../ipc';
import { ArticleLabel, ViolationSeverityBadge } from '../common/badges';
import { RecordPanel, useRecordDialog } from '../../../components/RecordPanel';
import type { SupervisionPanelProps } from '../common/types';
import { PoliceReportModal } from './PoliceReportModal';
import { ViolationFormModal } from './ViolationFormModal';
import { useRecords } from '../../../lib/useRecords';
import { codeWord } from '../../../lib/errors';
import { useCanWrite } from '../../../lib/writeAccess';

const fetchViolations = (personId: number) => haven.violations.list({ personId });

type Dialog = { kind: 'create' } | { kind: 'report' | 'correct'; violation: Violation };

/** 违反协议: severity, the rule and article it answered, how it was handled, and the police report. */
export function ViolationsPanel({ personId, onChanged, version }: SupervisionPanelProps) {
  const canWrite = useCanWrite();
  const { t, i18n } = useTranslation();
  const violations = useRecords(fetchViolations, personId, version);
  const { dialog, open, close, done } = useRecordDialog<Dialog>(violations.reload, onChanged);
  const none = t('supervisionUi.common.none');

  return (
    <RecordPanel
      testId="violations-panel"
      state={violations}
      add={{ label: t('supervisionUi.violations.add'), testId: 'add-violation', onClick: () => open({ kind: 'create' }) }}
      emptyText={t('supervisionUi.violations.empty')}
      tableTestId="violations-table"
      minWidth={760}
      alignTop
      rowKey={(violation) => violation.id}
      rowTestId="violation-row"
      rowData={(violation) => ({ 'data-severity': violation.severity })}
      columns={[
        { header: t('supervisionUi.violations.date'), width: 100, tabular: true, nowrap: true, cell: (violation) => violation.date },
        { header: t('supervisionUi.violations.severity'), width: 70, cell: (violation) => <ViolationSeverityBadge severity={violation.severity} /> },
        {
          header: t('supervisionUi.violations.description'),
          cell: (violation) => (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {violation.description}
            </Text>
          ),
        },
        {
          header: t('supervisionUi.violations.rule'),
          width: 170,
          cell: (violation) => (
            <>
              {violation.ruleId && i18n.exists(`supervisionUi.ruleName.${violation.ruleId}`) && <Text size="sm">{codeWord(t, `supervisionUi.ruleName.${violation.ruleId}`)}</Text>}
              <ArticleLabel article={violation.article} />
              {!violation.ruleId && !violation.article && none}
            </>
          ),
        },
        {
          header: t('supervisionUi.violations.handling'),
          width: 120,
          cell: (violation) => (
            <>
              <Text size="sm">{violation.handling ? codeWord(t, `supervision.handling.${violation.handling}`) : none}</Text>
              {violation.warnedOn && (
                <Text size="xs" c="dimmed" className="haven-tabular">
                  {t('supervisionUi.violations.warnedOnDate', { date: violation.warnedOn })}
                </Text>
              )}
            </>
          ),
        },
        {
          header: t('supervisionUi.violations.police'),
          width: 180,
          cell: (violation) =>
            violation.reportedToPoliceOn ? (
              <Text size="sm" data-testid="police-reported" style={{ overflowWrap: 'anywhere' }}>
                {t('supervisionUi.violations.reported', { date: violation.reportedToPoliceOn, to: violation.reportedTo })}
              </Text>
            ) : (
              <Stack gap={4} align="flex-start">
                <Badge color={violation.severity === 'serious' ? 'red' : 'gray'} variant="light">
                  {t('supervisionUi.violations.notReported')}
                </Badge>
                {canWrite && (
                <Button
                  size="compact-sm"
                  variant={violation.severity === 'serious' ? 'filled' : 'light'}
                  color={violation.severity === 'serious' ? 'red' : undefined}
                  leftSection={<IconShieldCheck size={14} />}
                  onClick={() => open({ kind: 'report', violation })}
                  data-testid="violation-report"
                >
                  {t('supervisionUi.violations.reportAction')}
                </Button>
                )}
              </Stack>
            ),
        },
      ]}
      correct={{ label: t('supervisionUi.common.correct'), testId: 'correct-violation', onClick: (violation) => open({ kind: 'correct', violation }) }}
      onChanged={onChanged}
    >
      {dialog?.kind === 'create' && <ViolationFormModal personId={personId} onClose={close} onDone={done} />}
      {dialog?.kind === 'correct' && <ViolationFormModal personId={personId} violation={dialog.violation} onClose={close} onDone={done} />}
      {dialog?.kind === 'report' && (
        <PoliceReportModal violationId={dialog.violation.id} summary={`${dialog.violation.date} ${dialog.violation.description}`} onClose={close} onDone={done} />
      )}
    </RecordPanel>
  );
}
