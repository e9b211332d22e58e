import type { TFunction } from 'i18next';
import type { Alert, RuleId } from '../../../../shared/rules/types';
import { SERIOUS_BREACH_RULES } from '../../../../shared/rules/types';

/** What answering an alert means: a form to fill. Rules not listed are informational. */
export type AlertAction = 'violation' | 'police' | 'test' | 'contact' | 'return';

export function primaryAction(ruleId: RuleId): AlertAction | null {
  if (SERIOUS_BREACH_RULES.includes(ruleId)) return 'violation';
  if (ruleId === 'violation_unreported') return 'police';
  if (ruleId === 'test_due' || ruleId === 'test_overdue') return 'test';
  if (ruleId === 'contact_due' || ruleId === 'contact_overdue') return 'contact';
  if (ruleId === 'leave_overdue') return 'return';
  return null;
}

export const actionLabelKey: Record<AlertAction, string> = {
  violation: 'supervisionUi.alerts.recordViolation',
  police: 'supervisionUi.alerts.reportPolice',
  test: 'supervisionUi.alerts.recordTest',
  contact: 'supervisionUi.alerts.recordContact',
  return: 'supervisionUi.alerts.checkIn',
};

/** The rule's sentence with its facts ("逃避或拒绝检测 3 次，属严重违反协议，应报告公安机关"). */
export function alertSentence(t: TFunction, alert: Pick<Alert, 'ruleId' | 'facts'>): string {
  return t(`rules.${alert.ruleId}`, alert.facts);
}
