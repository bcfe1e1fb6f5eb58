import type { Capability, ProviderId, Tier } from '../../src-shared/providers.js';
import { LibraryProviderLedger } from '../../src-main/app/library/provider-ledger.js';
import type { Library } from '../../src-main/app/library/open-library.js';
import { Budget } from '../../src-main/cloud/providers/budget.js';
import { CircuitBreakers } from '../../src-main/cloud/providers/circuit-breaker.js';
import type { EstimateInput } from '../../src-main/cloud/providers/cost-estimate.js';
import { ProviderError, type ProviderErrorKind } from '../../src-main/cloud/providers/provider-error.js';
import type { AsyncVideoProvider, ImageEditor, SpeechProvider, VideoJobStatus, VideoRequest } from '../../src-main/cloud/providers/provider-types.js';
import type { SecretStore } from '../../src-main/cloud/providers/provider-keys.js';
import { RateLimiters } from '../../src-main/cloud/providers/rate-limiter.js';
import type { Sleep } from '../../src-main/cloud/providers/retry.js';
import { planRoutes, type RoutePlan } from '../../src-main/cloud/providers/route-plan.js';
import type { RouterDeps } from '../../src-main/cloud/providers/router.js';

/**
 * Stand-ins for the remote services behind the provider adapters, for router tests: each
 * answers from a script and counts what it was asked. The HTTP adapters are tested against
 * protocol-speaking fake servers instead (tests/fakes/).
 */

/** A fake key that looks like a real one (long, letters and digits) so redaction is really tested. */
export const FAKE_KEY = 'tpk-live-9f8E7d6C5b4A39281706f5e4D3c2b1a0ZZ';

export class FakeClock {
  constructor(public ms = Date.UTC(2026, 10, 25, 12, 0, 0)) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A sleep that moves the fake clock instead of waiting, remembering each wait; aborts like the real one. */
export function instantSleep(clock: FakeClock): Sleep & { waits: number[] } {
  const waits: number[] = [];
  const sleep = (async (ms: number, signal?: AbortSignal) => {
    if (signal?.aborted) throw signal.reason;
    waits.push(ms);
    clock.advance(ms);
  }) as Sleep & { waits: number[] };
  sleep.waits = waits;
  return sleep;
}

export type Answer = 'ok' | ProviderErrorKind | ProviderError | Error;

function failure(id: ProviderId, answer: Exclude<Answer, 'ok'>): Error {
  return typeof answer === 'string' ? new ProviderError({ kind: answer, provider: id, status: answer === 'bad_request' ? 400 : 503 }) : answer;
}

/** Answers each call with the next scripted answer; the last one repeats. */
export function fakeImageEditor(id: ProviderId, answers: Answer[] = ['ok']): ImageEditor & { calls: number } {
  const editor = {
    id,
    capability: 'image_enhancement' as const,
    calls: 0,
    async enhance() {
      const answer = answers[Math.min(editor.calls, answers.length - 1)] ?? 'ok';
      editor.calls += 1;
      if (answer !== 'ok') throw failure(id, answer);
      return { image: Buffer.from(`${id} enhanced photo`), mime: 'image/png' };
    },
  };
  return editor;
}

export function fakeSpeech(id: ProviderId, answers: Answer[] = ['ok']): SpeechProvider & { calls: number } {
  const speech = {
    id,
    capability: 'speech' as const,
    calls: 0,
    async speak() {
      const answer = answers[Math.min(speech.calls, answers.length - 1)] ?? 'ok';
      speech.calls += 1;
      if (answer !== 'ok') throw failure(id, answer);
      return { audio: Buffer.from(`${id} voice`), mime: 'audio/mpeg', words: [{ word: 'Hello', startS: 0, endS: 0.4 }] };
    },
  };
  return speech;
}

export interface FakeVideoService extends AsyncVideoProvider {
  submits: VideoRequest[];
  polls: string[];
  downloads: string[];
  cancels: string[];
}

/**
 * A submit → poll → download service: each job is queued, then running for `runningPolls`
 * polls, then done (or `failWith`). `onPoll` runs before each answer (to cancel or crash midway).
 */
export function fakeVideoService(id: ProviderId, options: { runningPolls?: number; failWith?: VideoJobStatus['error']; onPoll?: (jobId: string, count: number) => void } = {}): FakeVideoService {
  const pollsByJob = new Map<string, number>();
  const service: FakeVideoService = {
    id,
    capability: 'video_generation',
    mode: 'async',
    submits: [],
    polls: [],
    downloads: [],
    cancels: [],
    async submit(request) {
      service.submits.push(request);
      return { jobId: `${id}-job-${service.submits.length}` };
    },
    async poll(jobId) {
      const count = (pollsByJob.get(jobId) ?? 0) + 1;
      pollsByJob.set(jobId, count);
      service.polls.push(jobId);
      options.onPoll?.(jobId, count);
      if (count === 1) return { state: 'queued' };
      if (count <= 1 + (options.runningPolls ?? 2)) return { state: 'running', progress: 50 };
      return options.failWith ? { state: 'failed', error: options.failWith } : { state: 'done', progress: 100 };
    },
    async download(jobId) {
      service.downloads.push(jobId);
      return { video: Buffer.from(`${id} video for ${jobId}`), mime: 'video/mp4' };
    },
    async cancel(jobId) {
      service.cancels.push(jobId);
    },
    async verifyKey() {},
  };
  return service;
}

export interface RouterWorld {
  clock: FakeClock;
  sleep: ReturnType<typeof instantSleep>;
  ledger: LibraryProviderLedger;
  breakers: CircuitBreakers;
  limiters: RateLimiters;
  budget: Budget;
  deps: RouterDeps;
  plan(capability: Capability, input: EstimateInput, options?: { chain?: ProviderId[]; noLocal?: boolean }): RoutePlan;
}

/**
 * Router, ledger and gates over a real library, with a fake clock, instant sleeps (`sleep`
 * records them) and no jitter; anything in `options` replaces the default dependency.
 */
export function routerWorld(
  library: Library,
  options: { adapters: RouterDeps['adapters']; tier?: Tier; dailyCapUsd?: number; projectId?: string | null; keys?: ProviderId[]; clock?: FakeClock } & Partial<RouterDeps>,
): RouterWorld {
  const clock = options.clock ?? new FakeClock();
  const sleep = instantSleep(clock);
  const ledger = new LibraryProviderLedger(library, clock.now);
  const breakers = options.breakers ?? new CircuitBreakers({ now: clock.now });
  const limiters = options.limiters ?? new RateLimiters(clock.now);
  const budget = new Budget({ tier: options.tier ?? 'enterprise', dailyCapUsd: options.dailyCapUsd ?? 50, projectId: options.projectId ?? null, ledger, now: clock.now });
  const keys = new Set<ProviderId>(options.keys ?? (Object.keys(options.adapters) as ProviderId[]));
  const deps: RouterDeps = { ledger, breakers, limiters, budget, now: clock.now, sleep, random: () => 0.5, ...options };
  return {
    clock,
    sleep,
    ledger,
    breakers,
    limiters,
    budget,
    deps,
    plan: (capability, input, extra = {}) => planRoutes({ capability, tier: budget.status().tier, keys, breakers, limiters, budget, input, ...extra }),
  };
}

/** A keychain in memory, for tests that are not about the keychain itself. */
export class MemorySecretStore implements SecretStore {
  readonly entries = new Map<string, string>();
  async getPassword(service: string, account: string): Promise<string | null> {
    return this.entries.get(`${service}/${account}`) ?? null;
  }
  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.entries.set(`${service}/${account}`, password);
  }
  async deletePassword(service: string, account: string): Promise<boolean> {
    return this.entries.delete(`${service}/${account}`);
  }
}
