import { Badge, Text, Tooltip, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Agreement } from '../../../shared/domain/agreements';
import { shortSha } from './common';

const COLORS: Record<Agreement['status'] | 'none', string> = { none: 'orange', draft: 'blue', signed: 'teal', voided: 'gray' };

/** 未签订 / 草稿 / 已于 … 签订 / 已作废 for a measure's agreement (null: none yet). */
export function AgreementStatusBadge({ agreement, ...props }: { agreement: Agreement | null } & BadgeProps) {
  const { t } = useTranslation();
  const status = agreement?.status ?? 'none';
  const label = agreement?.status === 'signed' && agreement.signedOn ? t('agreementsUi.status.signedOn', { date: agreement.signedOn }) : t(`agreementsUi.status.${status}`);
  return (
    <Badge color={COLORS[status]} variant="light" tt="none" data-testid="agreement-status" data-status={status} {...props}>
      {label}
    </Badge>
  );
}

/** The hash as people compare it: 16 hex digits, the full value on hover (no copy button). */
export function ShaText({ sha }: { sha: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={t('agreementsUi.detail.shaFull', { sha })} multiline w={360} withArrow>
      <Text component="span" size="sm" ff="monospace" tabIndex={0} data-testid="agreement-sha" data-sha256={sha} aria-label={t('agreementsUi.detail.shaFull', { sha })}>
        {shortSha(sha)}…
      </Text>
    </Tooltip>
  );
}
