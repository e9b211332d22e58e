import { Button, Modal } from '@mantine/core';
import { IconHelp } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { haven } from '../../ipc';
import { GuideView } from './GuideView';

/**
 * 帮助 on the screens shown without a session (setup, login, lock, recovery): the guide in a
 * dialog, opened at `section` (the lost-password chapter on the login screen). F1 opens it too.
 * No printing here: a printout needs a logged-in user to audit.
 */
export function GuideDialogButton({ section }: { section: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'F1' || event.ctrlKey || event.altKey || event.metaKey) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKeyDown, true);
    // The window's 帮助 menu sends the same.
    const stopEvents = haven.onEvent((event) => event.type === 'openGuide' && setOpen(true));
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      stopEvents();
    };
  }, []);
  return (
    <>
      <Button variant="subtle" size="compact-sm" leftSection={<IconHelp size={16} />} onClick={() => setOpen(true)} title={t('guideUi.helpHint')} aria-keyshortcuts="F1" data-testid="auth-help">
        {t('guideUi.help')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('guideUi.title')} size="90%" closeButtonProps={{ 'aria-label': t('guideUi.close') }} data-testid="guide-dialog">
        {open && <GuideView initialSection={section} />}
      </Modal>
    </>
  );
}
