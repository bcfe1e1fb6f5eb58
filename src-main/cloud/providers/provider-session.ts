import { routingSettings, type ProviderPreferencesInput, type RoutingSettings } from '../../../src-shared/provider-preferences.js';
import { PROVIDER_CATALOG, PROVIDER_IDS, supports, type Capability, type ProviderId, type Tier } from '../../../src-shared/providers.js';
import type { RouteChoice } from '../../../src-shared/render.js';
import { Budget } from './budget.js';
import { CircuitBreakers, type BreakerState } from './circuit-breaker.js';
import type { EstimateInput } from './cost-estimate.js';
import type { AttemptRecord, ProviderLedger } from './ledger.js';
import type { CapabilityRequest, ProviderAdapter } from './provider-types.js';
import { RateLimiters, type Headroom } from './rate-limiter.js';
import { planRoutes, type RoutePlan } from './route-plan.js';
import { runPlan, type RouterDeps, type RouterOutcome } from './router.js';

/**
 * One render's view of the cloud providers: which keys are present, the creator's chains
 * and tier, the breakers as the health log leaves them, and the ledger that records every
 * attempt. The pipeline asks it for a plan per capability and runs the plan with the
 * local engine as the last route; a plan with only the local engine never touches a
 * network.
 */

/**
 * The router's ports: everything it needs from the app comes in through these (the library
 * behind ProviderLedger, the stored preferences and the plan's tier as values), assembled
 * by src-main/app/services/open-provider-session.ts, so providers/ never imports the app.
 */
export interface ProviderSessionOptions {
  ledger: ProviderLedger;
  /** Providers with a key, and the key (never logged, never returned to a window). */
  keys: ReadonlyMap<ProviderId, string>;
  /** Makes a provider's adapter from its key (adapters/index.ts). */
  makeAdapter: (provider: ProviderId, key: string) => ProviderAdapter | null;
  /** The creator's stored routing preferences; validated here. */
  preferences?: ProviderPreferencesInput;
  route?: RouteChoice;
  noLocal?: boolean;
  tier?: Tier;
  projectId: string | null;
  now?: () => number;
  /** Tests: no real waiting between retries. */
  routerOverrides?: Partial<RouterDeps>;
}

export interface PlanReport {
  capability: Capability;
  routes: Array<{ provider: ProviderId; estimateUsd: number }>;
  skipped: Array<{ provider: ProviderId; reason: string; message: string }>;
  estimateUsd: number;
}

export class ProviderSession {
  readonly settings: RoutingSettings;
  readonly tier: Tier;
  readonly budget: Budget;
  private readonly breakers = new CircuitBreakers();
  private readonly limiters: RateLimiters;
  private readonly attempts: AttemptRecord[] = [];
  private readonly plans: PlanReport[] = [];

  constructor(private readonly options: ProviderSessionOptions) {
    this.settings = routingSettings(options.preferences ?? {});
    this.tier = options.tier ?? this.settings.tier;
    const now = options.now ?? Date.now;
    this.limiters = new RateLimiters(now);
    this.breakers.restoreFrom(options.ledger, PROVIDER_IDS);
    this.limiters.restoreFrom(options.ledger, PROVIDER_IDS);
    this.budget = new Budget({ tier: this.tier, dailyCapUsd: this.settings.dailyCapUsd, projectId: options.projectId, ledger: options.ledger, now });
  }

  /** The chain for a capability: `--route`, or the creator's order; `local` last unless `--no-local`. */
  chain(capability: Capability): ProviderId[] {
    const route = this.options.route ?? 'auto';
    if (route === 'local') return ['local'];
    if (route === 'auto') return this.settings.chains[capability];
    return route.filter((id) => supports(id, capability));
  }

  plan(capability: Capability, input: EstimateInput): RoutePlan {
    const plan = planRoutes({
      capability,
      chain: this.chain(capability),
      noLocal: this.options.noLocal,
      tier: this.tier,
      keys: new Set(this.options.keys.keys()),
      breakers: this.breakers,
      limiters: this.limiters,
      budget: this.budget,
      input,
      prices: this.settings.prices,
    });
    this.plans.push({
      capability,
      routes: plan.routes.map((r) => ({ provider: r.provider, estimateUsd: r.estimate.usd })),
      skipped: plan.skipped.map((s) => ({ provider: s.provider, reason: s.reason, message: s.message })),
      estimateUsd: plan.estimateUsd,
    });
    return plan;
  }

  /** True when the plan would call a cloud provider before the local engine. */
  static usesCloud(plan: RoutePlan): boolean {
    return plan.routes.some((r) => PROVIDER_CATALOG[r.provider].needsKey);
  }

  /**
   * Runs a plan; `local` is the pipeline's own engine for this capability, `score` the
   * step's own 0–10 measure of a result (a result under the capability's threshold moves
   * on to the next route).
   */
  async run(plan: RoutePlan, request: CapabilityRequest, local: ProviderAdapter, signal?: AbortSignal, score?: RouterDeps['scoreQuality']): Promise<RouterOutcome> {
    const adapters: Partial<Record<ProviderId, ProviderAdapter>> = { local };
    for (const route of plan.routes) {
      const key = this.options.keys.get(route.provider);
      if (key === undefined) continue;
      const adapter = this.options.makeAdapter(route.provider, key);
      if (adapter) adapters[route.provider] = adapter;
    }
    const outcome = await runPlan(
      plan,
      request,
      { adapters, ledger: this.options.ledger, breakers: this.breakers, limiters: this.limiters, budget: this.budget, ...(score ? { scoreQuality: score } : {}), ...this.options.routerOverrides },
      { projectId: this.options.projectId, ...(signal ? { signal } : {}) },
    );
    this.attempts.push(...outcome.attempts);
    return outcome;
  }

  /**
   * A provider's circuit and its rate-limit headroom, both as the library's health log
   * leaves them (every process records its calls there). Retries and polls inside one
   * attempt count once: the provider's own 429 covers the difference.
   */
  health(provider: ProviderId): { circuit: BreakerState; retryInMs: number; headroom: Headroom | null } {
    const breaker = this.breakers.for(provider);
    return { circuit: breaker.state, retryInMs: breaker.retryInMs(), headroom: this.limiters.for(provider)?.headroom() ?? null };
  }

  /** What report.json records: each plan, then every attempt with why the router moved on. */
  report(): { tier: Tier; plans: PlanReport[]; attempts: AttemptRecord[]; spentUsd: number } {
    return { tier: this.tier, plans: [...this.plans], attempts: [...this.attempts], spentUsd: this.attempts.reduce((sum, a) => sum + (a.chargedUsd ?? 0), 0) };
  }
}
