import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Alert } from '../../../shared/rules/types';
import { codeWord } from '../../lib/errors';

/** Why an alert has no act (shared/rules/actions.ts: null): said plainly instead of a dead button. */
export function infoReason(t: TFunction, alert: Pick<Alert, 'ruleId' | 'facts'>): string {
  return codeWord(t, `worklist.info.${alert.ruleId}`, { defaultValue: '', ...alert.facts });
}

export function InfoReason({ alert }: { alert: Pick<Alert, 'ruleId' | 'facts'> }) {
  const { t } = useTranslation();
  const reason = infoReason(t, alert);
  if (!reason) return null;
  return (
    <Text size="xs" c="dimmed" maw={260} data-testid="alert-info-reason">
      {reason}
    </Text>
  );
}
