import { describe, expect, it } from 'vitest';
import type { ProviderId, Tier } from '../../../src-shared/providers.js';
import { Budget } from './budget.js';
import { CircuitBreakers } from './circuit-breaker.js';
import { RateLimiters } from './rate-limiter.js';
import { planRoutes, type PlanOptions } from './route-plan.js';

const NOW = Date.UTC(2026, 10, 25, 12);
const ALL_KEYS = new Set<ProviderId>(['gemini-image', 'ideogram', 'midjourney', 'veo', 'runway', 'heygen', 'd-id', 'elevenlabs']);

function options(overrides: Partial<PlanOptions> & { tier?: Tier; spentToday?: number } = {}): PlanOptions {
  const now = () => NOW;
  const tier = overrides.tier ?? 'enterprise';
  const ledger = { spentUsd: ({ projectId }: { projectId?: string }) => (projectId ? 0 : (overrides.spentToday ?? 0)) };
  return {
    capability: 'video_generation',
    tier,
    keys: ALL_KEYS,
    breakers: new CircuitBreakers({ now }),
    limiters: new RateLimiters(now),
    budget: new Budget({ tier, dailyCapUsd: 20, projectId: 'p', ledger, now }),
    input: { videoSeconds: 13 },
    ...overrides,
  };
}

const order = (plan: ReturnType<typeof planRoutes>) => plan.routes.map((r) => r.provider);
const why = (plan: ReturnType<typeof planRoutes>) => Object.fromEntries(plan.skipped.map((s) => [s.provider, s.reason]));

describe('route plan', () => {
  it('follows the default chain with the local engine last, estimating each route', () => {
    const plan = planRoutes(options());
    expect(order(plan)).toEqual(['heygen', 'd-id', 'runway', 'veo', 'local']);
    expect(plan.routes.find((r) => r.provider === 'veo')?.estimate.clipsS).toEqual([8, 6]);
    expect(plan.estimateUsd).toBe(3);
    expect(plan.worstCaseUsd).toBe(8.2);
  });

  it('says in words why each provider is passed over', () => {
    const breakers = new CircuitBreakers({ now: () => NOW });
    for (let i = 0; i < 5; i += 1) breakers.for('d-id').recordFailure();
    const plan = planRoutes(options({ tier: 'starter', keys: new Set<ProviderId>(['heygen', 'runway', 'veo']), breakers }));
    expect(order(plan)).toEqual(['local']);
    expect(why(plan)).toEqual({ heygen: 'tier', runway: 'tier', veo: 'tier', 'd-id': 'no_key' });
    expect(plan.skipped.find((s) => s.provider === 'heygen')?.message).toBe('HeyGen is for the Pro and Enterprise plans.');
    expect(plan.skipped.find((s) => s.provider === 'd-id')?.message).toBe('No D-ID API key is set: add one in Settings, Providers.');
  });

  it("passes over Veo, which speaks in its own voice, when the video carries the creator's own recording, and says why", () => {
    const plan = planRoutes(options({ input: { videoSeconds: 13, ownRecording: true } }));
    expect(order(plan)).toEqual(['heygen', 'd-id', 'runway', 'local']);
    expect(why(plan)).toEqual({ veo: 'own_recording' });
    expect(plan.skipped[0]?.message).toBe('Veo 3.1 (Gemini API) speaks the script in its own voice and cannot use your recording: your voice goes to the next route.');
    // A chain of Veo alone falls to the local engine before anything is spent.
    const alone = planRoutes(options({ chain: ['veo'], input: { videoSeconds: 6, ownRecording: true } }));
    expect(order(alone)).toEqual(['local']);
    expect(alone.estimateUsd).toBe(0);
    // A script's voice (ours or a cloud voice) may still be replaced by Veo's own speech.
    expect(order(planRoutes(options({ chain: ['veo'], input: { videoSeconds: 6 } })))).toEqual(['veo', 'local']);
  });

  it('passes over an open circuit and a spent rate limit without touching either', () => {
    const breakers = new CircuitBreakers({ now: () => NOW });
    for (let i = 0; i < 5; i += 1) breakers.for('heygen').recordFailure();
    const limiters = new RateLimiters(() => NOW, { 'd-id': { requests: 1, windowMs: 60_000 } });
    limiters.for('d-id')?.tryAcquire();
    const plan = planRoutes(options({ breakers, limiters }));
    expect(why(plan)).toMatchObject({ heygen: 'circuit_open', 'd-id': 'rate_limited' });
    expect(plan.skipped.find((s) => s.provider === 'heygen')?.message).toBe('HeyGen failed several times in a row; it is tried again in 60 s.');
    expect(limiters.for('d-id')?.headroom().remaining).toBe(0);
  });

  it('passes over routes the budget or the daily cap cannot cover', () => {
    expect(why(planRoutes(options({ tier: 'pro' })))).toEqual({ heygen: 'over_budget', runway: 'over_budget', veo: 'over_budget' });
    expect(why(planRoutes(options({ spentToday: 17.5 })))).toEqual({ heygen: 'daily_cap', runway: 'daily_cap' });
  });

  it('raises the daily alert when the first route would take today past 80% of the cap', () => {
    expect(planRoutes(options({ spentToday: 10 })).dailyAlert).toBe(false);
    expect(planRoutes(options({ spentToday: 13.5 })).dailyAlert).toBe(true);
  });

  it('sends a video too long for two Veo clips elsewhere', () => {
    const plan = planRoutes(options({ input: { videoSeconds: 30 }, chain: ['veo'] }));
    expect(order(plan)).toEqual(['local']);
    expect(why(plan)).toEqual({ veo: 'too_long' });
  });

  it('takes an explicit chain, appends local unless told not to, and lists Midjourney as not callable', () => {
    const image = { capability: 'image_enhancement' as const, input: {} };
    expect(order(planRoutes(options({ ...image, chain: ['ideogram', 'gemini-image'] })))).toEqual(['ideogram', 'gemini-image', 'local']);
    expect(order(planRoutes(options({ ...image, chain: ['ideogram'], noLocal: true })))).toEqual(['ideogram']);
    const plan = planRoutes(options({ ...image, chain: ['midjourney', 'veo'] }));
    expect(why(plan)).toEqual({ midjourney: 'not_callable', veo: 'no_capability' });
    expect(plan.skipped[0]?.message).toContain('no official public API');
  });
});
