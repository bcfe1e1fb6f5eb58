import { describe, expect, it } from 'vitest';
import { RateLimiter, RateLimiters } from './rate-limiter.js';

describe('rate limiter', () => {
  it('accepts exactly the limit from a burst of limit + 20 and refuses the rest without waiting', () => {
    const t = 5_000;
    const limiter = new RateLimiter({ requests: 100, windowMs: 3_600_000 }, () => t);
    const answers = Array.from({ length: 120 }, () => limiter.tryAcquire());
    expect(answers.filter((a) => a.ok)).toHaveLength(100);
    expect(answers.slice(100).every((a) => !a.ok && a.waitMs === 3_600_000)).toBe(true);
  });

  it('frees a slot when the oldest call leaves the window (sliding, not fixed)', () => {
    let t = 0;
    const limiter = new RateLimiter({ requests: 2, windowMs: 1_000 }, () => t);
    limiter.tryAcquire();
    t = 600;
    limiter.tryAcquire();
    expect(limiter.tryAcquire()).toEqual({ ok: false, waitMs: 400 });
    t = 1_000;
    expect(limiter.tryAcquire()).toEqual({ ok: true });
    expect(limiter.tryAcquire()).toEqual({ ok: false, waitMs: 600 });
  });

  it('reports headroom for the CLI without taking a slot', () => {
    let t = 0;
    const limiter = new RateLimiter({ requests: 3, windowMs: 10_000 }, () => t);
    limiter.tryAcquire();
    expect(limiter.headroom()).toEqual({ limit: 3, windowMs: 10_000, remaining: 2, nextFreeInMs: 0 });
    limiter.tryAcquire();
    limiter.tryAcquire();
    t = 2_500;
    expect(limiter.headroom()).toEqual({ limit: 3, windowMs: 10_000, remaining: 0, nextFreeInMs: 7_500 });
    expect(limiter.headroom().remaining).toBe(0);
  });

  it('gives each provider the catalog limit and the local engine none', () => {
    const limiters = new RateLimiters(() => 0);
    expect(limiters.for('gemini-image')?.limit).toEqual({ requests: 1000, windowMs: 3_600_000 });
    expect(limiters.for('veo')?.limit).toEqual({ requests: 100, windowMs: 3_600_000 });
    expect(limiters.for('local')).toBeNull();
    expect(limiters.for('veo')).toBe(limiters.for('veo'));
  });

  it('counts the calls another process made this window, from the health log, and forgets older ones', () => {
    const now = 10 * 3_600_000;
    const limiters = new RateLimiters(() => now, { veo: { requests: 3, windowMs: 3_600_000 } });
    const log = {
      recentHealth: (provider: string) => (provider === 'veo' ? [{ at: now - 60_000 }, { at: now - 120_000 }, { at: now - 2 * 3_600_000 }] : []),
    };
    limiters.restoreFrom(log, ['veo', 'gemini-image', 'local']);
    expect(limiters.for('veo')!.headroom()).toMatchObject({ remaining: 1 });
    expect(limiters.for('veo')!.tryAcquire()).toEqual({ ok: true });
    expect(limiters.for('veo')!.tryAcquire()).toEqual({ ok: false, waitMs: 3_600_000 - 120_000 });
    expect(limiters.for('gemini-image')!.headroom().remaining).toBe(1000);
  });
});
