/**
 * 待办 (worklist): the station's list, the person's alerts in their file, and the dialog that
 * answers any alert (shared/rules/actions.ts names the act).
 */
export { WorklistPage } from './WorklistPage';
export { AlertsPanel } from './AlertsPanel';
export { AlertActionDialog } from './AlertActionDialog';
export { StationDataNotice } from './StationDataNotice';
