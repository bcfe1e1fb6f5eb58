import { PROVIDER_JOB_STATES, type Capability, type ProviderId, type ProviderJobState } from '../../../src-shared/providers.js';
import type { ProviderAttemptReport } from '../../../src-shared/report.js';
import type { SpendLedger } from './budget.js';
import type { ProviderErrorKind } from './provider-error.js';
import type { OutputBody, WordTiming } from './provider-types.js';

/**
 * Where the router writes down what it did and reads back what it must remember across
 * restarts: every attempt (health log and spending), async jobs in flight, and results it
 * may serve again. The library implements it (src-main/app/library/provider-ledger.ts); the
 * router only knows this interface.
 */

export const ATTEMPT_OUTCOMES = ['succeeded', 'low_quality', 'failed', 'cancelled', 'skipped', 'cached'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** Why a route was not called: planRoutes and the router say it in these words. */
export const SKIP_REASONS = ['not_callable', 'no_capability', 'tier', 'no_key', 'no_adapter', 'circuit_open', 'rate_limited', 'too_long', 'over_budget', 'daily_cap', 'own_recording'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/**
 * One route tried (or passed over) for one request, as the health log keeps it: report.json's
 * attempt (src-shared/report.ts, where each field is described) with the router's own
 * narrower words for provider, capability, outcome and reason, plus what only the library keeps.
 */
export interface AttemptRecord extends Omit<ProviderAttemptReport, 'provider' | 'capability' | 'outcome' | 'reason'> {
  provider: ProviderId;
  capability: Capability;
  outcome: AttemptOutcome;
  reason: ProviderErrorKind | SkipReason | null;
  projectId: string | null;
  /** Async providers: the provider's job ids, one per clip. */
  jobIds: string[];
  at: number;
}

/** Whether the attempt made a call whose outcome says something about the provider's health. */
export function isHealthSignal(attempt: Pick<AttemptRecord, 'outcome'>): boolean {
  return attempt.outcome === 'succeeded' || attempt.outcome === 'low_quality' || attempt.outcome === 'failed';
}

export { PROVIDER_JOB_STATES, type ProviderJobState };
/** States of a job that may still finish: a restart polls these again instead of submitting. */
export const OPEN_JOB_STATES: readonly ProviderJobState[] = ['submitted', 'queued', 'running'];

export interface ProviderJob {
  provider: ProviderId;
  jobId: string;
  projectId: string | null;
  capability: Capability;
  /** cacheKey() of the request that started it. */
  requestHash: string;
  state: ProviderJobState;
  /** The result as stored in the library, relative to the data folder; null until done. */
  resultPath: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface CachedOutput {
  /** Absolute path of the stored file. */
  file: string;
  /** The same, relative to the data folder, forward slashes: what the library stores. */
  path: string;
  mime: string;
  sha256: string;
  size: number;
}

export interface CachedResult {
  key: string;
  provider: ProviderId;
  capability: Capability;
  outputs: CachedOutput[];
  words: WordTiming[] | null;
  createdAt: number;
}

export interface ProviderLedger extends SpendLedger {
  recordAttempt(attempt: AttemptRecord): void;
  /** The health log, newest first, for restoring breakers at start and the status screen. */
  recentHealth(provider: ProviderId, limit: number): Array<{ ok: boolean; errorKind: string | null; at: number }>;

  /** Called the moment a submit answers, before the first poll. */
  saveJob(job: Pick<ProviderJob, 'provider' | 'jobId' | 'projectId' | 'capability' | 'requestHash'>): void;
  updateJob(provider: ProviderId, jobId: string, change: { state: ProviderJobState; resultPath?: string | null }): void;
  /** The newest job for this request that may still finish. */
  openJob(provider: ProviderId, requestHash: string): ProviderJob | undefined;
  openJobs(): ProviderJob[];

  /** A stored result whose files are all still there; undefined otherwise. */
  cachedResult(key: string): CachedResult | undefined;
  storeCachedResult(key: string, entry: { provider: ProviderId; capability: Capability; outputs: OutputBody[]; words?: WordTiming[] | null }): Promise<CachedResult>;
  forgetCachedResult(key: string): void;
}
