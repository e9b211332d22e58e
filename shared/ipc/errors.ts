/**
 * Errors cross the IPC boundary as data, never as stack traces. `code` is stable (tests and
 * callers branch on it); `messageKey` is an i18n key the renderer translates (zh-CN / en).
 */
export const errorCodes = [
  'VALIDATION',
  'NOT_INITIALIZED',
  'ALREADY_INITIALIZED',
  'LOCKED',
  'FORBIDDEN',
  'INVALID_CREDENTIALS',
  'THROTTLED',
  'USER_DISABLED',
  'NOT_FOUND',
  'CONFLICT',
  'UNKNOWN_CHANNEL',
  'DATABASE_TOO_NEW',
  'DATABASE_DAMAGED',
  'CANCELLED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface IpcError {
  code: ErrorCode;
  /** i18n key, e.g. `errors.INVALID_CREDENTIALS`. */
  messageKey: string;
  /** Interpolation values for the message. */
  params?: Record<string, string | number>;
  /** Per-field i18n keys for form errors (path joined with '.'). */
  fields?: Record<string, string>;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Thrown on either side; the registry turns it into `{ ok: false, error }`. */
export class HavenError extends Error {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly params?: Record<string, string | number>;
  readonly fields?: Record<string, string>;

  constructor(
    code: ErrorCode,
    options: {
      messageKey?: string;
      params?: Record<string, string | number>;
      fields?: Record<string, string>;
    } = {},
  ) {
    super(options.messageKey ?? `errors.${code}`);
    this.name = 'HavenError';
    this.code = code;
    this.messageKey = options.messageKey ?? `errors.${code}`;
    this.params = options.params;
    this.fields = options.fields;
  }

  toIpcError(): IpcError {
    const error: IpcError = { code: this.code, messageKey: this.messageKey };
    if (this.params) error.params = this.params;
    if (this.fields) error.fields = this.fields;
    return error;
  }

  static fromIpcError(error: IpcError): HavenError {
    return new HavenError(error.code, {
      messageKey: error.messageKey,
      params: error.params,
      fields: error.fields,
    });
  }
}

export function isHavenError(value: unknown): value is HavenError {
  return value instanceof HavenError;
}
