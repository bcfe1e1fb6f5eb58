import { PROVIDER_CATALOG, type ProviderId, type RateLimit } from '../../../src-shared/providers.js';

/**
 * Our own ceiling on calls per provider (seed: Nano Banana 1000 requests/h, Veo 100/h),
 * kept below the provider's so a burst of renders never earns a 429 storm. A sliding
 * window log: exact for any window, and at these limits (≤ 1000 an hour) the log is small.
 * It never waits: a refused caller learns how long until a slot frees and moves on.
 */

export type Acquire = { ok: true } | { ok: false; waitMs: number };

export interface Headroom {
  limit: number;
  windowMs: number;
  /** Calls that may start now. */
  remaining: number;
  /** Until the oldest call in the window leaves it; 0 when the window is not full. */
  nextFreeInMs: number;
}

export class RateLimiter {
  /** Start times of the calls still inside the window, oldest first. */
  private readonly starts: number[] = [];

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  tryAcquire(): Acquire {
    const now = this.now();
    this.forgetBefore(now - this.limit.windowMs);
    if (this.starts.length < this.limit.requests) {
      this.starts.push(now);
      return { ok: true };
    }
    return { ok: false, waitMs: this.waitFrom(now) };
  }

  /** Calls made before this limiter existed (another process's, from the library's health log). */
  remember(startedAt: readonly number[]): void {
    const cutoff = this.now() - this.limit.windowMs;
    this.starts.push(...startedAt.filter((t) => t > cutoff));
    this.starts.sort((a, b) => a - b);
  }

  headroom(): Headroom {
    const now = this.now();
    this.forgetBefore(now - this.limit.windowMs);
    const remaining = Math.max(0, this.limit.requests - this.starts.length);
    return { limit: this.limit.requests, windowMs: this.limit.windowMs, remaining, nextFreeInMs: remaining > 0 ? 0 : this.waitFrom(now) };
  }

  private waitFrom(now: number): number {
    const oldest = this.starts[0] ?? now;
    return Math.max(0, oldest + this.limit.windowMs - now);
  }

  private forgetBefore(cutoff: number): void {
    let drop = 0;
    while (drop < this.starts.length && (this.starts[drop] ?? Infinity) <= cutoff) drop += 1;
    if (drop > 0) this.starts.splice(0, drop);
  }
}

/** One limiter per provider with a limit in the catalog (or an override); none for the local engine. */
export class RateLimiters {
  private readonly limiters = new Map<ProviderId, RateLimiter>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limits: Partial<Record<ProviderId, RateLimit | null>> = {},
  ) {}

  for(id: ProviderId): RateLimiter | null {
    const limit = id in this.limits ? this.limits[id] : PROVIDER_CATALOG[id].rateLimit;
    if (!limit) return null;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiter(limit, this.now);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  /**
   * At start: each provider's window as the library's health log records it, so a render
   * process that starts after another's burst does not spend the same hour's calls again.
   */
  restoreFrom(log: { recentHealth(provider: ProviderId, limit: number): Array<{ at: number }> }, providers: readonly ProviderId[]): void {
    for (const provider of providers) {
      const limiter = this.for(provider);
      if (limiter) limiter.remember(log.recentHealth(provider, limiter.limit.requests).map((entry) => entry.at));
    }
  }
}
