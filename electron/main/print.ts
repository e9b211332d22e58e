import { BrowserWindow, type PrintToPDFOptions, type WebContents } from 'electron';
import { chooseSavePath, writeFileAtomic } from './dialogs';
import { addTransientDocument } from './protocol';
import { secureWebPreferences } from './window';

/**
 * Printing: documents arrive as HTML strings (rendered and audited by electron/core, handed over
 * by job id). Chromium does the layout, so what is printed and what is saved as PDF are the same.
 */

export interface PrintOutcome {
  printed: boolean;
  /** Chromium's reason when not printed, e.g. 'cancelled' or 'failed'. */
  reason?: string;
}

const PDF_DEFAULTS: PrintToPDFOptions = { printBackground: true, pageSize: 'A4' };

/** How long to wait for web fonts before printing anyway (they are local, so normally instant). */
const FONT_WAIT_MS = 5_000;

/** Opens the system print dialog for what `contents` shows. */
export function printContents(contents: WebContents): Promise<PrintOutcome> {
  return new Promise((resolve) => {
    contents.print({ silent: false, printBackground: true }, (success, failureReason) => {
      resolve(success ? { printed: true } : { printed: false, reason: failureReason });
    });
  });
}

/** Prints an HTML document through the system print dialog. */
export function printHtml(html: string): Promise<PrintOutcome> {
  return withDocument(html, (contents) => printContents(contents));
}

/** Renders an HTML document to PDF bytes. */
export function htmlToPdf(html: string, options: PrintToPDFOptions = {}): Promise<Buffer> {
  return withDocument(html, (contents) => contents.printToPDF({ ...PDF_DEFAULTS, ...options }));
}

/**
 * HTML → PDF → the user picks where → written. Returns the path, or null when cancelled or when
 * `stillAllowed` (asked after the dialog: the session may have locked meanwhile) says no.
 */
export async function saveHtmlAsPdf(
  parent: BrowserWindow | null,
  html: string,
  defaultName: string,
  options: PrintToPDFOptions = {},
  stillAllowed: () => Promise<boolean> = async () => true,
): Promise<string | null> {
  const pdf = await htmlToPdf(html, options);
  return savePdf(parent, pdf, defaultName, stillAllowed);
}

async function savePdf(parent: BrowserWindow | null, pdf: Uint8Array, defaultName: string, stillAllowed: () => Promise<boolean>): Promise<string | null> {
  const name = defaultName.toLowerCase().endsWith('.pdf') ? defaultName : `${defaultName}.pdf`;
  const file = await chooseSavePath(parent, {
    defaultName: name,
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (file === null || !(await stillAllowed())) return null;
  await writeFileAtomic(file, pdf);
  return file;
}

/**
 * Loads `html` in a hidden, locked-down window on our own origin (so the document gets the
 * app's CSP and bundled fonts, and no bridge: there is no preload), runs `use`, then closes it.
 */
async function withDocument<T>(html: string, use: (contents: WebContents) => Promise<T>): Promise<T> {
  const document = addTransientDocument(html);
  const win = new BrowserWindow({ show: false, webPreferences: secureWebPreferences() });
  try {
    await win.loadURL(document.url);
    await waitForFonts(win.webContents);
    return await use(win.webContents);
  } finally {
    document.dispose();
    if (!win.isDestroyed()) win.destroy();
  }
}

/** Web fonts load lazily; printing before they arrive would use a fallback font. */
async function waitForFonts(contents: WebContents): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, FONT_WAIT_MS);
  });
  try {
    await Promise.race([contents.executeJavaScript('document.fonts.ready.then(() => true)', true), timeout]);
  } catch {
    // Nothing to wait for if scripting is unavailable; print with what has loaded.
  } finally {
    clearTimeout(timer);
  }
}
