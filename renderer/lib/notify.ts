import { notifications } from '@mantine/notifications';

/** A short confirmation in the corner; cleared when the app locks. */
export function notifySuccess(message: string): void {
  notifications.show({ message, color: 'teal', autoClose: 4000, withBorder: true });
}
