/**
 * Supervision (督导): per-person panels for the person's file, the alerts panel, the
 * /supervision/:personId page and the 督导计划 settings tab. Importing this module registers
 * its words.
 */

export { supervisionTabs, type SupervisionTab } from './tabs';
export type { SupervisionPanelProps } from './common/types';
export { AlertDialog, type AlertDialogKind } from './alerts/AlertDialog';
export { alertSentence, primaryAction, actionLabelKey, dismissable, routeOfAction, fileTabOfRule, type AlertAction } from './alerts/alertActions';
export { ArticleLabel, BreachWaiting, SeverityBadge } from './common/badges';
export { GoodReasonBadge, GoodReasonFields, GoodReasonModal, WithdrawGoodReasonModal, emptyGoodReason, goodReasonInput, type GoodReasonTarget, type GoodReasonValues } from './common/GoodReasonModal';
export { SchedulesPanel } from './SchedulesPanel';
