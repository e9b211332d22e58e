import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { guideLocation } from '../features/guide';

/** The app's keyboard shortcuts, as shown in tooltips and menus (Ctrl on the office PCs; ⌘ works on a Mac). */
export const SHORTCUTS = { search: 'Ctrl+F', newFile: 'Ctrl+N', print: 'Ctrl+P', lock: 'Ctrl+L', help: 'F1' } as const;

/** Where Ctrl+F lands: the person list's search box reads this from the route's state. */
export interface FocusSearchState {
  focusSearch: true;
}

function openDialog(): Element | null {
  const dialogs = document.querySelectorAll('[role="dialog"][aria-modal="true"]');
  return dialogs.length > 0 ? (dialogs[dialogs.length - 1] ?? null) : null;
}

/**
 * F1 帮助 (the guide at the current screen's section), Ctrl+F 搜索人员, Ctrl+N 新建档案, Ctrl+P 打印
 * the open document, Ctrl+L 锁定.
 * While a dialog is open, Ctrl+F and Ctrl+N do nothing (they would leave what is being typed) and
 * Ctrl+P prints from the dialog if it is a print preview. Ctrl+P elsewhere presses the screen's
 * one button marked `data-shortcut="print"` (a person's file: 打印档案). The browser's own find and
 * print never open.
 */
export function useShortcuts({ lockNow, canCreate }: { lockNow: () => void; canCreate: boolean }): void {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'F1' && !event.ctrlKey && !event.metaKey && !event.altKey) {
        // Not from inside a dialog: what is being typed there would be left behind.
        event.preventDefault();
        if (!openDialog()) navigate(guideLocation(pathname));
        return;
      }
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.isComposing) return;
      const key = event.key.toLowerCase();
      if (!['f', 'n', 'p', 'l'].includes(key)) return;
      event.preventDefault();
      const dialog = openDialog();
      if (key === 'l') {
        lockNow();
        return;
      }
      if (key === 'p') {
        const scope = dialog ?? document;
        const button = scope.querySelector<HTMLButtonElement>('[data-shortcut="print"]:not([disabled])');
        button?.click();
        return;
      }
      if (dialog) return;
      if (key === 'f') navigate('/persons', { state: { focusSearch: true } satisfies FocusSearchState });
      if (key === 'n' && canCreate) navigate('/persons/new');
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [navigate, pathname, lockNow, canCreate]);
}
