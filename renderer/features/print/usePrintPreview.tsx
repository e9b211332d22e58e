import { useCallback, useRef, useState, type ReactNode } from 'react';
import { haven } from '../../ipc';
import { PrintPreviewModal } from './PrintPreviewModal';
import type { PreviewState, PrintRequest } from './types';

export interface PrintPreview {
  /** Renders the document (recorded in the audit log) and shows the preview. */
  open: (request: PrintRequest) => void;
  close: () => void;
  /** The preview modal while open, else null: place it anywhere in the caller's tree. */
  modal: ReactNode;
}

/**
 * Opens the print preview for a document. The core renders on the user's click, not in an
 * effect, so each preview is exactly one audited printout (React's development double effects
 * would otherwise record two). The rendered page lives only in this state: it goes with the view.
 */
export function usePrintPreview(): PrintPreview {
  const [request, setRequest] = useState<PrintRequest | null>(null);
  const [state, setState] = useState<PreviewState>({ status: 'loading' });
  // Answers that arrive after a close or a newer request are dropped.
  const generation = useRef(0);

  const open = useCallback((next: PrintRequest) => {
    const current = ++generation.current;
    setRequest(next);
    setState({ status: 'loading' });
    haven.print.render(next).then(
      (job) => current === generation.current && setState({ status: 'ready', job }),
      (error: unknown) => current === generation.current && setState({ status: 'error', error }),
    );
  }, []);

  const close = useCallback(() => {
    generation.current++;
    setRequest(null);
  }, []);

  const modal = request ? <PrintPreviewModal state={state} onRetry={() => open(request)} onClose={close} /> : null;
  return { open, close, modal };
}
