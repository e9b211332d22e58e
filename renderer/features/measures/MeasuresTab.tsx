import { Button, Group, Stack, Text } from '@mantine/core';
import { IconFilePlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OPEN_STATUSES, type MeasureAction } from '../../../shared/domain/measures';
import type { MeasureDetail, PersonDetail } from '../../../shared/domain/persons';
import { haven } from '../../ipc';
import { useAsync } from '../../lib/useAsync';
import { DecisionModal } from './DecisionModal';
import { MeasureCard, type ReportIn } from './MeasureCard';
import { TransitionModal } from './TransitionModal';
import { DischargeNoticeModal } from './DischargeNoticeModal';
import type { GoodReason } from '../../../shared/domain/supervision';
import { GoodReasonModal, WithdrawGoodReasonModal } from '../supervision';
import { useCanWrite } from '../../lib/writeAccess';
import { LoadState } from '../../components/LoadState';

type Dialog =
  | { kind: 'register' }
  | { kind: 'edit'; measure: MeasureDetail }
  | { kind: 'transition'; measure: MeasureDetail; action: MeasureAction }
  | { kind: 'goodReason'; measure: MeasureDetail; reportIn: ReportIn }
  | { kind: 'withdraw'; measure: MeasureDetail; goodReason: GoodReason }
  | { kind: 'notice'; measure: MeasureDetail }
  | null;

/**
 * 措施: the person's measures, newest first. At most one is open (待报到, 执行中, 中止); a new
 * decision can be registered only when none is.
 */
export function MeasuresTab({ person, onMeasureChanged }: { person: PersonDetail; onMeasureChanged: (measure: MeasureDetail) => void }) {
  const { t } = useTranslation();
  const load = useCallback(() => haven.measures.list({ personId: person.id }), [person.id]);
  const measures = useAsync(load);
  const [dialog, setDialog] = useState<Dialog>(null);
  const canWrite = useCanWrite();
  const readOnly = person.archivedAt !== null || !canWrite;
  const hasOpen = measures.status === 'ready' && measures.data.some((m) => OPEN_STATUSES.includes(m.status));

  const done = (measure: MeasureDetail) => {
    setDialog(null);
    onMeasureChanged(measure);
    measures.reload();
  };
  // A 正当理由 changes the measure's report-ins (and the alerts): read the measure again.
  const reread = async (measureId: number) => {
    setDialog(null);
    const fresh = (await haven.measures.list({ personId: person.id })).find((m) => m.id === measureId);
    if (fresh) onMeasureChanged(fresh);
    measures.reload();
  };

  return (
    <Stack gap="md" data-testid="measures-tab">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {readOnly ? t('measures.tab.archivedHint') : hasOpen ? t('measures.tab.oneOpen') : t('measures.tab.registerHint')}
        </Text>
        {!readOnly && (
          <Button
            leftSection={<IconFilePlus size={18} />}
            disabled={measures.status !== 'ready' || hasOpen}
            onClick={() => setDialog({ kind: 'register' })}
            data-testid="register-measure"
          >
            {t('measures.tab.register')}
          </Button>
        )}
      </Group>
      <LoadState state={measures} reload={measures.reload} />
      {measures.status === 'ready' && measures.data.length === 0 && (
        <Text c="dimmed" data-testid="measures-empty">
          {t('measures.tab.empty')}
        </Text>
      )}
      {measures.status === 'ready' &&
        measures.data.map((measure) => (
          <MeasureCard
            key={measure.id}
            measure={measure}
            readOnly={readOnly}
            onAction={(action) => setDialog({ kind: 'transition', measure, action })}
            onEdit={() => setDialog({ kind: 'edit', measure })}
            onGoodReason={(reportIn) => setDialog({ kind: 'goodReason', measure, reportIn })}
            onWithdrawGoodReason={(goodReason) => setDialog({ kind: 'withdraw', measure, goodReason })}
            onGoodReasonCorrected={() => void reread(measure.id)}
            onDischargeNotice={() => setDialog({ kind: 'notice', measure })}
          />
        ))}
      {dialog?.kind === 'register' && <DecisionModal personId={person.id} measure={null} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'edit' && <DecisionModal personId={person.id} measure={dialog.measure} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'transition' && (
        <TransitionModal measure={dialog.measure} personId={person.id} personName={person.name} action={dialog.action} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === 'goodReason' && (
        <GoodReasonModal
          personId={person.id}
          personName={person.name}
          target={{ subject: 'report_in', measureId: dialog.measure.id, reportInFrom: dialog.reportIn.from }}
          summary={t('measures.card.goodReasonSummary', {
            basis: t(`measures.card.reportInBasis.${dialog.reportIn.basis}`),
            deadline: dialog.reportIn.deadline,
            reportedOn: dialog.reportIn.reportedOn ?? t('measures.card.notYetReported'),
          })}
          onClose={() => setDialog(null)}
          onDone={() => void reread(dialog.measure.id)}
        />
      )}
      {dialog?.kind === 'withdraw' && (
        <WithdrawGoodReasonModal goodReason={dialog.goodReason} onClose={() => setDialog(null)} onDone={() => void reread(dialog.measure.id)} />
      )}
      {dialog?.kind === 'notice' && <DischargeNoticeModal measure={dialog.measure} onClose={() => setDialog(null)} onDone={done} />}
    </Stack>
  );
}
