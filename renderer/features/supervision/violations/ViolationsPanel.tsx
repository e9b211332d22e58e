import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlus, IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Violation } from '../../../../shared/domain/supervision';
import { haven } from '../../../ipc';
import { ArticleLabel, ViolationSeverityBadge } from '../common/badges';
import { LoadState } from '../../../components/LoadState';
import type { SupervisionPanelProps } from '../common/types';
import { PoliceReportModal } from './PoliceReportModal';
import { ViolationFormModal } from './ViolationFormModal';
import { useRecords } from '../../../lib/useRecords';
import { codeWord } from '../../../lib/errors';

const fetchViolations = (personId: number) => haven.violations.list({ personId });

type Dialog = { kind: 'create' } | { kind: 'report'; violation: Violation } | null;

/** 违反协议: severity, the rule and article it answered, how it was handled, and the police report. */
export function ViolationsPanel({ personId, onChanged, version }: SupervisionPanelProps) {
  const { t, i18n } = useTranslation();
  const violations = useRecords(fetchViolations, personId, version);
  const [dialog, setDialog] = useState<Dialog>(null);
  const none = t('supervisionUi.common.none');
  const changed = () => {
    setDialog(null);
    violations.reload();
    onChanged?.();
  };

  return (
    <Stack gap="md" data-testid="violations-panel">
      <Group justify="flex-end">
        <Button leftSection={<IconPlus size={18} />} onClick={() => setDialog({ kind: 'create' })} data-testid="add-violation">
          {t('supervisionUi.violations.add')}
        </Button>
      </Group>
      <LoadState state={violations} reload={violations.reload} />
      {violations.status === 'ready' && violations.data.length === 0 && <Text c="dimmed">{t('supervisionUi.violations.empty')}</Text>}
      {violations.status === 'ready' && violations.data.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="violations-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={100}>{t('supervisionUi.violations.date')}</Table.Th>
                <Table.Th w={70}>{t('supervisionUi.violations.severity')}</Table.Th>
                <Table.Th>{t('supervisionUi.violations.description')}</Table.Th>
                <Table.Th w={170}>{t('supervisionUi.violations.rule')}</Table.Th>
                <Table.Th w={120}>{t('supervisionUi.violations.handling')}</Table.Th>
                <Table.Th w={180}>{t('supervisionUi.violations.police')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {violations.data.map((violation) => (
                <Table.Tr key={violation.id} data-testid="violation-row" data-severity={violation.severity}>
                  <Table.Td className="haven-tabular" style={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>
                    {violation.date}
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <ViolationSeverityBadge severity={violation.severity} />
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {violation.description}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    {violation.ruleId && i18n.exists(`supervisionUi.ruleName.${violation.ruleId}`) && (
                      <Text size="sm">{codeWord(t, `supervisionUi.ruleName.${violation.ruleId}`)}</Text>
                    )}
                    <ArticleLabel article={violation.article} />
                    {!violation.ruleId && !violation.article && none}
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Text size="sm">{violation.handling ? codeWord(t, `supervision.handling.${violation.handling}`) : none}</Text>
                    {violation.warnedOn && (
                      <Text size="xs" c="dimmed" className="haven-tabular">
                        {t('supervisionUi.violations.warnedOnDate', { date: violation.warnedOn })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    {violation.reportedToPoliceOn ? (
                      <Text size="sm" data-testid="police-reported" style={{ overflowWrap: 'anywhere' }}>
                        {t('supervisionUi.violations.reported', { date: violation.reportedToPoliceOn, to: violation.reportedTo })}
                      </Text>
                    ) : (
                      <Stack gap={4} align="flex-start">
                        <Badge color={violation.severity === 'serious' ? 'red' : 'gray'} variant="light">
                          {t('supervisionUi.violations.notReported')}
                        </Badge>
                        <Button
                          size="compact-sm"
                          variant={violation.severity === 'serious' ? 'filled' : 'light'}
                          color={violation.severity === 'serious' ? 'red' : undefined}
                          leftSection={<IconShieldCheck size={14} />}
                          onClick={() => setDialog({ kind: 'report', violation })}
                          data-testid="violation-report"
                        >
                          {t('supervisionUi.violations.reportAction')}
                        </Button>
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'create' && <ViolationFormModal personId={personId} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'report' && (
        <PoliceReportModal
          violationId={dialog.violation.id}
          summary={`${dialog.violation.date} ${dialog.violation.description}`}
          onClose={() => setDialog(null)}
          onDone={changed}
        />
      )}
    </Stack>
  );
}
