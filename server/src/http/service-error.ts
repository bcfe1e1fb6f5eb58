/**
 * Every refusal of the service: an HTTP status, a stable code the app can act on, and one
 * sentence a person can (the `{ error: { code, message } }` body of ServiceErrorSchema).
 */
export const SERVICE_ERROR_CODES = [
  'INVALID_REQUEST',
  'NOT_FOUND',
  'WRONG_CREDENTIALS',
  'TOO_MANY_REQUESTS',
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'RESET_TOKEN_INVALID',
  'SIGN_UP_LINK_INVALID',
  'ALREADY_SUBSCRIBED',
  'NO_SUBSCRIPTION',
  'PAYMENTS_UNAVAILABLE',
  'WEBHOOK_SIGNATURE_INVALID',
  'INTERNAL',
] as const;
export type ServiceErrorCode = (typeof SERVICE_ERROR_CODES)[number];

export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: ServiceErrorCode,
    message: string,
    /** Seconds, sent as Retry-After (a 429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  get body(): { error: { code: ServiceErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
