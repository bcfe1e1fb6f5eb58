import { withLocalLast } from '../../../src-shared/provider-preferences.js';
import { DEFAULT_CHAINS, PROVIDER_CATALOG, supports, type Capability, type ProviderId, type ProviderPrice, type Tier } from '../../../src-shared/providers.js';
import type { Budget, BudgetStatus } from './budget.js';
import type { CircuitBreakers } from './circuit-breaker.js';
import { estimateRoute, roundUsd, type EstimateInput, type RouteEstimate } from './cost-estimate.js';
import type { SkipReason } from './ledger.js';
import type { RateLimiters } from './rate-limiter.js';

/**
 * Which routes a request will try, in order, and why each other one will not be tried
 * (issue 7: key, circuit, rate limit, budget, tier). Nothing is called or reserved: this is
 * what the Create screen and `--dry-run` show before anything is spent, and what the
 * router then walks.
 */

export interface PlanOptions {
  capability: Capability;
  /** The creator's order or an explicit `--route a,b`; defaults to the catalog's chain. */
  chain?: readonly ProviderId[];
  /** `--no-local`: do not append the local engine. */
  noLocal?: boolean;
  tier: Tier;
  /** Providers with a key (keychain or TALKINGPHOTO_<PROVIDER>_API_KEY). */
  keys: ReadonlySet<ProviderId>;
  breakers: CircuitBreakers;
  limiters: RateLimiters;
  budget: Budget;
  input: EstimateInput;
  /** The creator's price overrides. */
  prices?: Partial<Record<ProviderId, ProviderPrice>>;
}

export type RouteCost = Extract<RouteEstimate, { ok: true }>;

export interface PlannedRoute {
  provider: ProviderId;
  estimate: RouteCost;
}

export interface SkippedRoute {
  provider: ProviderId;
  reason: SkipReason;
  /** One sentence for the creator. */
  message: string;
}

export interface RoutePlan {
  capability: Capability;
  routes: PlannedRoute[];
  skipped: SkippedRoute[];
  /** What the first route costs: the expected spend. */
  estimateUsd: number;
  /** What every route together would cost, were each tried and paid for. */
  worstCaseUsd: number;
  budget: BudgetStatus;
  /** Spending the first route would take today to 80% of the daily cap or more. */
  dailyAlert: boolean;
}

const CAPABILITY_WORDS: Record<Capability, string> = {
  image_enhancement: 'photo enhancement',
  speech: 'speech',
  video_generation: 'talking video',
};

const TIER_NAMES: Record<Tier, string> = { free: 'Free', starter: 'Starter', pro: 'Pro', enterprise: 'Enterprise' };

function inWords(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.ceil(s / 60)} min`;
}

function chainFor(options: Pick<PlanOptions, 'capability' | 'chain' | 'noLocal'>): ProviderId[] {
  const chain = [...new Set(options.chain ?? DEFAULT_CHAINS[options.capability])];
  return options.noLocal ? chain : withLocalLast(chain);
}

/** Why `provider` cannot be tried now, or its cost when it can. */
function judge(provider: ProviderId, options: PlanOptions): SkippedRoute | PlannedRoute {
  const entry = PROVIDER_CATALOG[provider];
  const name = entry.displayName;
  const skip = (reason: SkipReason, message: string): SkippedRoute => ({ provider, reason, message });
  if (!entry.callable) return skip('not_callable', entry.notCallableReason ?? `${name} cannot be called.`);
  if (!supports(provider, options.capability)) return skip('no_capability', `${name} cannot do ${CAPABILITY_WORDS[options.capability]}.`);
  if (!entry.tiers.includes(options.tier)) {
    return skip('tier', `${name} is for the ${entry.tiers.map((t) => TIER_NAMES[t]).join(' and ')} plans.`);
  }
  // Veo makes its own speech and moves the lips to it (it takes no audio): with the
  // creator's own recording the master would carry Veo's voice, not theirs.
  if (options.capability === 'video_generation' && entry.speaksItself && options.input.ownRecording) {
    return skip('own_recording', `${name} speaks the script in its own voice and cannot use your recording: your voice goes to the next route.`);
  }
  if (entry.needsKey && !options.keys.has(provider)) return skip('no_key', `No ${name} API key is set: add one in Settings, Providers.`);
  // The local engine has no circuit: its failures are the input's, not a service's health.
  const breaker = entry.needsKey ? options.breakers.for(provider) : null;
  if (breaker && !breaker.wouldPass()) return skip('circuit_open', `${name} failed several times in a row; it is tried again in ${inWords(breaker.retryInMs())}.`);
  const estimate = estimateRoute(provider, options.capability, options.input, options.prices?.[provider] ?? entry.price);
  if (!estimate.ok) return skip('too_long', estimate.message);
  const headroom = options.limiters.for(provider)?.headroom();
  if (headroom && headroom.remaining < estimate.requests) {
    return skip('rate_limited', `${name} has reached its limit of ${headroom.limit} requests in ${inWords(headroom.windowMs)}; the next frees in ${inWords(headroom.nextFreeInMs)}.`);
  }
  const decision = options.budget.check(estimate.usd);
  if (!decision.ok) return skip(decision.reason === 'daily_cap' ? 'daily_cap' : 'over_budget', decision.message);
  return { provider, estimate };
}

export function planRoutes(options: PlanOptions): RoutePlan {
  const routes: PlannedRoute[] = [];
  const skipped: SkippedRoute[] = [];
  for (const provider of chainFor(options)) {
    const verdict = judge(provider, options);
    if ('reason' in verdict) skipped.push(verdict);
    else routes.push(verdict);
  }
  const first = routes[0];
  const decision = options.budget.check(first?.estimate.usd ?? 0);
  return {
    capability: options.capability,
    routes,
    skipped,
    estimateUsd: first?.estimate.usd ?? 0,
    worstCaseUsd: roundUsd(routes.reduce((total, r) => total + r.estimate.usd, 0)),
    budget: decision.status,
    dailyAlert: decision.ok ? decision.dailyAlert : decision.status.dailyAlert,
  };
}
