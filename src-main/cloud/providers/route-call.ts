import type { ProviderId } from '../../../src-shared/providers.js';
import { ProviderError } from './provider-error.js';
import { callWithRetries, type RetryOptions, type Sleep, type StartTimer } from './retry.js';

/**
 * Every call one route makes goes through here, so the attempt record counts all of its
 * retries and spending, even when the route fails halfway (a video whose first clip was
 * delivered and whose second was not).
 */

export interface RouteTally {
  /** Calls beyond the first, over every call the route made. */
  retries: number;
  chargedUsd: number;
  /** Summed from what the provider reported; null while it has reported nothing. */
  actualCostUsd: number | null;
  jobIds: string[];
}

export function emptyTally(): RouteTally {
  return { retries: 0, chargedUsd: 0, actualCostUsd: null, jobIds: [] };
}

/** Retry settings shared by every call of a run, as RetryOptions has them. */
export type RetrySettings = Pick<RetryOptions, 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'>;

export interface RouteCallSettings {
  provider: ProviderId;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  sleep: Sleep;
  random: () => number;
  startTimer: StartTimer | undefined;
  retry: RetrySettings;
}

export type RouteCaller = <T>(fn: (signal: AbortSignal) => Promise<T>, overrides?: Partial<Pick<RetryOptions, 'retryTimeouts' | 'maxRetries' | 'timeoutMs' | 'signal'>>) => Promise<T>;

export function routeCaller(settings: RouteCallSettings, tally: RouteTally): RouteCaller {
  return async (fn, overrides = {}) => {
    try {
      const { value, attempts } = await callWithRetries(fn, {
        ...settings.retry,
        provider: settings.provider,
        timeoutMs: settings.timeoutMs,
        signal: settings.signal,
        sleep: settings.sleep,
        random: settings.random,
        startTimer: settings.startTimer,
        ...overrides,
      });
      tally.retries += attempts - 1;
      return value;
    } catch (error) {
      if (error instanceof ProviderError) tally.retries += Math.max(0, error.attempts - 1);
      throw error;
    }
  };
}

export function addActualCost(tally: RouteTally, usd: number | undefined): void {
  if (usd !== undefined) tally.actualCostUsd = (tally.actualCostUsd ?? 0) + usd;
}
