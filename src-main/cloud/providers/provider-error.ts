import { PROVIDER_CATALOG, type ProviderId } from '../../../src-shared/providers.js';

/**
 * A cloud provider's failure as a value the router can act on: `kind` decides retry,
 * fallback and the circuit breaker; `message` is one sentence for the creator, made
 * from the kind and the provider's name only, so it can never carry a key or a response
 * body. What the provider actually said goes in `detail` (logs), with anything that
 * looks like a secret removed.
 */

export const PROVIDER_ERROR_KINDS = [
  'auth',
  'quota',
  'rate_limited',
  'transient',
  'bad_request',
  'rejected',
  'timeout',
  'cancelled',
  'low_quality',
  /** An exception that is not a provider's answer: a bug in an adapter, kept apart so it is never retried. */
  'unexpected',
] as const;
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

export interface ProviderErrorOptions {
  kind: ProviderErrorKind;
  provider: ProviderId;
  status?: number;
  /** 429 and some 503s: how long the provider asked us to wait. */
  retryAfterMs?: number;
  /** For logs: what the provider said. Secrets are removed before it is kept. */
  detail?: string;
  /** Values to remove from `detail` wherever they appear (the adapter's own key). */
  secrets?: readonly string[];
  cause?: unknown;
}

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly provider: ProviderId;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly detail: string | undefined;
  /** Calls made before giving up, set by callWithRetries. */
  attempts = 1;

  constructor(options: ProviderErrorOptions) {
    super(sentenceFor(options.kind, options.provider), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.kind = options.kind;
    this.provider = options.provider;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.detail = options.detail === undefined ? undefined : redactSecrets(options.detail, options.secrets ?? []);
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}

function sentenceFor(kind: ProviderErrorKind, provider: ProviderId): string {
  const name = PROVIDER_CATALOG[provider].displayName;
  switch (kind) {
    case 'auth':
      return `${name} did not accept the API key: check it in Settings, Providers.`;
    case 'quota':
      return `${name} says the account is out of credit or over its quota: top it up or use another route.`;
    case 'rate_limited':
      return `${name} is limiting how often it may be called: try again in a little while.`;
    case 'transient':
      return `${name} could not be reached or had a server error.`;
    case 'bad_request':
      return `${name} could not accept this request.`;
    case 'rejected':
      return `${name} refused this photo or script under its content rules.`;
    case 'timeout':
      return `${name} took too long to answer.`;
    case 'cancelled':
      return `The ${name} request was cancelled.`;
    case 'low_quality':
      return `${name}'s result scored below the quality threshold.`;
    case 'unexpected':
      return `${name} failed unexpectedly.`;
  }
}

/**
 * Key-like text: a long run of letters, digits, `_` and `-` that mixes letters and digits
 * (API keys, bearer tokens, signed URL signatures), and `key=…` / `Bearer …` pairs.
 * 20 characters is shorter than any provider's key format in docs/providers.md and longer
 * than an English word.
 */
const KEY_LIKE = /\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}\b/g;
const CREDENTIAL_PAIR = /\b(api[-_]?key|x-api-key|xi-api-key|x-goog-api-key|key|token|secret|password|authorization)("?\s*[:=]\s*)("?)[^\s"&,;]+/gi;
const AUTH_SCHEME = /\b(bearer|basic)(\s+)[^\s"&,;]+/gi;

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('[redacted]');
  return out.replace(AUTH_SCHEME, '$1$2[redacted]').replace(CREDENTIAL_PAIR, '$1$2$3[redacted]').replace(KEY_LIKE, '[redacted]');
}

/**
 * Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Returns
 * milliseconds from `now`, or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** An HTTP error status as the kind the router acts on; adapters use it for every non-2xx answer. */
export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'quota';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status === 451) return 'rejected';
  if (status >= 500) return 'transient';
  return 'bad_request';
}

/** A ProviderError for an HTTP answer, honouring its Retry-After. */
export function errorForResponse(
  provider: ProviderId,
  response: { status: number; headers: { get(name: string): string | null } },
  options: { now: number; detail?: string; secrets?: readonly string[]; kind?: ProviderErrorKind },
): ProviderError {
  return new ProviderError({
    kind: options.kind ?? kindForStatus(response.status),
    provider,
    status: response.status,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), options.now),
    detail: options.detail ?? `HTTP ${response.status}`,
    secrets: options.secrets,
  });
}
