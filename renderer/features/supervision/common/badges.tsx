import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { citationLabel, citations, type CitationId } from '../../../../shared/domain/law';
import type { LeaveStatus, TestResult } from '../../../../shared/domain/supervision';
import type { Alert, Severity } from '../../../../shared/rules/types';
import { breachWaiting } from '../alerts/alertActions';

/** Badges never shrink to an ellipsis in a narrow column: the word is the point. */
const whole = { flexShrink: 0, minWidth: 'max-content' } as const;

const severityColor: Record<Severity, string> = { critical: 'red', warning: 'orange', info: 'blue' };

/** 紧急 / 逾期 / 提示 */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <Badge color={severityColor[severity]} variant={severity === 'critical' ? 'filled' : 'light'} data-testid="severity-badge" data-severity={severity} style={whole}>
      {t(`rules.severity.${severity}`)}
    </Badge>
  );
}

const resultColor: Record<TestResult, string> = { negative: 'teal', positive: 'red', refused: 'orange', missed: 'orange' };

export function TestResultBadge({ result }: { result: TestResult }) {
  const { t } = useTranslation();
  return (
    <Badge color={resultColor[result]} variant={result === 'positive' ? 'filled' : 'light'} data-testid="test-result" style={whole}>
      {t(`supervision.result.${result}`)}
    </Badge>
  );
}

const leaveColor: Record<LeaveStatus, string> = {
  requested: 'yellow',
  approved: 'teal',
  rejected: 'gray',
  registered: 'teal',
  returned: 'blue',
  cancelled: 'gray',
};

export function LeaveStatusBadge({ status }: { status: LeaveStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={leaveColor[status]} variant="light" data-testid="leave-status" data-status={status} style={whole}>
      {t(`supervision.leaveStatus.${status}`)}
    </Badge>
  );
}

export function ViolationSeverityBadge({ severity }: { severity: 'general' | 'serious' }) {
  const { t } = useTranslation();
  return (
    <Badge color={severity === 'serious' ? 'red' : 'yellow'} variant={severity === 'serious' ? 'filled' : 'light'} data-testid="violation-severity" style={whole}>
      {t(`supervision.severity.${severity}`)}
    </Badge>
  );
}

export function isCitationId(value: string | null | undefined): value is CitationId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(citations, value);
}

/** "《戒毒条例》第二十条", with the article's summary on hover. */
export function ArticleLabel({ article, size = 'xs' }: { article: string | null; size?: 'xs' | 'sm' }) {
  if (!isCitationId(article)) return null;
  return (
    <Tooltip label={citations[article].summary} multiline w={320} withArrow openDelay={200} events={{ hover: true, focus: true, touch: true }}>
      <Text component="span" size={size} c="dimmed" tabIndex={0} data-testid="article" style={{ textDecoration: 'underline dotted', cursor: 'help' }}>
        {citationLabel(article)}
      </Text>
    </Tooltip>
  );
}

/** A serious breach waiting for its police report: "已等待 N 天", and a red "超过报告时限" once past the station's limit. */
export function BreachWaiting({ alert }: { alert: Pick<Alert, 'ruleId' | 'facts'> }) {
  const { t } = useTranslation();
  const { escalated, waitingDays } = breachWaiting(alert);
  if (!escalated && waitingDays === null) return null;
  return (
    <Group gap={6} wrap="wrap" data-testid="breach-waiting">
      {escalated && (
        <Tooltip label={t('supervisionUi.alerts.escalatedHint')} multiline w={280} withArrow>
          <Badge color="red" variant="filled" size="sm" data-testid="breach-escalated" style={whole}>
            {t('rules.escalated')}
          </Badge>
        </Tooltip>
      )}
      {waitingDays !== null && (
        <Text size="xs" c={escalated ? 'red.7' : 'dimmed'} className="haven-tabular" data-testid="breach-waiting-days">
          {t('rules.waiting', { days: waitingDays })}
        </Text>
      )}
    </Group>
  );
}
