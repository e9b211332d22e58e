/**
 * 帮助 (the user guide): the searchable guide page, the guide in a dialog for the screens shown
 * without a session (login, setup), and the route of the section for a screen (F1).
 */
export { GuidePage } from './GuidePage';
export { GuideView } from './GuideView';
export { GuideDialogButton } from './GuideDialogButton';
export { guideLocation } from './location';
