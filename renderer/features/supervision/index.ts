/**
 * Supervision (督导): per-person panels for the person's file, the alerts panel, the
 * /supervision/:personId page and the 督导计划 settings tab. Importing this module registers
 * its words.
 */
import './i18n';

export { supervisionTabs, type SupervisionTab } from './tabs';
export type { SupervisionPanelProps } from './common/types';
export { AlertsPanel } from './alerts/AlertsPanel';
export { AlertDialog, type AlertDialogKind } from './alerts/AlertDialog';
export { alertSentence, primaryAction, actionLabelKey, type AlertAction } from './alerts/alertActions';
export { ArticleLabel, SeverityBadge } from './common/badges';
export { SchedulesPanel } from './SchedulesPanel';
