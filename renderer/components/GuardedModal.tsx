import { Button, Group, Modal, Stack, Text, type ModalProps } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The app's one dialog. With `dirty` (something typed that is not saved), every way of closing it
 * that is not an explicit 取消 — Esc, a click outside, the × button — first asks
 * "放弃填写的内容？"; the default answer keeps the dialog and its text. The × button carries a
 * spoken name (关闭), which Mantine's bare close button lacks.
 *
 * Navigating away cannot happen behind an open dialog: its overlay covers the navigation, and the
 * app's keyboard shortcuts do nothing while a dialog is open (see `useShortcuts`).
 */
export function GuardedModal({ dirty = false, onClose, closeButtonProps, children, ...props }: ModalProps & { dirty?: boolean }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const requestClose = () => {
    if (dirty) setAsking(true);
    else onClose();
  };
  return (
    <>
      <Modal {...props} onClose={requestClose} closeButtonProps={{ 'aria-label': t('common.close'), ...closeButtonProps }}>
        {children}
      </Modal>
      {asking && (
        <Modal
          opened
          onClose={() => setAsking(false)}
          title={t('common.discard.title')}
          centered
          size="sm"
          zIndex={1000}
          closeButtonProps={{ 'aria-label': t('common.close') }}
          data-testid="discard-confirm"
        >
          <Stack gap="md">
            <Text size="sm">{t('common.discard.body')}</Text>
            <Group justify="flex-end">
              <Button variant="default" data-autofocus onClick={() => setAsking(false)} data-testid="discard-keep">
                {t('common.discard.keep')}
              </Button>
              <Button
                color="red"
                onClick={() => {
                  setAsking(false);
                  onClose();
                }}
                data-testid="discard-confirm-button"
              >
                {t('common.discard.confirm')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </>
  );
}
