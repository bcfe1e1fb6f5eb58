import { rm } from 'node:fs/promises';
import { PROVIDER_CATALOG, type ProviderId } from '../../../src-shared/providers.js';
import { cacheKey } from './cache-key.js';
import { splitScript } from './clip-plan.js';
import type { CachedResult, ProviderLedger } from './ledger.js';
import { ProviderError } from './provider-error.js';
import type { AsyncVideoProvider, OutputBody, VideoJobStatus, VideoRequest } from './provider-types.js';
import type { RateLimiter } from './rate-limiter.js';
import { addActualCost, type RouteCaller, type RouteTally } from './route-call.js';
import type { Sleep } from './retry.js';

/**
 * One async video route from submit to stored result (issue 7 "Async jobs"): the job id is
 * in the library before the first poll, so a restart polls the same job again instead of
 * paying for a second; a cancel stops polling and asks the provider to stop. A route cut
 * into clips (Veo) runs one job per clip; clips already delivered are taken from the cache.
 */

/** Each clip's request; a route that is not cut into clips has one. */
export function clipRequests(input: VideoRequest, clipsS: readonly number[] | null): VideoRequest[] {
  if (!clipsS || clipsS.length === 0) return [input];
  if (clipsS.length === 1) return [{ ...input, durationS: clipsS[0] as number }];
  const pieces = splitScript(input.script, clipsS);
  return clipsS.map((durationS, index) => ({ ...input, durationS, script: pieces[index] ?? '', clip: { index, count: clipsS.length } }));
}

export function clipKeys(provider: ProviderId, requests: readonly VideoRequest[]): string[] {
  return requests.map((request) => cacheKey(provider, request));
}

export interface VideoJobContext {
  adapter: AsyncVideoProvider;
  ledger: ProviderLedger;
  limiter: RateLimiter | null;
  call: RouteCaller;
  tally: RouteTally;
  projectId: string | null;
  /** The route's estimate, shared among its clips by length, charged as each clip arrives. */
  estimateUsd: number;
  now: () => number;
  sleep: Sleep;
  signal: AbortSignal | undefined;
  onProgress?: (event: VideoJobProgress) => void;
}

export interface VideoJobProgress {
  provider: ProviderId;
  jobId: string;
  clip: number;
  clips: number;
  state: VideoJobStatus['state'];
  progress?: number;
}

/** Runs every clip's job in order and returns the stored clips, in order. */
export async function runVideoJobs(requests: readonly VideoRequest[], keys: readonly string[], context: VideoJobContext): Promise<CachedResult[]> {
  const totalS = requests.reduce((sum, r) => sum + r.durationS, 0);
  const results: CachedResult[] = [];
  for (const [index, request] of requests.entries()) {
    const key = keys[index] as string;
    const stored = context.ledger.cachedResult(key);
    if (stored) {
      results.push(stored);
      continue;
    }
    const share = totalS > 0 ? (context.estimateUsd * request.durationS) / totalS : context.estimateUsd / requests.length;
    results.push(await runOneJob(request, key, { index, count: requests.length, share }, context));
  }
  return results;
}

async function runOneJob(request: VideoRequest, key: string, clip: { index: number; count: number; share: number }, context: VideoJobContext): Promise<CachedResult> {
  const { adapter, ledger, call } = context;
  const provider = adapter.id;
  const saved = ledger.openJob(provider, key);
  let jobId: string;
  let startedAt: number;
  if (saved) {
    jobId = saved.jobId;
    startedAt = saved.createdAt;
  } else {
    const slot = context.limiter?.tryAcquire() ?? { ok: true };
    if (!slot.ok) throw new ProviderError({ kind: 'rate_limited', provider, retryAfterMs: slot.waitMs, detail: 'our own rate limit, between clips' });
    // A submit that timed out may have reached the provider: never sent twice.
    ({ jobId } = await call((signal) => adapter.submit(request, { signal }), { retryTimeouts: false }));
    startedAt = context.now();
    ledger.saveJob({ provider, jobId, projectId: context.projectId, capability: 'video_generation', requestHash: key });
  }
  context.tally.jobIds.push(jobId);

  const video = await settledOrDropped(jobId, context, async () => {
    await waitUntilDone(jobId, startedAt, clip, context);
    return call((signal) => adapter.download(jobId, { signal }));
  });
  addActualCost(context.tally, video.actualCostUsd);
  context.tally.chargedUsd += video.actualCostUsd ?? clip.share;
  const output: OutputBody = 'file' in video.video ? { file: video.video.file, mime: video.mime } : { data: video.video, mime: video.mime };
  const stored = await ledger.storeCachedResult(key, { provider, capability: 'video_generation', outputs: [output] });
  // The library keeps its own copy; the adapter's download file is done with.
  if ('file' in output) await rm(output.file, { force: true });
  ledger.updateJob(provider, jobId, { state: 'done', resultPath: stored.outputs[0]?.path ?? null });
  return stored;
}

/**
 * Failures that no later poll can mend (the provider no longer knows the job, or refuses
 * it): the job is marked failed so the next run for this request submits afresh instead of
 * polling a dead job forever. Anything else leaves it open, to be polled again.
 */
async function settledOrDropped<T>(jobId: string, context: VideoJobContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ProviderError && (error.kind === 'bad_request' || error.kind === 'rejected' || error.kind === 'unexpected')) {
      context.ledger.updateJob(context.adapter.id, jobId, { state: 'failed' });
    }
    throw error;
  }
}

async function waitUntilDone(jobId: string, startedAt: number, clip: { index: number; count: number }, context: VideoJobContext): Promise<void> {
  const { adapter, ledger, call } = context;
  const provider = adapter.id;
  const entry = PROVIDER_CATALOG[provider];
  const interval = entry.pollIntervalMs ?? 5_000;
  const deadline = startedAt + (entry.jobTimeoutMs ?? 15 * 60_000);
  let lastState: VideoJobStatus['state'] | null = null;
  for (;;) {
    if (context.signal?.aborted) return cancelJob(jobId, context);
    let status: VideoJobStatus;
    try {
      status = await call((signal) => adapter.poll(jobId, { signal }));
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'cancelled') return cancelJob(jobId, context);
      // Left open: the next run for this request polls it again rather than paying twice.
      throw error;
    }
    context.onProgress?.({ provider, jobId, clip: clip.index, clips: clip.count, state: status.state, progress: status.progress });
    if (status.state === 'done') return;
    if (status.state === 'failed') {
      ledger.updateJob(provider, jobId, { state: 'failed' });
      throw new ProviderError({ kind: status.error?.kind ?? 'transient', provider, detail: status.error?.detail ?? `job ${jobId} failed` });
    }
    if (status.state !== lastState) {
      ledger.updateJob(provider, jobId, { state: status.state });
      lastState = status.state;
    }
    if (context.now() >= deadline) {
      await askToCancel(jobId, context);
      ledger.updateJob(provider, jobId, { state: 'timed_out' });
      throw new ProviderError({ kind: 'timeout', provider, detail: `job ${jobId} still ${status.state} after ${Math.round((context.now() - startedAt) / 1000)} s` });
    }
    try {
      await context.sleep(interval, context.signal);
    } catch (error) {
      if (context.signal?.aborted) return cancelJob(jobId, context);
      throw error;
    }
  }
}

async function cancelJob(jobId: string, context: VideoJobContext): Promise<never> {
  const confirmed = await askToCancel(jobId, context);
  context.ledger.updateJob(context.adapter.id, jobId, { state: 'cancelled' });
  throw new ProviderError({ kind: 'cancelled', provider: context.adapter.id, detail: confirmed ? `job ${jobId} cancelled` : `job ${jobId}: the provider did not confirm the cancel` });
}

/** Long enough for one HTTP round trip; the creator is waiting for the cancel to finish. */
const CANCEL_TIMEOUT_MS = 15_000;

/**
 * Asks the provider to stop the job, without the run's signal (already aborted) and
 * without retries.
 */
async function askToCancel(jobId: string, context: VideoJobContext): Promise<boolean> {
  try {
    await context.call((signal) => context.adapter.cancel(jobId, { signal }), { signal: undefined, maxRetries: 0, timeoutMs: CANCEL_TIMEOUT_MS });
    return true;
  } catch {
    // Reported in the cancel's detail; the job is ours no longer either way.
    return false;
  }
}
