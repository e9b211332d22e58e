import { notifications } from '@mantine/notifications';
import i18n from '../i18n';

/**
 * A short confirmation in the corner; cleared when the app locks. Its × carries a spoken name
 * (关闭), which Mantine's bare close button lacks (axe: button-name).
 */
export function notifySuccess(message: string): void {
  notifications.show({ message, color: 'teal', autoClose: 4000, withBorder: true, closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}
