/**
 * The one error type the API throws on purpose. Each code maps to one HTTP status; the problem
 * middleware renders it as RFC 9457 problem+json. Anything else that escapes is a 500.
 */
export const ERROR_STATUS = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  /** The credential may not act as the identity the request names (docs/adr/0008). */
  identity_mismatch: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  conflict: 409,
  /** A lease that is no longer held, on heartbeat: renewing it is impossible (RFC 9110 §15.5.11). */
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  precondition_failed: 412,
  precondition_required: 428,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extras: {
      errors?: FieldError[];
      body?: Record<string, unknown>;
      /** Sent as `Retry-After` (RFC 9110 §10.2.3) with a 503 or 429. */
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}
