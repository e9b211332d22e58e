import type { TFunction } from 'i18next';
import type { Alert, RuleId } from '../../../../shared/rules/types';
import { SERIOUS_BREACH_RULES, UNREPORTED_BREACH_RULES } from '../../../../shared/rules/types';

/**
 * What answering an alert means: a form to fill, or (`measures`, `group`) a part of the file to
 * open. Rules not listed are informational.
 */
export type AlertAction = 'violation' | 'police' | 'test' | 'contact' | 'return' | 'measures' | 'group' | 'agreement' | 'risk';

export function primaryAction(ruleId: RuleId): AlertAction | null {
  if (SERIOUS_BREACH_RULES.includes(ruleId)) return 'violation';
  if (ruleId === 'violation_unreported') return 'police';
  if (ruleId === 'test_due' || ruleId === 'test_overdue') return 'test';
  if (ruleId === 'contact_due' || ruleId === 'contact_overdue') return 'contact';
  if (ruleId === 'leave_overdue') return 'return';
  if (ruleId === 'discharge_notice_missing') return 'measures';
  if (ruleId === 'working_group_missing') return 'group';
  // 协议未签订: generate and sign it on the file's 协议 tab; 风险评估到期: assess on 风险评估.
  if (ruleId === 'agreement_missing') return 'agreement';
  if (ruleId === 'reassessment_due') return 'risk';
  return null;
}

/** Actions that open a part of the person's file instead of a dialog: the file route's tab. */
export const fileTabOfAction: Partial<Record<AlertAction, string>> = { measures: 'measures', group: 'group', agreement: 'agreements', risk: 'care/risk' };

/**
 * The part of the person's file where a rule's records are (the worklist row's 打开相关记录):
 * the tab that shows what the rule counts, not always the supervision records.
 */
export function fileTabOfRule(ruleId: RuleId): string {
  switch (ruleId) {
    case 'test_due':
    case 'test_overdue':
    case 'tests_refused':
    case 'positive_test':
      return 'supervision/tests';
    case 'contact_due':
    case 'contact_overdue':
      return 'supervision/contacts';
    case 'leave_overdue':
      return 'supervision/leaves';
    case 'absence_breach':
      return 'supervision/absences';
    case 'violation_unreported':
      return 'supervision/violations';
    case 'agreement_missing':
      return 'agreements';
    case 'working_group_missing':
      return 'group';
    case 'reassessment_due':
      return 'care/risk';
    case 'three_years_clean':
      return 'care/clean';
    case 'report_in_due':
    case 'report_in_overdue':
    case 'term_ended':
    case 'term_ending':
    case 'discharge_notice_missing':
      return 'measures';
    default:
      return 'supervision';
  }
}

export const actionLabelKey: Record<AlertAction, string> = {
  violation: 'supervisionUi.alerts.recordViolation',
  police: 'supervisionUi.alerts.reportPolice',
  test: 'supervisionUi.alerts.recordTest',
  contact: 'supervisionUi.alerts.recordContact',
  return: 'supervisionUi.alerts.checkIn',
  measures: 'supervisionUi.alerts.openMeasures',
  group: 'supervisionUi.alerts.openWorkingGroup',
  agreement: 'supervisionUi.alerts.openAgreement',
  risk: 'supervisionUi.alerts.openRisk',
};

/**
 * A serious breach not yet reported to the police cannot be dismissed (RR art. 21, 44(2)): it
 * goes only when a violation is recorded and reported, or a 正当理由 is recorded.
 */
export function dismissable(ruleId: RuleId): boolean {
  return !UNREPORTED_BREACH_RULES.includes(ruleId);
}

/** The rule's sentence with its facts ("逃避或拒绝检测 3 次，属严重违反协议，应报告公安机关"). */
export function alertSentence(t: TFunction, alert: Pick<Alert, 'ruleId' | 'facts'>): string {
  return t(`rules.${alert.ruleId}`, alert.facts);
}

/** How long a serious breach has waited for its police report, and whether it is past the station's limit. */
export function breachWaiting(alert: Pick<Alert, 'ruleId' | 'facts'>): { escalated: boolean; waitingDays: number | null } {
  if (!UNREPORTED_BREACH_RULES.includes(alert.ruleId)) return { escalated: false, waitingDays: null };
  const days = alert.facts.waitingDays;
  return { escalated: alert.facts.escalated === true, waitingDays: typeof days === 'number' ? days : null };
}
