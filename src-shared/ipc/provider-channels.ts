import { z } from 'zod';
import { CAPABILITIES, PRICE_UNITS, ProviderIdSchema, TIERS } from '../providers.js';
import { NoPayload, requestChannel } from './channel.js';

/**
 * Settings → Providers: the creator's own API keys and how the router uses them. A key
 * goes one way only, into main and on to the OS keychain; no answer ever carries it back,
 * the window learns "set", "not set" or "verified" and nothing more.
 */

export const KEY_STATES = ['not set', 'set', 'verified'] as const;

export const ProviderRowSchema = z.object({
  id: ProviderIdSchema,
  name: z.string(),
  capabilities: z.array(z.enum(CAPABILITIES)),
  callable: z.boolean(),
  /** Why it cannot be called (Midjourney). */
  notCallable: z.string().nullable(),
  needsKey: z.boolean(),
  key: z.enum(KEY_STATES),
  /** `environment`: TALKINGPHOTO_<PROVIDER>_API_KEY, which the window cannot change. */
  keySource: z.enum(['keychain', 'environment']).nullable(),
  circuit: z.enum(['closed', 'open', 'half_open']),
  price: z.object({ unit: z.enum(PRICE_UNITS), usdPerUnit: z.number() }),
  tiers: z.array(z.enum(TIERS)),
  /** The last 20 calls: how many succeeded, and their median latency. */
  health: z.object({ calls: z.number(), ok: z.number(), medianLatencyMs: z.number().nullable() }),
  /** Spent on this provider in the last 30 days, USD. */
  spent30dUsd: z.number(),
});
export type ProviderRow = z.output<typeof ProviderRowSchema>;

export const ProvidersAnswerSchema = z.object({
  providers: z.array(ProviderRowSchema),
  chains: z.object({ image_enhancement: z.array(ProviderIdSchema), speech: z.array(ProviderIdSchema), video_generation: z.array(ProviderIdSchema) }),
  tier: z.enum(TIERS),
  dailyCapUsd: z.number(),
  todaySpentUsd: z.number(),
  projectBudgetUsd: z.number(),
  /** Whether keys can be kept here at all (a Linux machine without a Secret Service cannot). */
  keychain: z.boolean(),
});
export type ProvidersAnswer = z.output<typeof ProvidersAnswerSchema>;

/** A chain as the window sends it; main checks it against what each provider can do (ProviderPreferencesSchema). */
const Chain = z.array(ProviderIdSchema).max(16);

/** Generous: real keys are 30–200 characters. */
const KeySchema = z.string().min(8).max(512);

export const PROVIDER_REQUESTS = {
  'providers:list': requestChannel(NoPayload, ProvidersAnswerSchema),
  'providers:setKey': requestChannel(z.strictObject({ provider: ProviderIdSchema, key: KeySchema }), ProvidersAnswerSchema),
  'providers:removeKey': requestChannel(z.strictObject({ provider: ProviderIdSchema }), ProvidersAnswerSchema),
  /** Makes the cheapest real call the provider offers with the stored key. */
  'providers:testKey': requestChannel(z.strictObject({ provider: ProviderIdSchema }), ProvidersAnswerSchema.extend({ ok: z.boolean(), message: z.string() })),
  /** Chain order and daily cap; the plan is the account's (Settings → Account). */
  'providers:setPreferences': requestChannel(
    z.strictObject({
      chains: z.strictObject({ image_enhancement: Chain, speech: Chain, video_generation: Chain }).partial().optional(),
      dailyCapUsd: z.number().finite().min(0).max(10_000).optional(),
    }),
    ProvidersAnswerSchema,
  ),
} as const;
