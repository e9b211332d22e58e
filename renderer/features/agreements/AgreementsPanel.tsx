import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agreement } from '../../../shared/domain/agreements';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { AgreementHistory } from './AgreementHistory';
import { AgreementTextModal } from './AgreementTextModal';
import { agreementOf } from './common';
import { MeasureAgreementCard } from './MeasureAgreementCard';
import { SignModal } from './SignModal';
import { VoidModal } from './VoidModal';
import { useCanWrite } from '../../lib/writeAccess';

/** What the 协议 panel takes, as the person file's other panels do. */
export interface AgreementsPanelProps {
  personId: number;
  /** Called after the panel changed something (alerts and the timeline may need to reload). */
  onChanged?: () => void;
  /** Bumped by the host when something elsewhere changed (a report-in, a new working group). */
  version?: number;
  /** Archived file: view and print only. */
  readOnly?: boolean;
}

type Dialog = { kind: 'sign' | 'void' | 'text'; agreement: Agreement } | null;

async function loadAll(personId: number) {
  const [measures, agreements, templates, attachments] = await Promise.all([
    haven.measures.list({ personId }),
    haven.agreements.list({ personId }),
    haven.agreements.templates(),
    haven.attachments.list({ personId }),
  ]);
  return { measures, agreements, templates, attachments };
}

/**
 * 协议: per measure that has reported in, the agreement's state (未签订 / 草稿 / 已签订 / 已作废)
 * and the next step (生成 → 预览并打印 → 标记为已签订 → 上传扫描件; 作废 then again); below, every
 * agreement on record with its exact stored text.
 */
export function AgreementsPanel({ personId, onChanged, version = 0, readOnly: archived = false }: AgreementsPanelProps) {
  const canWrite = useCanWrite();
  const readOnly = archived || !canWrite;
  const { t } = useTranslation();
  const load = useCallback(() => loadAll(personId), [personId]);
  const data = useAsync(load);
  const { reload } = data;
  const [dialog, setDialog] = useState<Dialog>(null);

  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    reload();
  }, [version, reload]);

  const changed = useCallback(() => {
    setDialog(null);
    reload();
    onChanged?.();
  }, [reload, onChanged]);

  if (data.status === 'loading') return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (data.status === 'error') {
    return (
      <Alert color="red" variant="light" title={t('common.loadFailed')}>
        <Text size="sm">{errorMessage(t, data.error)}</Text>
        <Button size="xs" variant="light" mt="xs" onClick={reload}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  }

  const { measures, agreements, templates, attachments } = data.data;
  const reported = measures.filter((m) => m.reportInDate !== null);
  const pending = measures.filter((m) => m.reportInDate === null && m.status === 'pending_report');
  const currentTemplate = (kind: string) => templates.find((tpl) => tpl.kind === kind) ?? null;
  const signMeasure = dialog?.kind === 'sign' ? measures.find((m) => m.id === dialog.agreement.measureId) : undefined;

  return (
    <Stack gap="md" data-testid="agreements-panel">
      <Text size="sm" c="dimmed" maw={860}>
        {t('agreementsUi.panel.intro')}
      </Text>
      {measures.length === 0 && (
        <Text c="dimmed" data-testid="agreements-no-measures">
          {t('agreementsUi.panel.noMeasures')}
        </Text>
      )}
      {pending.map((m) => (
        <Alert key={m.id} color="gray" variant="light" data-testid="agreements-pending">
          {t('agreementsUi.panel.pending', { kind: t(`measure.kind.${m.kind}`), decisionNumber: m.decisionNumber })}
        </Alert>
      ))}
      {reported.map((m) => (
        <MeasureAgreementCard
          key={m.id}
          measure={m}
          agreement={agreementOf(agreements, m.id)}
          template={currentTemplate(m.kind)}
          attachments={attachments}
          readOnly={readOnly}
          onSign={(agreement) => setDialog({ kind: 'sign', agreement })}
          onVoid={(agreement) => setDialog({ kind: 'void', agreement })}
          onViewText={(agreement) => setDialog({ kind: 'text', agreement })}
          onChanged={changed}
        />
      ))}
      <AgreementHistory agreements={agreements} onViewText={(agreement) => setDialog({ kind: 'text', agreement })} />

      {dialog?.kind === 'sign' && signMeasure && <SignModal agreement={dialog.agreement} measure={signMeasure} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'void' && <VoidModal agreement={dialog.agreement} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'text' && <AgreementTextModal agreement={dialog.agreement} onClose={() => setDialog(null)} />}
    </Stack>
  );
}
