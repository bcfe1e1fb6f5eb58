import { PROVIDER_CATALOG, QUALITY_THRESHOLDS, type Capability, type ProviderId } from '../../../src-shared/providers.js';
import type { Budget } from './budget.js';
import { cacheKey } from './cache-key.js';
import { countsAgainstBreaker, type CircuitBreaker, type CircuitBreakers } from './circuit-breaker.js';
import type { AttemptRecord, CachedResult, ProviderLedger, SkipReason } from './ledger.js';
import { ProviderError } from './provider-error.js';
import type { CapabilityRequest, OutputBody, ProviderAdapter, WordTiming } from './provider-types.js';
import type { RateLimiters } from './rate-limiter.js';
import { realSleep, type Sleep, type StartTimer } from './retry.js';
import { addActualCost, emptyTally, routeCaller, type RetrySettings, type RouteTally } from './route-call.js';
import type { PlannedRoute, RoutePlan } from './route-plan.js';
import { clipKeys, clipRequests, runVideoJobs, type VideoJobProgress } from './video-job.js';

/**
 * Walks a route plan (route-plan.ts) until one route gives an acceptable result: a cached
 * result first, then each route in order, each gated again at the moment of the call
 * (budget, circuit, rate limit), called with retries, its result scored. Every route
 * tried or passed over becomes an attempt record in the ledger and in the outcome.
 */

export interface ScoredOutput {
  capability: Capability;
  provider: ProviderId;
  outputs: OutputBody[];
}

export interface RouterDeps {
  adapters: Partial<Record<ProviderId, ProviderAdapter>>;
  ledger: ProviderLedger;
  breakers: CircuitBreakers;
  limiters: RateLimiters;
  budget: Budget;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  startTimer?: StartTimer;
  retry?: RetrySettings;
  /** Per-attempt timeout by capability; the local engine has its own. */
  timeoutsMs?: Partial<Record<Capability | 'local', number>>;
  /** The local quality score 0–10 of a result; null when it cannot be measured. Absent: results are not scored. */
  scoreQuality?: (result: ScoredOutput) => Promise<number | null>;
  qualityThresholds?: Partial<Record<Capability, number | null>>;
  onProgress?: (event: VideoJobProgress) => void;
}

export interface RunOptions {
  projectId: string | null;
  signal?: AbortSignal;
}

export interface RouteResult {
  provider: ProviderId;
  capability: Capability;
  /** One file; one per clip for a video cut into clips, in order. */
  outputs: OutputBody[];
  words: WordTiming[] | null;
  qualityScore: number | null;
  /** False: every route scored below the threshold and this is the best of them. */
  accepted: boolean;
  fromCache: boolean;
}

export interface RouterOutcome {
  /** Null when no route delivered anything (or the creator cancelled). */
  result: RouteResult | null;
  attempts: AttemptRecord[];
  cancelled: boolean;
}

/** Generous per-call ceilings; an adapter's own request finishes well within them. */
export const DEFAULT_TIMEOUTS_MS: Record<Capability | 'local', number> = {
  image_enhancement: 60_000,
  speech: 60_000,
  // Submit, one poll, or a download of a finished video (tens of MB).
  video_generation: 180_000,
  // A local render of a 60 s video on a slow laptop.
  local: 60 * 60_000,
};

type Delivery = { outputs: OutputBody[]; words: WordTiming[] | null; cacheKeys: string[] };

export async function runPlan(plan: RoutePlan, request: CapabilityRequest, deps: RouterDeps, options: RunOptions): Promise<RouterOutcome> {
  if (request.capability !== plan.capability) throw new Error(`a ${plan.capability} plan cannot run a ${request.capability} request`);
  const now = deps.now ?? Date.now;
  const attempts: AttemptRecord[] = [];
  const override = deps.qualityThresholds?.[plan.capability];
  const threshold: number | null = override !== undefined ? override : QUALITY_THRESHOLDS[plan.capability];
  let best: RouteResult | null = null;

  const record = (route: PlannedRoute, fields: Partial<AttemptRecord> & Pick<AttemptRecord, 'outcome'>, startedAt: number, tally: RouteTally = emptyTally()): void => {
    const attempt: AttemptRecord = {
      provider: route.provider,
      capability: plan.capability,
      projectId: options.projectId,
      reason: null,
      message: null,
      retries: tally.retries,
      estimatedCostUsd: route.estimate.usd,
      actualCostUsd: tally.actualCostUsd,
      chargedUsd: tally.chargedUsd,
      latencyMs: Math.max(0, now() - startedAt),
      qualityScore: null,
      jobIds: tally.jobIds,
      at: startedAt,
      ...fields,
    };
    attempts.push(attempt);
    deps.ledger.recordAttempt(attempt);
  };
  const score = async (provider: ProviderId, outputs: OutputBody[]): Promise<number | null> =>
    threshold === null || !deps.scoreQuality ? null : deps.scoreQuality({ capability: plan.capability, provider, outputs });
  const isWeak = (quality: number | null): boolean => threshold !== null && quality !== null && quality < threshold;
  const weakMessage = (provider: ProviderId, quality: number): string =>
    `${PROVIDER_CATALOG[provider].displayName}'s result scored ${quality.toFixed(1)}, below the ${(threshold ?? 0).toFixed(1)} this step needs.`;

  // Identical requests are served from the library before any route is called.
  for (const route of plan.routes) {
    if (!PROVIDER_CATALOG[route.provider].needsKey) continue;
    const keys = routeKeys(route, request);
    const hits = keys.map((key) => deps.ledger.cachedResult(key));
    if (!hits.every((hit): hit is CachedResult => hit !== undefined)) continue;
    const startedAt = now();
    const outputs = hits.flatMap((hit) => hit.outputs.map(({ file, mime }) => ({ file, mime })));
    const quality = await score(route.provider, outputs);
    if (isWeak(quality)) {
      for (const key of keys) deps.ledger.forgetCachedResult(key);
      continue;
    }
    record(route, { outcome: 'cached', qualityScore: quality }, startedAt);
    const words = hits[0]?.words ?? null;
    return { result: { provider: route.provider, capability: plan.capability, outputs, words, qualityScore: quality, accepted: true, fromCache: true }, attempts, cancelled: false };
  }

  for (const route of plan.routes) {
    const startedAt = now();
    const skip = (reason: SkipReason, message: string): void => record(route, { outcome: 'skipped', reason, message }, startedAt);
    if (options.signal?.aborted) {
      record(route, { outcome: 'cancelled', reason: 'cancelled', message: new ProviderError({ kind: 'cancelled', provider: route.provider }).message }, startedAt);
      return { result: null, attempts, cancelled: true };
    }
    const provider = route.provider;
    const adapter = deps.adapters[provider];
    if (!adapter || adapter.capability !== plan.capability) {
      skip('no_adapter', `${PROVIDER_CATALOG[provider].displayName} is not available in this version of TalkingPhoto.`);
      continue;
    }
    const keys = routeKeys(route, request);
    const isAsync = adapter.capability === 'video_generation' && adapter.mode === 'async';
    // A job already paid for and still running is polled again, whatever the gates say now.
    const resuming = isAsync && keys.some((key) => deps.ledger.openJob(provider, key));
    // The local engine's failures are the input's or the machine's, not a service's health.
    const breaker = PROVIDER_CATALOG[provider].needsKey ? deps.breakers.for(provider) : null;
    if (!resuming) {
      const gate = gateRoute(route, keys, isAsync, breaker, deps);
      if (gate) {
        skip(gate.reason, gate.message);
        continue;
      }
    }

    const tally = emptyTally();
    let delivery: Delivery;
    try {
      delivery = await callRoute(route, adapter, request, keys, tally, deps, options);
    } catch (thrown) {
      if (!(thrown instanceof ProviderError)) throw thrown;
      deps.budget.noteSpent(tally.chargedUsd);
      if (countsAgainstBreaker(thrown.kind)) breaker?.recordFailure();
      else breaker?.recordNeutral();
      const cancelled = thrown.kind === 'cancelled';
      record(route, { outcome: cancelled ? 'cancelled' : 'failed', reason: thrown.kind, message: thrown.message }, startedAt, tally);
      if (cancelled) return { result: best, attempts, cancelled: true };
      continue;
    }
    breaker?.recordSuccess();
    deps.budget.noteSpent(tally.chargedUsd);

    const quality = await score(provider, delivery.outputs);
    const result: RouteResult = { provider, capability: plan.capability, outputs: delivery.outputs, words: delivery.words, qualityScore: quality, accepted: true, fromCache: false };
    if (isWeak(quality)) {
      for (const key of delivery.cacheKeys) deps.ledger.forgetCachedResult(key);
      record(route, { outcome: 'low_quality', reason: 'low_quality', message: weakMessage(provider, quality as number), qualityScore: quality }, startedAt, tally);
      if (!best || (best.qualityScore ?? 0) < (quality ?? 0)) best = { ...result, accepted: false };
      continue;
    }
    record(route, { outcome: 'succeeded', qualityScore: quality }, startedAt, tally);
    return { result, attempts, cancelled: false };
  }
  return { result: best, attempts, cancelled: false };
}

/**
 * Checks a route again at the moment of the call (time has passed since the plan, other
 * routes have spent): budget, circuit, rate limit, in that order, so that a route refused
 * for money takes no rate-limit slot and none takes the circuit's one probe in vain.
 */
function gateRoute(route: PlannedRoute, keys: readonly string[], isAsync: boolean, breaker: CircuitBreaker | null, deps: RouterDeps): { reason: SkipReason; message: string } | null {
  const name = PROVIDER_CATALOG[route.provider].displayName;
  const budget = deps.budget.check(route.estimate.usd);
  if (!budget.ok) return { reason: budget.reason === 'daily_cap' ? 'daily_cap' : 'over_budget', message: budget.message };
  if (breaker && !breaker.wouldPass()) return { reason: 'circuit_open', message: `${name} failed several times in a row; it is tried again in ${Math.ceil(breaker.retryInMs() / 1000)} s.` };
  const limiter = deps.limiters.for(route.provider);
  if (limiter) {
    // Async routes take a slot per clip as they submit (clips already delivered or running need none).
    const needed = isAsync ? keys.filter((key) => !deps.ledger.cachedResult(key) && !deps.ledger.openJob(route.provider, key)).length : 1;
    const headroom = limiter.headroom();
    if (headroom.remaining < needed)
      return { reason: 'rate_limited', message: `${name} has reached its limit of ${headroom.limit} requests; a slot frees in ${Math.ceil(headroom.nextFreeInMs / 1000)} s.` };
    if (!isAsync) limiter.tryAcquire();
  }
  breaker?.tryPass();
  return null;
}

/** The cache keys of a route's provider requests: one, or one per clip. */
function routeKeys(route: PlannedRoute, request: CapabilityRequest): string[] {
  if (request.capability === 'video_generation') return clipKeys(route.provider, clipRequests(request.input, route.estimate.clipsS));
  return [cacheKey(route.provider, request.input)];
}

async function callRoute(route: PlannedRoute, adapter: ProviderAdapter, request: CapabilityRequest, keys: string[], tally: RouteTally, deps: RouterDeps, options: RunOptions): Promise<Delivery> {
  const provider = route.provider;
  const local = !PROVIDER_CATALOG[provider].needsKey;
  const timeouts = { ...DEFAULT_TIMEOUTS_MS, ...deps.timeoutsMs };
  const call = routeCaller(
    {
      provider,
      timeoutMs: local ? timeouts.local : timeouts[request.capability],
      signal: options.signal,
      sleep: deps.sleep ?? realSleep,
      random: deps.random ?? Math.random,
      startTimer: deps.startTimer,
      // The local engine's failures are not cured by asking again.
      retry: local ? { ...deps.retry, maxRetries: 0 } : (deps.retry ?? {}),
    },
    tally,
  );
  const keep = async (key: string, outputs: OutputBody[], words: WordTiming[] | null, actualCostUsd: number | undefined): Promise<Delivery> => {
    addActualCost(tally, actualCostUsd);
    tally.chargedUsd += actualCostUsd ?? route.estimate.usd;
    // The local engine makes its result again for free: nothing to keep.
    if (local) return { outputs, words, cacheKeys: [] };
    const stored = await deps.ledger.storeCachedResult(key, { provider, capability: request.capability, outputs, words });
    return { outputs: stored.outputs.map(({ file, mime }) => ({ file, mime })), words, cacheKeys: [key] };
  };
  const key = keys[0] as string;

  if (request.capability === 'image_enhancement' && adapter.capability === 'image_enhancement') {
    const image = await call((signal) => adapter.enhance(request.input, { signal }));
    return keep(key, [{ data: image.image, mime: image.mime }], null, image.actualCostUsd);
  }
  if (request.capability === 'speech' && adapter.capability === 'speech') {
    const speech = await call((signal) => adapter.speak(request.input, { signal }));
    return keep(key, [{ data: speech.audio, mime: speech.mime }], speech.words, speech.actualCostUsd);
  }
  if (request.capability === 'video_generation' && adapter.capability === 'video_generation') {
    if (adapter.mode === 'sync') {
      const video = await call((signal) => adapter.render(request.input, { signal }));
      const output = 'file' in video.video ? { file: video.video.file, mime: video.mime } : { data: video.video, mime: video.mime };
      return keep(key, [output], null, video.actualCostUsd);
    }
    const clips = await runVideoJobs(clipRequests(request.input, route.estimate.clipsS), keys, {
      adapter,
      ledger: deps.ledger,
      limiter: deps.limiters.for(provider),
      call,
      tally,
      projectId: options.projectId,
      estimateUsd: route.estimate.usd,
      now: deps.now ?? Date.now,
      sleep: deps.sleep ?? realSleep,
      signal: options.signal,
      onProgress: deps.onProgress,
    });
    return { outputs: clips.flatMap((clip) => clip.outputs.map(({ file, mime }) => ({ file, mime }))), words: null, cacheKeys: keys };
  }
  throw new Error(`${provider} cannot serve a ${request.capability} request`);
}
