import { protocol, type Session } from 'electron';
import { randomBytes, randomUUID } from 'node:crypto';
import { contentSecurityPolicy, withStyleNonce } from '../../shared/ipc/csp';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME, APP_URL } from './constants';

/** Sent with every page and document we serve; HTML gets its own style nonce (shared/ipc/csp.ts). */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy(null),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // Nothing we serve is kept in any cache: printed documents (and the pages' data) carry personal
  // data, and the files are local, so storing them would save nothing worth the copy.
  'Cache-Control': 'no-store',
};

/** By extension; `nosniff` means a wrong type would break the page, so unknown files are refused. */
const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/**
 * Must run before `app` is ready. `standard` gives the scheme an origin (so 'self', storage
 * and relative URLs work), `secure` makes it a secure context, `supportFetchAPI` lets the page
 * fetch its own files.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** HTML documents to print, served under `app://haven/__print/<id>` while a print job needs them. */
const TRANSIENT_PREFIX = '/__print/';
const transientDocuments = new Map<string, string>();

/**
 * Serves `html` from our own origin (same CSP, same fonts as the app) until `dispose` is called.
 * Used for printing: a data: URL has a size limit and no access to the bundled fonts.
 */
export function addTransientDocument(html: string): { url: string; dispose: () => void } {
  const id = randomUUID();
  transientDocuments.set(id, html);
  return {
    url: `${APP_URL}${TRANSIENT_PREFIX.slice(1)}${id}`,
    dispose: () => {
      transientDocuments.delete(id);
    },
  };
}

/** Serves the built renderer (`dist/renderer`, inside the asar when packaged) on `app://haven/`. */
export function serveRenderer(ses: Session, rendererRoot: string): void {
  const root = path.resolve(rendererRoot);
  ses.protocol.handle(APP_SCHEME, (request) =>
    respond(request, root).catch((error: unknown) => {
      console.error('[haven] app:// handler failed:', error);
      return plain(500, 'Internal error');
    }),
  );
}

async function respond(request: Request, root: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  const url = new URL(request.url);
  if (url.host !== APP_HOST) return plain(404, 'Not found');

  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return plain(400, 'Bad request');
  }
  // Backslashes are separators on Windows and NUL truncates paths: neither belongs in our URLs.
  if (pathname.includes('\\') || pathname.includes('\0')) return plain(400, 'Bad request');

  if (pathname.startsWith(TRANSIENT_PREFIX)) {
    const html = transientDocuments.get(pathname.slice(TRANSIENT_PREFIX.length));
    if (html === undefined) return plain(404, 'Not found');
    return send(request, Buffer.from(html, 'utf8'), MIME_TYPES['.html']!);
  }

  const file = resolveInside(root, pathname);
  if (file === null) return plain(403, 'Forbidden');

  const found = await fileOrNull(file);
  if (found !== null) {
    const type = MIME_TYPES[path.extname(found).toLowerCase()];
    if (type === undefined) return plain(404, 'Not found');
    return send(request, await readFile(found), type);
  }
  // Single-page app: an unknown path without an extension is a route, so it gets the page.
  if (path.extname(pathname) === '') {
    return send(request, await readFile(path.join(root, 'index.html')), MIME_TYPES['.html']!);
  }
  return plain(404, 'Not found');
}

/** `root` + URL path, or null when the result would escape `root` (path traversal). */
function resolveInside(root: string, pathname: string): string | null {
  const target = path.resolve(root, `.${pathname}`);
  const relative = path.relative(root, target);
  if (relative === '') return path.join(root, 'index.html');
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return null;
  return target;
}

/** The file itself, a directory's index.html, or null. (Electron's fs reads inside the asar.) */
async function fileOrNull(file: string): Promise<string | null> {
  try {
    const info = await stat(file);
    if (info.isFile()) return file;
    if (info.isDirectory()) {
      const index = path.join(file, 'index.html');
      return (await stat(index)).isFile() ? index : null;
    }
    return null;
  } catch {
    return null;
  }
}

function send(request: Request, body: Buffer, contentType: string): Response {
  const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Content-Type': contentType };
  if (contentType.startsWith('text/html')) {
    // A fresh nonce per page: Mantine's <style> elements and a document's own <style> carry it.
    const nonce = randomBytes(16).toString('base64');
    body = Buffer.from(withStyleNonce(body.toString('utf8'), nonce), 'utf8');
    headers['Content-Security-Policy'] = contentSecurityPolicy(nonce);
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
