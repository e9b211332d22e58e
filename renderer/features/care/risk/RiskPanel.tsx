import { Alert, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskAssessment } from '../../../../shared/domain/care';
import type { RiskTable } from '../../../../shared/rules/risk';
import { assessedFactors, derivedFactors } from '../../../../shared/rules/risk';
import { haven } from '../../../ipc';
import { RowMenu } from '../../../components/RowMenu';
import { ReasonModal } from '../../../components/ReasonModal';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { RiskLevelBadge } from '../common/badges';
import { LoadState } from '../../../components/LoadState';
import type { CarePanelProps } from '../common/types';
import { optionLabel } from './labels';
import { RiskAssessmentModal } from './RiskAssessmentModal';
import { useRecords } from '../../../lib/useRecords';
import { useCanWrite } from '../../../lib/writeAccess';

const fetchAssessments = (personId: number) => haven.risk.list({ personId });

/** 风险评估: the history, newest first, and the form for a new assessment. */
export function RiskPanel({ personId, onChanged, version }: CarePanelProps) {
  const canWrite = useCanWrite();
  const { t } = useTranslation();
  const assessments = useRecords(fetchAssessments, personId, version);
  const [table, setTable] = useState<RiskTable | null>(null);
  /** The assessment being corrected (更正), or none for a new one. */
  const [editing, setEditing] = useState<RiskAssessment | undefined>(undefined);
  const [opening, setOpening] = useState(false);
  const [openError, setOpenError] = useState<unknown>(null);
  /** The assessment being deleted as a mistake (删除（录入错误）). */
  const [removing, setRemoving] = useState<RiskAssessment | null>(null);

  // The table is read when the form opens, so an admin's change made meanwhile applies.
  const open = async (assessment?: RiskAssessment) => {
    setEditing(assessment);
    setOpening(true);
    setOpenError(null);
    try {
      setTable(await haven.riskTable.get());
    } catch (caught) {
      setOpenError(caught);
    } finally {
      setOpening(false);
    }
  };

  const done = () => {
    setTable(null);
    setRemoving(null);
    assessments.reload();
    onChanged?.();
  };

  return (
    <Stack gap="md" data-testid="risk-panel">
      <Group justify="space-between" align="center" wrap="wrap">
        {assessments.status === 'ready' && assessments.data[0] ? (
          <Text size="sm" c="dimmed" data-testid="risk-next-due">
            {t('careUi.risk.nextDueLine', { date: assessments.data[0].nextDueDate })}
          </Text>
        ) : (
          <span />
        )}
        {canWrite && (
          <Button leftSection={<IconPlus size={18} />} onClick={() => void open()} loading={opening} data-testid="add-risk">
            {t('careUi.risk.add')}
          </Button>
        )}
      </Group>
      {openError !== null && (
        <Alert color="red" variant="light" title={t('careUi.risk.noTable')}>
          {errorMessage(t, openError)}
        </Alert>
      )}
      <LoadState state={assessments} reload={assessments.reload} />
      {assessments.status === 'ready' && assessments.data.length === 0 && (
        <Text c="dimmed" data-testid="risk-empty">
          {t('careUi.risk.empty')}
        </Text>
      )}
      {assessments.status === 'ready' && assessments.data.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="xs" data-testid="risk-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('careUi.risk.date')}</Table.Th>
                <Table.Th ta="right">{t('careUi.risk.score')}</Table.Th>
                <Table.Th>{t('careUi.risk.suggested')}</Table.Th>
                <Table.Th>{t('careUi.risk.level')}</Table.Th>
                <Table.Th>{t('careUi.risk.overrideReason')}</Table.Th>
                <Table.Th>{t('careUi.risk.nextDue')}</Table.Th>
                <Table.Th>{t('careUi.risk.assessor')}</Table.Th>
                {canWrite && <Table.Th w={130} aria-label={t('careUi.common.actions')} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {assessments.data.map((a) => (
                <Table.Tr key={a.id} data-testid="risk-row">
                  <Table.Td className="haven-tabular" style={{ whiteSpace: 'nowrap' }}>
                    {a.date}
                  </Table.Td>
                  <Table.Td ta="right" className="haven-tabular">
                    <Tooltip label={<ScoreDetail assessment={a} />} multiline w={300} withArrow openDelay={200} events={{ hover: true, focus: true, touch: true }}>
                      <Text span size="sm" tabIndex={0} style={{ textDecoration: 'underline dotted', cursor: 'help' }} data-testid="risk-row-score">
                        {a.score}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <RiskLevelBadge level={a.suggestedLevel} size="sm" />
                  </Table.Td>
                  <Table.Td>
                    <RiskLevelBadge level={a.level} />
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere', minWidth: 160 }}>{a.overrideReason || t('careUi.common.none')}</Table.Td>
                  <Table.Td className="haven-tabular" style={{ whiteSpace: 'nowrap' }}>
                    {a.nextDueDate}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.assessor ?? t('careUi.common.none')}</Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <RowMenu
                          label={t('careUi.common.rowMenu')}
                          correct={{ label: t('careUi.common.correct'), testId: 'correct-risk', onClick: () => void open(a) }}
                          remove={{ label: t('careUi.common.remove'), testId: 'remove-risk', onClick: () => setRemoving(a) }}
                        />
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {table && <RiskAssessmentModal personId={personId} table={table} assessment={editing} onClose={() => setTable(null)} onDone={done} />}
      {removing && (
        <ReasonModal
          title={t('careUi.common.removeTitle')}
          hint={t('careUi.risk.removeHint')}
          summary={t('careUi.risk.removeSummary', { date: removing.date, level: t(`supervision.riskLevel.${removing.level}`), score: removing.score })}
          label={t('careUi.common.reason')}
          confirmLabel={t('careUi.common.removeConfirm')}
          color="red"
          irreversible
          onClose={() => setRemoving(null)}
          onSubmit={async (reason) => {
            await haven.risk.remove({ assessmentId: removing.id, reason });
            notifySuccess(t('careUi.common.removed'));
            done();
          }}
        />
      )}
    </Stack>
  );
}

/** The saved breakdown: each factor with the option chosen and its points. */
function ScoreDetail({ assessment }: { assessment: RiskAssessment }) {
  const { t } = useTranslation();
  const points = (factor: string) => assessment.derived[`points.${factor}`];
  return (
    <Stack gap={2}>
      {assessedFactors.map((factor) => (
        <Text key={factor} size="xs">
          {t(`risk.factor.${factor}`)}：{assessment.factors[factor] ? optionLabel(t, factor, assessment.factors[factor]) : ''}（{String(points(factor) ?? 0)}）
        </Text>
      ))}
      {derivedFactors.map((factor) => (
        <Text key={factor} size="xs">
          {t(`risk.factor.${factor}`)}：{String(points(factor) ?? 0)}
        </Text>
      ))}
    </Stack>
  );
}
