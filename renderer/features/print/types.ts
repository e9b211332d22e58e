import type { InputOf, ResultOf } from '../../../shared/ipc/contract';

/** What can be printed: one of the core's documents and the record it is about. */
export type PrintRequest = InputOf<'print:render'>;

/** A document the core rendered and recorded; the shell prints or saves it by `jobId`. */
export type PrintJob = ResultOf<'print:render'>;

export type PreviewState = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; job: PrintJob };
