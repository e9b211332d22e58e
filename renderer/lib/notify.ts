import { notifications } from '@mantine/notifications';
import i18n from '../i18n';

/** A short confirmation in the corner; cleared when the app locks. Its close button is named (axe: button-name). */
export function notifySuccess(message: string): void {
  notifications.show({ message, color: 'teal', autoClose: 4000, withBorder: true, closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}
