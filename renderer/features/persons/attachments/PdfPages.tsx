import { Alert, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Page width on screen (CSS pixels); the canvas is drawn at the screen's pixel density. */
const PAGE_WIDTH = 760;

/**
 * A PDF drawn page by page onto canvases with pdf.js (loaded only when a PDF is opened). Pages
 * are drawn one after another, so a long scan shows its first page at once.
 */
export function PdfPages({ bytes }: { bytes: Uint8Array<ArrayBuffer> }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ status: 'loading' | 'ready' | 'error'; pages: number }>({ status: 'loading', pages: 0 });

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => Promise<void>) | null = null;
    const root = container.current;

    (async () => {
      const { openPdf } = await import('./pdf');
      // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
      const opened = openPdf(bytes.slice());
      destroy = opened.destroy;
      const doc = await opened.promise;
      if (cancelled || !root) return;
      setState({ status: 'loading', pages: doc.numPages });
      const ratio = window.devicePixelRatio || 1;
      for (let number = 1; number <= doc.numPages && !cancelled; number++) {
        const page = await doc.getPage(number);
        const scale = PAGE_WIDTH / page.getViewport({ scale: 1 }).width;
        const viewport = page.getViewport({ scale: scale * ratio });
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
        canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
        canvas.style.display = 'block';
        canvas.style.boxShadow = 'var(--mantine-shadow-sm)';
        canvas.style.background = 'white';
        canvas.setAttribute('aria-label', t('attachments.viewer.page', { page: number, pages: doc.numPages }));
        canvas.dataset.testid = 'pdf-page';
        root.appendChild(canvas);
        await page.render({ canvas, viewport }).promise;
        page.cleanup();
      }
      if (!cancelled) setState({ status: 'ready', pages: doc.numPages });
    })().catch(() => {
      if (!cancelled) setState({ status: 'error', pages: 0 });
    });

    return () => {
      cancelled = true;
      if (root) root.replaceChildren();
      void destroy?.();
    };
  }, [bytes, t]);

  return (
    <Stack gap="sm" align="center" data-testid="pdf-view" data-status={state.status}>
      {state.status === 'error' && (
        <Alert color="red" variant="light">
          {t('attachments.viewer.pdfFailed')}
        </Alert>
      )}
      {state.pages > 0 && (
        <Text size="xs" c="dimmed">
          {t('attachments.viewer.pages', { count: state.pages })}
        </Text>
      )}
      <div ref={container} style={{ display: 'flex', flexDirection: 'column', gap: 12, alignItems: 'center' }} />
      {state.status === 'loading' && <Loader size="sm" role="status" aria-label={t('app.loading')} />}
    </Stack>
  );
}
