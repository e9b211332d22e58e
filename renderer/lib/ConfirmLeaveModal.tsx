import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The one question before typed input is dropped: closing a filled dialog (`discard`, GuardedModal),
 * leaving a filled page (`leave`, leaveGuard) or logging out with one open (`logout`). Staying is
 * the default and has the focus.
 */
export function ConfirmLeaveModal({ kind, onStay, onGo }: { kind: 'discard' | 'leave' | 'logout'; onStay: () => void; onGo: () => void }) {
  const { t } = useTranslation();
  const stay =
    kind === 'discard'
      ? ({ key: 'common.discard.keep', testId: 'discard-keep' } as const)
      : kind === 'logout'
        ? ({ key: 'common.logout.stay', testId: 'logout-stay' } as const)
        : ({ key: 'common.leave.stay', testId: 'leave-stay' } as const);
  return (
    <Modal
      opened
      onClose={onStay}
      title={t(`common.${kind}.title`)}
      centered
      size="sm"
      zIndex={1000}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid={`${kind}-confirm`}
    >
      <Stack gap="md">
        <Text size="sm">{t(`common.${kind}.body`)}</Text>
        <Group justify="flex-end">
          <Button variant="default" data-autofocus onClick={onStay} data-testid={stay.testId}>
            {t(stay.key)}
          </Button>
          <Button color="red" onClick={onGo} data-testid={`${kind}-confirm-button`}>
            {t(`common.${kind}.confirm`)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
