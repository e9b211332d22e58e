import { notifications } from '@mantine/notifications';
import i18n from '../i18n';

/**
 * A short confirmation in the corner; cleared when the app locks. Its × carries a spoken name
 * (关闭), which Mantine's bare close button lacks (axe: button-name).
 */
export function notifySuccess(message: string): void {
  notifications.show({ message, color: 'teal', autoClose: 4000, withBorder: true, closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}

/**
 * Something the user must see and act on, though they did not ask for it (a scheduled backup that
 * failed): a minute in the corner, not for good, as it covers 锁定 there.
 */
export function notifyProblem(message: string): void {
  notifications.show({ message, color: 'red', autoClose: 60_000, withBorder: true, closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}
