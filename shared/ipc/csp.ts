/**
 * The Content-Security-Policy of every page the app serves (Electron's app:// handler, the e2e
 * harness's server, the <meta> in index.html), in one place. No 'unsafe-inline' anywhere:
 * Mantine's <style> elements and the printed documents' one <style> carry a per-page nonce.
 */
export const STYLE_NONCE_PLACEHOLDER = '__HAVEN_STYLE_NONCE__';

export function contentSecurityPolicy(styleNonce: string | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    styleNonce ? `style-src 'self' 'nonce-${styleNonce}'` : "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Puts a page's nonce where it belongs: the placeholders of the app's index.html (its <meta>
 * policy and the <meta> the renderer reads for Mantine), and every <style> element of a printed
 * document.
 */
export function withStyleNonce(html: string, nonce: string): string {
  return html.replaceAll(STYLE_NONCE_PLACEHOLDER, nonce).replace(/<style(?=[\s>])(?![^>]*\snonce=)/g, `<style nonce="${nonce}"`);
}
