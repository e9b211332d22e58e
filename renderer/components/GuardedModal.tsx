import { Modal, type ModalProps } from '@mantine/core';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmLeaveModal } from '../lib/ConfirmLeaveModal';
import { useLeaveGuard } from '../lib/leaveGuard';

/**
 * The app's one dialog. With `dirty` (something typed that is not saved), every way of closing it
 * that is not an explicit 取消 — Esc, a click outside, the × button — first asks
 * "放弃填写的内容？"; the default answer keeps the dialog and its text. The × button carries a
 * spoken name (关闭), which Mantine's bare close button lacks.
 *
 * Navigating away behind an open dialog: its overlay covers the navigation, the app's keyboard
 * shortcuts do nothing while a dialog is open (see `useShortcuts`), and what is left (the
 * browser's back and forward) asks first while it holds typed input (lib/leaveGuard.tsx).
 */
const DialogSubject = createContext<string | null>(null);

/**
 * The person a dialog is for (a worklist row names someone else on every line): every
 * GuardedModal inside adds the name to its title ("登记检测：张三"), unless the title names them.
 */
export function DialogSubjectProvider({ name, children }: { name: string | null; children: ReactNode }) {
  return <DialogSubject.Provider value={name}>{children}</DialogSubject.Provider>;
}

export function GuardedModal({ dirty = false, onClose, closeButtonProps, children, title, ...props }: ModalProps & { dirty?: boolean }) {
  const { t } = useTranslation();
  const subject = useContext(DialogSubject);
  // The browser's back and forward behind an open dialog ask too. Other navigation cannot come
  // from the user while the overlay covers the page; it is the dialog's own, after saving.
  useLeaveGuard(() => dirty && props.opened, { popOnly: true });
  const named = subject && title && !(typeof title === 'string' && title.includes(subject)) ? (
    <>
      {title}
      {t('common.dialogSubject', { name: subject })}
    </>
  ) : (
    title
  );
  const [asking, setAsking] = useState(false);
  const requestClose = () => {
    if (dirty) setAsking(true);
    else onClose();
  };
  return (
    <>
      <Modal {...props} title={named} onClose={requestClose} closeButtonProps={{ 'aria-label': t('common.close'), ...closeButtonProps }}>
        {children}
      </Modal>
      {asking && (
        <ConfirmLeaveModal
          kind="discard"
          onStay={() => setAsking(false)}
          onGo={() => {
            setAsking(false);
            onClose();
          }}
        />
      )}
    </>
  );
}
