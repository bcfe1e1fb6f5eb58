import type { ProviderId } from '../../../src-shared/providers.js';
import type { ProviderErrorKind } from './provider-error.js';

/**
 * Stops calling a provider that keeps failing (SPEC §2): closed → open after N failures
 * in a row → half-open after a cool-down, when exactly one probe call may go through →
 * closed if it succeeds, open again if it fails. The state can be saved and restored, and
 * rebuilt from the library's provider health log when the app starts.
 */

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold?: number;
  coolDownMs?: number;
  now?: () => number;
}

export interface BreakerSnapshot {
  /** 'half_open' is never stored: it is 'open' whose cool-down has passed. */
  state: 'closed' | 'open';
  consecutiveFailures: number;
  /** When the circuit last opened, ms since the epoch; null while closed. */
  openedAt: number | null;
}

export type BreakerPass = { ok: true; probe: boolean } | { ok: false; retryInMs: number };

/** The seed names a breaker but no figures; five in a row and a minute are common defaults (e.g. Resilience4j, Polly). */
export const DEFAULT_FAILURE_THRESHOLD = 5;
export const DEFAULT_COOL_DOWN_MS = 60_000;

/**
 * Failures that say the provider is unusable right now. A request the provider refused on
 * its merits (bad request, content rules) or a result we judged weak says nothing about
 * its health, and a cancel is ours.
 */
export function countsAgainstBreaker(kind: ProviderErrorKind): boolean {
  return kind === 'transient' || kind === 'timeout' || kind === 'rate_limited' || kind === 'auth' || kind === 'quota';
}

export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly coolDownMs: number;
  private readonly now: () => number;
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private probeInFlight = false;

  constructor(options: BreakerOptions = {}, snapshot?: BreakerSnapshot) {
    this.failureThreshold = options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
    this.coolDownMs = options.coolDownMs ?? DEFAULT_COOL_DOWN_MS;
    this.now = options.now ?? Date.now;
    if (snapshot) this.importState(snapshot);
  }

  get state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.coolDownMs ? 'half_open' : 'open';
  }

  /** Whether a call would be let through now, without taking the half-open probe. */
  wouldPass(): boolean {
    const state = this.state;
    return state === 'closed' || (state === 'half_open' && !this.probeInFlight);
  }

  /** Asks to make one call; in half-open only the first asker gets through, as the probe. */
  tryPass(): BreakerPass {
    const state = this.state;
    if (state === 'closed') return { ok: true, probe: false };
    if (state === 'half_open' && !this.probeInFlight) {
      this.probeInFlight = true;
      return { ok: true, probe: true };
    }
    return { ok: false, retryInMs: this.retryInMs() };
  }

  /** Time until a probe may go; 0 when closed, or half-open with a probe already out. */
  retryInMs(): number {
    if (this.openedAt === null) return 0;
    return Math.max(0, this.openedAt + this.coolDownMs - this.now());
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openedAt = null;
    this.probeInFlight = false;
  }

  recordFailure(): void {
    this.consecutiveFailures += 1;
    const probeFailed = this.probeInFlight;
    this.probeInFlight = false;
    if (probeFailed || this.consecutiveFailures >= this.failureThreshold) this.openedAt = this.now();
  }

  /** A call that ended with no verdict on the provider (cancelled, rejected content): frees the probe. */
  recordNeutral(): void {
    this.probeInFlight = false;
  }

  exportState(): BreakerSnapshot {
    return { state: this.openedAt === null ? 'closed' : 'open', consecutiveFailures: this.consecutiveFailures, openedAt: this.openedAt };
  }

  importState(snapshot: BreakerSnapshot): void {
    this.consecutiveFailures = Math.max(0, Math.floor(snapshot.consecutiveFailures));
    this.openedAt = snapshot.state === 'open' ? (snapshot.openedAt ?? this.now()) : null;
    this.probeInFlight = false;
  }
}

/** One breaker per provider, made on first use. */
export class CircuitBreakers {
  private readonly breakers = new Map<ProviderId, CircuitBreaker>();

  constructor(private readonly options: BreakerOptions = {}) {}

  for(provider: ProviderId): CircuitBreaker {
    let breaker = this.breakers.get(provider);
    if (!breaker) {
      breaker = new CircuitBreaker(this.options);
      this.breakers.set(provider, breaker);
    }
    return breaker;
  }

  /**
   * At start: each provider's breaker as its latest calls in the health log leave it, so
   * a provider that was failing before a restart is not hammered again straight away.
   */
  restoreFrom(log: { recentHealth(provider: ProviderId, limit: number): HealthEntry[] }, providers: readonly ProviderId[]): void {
    const threshold = this.options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
    // Enough rows to see a whole run of failures past the neutral ones mixed in.
    for (const provider of providers) this.for(provider).importState(snapshotFromHealthLog(log.recentHealth(provider, threshold * 10), this.options));
  }
}

/** One row of the provider health log, as far as the breaker cares. */
export interface HealthEntry {
  ok: boolean;
  /** The ProviderError kind of a failure; null for a success. */
  errorKind: string | null;
  at: number;
}

/**
 * The breaker's state after the calls in `entries` (any order), counting only failures
 * that say something about the provider's health: the circuit is open when the latest run
 * of such failures reached the threshold, since the last of them.
 */
export function snapshotFromHealthLog(entries: readonly HealthEntry[], options: Pick<BreakerOptions, 'failureThreshold'> = {}): BreakerSnapshot {
  const threshold = options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
  const relevant = entries.filter((e) => e.ok || countsAgainstBreaker(e.errorKind as ProviderErrorKind)).sort((a, b) => a.at - b.at);
  let run = 0;
  let lastFailureAt: number | null = null;
  for (const entry of relevant) {
    if (entry.ok) {
      run = 0;
      lastFailureAt = null;
    } else {
      run += 1;
      lastFailureAt = entry.at;
    }
  }
  return run >= threshold && lastFailureAt !== null ? { state: 'open', consecutiveFailures: run, openedAt: lastFailureAt } : { state: 'closed', consecutiveFailures: run, openedAt: null };
}
