import { Box } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useMemo } from 'react';
import { withStyleNonce } from '../../../shared/ipc/csp';
import { styleNonce } from '../../lib/styleNonce';

/** A4 is 210 mm wide: 793.7 CSS pixels at 96 px per inch. */
const PAPER_WIDTH = 794;
const GAP = 16;

/**
 * On paper the @page margins frame the text (GB/T 9704: 37 / 26 / 35 / 28 mm); a screen has no
 * pages, so the preview gets the same margins as padding. Only the preview copy changes: what is
 * printed or saved is the job the core rendered, untouched.
 */
const SCREEN_STYLE = '<style>@media screen { html { background: #fff; } body { padding: 37mm 26mm 35mm 28mm; } }</style>';

export function forScreen(html: string): string {
  const at = html.indexOf('</head>');
  const page = at < 0 ? SCREEN_STYLE + html : html.slice(0, at) + SCREEN_STYLE + html.slice(at);
  // The frame inherits this page's policy: its <style> elements need this page's nonce.
  return withStyleNonce(page, styleNonce());
}

/**
 * The rendered document on a sheet of A4 width, scaled down to fit the space it is given (never
 * up). The frame is sandboxed with no permissions at all: no scripts, no forms, an opaque origin;
 * the document needs none (its fonts are data: URLs, its one style sheet carries this page's nonce).
 */
export function PaperFrame({ html, title, height }: { html: string; title: string; height: string }) {
  const { ref, width, height: boxHeight } = useElementSize();
  const srcDoc = useMemo(() => forScreen(html), [html]);
  const scale = width > 0 ? Math.min(1, (width - 2 * GAP) / PAPER_WIDTH) : 1;
  const sheetHeight = Math.max(160, boxHeight - GAP);

  return (
    <Box
      ref={ref}
      h={height}
      mih={260}
      bg="gray.2"
      style={{ borderRadius: 'var(--mantine-radius-sm)', overflow: 'hidden', display: 'flex', justifyContent: 'center', paddingTop: GAP }}
    >
      {width > 0 && (
        <div
          style={{
            width: PAPER_WIDTH * scale,
            height: sheetHeight,
            background: '#fff',
            boxShadow: '0 1px 4px rgba(0, 0, 0, 0.18)',
            overflow: 'hidden',
            flex: 'none',
          }}
        >
          <iframe
            sandbox=""
            srcDoc={srcDoc}
            title={title}
            referrerPolicy="no-referrer"
            data-testid="print-preview-frame"
            style={{
              width: PAPER_WIDTH,
              height: sheetHeight / scale,
              border: 0,
              display: 'block',
              transform: `scale(${scale})`,
              transformOrigin: '0 0',
            }}
          />
        </div>
      )}
    </Box>
  );
}
