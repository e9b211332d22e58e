import { STYLE_NONCE_PLACEHOLDER } from '../../shared/ipc/csp';

/**
 * This page's style nonce, which the server wrote into index.html (shared/ipc/csp.ts): Mantine
 * puts it on its <style> elements, the print preview on the document's. Read once.
 */
let nonce: string | null = null;

export function styleNonce(): string {
  if (nonce === null) {
    const content = document.querySelector<HTMLMetaElement>('meta[name="haven-style-nonce"]')?.content ?? '';
    // Still the placeholder: the page was opened without our server (e.g. from disk); no styles pass then.
    nonce = content !== '' && content !== STYLE_NONCE_PLACEHOLDER ? content : '';
  }
  return nonce;
}
