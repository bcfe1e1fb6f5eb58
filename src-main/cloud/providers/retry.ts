import type { ProviderId } from '../../../src-shared/providers.js';
import { ProviderError, isProviderError } from './provider-error.js';

/**
 * One provider call with a timeout per attempt and bounded retries (SPEC §2, issue 7):
 * only failures that a second try can cure are retried (network, timeouts, 429, 5xx);
 * a 4xx other than 408/429 is our request's fault and fails at once.
 */

/** Waits `ms`, rejecting early when `signal` aborts. Tests pass one that does not wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
/** Starts a timer that calls `fire` after `ms`; returns its cancel. */
export type StartTimer = (ms: number, fire: () => void) => () => void;

export interface RetryOptions {
  provider: ProviderId;
  timeoutMs: number;
  /** Seed and issue 7: at most 3 retries, so 4 calls in all. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /**
   * A Retry-After longer than this is not waited out: the router moves on to the next
   * route rather than holding a render for minutes.
   */
  maxRetryAfterMs?: number;
  /**
   * Whether a timed-out attempt may be repeated. False for a submit that starts paid
   * work: the provider may have received it, and a second submit would pay twice.
   */
  retryTimeouts?: boolean;
  signal?: AbortSignal;
  sleep?: Sleep;
  random?: () => number;
  startTimer?: StartTimer;
  onRetry?: (info: { attempt: number; delayMs: number; error: ProviderError }) => void;
}

export interface RetryOutcome<T> {
  value: T;
  /** Calls made, the successful one included. */
  attempts: number;
}

export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_BASE_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 30_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export const realTimer: StartTimer = (ms, fire) => {
  const timer = setTimeout(fire, ms);
  return () => clearTimeout(timer);
};

/** Error codes Node and undici give a connection that failed or broke midway. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function isNetworkFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const causeCode = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (typeof causeCode === 'string' && NETWORK_CODES.has(causeCode)) return true;
  // fetch (undici) reports every connection failure as this TypeError.
  return error instanceof TypeError && error.message === 'fetch failed';
}

/** Any exception from a provider call, as the ProviderError the router acts on. */
function asProviderError(error: unknown, provider: ProviderId, how: { timedOut?: boolean; cancelled?: boolean } = {}): ProviderError {
  if (how.cancelled) return new ProviderError({ kind: 'cancelled', provider, cause: error });
  if (how.timedOut) return new ProviderError({ kind: 'timeout', provider, cause: error });
  if (isProviderError(error)) return error;
  if (isNetworkFailure(error)) return new ProviderError({ kind: 'transient', provider, detail: String((error as Error).message), cause: error });
  return new ProviderError({ kind: 'unexpected', provider, detail: error instanceof Error ? error.message : String(error), cause: error });
}

function isRetryable(error: ProviderError, options: RetryOptions): boolean {
  switch (error.kind) {
    case 'transient':
      return true;
    case 'timeout':
      return options.retryTimeouts ?? true;
    case 'rate_limited':
      return error.retryAfterMs === undefined || error.retryAfterMs <= (options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS);
    default:
      return false;
  }
}

/** Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): spreads clients that failed together. */
export function backoffDelay(retry: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const cap = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const random = options.random ?? Math.random;
  return Math.floor(random() * Math.min(cap, base * 2 ** (retry - 1)));
}

/** Runs one attempt under its own deadline; a call that ignores its signal is abandoned, not awaited. */
async function attemptOnce<T>(fn: (signal: AbortSignal, attempt: number) => Promise<T>, attempt: number, options: RetryOptions): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  let settle: ((error: unknown) => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    settle = reject;
  });
  const stopTimer = (options.startTimer ?? realTimer)(options.timeoutMs, () => {
    timedOut = true;
    controller.abort(new Error('timed out'));
    settle?.(new Error('timed out'));
  });
  const onCallerAbort = (): void => {
    controller.abort(options.signal?.reason);
    settle?.(options.signal?.reason);
  };
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const call = Promise.resolve().then(() => fn(controller.signal, attempt));
  // An abandoned call may still fail later; that is no longer anyone's business.
  call.catch(() => undefined);
  try {
    return await Promise.race([call, stopped]);
  } catch (error) {
    throw asProviderError(error, options.provider, { timedOut, cancelled: options.signal?.aborted === true });
  } finally {
    stopTimer();
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

export async function callWithRetries<T>(fn: (signal: AbortSignal, attempt: number) => Promise<T>, options: RetryOptions): Promise<RetryOutcome<T>> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt += 1) {
    if (options.signal?.aborted) {
      const error = new ProviderError({ kind: 'cancelled', provider: options.provider });
      error.attempts = attempt - 1;
      throw error;
    }
    try {
      return { value: await attemptOnce(fn, attempt, options), attempts: attempt };
    } catch (thrown) {
      const error = thrown as ProviderError;
      error.attempts = attempt;
      if (attempt > maxRetries || !isRetryable(error, options)) throw error;
      const delayMs = error.kind === 'rate_limited' && error.retryAfterMs !== undefined ? error.retryAfterMs : backoffDelay(attempt, options);
      options.onRetry?.({ attempt, delayMs, error });
      try {
        await sleep(delayMs, options.signal);
      } catch (cause) {
        const cancelled = new ProviderError({ kind: 'cancelled', provider: options.provider, cause });
        cancelled.attempts = attempt;
        throw cancelled;
      }
    }
  }
}
