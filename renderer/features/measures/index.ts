/**
 * 措施: the measures section of a person's file (decision, legal states, term, report-ins with
 * their 正当理由, discharge notice) and its working group. Other features import it from here.
 */
export { MeasuresTab } from './MeasuresTab';
export { WorkingGroupTab } from './WorkingGroupTab';
export { MeasureStatusBadge } from './MeasureStatusBadge';
export { MeasureEventsTable, reasonCodeWord } from './MeasureEventsTable';
export { TransitionModal } from './TransitionModal';
export { DischargeNoticeModal } from './DischargeNoticeModal';
