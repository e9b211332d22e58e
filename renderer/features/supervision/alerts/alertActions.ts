import type { TFunction } from 'i18next';
import type { Alert, RuleId } from '../../../../shared/rules/types';
import { UNREPORTED_BREACH_RULES } from '../../../../shared/rules/types';
import { actionOfRule, type AlertAction } from '../../../../shared/rules/actions';
import { alertSentenceKey } from '../../../../shared/rules/worklist';

/**
 * What answering an alert means: the act of shared/rules/actions.ts (one table for the screens and
 * the test that clears every rule). Most open their form in a dialog named for the person; three
 * open a page instead (`routeOfAction`): the working group and the agreement (printed, then marked
 * signed) are edited on their tab of the file, and staffing on 设置 › 用户.
 */
export type { AlertAction };

export function primaryAction(ruleId: RuleId): AlertAction | null {
  return actionOfRule[ruleId];
}

/** The page an act opens instead of a dialog, or null when it is a dialog. */
export function routeOfAction(action: AlertAction, personId: number | null): string | null {
  if (action === 'staff') return '/settings/users';
  if (personId === null) return null;
  if (action === 'group') return `/persons/${personId}/group`;
  if (action === 'agreement') return `/persons/${personId}/agreements`;
  return null;
}

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
  reportIn: 'supervisionUi.alerts.reportIn',
  discharge: 'supervisionUi.alerts.discharge',
  dischargeNotice: 'supervisionUi.alerts.openMeasures',
  group: 'supervisionUi.alerts.openWorkingGroup',
  agreement: 'supervisionUi.alerts.openAgreement',
  risk: 'supervisionUi.alerts.openRisk',
  endControl: 'supervisionUi.alerts.endControl',
  staff: 'supervisionUi.alerts.addStaff',
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
  return t(alertSentenceKey(alert), alert.facts);
}

/** How long a serious breach has waited for its police report, and whether it is past the station's limit. */
export function breachWaiting(alert: Pick<Alert, 'ruleId' | 'facts'>): { escalated: boolean; waitingDays: number | null } {
  if (!UNREPORTED_BREACH_RULES.includes(alert.ruleId)) return { escalated: false, waitingDays: null };
  const days = alert.facts.waitingDays;
  return { escalated: alert.facts.escalated === true, waitingDays: typeof days === 'number' ? days : null };
}
