import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesUnder, tempLibrary, type TempLibrary } from '../../../tests/library/library-fixtures.js';
import { FAKE_KEY, fakeImageEditor, fakeSpeech, routerWorld } from '../../../tests/support/provider-doubles.js';
import { CircuitBreakers } from './circuit-breaker.js';
import { ProviderError } from './provider-error.js';
import type { CapabilityRequest, OutputBody } from './provider-types.js';
import { RateLimiters } from './rate-limiter.js';
import { runPlan } from './router.js';

let t: TempLibrary;
beforeEach(() => {
  t = tempLibrary();
});
afterEach(() => t.cleanup());

const photo = Buffer.from('portrait bytes');
const enhance = (prompt = 'even light'): CapabilityRequest => ({ capability: 'image_enhancement', input: { photo, mime: 'image/jpeg', prompt } });
const bytes = (output: OutputBody | undefined): string => (output === undefined ? '' : 'data' in output ? output.data.toString() : readFileSync(output.file, 'utf8'));
const rows = (table: string) => t.library.sqlite.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>;

describe('router', () => {
  it('falls back through the whole chain to the local engine, recording each attempt', async () => {
    const gemini = fakeImageEditor('gemini-image', ['transient']);
    const ideogram = fakeImageEditor('ideogram', ['bad_request']);
    const local = fakeImageEditor('local');
    const world = routerWorld(t.library, { adapters: { 'gemini-image': gemini, ideogram, local } });
    const outcome = await runPlan(world.plan('image_enhancement', {}), enhance(), world.deps, { projectId: null });

    expect(outcome.result).toMatchObject({ provider: 'local', accepted: true, fromCache: false });
    expect(bytes(outcome.result?.outputs[0])).toBe('local enhanced photo');
    expect(outcome.attempts.map((a) => [a.provider, a.outcome, a.reason, a.retries])).toEqual([
      ['gemini-image', 'failed', 'transient', 3],
      ['ideogram', 'failed', 'bad_request', 0],
      ['local', 'succeeded', null, 0],
    ]);
    expect([gemini.calls, ideogram.calls, local.calls]).toEqual([4, 1, 1]);
    expect(rows('provider_health').map((r) => [r.provider, r.ok, r.error_code])).toEqual([
      ['gemini-image', 0, 'transient'],
      ['ideogram', 0, 'bad_request'],
      ['local', 1, null],
    ]);
    expect(rows('usage_events')).toHaveLength(3);
    expect(world.ledger.spentUsd({})).toBe(0);
  });

  it('waits out a 429 for exactly its Retry-After, then records what it spent', async () => {
    const answers = [new ProviderError({ kind: 'rate_limited', provider: 'gemini-image', status: 429, retryAfterMs: 7000 }), 'ok' as const];
    const gemini = fakeImageEditor('gemini-image', answers);
    const world = routerWorld(t.library, { adapters: { 'gemini-image': gemini, local: fakeImageEditor('local') } });
    const outcome = await runPlan(world.plan('image_enhancement', {}), enhance(), world.deps, { projectId: null });
    expect(outcome.result?.provider).toBe('gemini-image');
    expect(world.sleep.waits).toEqual([7000]);
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'succeeded', retries: 1, estimatedCostUsd: 0.039, chargedUsd: 0.039 });
    expect(world.ledger.spentUsd({ since: world.clock.now() - 60_000 })).toBeCloseTo(0.039, 9);
  });

  it('does not retry a 400 and moves straight on', async () => {
    const gemini = fakeImageEditor('gemini-image', ['bad_request']);
    const world = routerWorld(t.library, { adapters: { 'gemini-image': gemini, local: fakeImageEditor('local') } });
    const outcome = await runPlan(world.plan('image_enhancement', {}), enhance(), world.deps, { projectId: null });
    expect(gemini.calls).toBe(1);
    expect(world.sleep.waits).toEqual([]);
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'failed', reason: 'bad_request', retries: 0, message: 'Gemini Flash Image ("Nano Banana") could not accept this request.' });
  });

  it('moves on from a result below the quality threshold, and keeps the best if none pass', async () => {
    const scores: Record<string, number> = { 'gemini-image': 6.5, ideogram: 8.1, local: 5 };
    const world = routerWorld(t.library, {
      adapters: { 'gemini-image': fakeImageEditor('gemini-image'), ideogram: fakeImageEditor('ideogram'), local: fakeImageEditor('local') },
      scoreQuality: async ({ provider }) => scores[provider] ?? null,
    });
    const outcome = await runPlan(world.plan('image_enhancement', {}), enhance(), world.deps, { projectId: null });
    expect(outcome.result).toMatchObject({ provider: 'ideogram', qualityScore: 8.1, accepted: true });
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'low_quality', qualityScore: 6.5, message: 'Gemini Flash Image ("Nano Banana")\'s result scored 6.5, below the 7.0 this step needs.' });
    // A weak result is not kept for next time.
    expect(rows('provider_cache').map((r) => r.provider)).toEqual(['ideogram']);

    scores.ideogram = 6.9;
    const weak = await runPlan(world.plan('image_enhancement', {}), enhance('another look'), world.deps, { projectId: null });
    expect(weak.result).toMatchObject({ provider: 'ideogram', accepted: false, qualityScore: 6.9 });
    expect(weak.attempts.map((a) => a.outcome)).toEqual(['low_quality', 'low_quality', 'low_quality']);
  });

  it('serves an identical request from the cache without calling anyone, even the route that failed first', async () => {
    const gemini = fakeImageEditor('gemini-image', ['bad_request', 'ok']);
    const ideogram = fakeImageEditor('ideogram');
    const world = routerWorld(t.library, { adapters: { 'gemini-image': gemini, ideogram, local: fakeImageEditor('local') } });
    const first = await runPlan(world.plan('image_enhancement', {}), enhance(), world.deps, { projectId: null });
    expect(first.result?.provider).toBe('ideogram');

    const again = await runPlan(world.plan('image_enhancement', {}), enhance(), world.deps, { projectId: null });
    expect([gemini.calls, ideogram.calls]).toEqual([1, 1]);
    expect(again.result).toMatchObject({ provider: 'ideogram', fromCache: true });
    expect(bytes(again.result?.outputs[0])).toBe('ideogram enhanced photo');
    expect(again.attempts).toEqual([expect.objectContaining({ provider: 'ideogram', outcome: 'cached', chargedUsd: 0 })]);

    // Other parameters are another request.
    await runPlan(world.plan('image_enhancement', {}), enhance('warmer'), world.deps, { projectId: null });
    expect(gemini.calls).toBe(2);
  });

  it('keeps word timings of a cached voice', async () => {
    const eleven = fakeSpeech('elevenlabs');
    const world = routerWorld(t.library, { adapters: { elevenlabs: eleven, local: fakeSpeech('local') } });
    const request: CapabilityRequest = { capability: 'speech', input: { text: 'Hello', language: 'en', voice: null } };
    await runPlan(world.plan('speech', { characters: 5 }), request, world.deps, { projectId: null });
    const cached = await runPlan(world.plan('speech', { characters: 5 }), request, world.deps, { projectId: null });
    expect(eleven.calls).toBe(1);
    expect(cached.result?.words).toEqual([{ word: 'Hello', startS: 0, endS: 0.4 }]);
  });

  it('opens the circuit after five failed requests, then lets one probe through after the cool-down', async () => {
    const gemini = fakeImageEditor('gemini-image', ['transient', 'transient', 'transient', 'transient', 'transient', 'ok']);
    const local = fakeImageEditor('local');
    const world = routerWorld(t.library, { adapters: { 'gemini-image': gemini, local }, retry: { maxRetries: 0 } });
    const run = (i: number, plan = world.plan('image_enhancement', {})) => runPlan(plan, enhance(`look ${i}`), world.deps, { projectId: null });
    const stalePlan = world.plan('image_enhancement', {});
    for (let i = 0; i < 5; i += 1) await run(i);
    expect(gemini.calls).toBe(5);

    expect(world.plan('image_enhancement', {}).skipped).toContainEqual(expect.objectContaining({ provider: 'gemini-image', reason: 'circuit_open' }));
    // A plan made while the circuit was closed is checked again at the call.
    const open = await run(5, stalePlan);
    expect(gemini.calls).toBe(5);
    expect(open.attempts[0]).toMatchObject({ provider: 'gemini-image', outcome: 'skipped', reason: 'circuit_open' });

    world.clock.advance(60_000);
    const probe = await run(6);
    expect(gemini.calls).toBe(6);
    expect(probe.result?.provider).toBe('gemini-image');
    expect(world.breakers.for('gemini-image').state).toBe('closed');
  });

  it('holds the rate limit under a burst of concurrent requests planned before any ran', async () => {
    const gemini = fakeImageEditor('gemini-image');
    const limiters = new RateLimiters(() => Date.UTC(2026, 10, 25, 12), { 'gemini-image': { requests: 3, windowMs: 3_600_000 } });
    const world = routerWorld(t.library, { adapters: { 'gemini-image': gemini, local: fakeImageEditor('local') }, limiters });
    const plan = world.plan('image_enhancement', {});
    const outcomes = await Promise.all(Array.from({ length: 23 }, (_, i) => runPlan(plan, enhance(`burst ${i}`), world.deps, { projectId: null })));
    expect(gemini.calls).toBe(3);
    expect(outcomes.filter((o) => o.result?.provider === 'gemini-image')).toHaveLength(3);
    expect(outcomes.filter((o) => o.attempts[0]?.reason === 'rate_limited')).toHaveLength(20);
  });

  it('refuses a route over the daily cap at the moment of the call, before calling it', async () => {
    const ideogram = fakeImageEditor('ideogram');
    const world = routerWorld(t.library, { adapters: { ideogram, local: fakeImageEditor('local') }, dailyCapUsd: 1 });
    const plan = world.plan('image_enhancement', {}, { chain: ['ideogram'] });
    expect(plan.routes.map((r) => r.provider)).toEqual(['ideogram', 'local']);
    // Spending elsewhere since the plan was shown.
    t.library.sqlite.prepare("INSERT INTO usage_events (kind, cost_usd, created_at) VALUES ('provider_attempt', 0.75, ?)").run(world.clock.now());
    const outcome = await runPlan(plan, enhance(), world.deps, { projectId: null });
    expect(ideogram.calls).toBe(0);
    expect(outcome.attempts[0]).toMatchObject({ provider: 'ideogram', outcome: 'skipped', reason: 'daily_cap' });
    expect(outcome.result?.provider).toBe('local');
  });

  it('never lets a budget refuse the free local route, and never calls a route the tier budget cannot cover', async () => {
    const ideogram = fakeImageEditor('ideogram');
    const world = routerWorld(t.library, { adapters: { ideogram, local: fakeImageEditor('local') }, tier: 'free' });
    const plan = world.plan('image_enhancement', {}, { chain: ['ideogram'] });
    expect(plan.skipped).toEqual([expect.objectContaining({ provider: 'ideogram', reason: 'over_budget' })]);
    const outcome = await runPlan(plan, enhance(), world.deps, { projectId: null });
    expect(ideogram.calls).toBe(0);
    expect(outcome.result?.provider).toBe('local');
  });

  it('writes no API key anywhere: attempts, health log, spending, cache, or any file in the data folder', async () => {
    const leaky = [
      new ProviderError({ kind: 'auth', provider: 'gemini-image', status: 401, detail: `{"error":"API key ${FAKE_KEY} not valid"}` }),
      new Error(`GET https://example.test/v1/models?key=${FAKE_KEY} failed`),
    ];
    const world = routerWorld(t.library, {
      adapters: { 'gemini-image': fakeImageEditor('gemini-image', [leaky[0] as Error]), ideogram: fakeImageEditor('ideogram', [leaky[1] as Error]), local: fakeImageEditor('local') },
      breakers: new CircuitBreakers(),
    });
    const outcome = await runPlan(world.plan('image_enhancement', {}), enhance(), world.deps, { projectId: null });
    expect(outcome.attempts.map((a) => a.reason)).toEqual(['auth', 'unexpected', null]);

    const everything = JSON.stringify([outcome, ...['provider_health', 'usage_events', 'provider_jobs', 'provider_cache'].map(rows)]);
    expect(everything).not.toContain(FAKE_KEY);
    t.library.close();
    for (const file of filesUnder(t.dataDir)) expect(readFileSync(path.join(t.dataDir, file)).toString('latin1')).not.toContain(FAKE_KEY);
  });
});
