import { Textarea } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** A correction's reason: at least 2 characters, as the core's `reasonSchema` asks. */
export function correctionReasonError(t: TFunction, reason: string): string | null {
  return reason.trim().length >= 2 ? null : t('validation.reasonRequired');
}

/** The reason box of a 更正 dialog (the record's own form, opened for the row). */
export function CorrectionReasonField(props: { value: string; onChange: (value: string) => void; error?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Textarea
      label={t('supervisionUi.common.correctReason')}
      description={t('supervisionUi.common.correctReasonHint')}
      required
      autosize
      minRows={2}
      maxRows={4}
      data-testid="correct-reason"
      value={props.value}
      error={props.error}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    />
  );
}
