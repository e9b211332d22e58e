import type { ChannelName } from '../ipc/contract';
import type { RuleId } from './types';

/**
 * What answers each alert of the worklist: the act a station records, as the channel that records
 * it. The worklist row, the person's alerts and the dashboard offer that act; a test walks every
 * rule, raises it, records the act through this channel and checks the alert is gone
 * (test/unit/alertActions.test.ts), so a new rule without an act fails there and here (the record
 * below is total over RuleId).
 */
export const alertActionChannels = {
  /** A serious breach (RR art. 20, 21): recorded as a violation answering it; its police report follows. */
  violation: 'violations:create',
  /** RR art. 21, 44(2): the report to the public-security organ. */
  police: 'violations:reportToPolice',
  /** RR art. 19: 登记检测. */
  test: 'tests:create',
  /** RR art. 18: 谈话 / 走访. */
  contact: 'contacts:create',
  /** 销假. */
  return: 'leaves:return',
  /** 报到 (RR art. 14, 38). */
  reportIn: 'measures:transition',
  /** 期满解除 (RR art. 23, 40). */
  discharge: 'measures:transition',
  /** The police 解除通知书, within 7 days of the discharge (RR art. 23, 40). */
  dischargeNotice: 'measures:recordDischargeNotice',
  /** A 专职工作人员 in the working group (RR art. 15, 17). */
  group: 'measures:setWorkingGroup',
  /** The agreement signed after report-in (RR art. 16, 38). */
  agreement: 'agreements:sign',
  /** The risk reassessment (禁毒办通〔2016〕37号). */
  risk: 'risk:create',
  /** 不再实行动态管控 (RR art. 7): the decision recorded, the file kept. */
  endControl: 'clean:endDynamicControl',
  /** Staffing (1:30): more staff accounts, in 设置 › 用户 (not a person's form). */
  staff: 'users:create',
} as const satisfies Record<string, ChannelName>;

export type AlertAction = keyof typeof alertActionChannels;

/**
 * The act for each rule, or `null` where no record answers it: the alert only says something
 * (its reason, worded under `worklist.info.<rule>`, shows in the row's menu).
 */
export const actionOfRule: Record<RuleId, AlertAction | null> = {
  report_in_due: 'reportIn',
  report_in_overdue: 'violation',
  tests_refused: 'violation',
  absence_breach: 'violation',
  positive_test: 'violation',
  violation_unreported: 'police',
  leave_overdue: 'return',
  test_due: 'test',
  test_overdue: 'test',
  contact_due: 'contact',
  contact_overdue: 'contact',
  // Before the planned end nothing can be recorded (解除 is refused until the term has run): the
  // alert gives notice to prepare the paperwork and turns into term_ended on the day after.
  term_ending: null,
  term_ended: 'discharge',
  discharge_notice_missing: 'dischargeNotice',
  three_years_clean: 'endControl',
  reassessment_due: 'risk',
  staffing_ratio: 'staff',
  agreement_missing: 'agreement',
  working_group_missing: 'group',
};

/** The rules whose alert no record clears (informational). */
export const informationalRules: readonly RuleId[] = (Object.keys(actionOfRule) as RuleId[]).filter((r) => actionOfRule[r] === null);
