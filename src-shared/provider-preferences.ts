import { z } from 'zod';
import {
  CAPABILITIES,
  DEFAULT_CHAINS,
  DEFAULT_DAILY_CAP_USD,
  PRICE_UNITS,
  PROVIDER_CATALOG,
  PROVIDER_IDS,
  ProviderIdSchema,
  TIERS,
  supports,
  type Capability,
  type ProviderId,
  type ProviderPrice,
  type Tier,
} from './providers.js';

/**
 * What the creator may change about routing (issue 7 "Keys and settings"): chain order,
 * daily cap, tier (until the purchase flow decides it) and prices. Stored as JSON
 * (library settings or electron-store) and checked with this schema when read back, so a
 * hand-edited or older file can never route to a provider that cannot do the job.
 */

/** Far above any real day's spending; a typo of an extra zero or two still passes. */
const MAX_DAILY_CAP_USD = 10_000;

const ChainSchema = z
  .array(ProviderIdSchema)
  .max(PROVIDER_IDS.length)
  .refine((chain) => new Set(chain).size === chain.length, 'a provider appears at most once in a chain')
  .refine((chain) => !chain.includes('local') || chain.at(-1) === 'local', 'the local engine, when listed, comes last');

export const PriceSchema = z.object({
  unit: z.enum(PRICE_UNITS),
  usdPerUnit: z.number().finite().min(0).max(1000),
});

export const ProviderPreferencesSchema = z
  .object({
    chains: z.object({ image_enhancement: ChainSchema, speech: ChainSchema, video_generation: ChainSchema }).partial().default({}),
    dailyCapUsd: z.number().finite().min(0).max(MAX_DAILY_CAP_USD).default(DEFAULT_DAILY_CAP_USD),
    tier: z.enum(TIERS).default('free'),
    priceOverrides: z.partialRecord(ProviderIdSchema, PriceSchema).default({}),
  })
  .superRefine((prefs, ctx) => {
    for (const capability of CAPABILITIES) {
      for (const id of prefs.chains[capability] ?? []) {
        if (!supports(id, capability)) {
          ctx.addIssue({ code: 'custom', path: ['chains', capability], message: `${PROVIDER_CATALOG[id].displayName} cannot do ${capability.replace('_', ' ')}` });
        }
      }
    }
  });

export type ProviderPreferencesInput = z.input<typeof ProviderPreferencesSchema>;

/** The preferences with every default filled in: what the router actually uses. */
export interface RoutingSettings {
  chains: Record<Capability, ProviderId[]>;
  dailyCapUsd: number;
  tier: Tier;
  prices: Record<ProviderId, ProviderPrice>;
}

/** Throws zod's error on preferences that do not validate; callers parse stored JSON with `safeParse` first. */
export function routingSettings(input: ProviderPreferencesInput = {}): RoutingSettings {
  const prefs = ProviderPreferencesSchema.parse(input);
  const chains = Object.fromEntries(CAPABILITIES.map((c) => [c, withLocalLast(prefs.chains[c] ?? DEFAULT_CHAINS[c])])) as Record<Capability, ProviderId[]>;
  const prices = Object.fromEntries(PROVIDER_IDS.map((id) => [id, prefs.priceOverrides[id] ?? PROVIDER_CATALOG[id].price])) as Record<ProviderId, ProviderPrice>;
  return { chains, dailyCapUsd: prefs.dailyCapUsd, tier: prefs.tier, prices };
}

/** SPEC §2: "the local provider is always last and always available". */
export function withLocalLast(chain: readonly ProviderId[]): ProviderId[] {
  return [...chain.filter((id) => id !== 'local'), 'local'];
}
