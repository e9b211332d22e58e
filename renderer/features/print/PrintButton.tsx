import { Button, type ButtonProps } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintRequest } from './types';
import { usePrintPreview } from './usePrintPreview';
import { SHORTCUTS } from '../../app/useShortcuts';

export interface PrintButtonProps extends Omit<ButtonProps, 'children'> {
  /** The document to print, e.g. `{ document: 'caseFile', personId }`. */
  request: PrintRequest;
  /** The button's words (default 打印预览). */
  label?: ReactNode;
  'data-testid'?: string;
  /** The screen's main document: Ctrl+P opens its preview (one per screen). */
  shortcut?: boolean;
}

/**
 * A button that opens the print preview of one document: 打印 and 另存为 PDF from there.
 * `<PrintButton request={{ document: 'caseFile', personId }} label={t('…打印档案')} />`
 */
export function PrintButton({ request, label, leftSection, variant = 'default', shortcut = false, ...props }: PrintButtonProps) {
  const { t } = useTranslation();
  const preview = usePrintPreview();
  return (
    <>
      <Button
        variant={variant}
        leftSection={leftSection ?? <IconPrinter size={18} />}
        title={shortcut ? t('common.shortcut', { keys: SHORTCUTS.print }) : undefined}
        aria-keyshortcuts={shortcut ? 'Control+P' : undefined}
        data-shortcut={shortcut ? 'print' : undefined}
        {...props}
        onClick={() => preview.open(request)}
      >
        {label ?? t('printUi.preview')}
      </Button>
      {preview.modal}
    </>
  );
}
