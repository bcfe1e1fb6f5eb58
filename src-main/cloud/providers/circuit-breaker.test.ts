import { describe, expect, it } from 'vitest';
import { CircuitBreaker, CircuitBreakers, snapshotFromHealthLog } from './circuit-breaker.js';

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('circuit breaker', () => {
  it('opens after five failures in a row and lets nothing through during the cool-down', () => {
    const c = clock();
    const breaker = new CircuitBreaker({ now: c.now });
    for (let i = 0; i < 4; i += 1) {
      expect(breaker.tryPass().ok).toBe(true);
      breaker.recordFailure();
    }
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    c.advance(59_999);
    expect(breaker.tryPass()).toEqual({ ok: false, retryInMs: 1 });
  });

  it('a success resets the count of failures in a row', () => {
    const breaker = new CircuitBreaker({ now: clock().now });
    for (let i = 0; i < 4; i += 1) breaker.recordFailure();
    breaker.recordSuccess();
    for (let i = 0; i < 4; i += 1) breaker.recordFailure();
    expect(breaker.state).toBe('closed');
  });

  it('half-opens after the cool-down and lets exactly one probe through', () => {
    const c = clock();
    const breaker = new CircuitBreaker({ now: c.now, failureThreshold: 2, coolDownMs: 30_000 });
    breaker.recordFailure();
    breaker.recordFailure();
    c.advance(30_000);
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryPass()).toEqual({ ok: true, probe: true });
    expect(breaker.tryPass().ok).toBe(false);
    expect(breaker.wouldPass()).toBe(false);
  });

  it('closes when the probe succeeds', () => {
    const c = clock();
    const breaker = new CircuitBreaker({ now: c.now, failureThreshold: 1 });
    breaker.recordFailure();
    c.advance(60_000);
    breaker.tryPass();
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryPass()).toEqual({ ok: true, probe: false });
  });

  it('opens again for a full cool-down when the probe fails', () => {
    const c = clock();
    const breaker = new CircuitBreaker({ now: c.now, failureThreshold: 5 });
    for (let i = 0; i < 5; i += 1) breaker.recordFailure();
    c.advance(60_000);
    expect(breaker.tryPass().ok).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    c.advance(59_000);
    expect(breaker.tryPass().ok).toBe(false);
    c.advance(1_000);
    expect(breaker.tryPass()).toEqual({ ok: true, probe: true });
  });

  it('a probe with no verdict (cancelled) frees the half-open slot for the next caller', () => {
    const c = clock();
    const breaker = new CircuitBreaker({ now: c.now, failureThreshold: 1 });
    breaker.recordFailure();
    c.advance(60_000);
    breaker.tryPass();
    breaker.recordNeutral();
    expect(breaker.tryPass()).toEqual({ ok: true, probe: true });
  });

  it('exports and imports its state, keeping the time it opened', () => {
    const c = clock();
    const breaker = new CircuitBreaker({ now: c.now, failureThreshold: 2 });
    breaker.recordFailure();
    breaker.recordFailure();
    const saved = breaker.exportState();
    expect(saved).toEqual({ state: 'open', consecutiveFailures: 2, openedAt: 1_000_000 });
    c.advance(10_000);
    const restored = new CircuitBreaker({ now: c.now, failureThreshold: 2 }, saved);
    expect(restored.state).toBe('open');
    expect(restored.retryInMs()).toBe(50_000);
  });
});

describe('breaker state from the provider health log', () => {
  it('is open since the last failure when the latest run of failures reaches the threshold', () => {
    const entries = [{ ok: true, errorKind: null, at: 1 }, ...[2, 3, 4, 5, 6].map((at) => ({ ok: false, errorKind: 'transient', at }))];
    expect(snapshotFromHealthLog(entries.reverse())).toEqual({ state: 'open', consecutiveFailures: 5, openedAt: 6 });
  });

  it('ignores failures that say nothing about the provider (bad request, content rules)', () => {
    const entries = [1, 2, 3, 4].map((at) => ({ ok: false, errorKind: 'timeout', at })).concat([{ ok: false, errorKind: 'bad_request', at: 5 }]);
    expect(snapshotFromHealthLog(entries)).toEqual({ state: 'closed', consecutiveFailures: 4, openedAt: null });
  });

  it('restores every provider of a registry from the log', () => {
    const c = clock(100);
    const breakers = new CircuitBreakers({ now: c.now });
    const log = { recentHealth: (provider: string) => (provider === 'veo' ? [1, 2, 3, 4, 5].map((at) => ({ ok: false, errorKind: 'transient', at: 90 + at })) : []) };
    breakers.restoreFrom(log, ['veo', 'runway']);
    expect(breakers.for('veo').state).toBe('open');
    expect(breakers.for('runway').state).toBe('closed');
  });
});
