import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
// Bundled with the app and loaded from app:// (the CSP allows only 'self' scripts and workers).
// `?worker&url` (rather than `?url`) emits it as a .js file, served as JavaScript by any server.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?worker&url';

GlobalWorkerOptions.workerSrc = workerUrl;

/**
 * Opens a PDF held in memory. No URL is ever given to pdf.js (nothing is fetched), and
 * `isEvalSupported: false` keeps it from compiling code out of a document's fonts or functions.
 */
export function openPdf(bytes: Uint8Array<ArrayBuffer>): { promise: Promise<PDFDocumentProxy>; destroy: () => Promise<void> } {
  const task = getDocument({ data: bytes, isEvalSupported: false, enableXfa: false, useSystemFonts: false });
  return { promise: task.promise, destroy: () => task.destroy() };
}
