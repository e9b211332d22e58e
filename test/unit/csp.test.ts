import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, STYLE_NONCE_PLACEHOLDER, withStyleNonce } from '../../shared/ipc/csp';

describe('the content security policy', () => {
  it('allows no inline style or script, only the page nonce', () => {
    const policy = contentSecurityPolicy('abc123==');
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(policy).toContain("style-src 'self' 'nonce-abc123=='");
    expect(policy).toContain("script-src 'self'");
    expect(contentSecurityPolicy(null)).toContain("style-src 'self';");
  });

  it('puts the nonce into index.html placeholders and on every <style> of a document, once', () => {
    const page = withStyleNonce(`<meta content="${STYLE_NONCE_PLACEHOLDER}"><style>a{}</style><style media="print">b{}</style><style nonce="x">c{}</style><styles>`, 'N1');
    expect(page).toBe('<meta content="N1"><style nonce="N1">a{}</style><style nonce="N1" media="print">b{}</style><style nonce="x">c{}</style><styles>');
  });

  it('index.html carries the placeholder in its policy and for Mantine, and no unsafe-inline', () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    expect(html).toContain(`'nonce-${STYLE_NONCE_PLACEHOLDER}'`);
    expect(html).toContain(`name="haven-style-nonce" content="${STYLE_NONCE_PLACEHOLDER}"`);
    expect(html).not.toContain('unsafe-inline');
  });
});
