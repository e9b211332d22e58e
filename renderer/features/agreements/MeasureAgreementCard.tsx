import { Alert, Badge, Button, FileButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconBan, IconFileText, IconFileUpload, IconSignature, IconWand } from '@tabler/icons-react';
import { useState, type ComponentProps, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agreement, AgreementTemplate } from '../../../shared/domain/agreements';
import type { AttachmentMeta, MeasureDetail } from '../../../shared/domain/persons';
import { isHavenError } from '../../../shared/ipc/errors';
import { ATTACHMENT_MAX_BYTES } from '../../../shared/schemas/person';
import { haven } from '../../ipc';
import { errorMessage, translateKey } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { PrintButton } from '../print';
import { canDraft, formatMegabytes, readFileBase64 } from './common';
import { AgreementStatusBadge, ShaText } from './StatusBadge';

/** What the scan picker offers; the core checks the real type from the bytes. */
const SCAN_ACCEPT = 'image/jpeg,image/png,application/pdf';

export interface MeasureAgreementCardProps {
  measure: MeasureDetail;
  /** The agreement that stands for this measure (signed, else draft, else last voided), or null. */
  agreement: Agreement | null;
  /** The current template of the measure's kind (its version is what a new draft uses). */
  template: AgreementTemplate | null;
  attachments: AttachmentMeta[];
  readOnly: boolean;
  onSign: (agreement: Agreement) => void;
  onVoid: (agreement: Agreement) => void;
  onViewText: (agreement: Agreement) => void;
  onChanged: () => void;
}

function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="baseline">
      <Text size="sm" c="dimmed" w={120} style={{ flex: 'none' }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

/** One measure that has reported in: its agreement's state, the facts that matter, the next step. */
export function MeasureAgreementCard({ measure, agreement, template, attachments, readOnly, onSign, onVoid, onViewText, onChanged }: MeasureAgreementCardProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<'generate' | 'scan' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const status = agreement?.status ?? 'none';
  const draftable = canDraft(measure) && status !== 'signed' && !readOnly;
  const scan = agreement?.scanAttachmentId ? attachments.find((a) => a.id === agreement.scanAttachmentId) : undefined;

  const generate = async () => {
    setBusy('generate');
    setError(null);
    try {
      const draft = await haven.agreements.generate({ measureId: measure.id });
      notifySuccess(t('agreementsUi.generate.done', { version: draft.templateVersion }));
      onChanged();
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(null);
    }
  };

  const uploadScan = async (file: File | null) => {
    if (!file || !agreement) return;
    setError(null);
    if (file.size === 0) return setError(t('validation.fileEmpty'));
    if (file.size > ATTACHMENT_MAX_BYTES) return setError(t('validation.fileTooLarge'));
    setBusy('scan');
    try {
      const dataBase64 = await readFileBase64(file);
      const note = t('agreementsUi.scan.note', { title: agreement.title });
      const meta = await haven.attachments.add({ personId: measure.personId, kind: 'document', filename: file.name || 'scan', note, dataBase64 });
      await haven.agreements.attachScan({ agreementId: agreement.id, attachmentId: meta.id });
      notifySuccess(t('agreementsUi.scan.done'));
      onChanged();
    } catch (caught) {
      // The core's verdict on the bytes (type, size, unreadable) is about the file itself.
      const field = isHavenError(caught) ? (caught.fields?.dataBase64 ?? caught.fields?.filename) : undefined;
      setError(field ? translateKey(t, field) : errorMessage(t, caught));
    } finally {
      setBusy(null);
    }
  };

  const measureStatusColor = measure.status === 'active' ? 'teal' : measure.status === 'suspended' ? 'yellow' : 'gray';

  return (
    <Paper withBorder radius="md" p="md" data-testid="measure-agreement" data-measure-id={measure.id} data-status={status}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={2}>
            <Group gap="xs" wrap="wrap">
              <Title order={3} size="h5">
                {t('agreementsUi.panel.measure', { kind: t(`measure.kind.${measure.kind}`), decisionNumber: measure.decisionNumber })}
              </Title>
              <Badge variant="outline" color={measureStatusColor} size="sm">
                {t(`measure.status.${measure.status}`)}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed" className="haven-tabular">
              {t('agreementsUi.panel.reportIn', { date: measure.reportInDate ?? '' })}
              {measure.plannedEnd ? ` · ${t('agreementsUi.panel.term', { date: measure.plannedEnd })}` : ''}
            </Text>
          </Stack>
          <AgreementStatusBadge agreement={agreement} size="lg" />
        </Group>

        {agreement && (
          <Stack gap={4}>
            <Line label={t('agreementsUi.history.agreement')}>
              {t('agreementsUi.detail.template', { title: agreement.title, version: agreement.templateVersion })}
            </Line>
            <Line label={t('agreementsUi.history.generated')}>
              <span className="haven-tabular">{formatDateTime(agreement.generatedAt)}</span> {agreement.generatedBy ?? ''}
            </Line>
            {agreement.signedOn && (
              <Line label={t('agreementsUi.history.signedOn')}>
                <span className="haven-tabular" data-testid="agreement-signed-on">
                  {agreement.signedOn}
                </span>
                {agreement.signedBy ? ` · ${t('agreementsUi.detail.signedBy', { by: agreement.signedBy })}` : ''}
              </Line>
            )}
            <Line label={t('agreementsUi.detail.sha')}>
              <ShaText sha={agreement.sha256} />
            </Line>
            {agreement.status === 'signed' && (
              <Line label={t('agreementsUi.detail.scan')}>
                <span data-testid="agreement-scan">
                  {scan
                    ? t('agreementsUi.detail.scanFile', { filename: scan.filename })
                    : agreement.scanAttachmentId
                      ? t('agreementsUi.detail.scanMissing')
                      : t('agreementsUi.detail.scanNone')}
                </span>
              </Line>
            )}
          </Stack>
        )}

        {status === 'draft' && !readOnly && (
          <Text size="sm" c="blue.8">
            {t('agreementsUi.detail.draftHint')}
          </Text>
        )}
        {status === 'voided' && agreement && (
          <Text size="sm" c="orange.8">
            {t('agreementsUi.detail.voidedHint', { date: agreement.voidedOn ?? '', reason: agreement.voidReason })}
          </Text>
        )}
        {draftable && template && (
          <Text size="sm" c="dimmed" data-testid="generate-hint">
            {status === 'draft'
              ? t('agreementsUi.generate.regenerateHint', { version: template.version })
              : t('agreementsUi.generate.hint', { title: template.title, version: template.version })}
          </Text>
        )}
        {!canDraft(measure) && status !== 'signed' && (
          <Text size="sm" c="dimmed">
            {t('agreementsUi.panel.measureClosed')}
          </Text>
        )}
        {error && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert" data-testid="agreement-error">
            {error}
          </Alert>
        )}

        <Group gap="sm" wrap="wrap">
          {draftable && (
            <Button
              variant={status === 'draft' ? 'default' : 'filled'}
              leftSection={<IconWand size={18} />}
              onClick={() => void generate()}
              loading={busy === 'generate'}
              disabled={busy !== null}
              data-testid="agreement-generate"
            >
              {status === 'draft' ? t('agreementsUi.actions.regenerate') : t('agreementsUi.actions.generate')}
            </Button>
          )}
          {agreement && (
            <PrintButton request={{ document: 'agreement', agreementId: agreement.id }} label={t('agreementsUi.actions.preview')} variant={status === 'draft' ? 'filled' : 'default'} data-testid="agreement-preview" />
          )}
          {agreement?.status === 'draft' && !readOnly && (
            <Button variant="light" color="teal" leftSection={<IconSignature size={18} />} onClick={() => onSign(agreement)} disabled={busy !== null} data-testid="agreement-sign">
              {t('agreementsUi.actions.sign')}
            </Button>
          )}
          {agreement?.status === 'signed' && !readOnly && (
            <FileButton onChange={(file) => void uploadScan(file)} accept={SCAN_ACCEPT} inputProps={{ 'data-testid': 'agreement-scan-input' } as ComponentProps<'input'>}>
              {(props) => (
                <Button variant="default" leftSection={<IconFileUpload size={18} />} loading={busy === 'scan'} disabled={busy !== null} {...props} data-testid="agreement-upload-scan">
                  {scan ? t('agreementsUi.actions.replaceScan') : t('agreementsUi.actions.uploadScan')}
                </Button>
              )}
            </FileButton>
          )}
          {agreement && (
            <Button variant="subtle" leftSection={<IconFileText size={18} />} onClick={() => onViewText(agreement)} data-testid="agreement-view-text">
              {t('agreementsUi.actions.viewText')}
            </Button>
          )}
          {agreement?.status === 'signed' && !readOnly && (
            <Button variant="subtle" color="red" leftSection={<IconBan size={18} />} onClick={() => onVoid(agreement)} disabled={busy !== null} data-testid="agreement-void">
              {t('agreementsUi.actions.void')}
            </Button>
          )}
        </Group>
        {agreement?.status === 'signed' && !readOnly && (
          <Text size="xs" c="dimmed">
            {t('agreementsUi.scan.accept', { limit: formatMegabytes(ATTACHMENT_MAX_BYTES) })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
