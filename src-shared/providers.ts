import { z } from 'zod';

/**
 * The cloud providers the router may call, as data (SPEC §2, issue 7). Prices, quality and
 * latency are the seed design's figures (reference/seed-web-architecture.md §1) where it
 * has them; they are defaults the creator may override (ProviderPreferencesSchema), never
 * constants code relies on. Everything marked "assumption" is ours, not a provider's: check
 * it against docs/providers.md before relying on it.
 */

export const CAPABILITIES = ['image_enhancement', 'speech', 'video_generation'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const PROVIDER_IDS = ['gemini-image', 'ideogram', 'midjourney', 'veo', 'runway', 'heygen', 'd-id', 'elevenlabs', 'local'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
export const ProviderIdSchema = z.enum(PROVIDER_IDS);

/** SPEC §5 tiers; the same names the queue's priorities use. */
export const TIERS = ['free', 'starter', 'pro', 'enterprise'] as const;
export type Tier = (typeof TIERS)[number];

export const PRICE_UNITS = ['image', 'second', 'video', 'character', '1000 characters'] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

export interface ProviderPrice {
  unit: PriceUnit;
  usdPerUnit: number;
}

export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** A provider that only makes clips of fixed lengths (Veo). */
export interface ClipConstraints {
  /** Every clip is exactly one of these, in seconds. */
  allowedSeconds: readonly number[];
  /** More clips than this and the script goes to another route. */
  maxClips: number;
}

export interface ProviderEntry {
  id: ProviderId;
  displayName: string;
  capabilities: readonly Capability[];
  /** False: listed for the creator's information, never called. */
  callable: boolean;
  /** Why a provider is not callable, in one sentence for the creator. */
  notCallableReason?: string;
  price: ProviderPrice;
  /** Seed quality score 0–10; null where the seed has none (the local engine measures its own). */
  seedQuality: number | null;
  seedLatencyS: number | null;
  /** Null: no limit of ours (the local engine). */
  rateLimit: RateLimit | null;
  tiers: readonly Tier[];
  /** Submit → poll → download rather than one request. */
  async: boolean;
  /** Async only: how often to ask for the job's state. */
  pollIntervalMs?: number;
  /** Async only: how long a job may run before we cancel it and move on. */
  jobTimeoutMs?: number;
  clips?: ClipConstraints;
  /**
   * Video only: the provider speaks the script in its own voice and moves the lips to that
   * (Veo takes no audio). Its clips' own sound is kept in the master and the captions are
   * aligned to it; the other video providers are driven by our voice track, which the
   * master carries instead.
   */
  speaksItself?: true;
  /** False only for the local engine: every cloud route needs the creator's key. */
  needsKey: boolean;
  /** Headless key and base-URL override (null for the local engine). */
  env: { apiKey: string; baseUrl: string } | null;
}

const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
const ALL_TIERS = TIERS;
/** Seed: "premium tiers may use the expensive video providers". */
const PREMIUM_TIERS: readonly Tier[] = ['pro', 'enterprise'];

/**
 * `TALKINGPHOTO_<PROVIDER>_API_KEY` / `_BASE_URL`: the provider id upper-cased, anything
 * not a letter or digit as `_` (`d-id` → `TALKINGPHOTO_D_ID_API_KEY`).
 */
export function providerEnvName(id: ProviderId, suffix: 'API_KEY' | 'BASE_URL'): string {
  return `TALKINGPHOTO_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${suffix}`;
}

const ENTRIES: Readonly<Record<ProviderId, Omit<ProviderEntry, 'env'>>> = {
  'gemini-image': {
    id: 'gemini-image',
    displayName: 'Gemini Flash Image ("Nano Banana")',
    capabilities: ['image_enhancement'],
    callable: true,
    price: { unit: 'image', usdPerUnit: 0.039 },
    seedQuality: 8.5,
    seedLatencyS: 2.1,
    rateLimit: { requests: 1000, windowMs: HOUR_MS },
    tiers: ALL_TIERS,
    async: false,
    needsKey: true,
  },
  ideogram: {
    id: 'ideogram',
    displayName: 'Ideogram',
    capabilities: ['image_enhancement'],
    callable: true,
    price: { unit: 'image', usdPerUnit: 0.5 },
    seedQuality: 9.2,
    seedLatencyS: 3.4,
    // Assumption: Ideogram documents concurrency, not an hourly figure; 10 a minute is conservative.
    rateLimit: { requests: 600, windowMs: HOUR_MS },
    tiers: ALL_TIERS,
    async: false,
    needsKey: true,
  },
  midjourney: {
    id: 'midjourney',
    displayName: 'Midjourney',
    capabilities: ['image_enhancement'],
    callable: false,
    notCallableReason: 'Midjourney has no official public API and its terms forbid automating it: use the guide in the export kit instead.',
    // Seed's figure; never charged, since the route is never called.
    price: { unit: 'image', usdPerUnit: 0.35 },
    seedQuality: 9.5,
    seedLatencyS: null,
    rateLimit: null,
    tiers: ALL_TIERS,
    async: false,
    needsKey: true,
  },
  veo: {
    id: 'veo',
    displayName: 'Veo 3.1 (Gemini API)',
    capabilities: ['video_generation'],
    callable: true,
    // Seed figure; docs/providers.md finds $0.08–0.60 a second depending on model and resolution.
    price: { unit: 'second', usdPerUnit: 0.15 },
    seedQuality: 8.0,
    seedLatencyS: 12.5,
    rateLimit: { requests: 100, windowMs: HOUR_MS },
    tiers: PREMIUM_TIERS,
    async: true,
    // Google's cookbook polls a Veo operation every 5–20 s.
    pollIntervalMs: 10_000,
    // Assumption: Veo's docs say a generation takes from seconds to a few minutes.
    jobTimeoutMs: 10 * MINUTE_MS,
    // The Gemini API makes 4, 6 or 8 s clips (Veo 3.1; Veo 3 makes 8 s). The seed capped a
    // video at 10 s for cost; two clips (at most 16 s) is the nearest the fixed lengths allow.
    clips: { allowedSeconds: [4, 6, 8], maxClips: 2 },
    speaksItself: true,
    needsKey: true,
  },
  runway: {
    id: 'runway',
    displayName: 'Runway',
    capabilities: ['video_generation'],
    callable: true,
    price: { unit: 'second', usdPerUnit: 0.2 },
    seedQuality: 9.5,
    seedLatencyS: 15.3,
    // docs/providers.md: Runway caps generations per day by usage tier (tier 1: 50–200);
    // the lowest figure, so a new account never meets Runway's own 429.
    rateLimit: { requests: 50, windowMs: 24 * HOUR_MS },
    tiers: PREMIUM_TIERS,
    async: true,
    // Runway updates a task at most every 5 s; its SDK polls every 6 s.
    pollIntervalMs: 6_000,
    jobTimeoutMs: 15 * MINUTE_MS,
    needsKey: true,
  },
  heygen: {
    id: 'heygen',
    displayName: 'HeyGen',
    capabilities: ['video_generation'],
    callable: true,
    // Seed figure; HeyGen now bills its API wallet per second (docs/providers.md), so a
    // creator with a long script may want to override this.
    price: { unit: 'video', usdPerUnit: 3.0 },
    seedQuality: 9.8,
    seedLatencyS: 25,
    // Assumption: HeyGen's API plans limit concurrent renders; 60 an hour is conservative.
    rateLimit: { requests: 60, windowMs: HOUR_MS },
    tiers: PREMIUM_TIERS,
    async: true,
    pollIntervalMs: 15_000,
    // HeyGen renders can take 20+ minutes.
    jobTimeoutMs: 45 * MINUTE_MS,
    needsKey: true,
  },
  'd-id': {
    id: 'd-id',
    displayName: 'D-ID',
    capabilities: ['video_generation'],
    callable: true,
    // Assumption: D-ID sells credits (one per 15 s of video); half a dollar a short video.
    price: { unit: 'video', usdPerUnit: 0.5 },
    seedQuality: null,
    seedLatencyS: null,
    // Assumption: not documented as an hourly figure; 60 an hour is conservative.
    rateLimit: { requests: 60, windowMs: HOUR_MS },
    tiers: ALL_TIERS,
    async: true,
    pollIntervalMs: 5_000,
    jobTimeoutMs: 15 * MINUTE_MS,
    needsKey: true,
  },
  elevenlabs: {
    id: 'elevenlabs',
    displayName: 'ElevenLabs',
    capabilities: ['speech'],
    callable: true,
    // Assumption: docs/providers.md puts credits at about $0.05–0.10 per 1000 characters; the top of that range.
    price: { unit: '1000 characters', usdPerUnit: 0.1 },
    seedQuality: null,
    seedLatencyS: null,
    // Assumption: ElevenLabs limits concurrency per plan; 600 an hour is conservative.
    rateLimit: { requests: 600, windowMs: HOUR_MS },
    tiers: ALL_TIERS,
    async: false,
    needsKey: true,
  },
  local: {
    id: 'local',
    displayName: 'On this computer',
    capabilities: ['image_enhancement', 'speech', 'video_generation'],
    callable: true,
    price: { unit: 'video', usdPerUnit: 0 },
    seedQuality: null,
    seedLatencyS: null,
    rateLimit: null,
    tiers: ALL_TIERS,
    async: false,
    needsKey: false,
  },
};

export const PROVIDER_CATALOG: Readonly<Record<ProviderId, ProviderEntry>> = Object.fromEntries(
  PROVIDER_IDS.map((id) => {
    const entry = ENTRIES[id];
    const env = entry.needsKey ? { apiKey: providerEnvName(id, 'API_KEY'), baseUrl: providerEnvName(id, 'BASE_URL') } : null;
    return [id, { ...entry, env }];
  }),
) as Record<ProviderId, ProviderEntry>;

/**
 * Default order per capability; `local` is always last. Image and speech follow the seed
 * (cheapest good editor first). Video puts the routes that animate the photo with *our*
 * audio first, best lip sync first (HeyGen's talking photo, D-ID talks, Runway driven by
 * audio), and Veo after them: it speaks its own dialogue in fixed short clips, so captions
 * and the chosen voice match less well.
 */
export const DEFAULT_CHAINS: Readonly<Record<Capability, readonly ProviderId[]>> = {
  image_enhancement: ['gemini-image', 'ideogram', 'local'],
  speech: ['elevenlabs', 'local'],
  video_generation: ['heygen', 'd-id', 'runway', 'veo', 'local'],
};

/** Seed `budget_limits`: the most one project may spend, USD. */
export const PROJECT_BUDGET_USD: Readonly<Record<Tier, number>> = { free: 0.1, starter: 0.5, pro: 2.0, enterprise: 10.0 };

/**
 * Ours (the seed names a daily cap but no figure): enough for a couple of premium videos
 * a day; the creator may change it.
 */
export const DEFAULT_DAILY_CAP_USD = 5;
/** SPEC §2: alert when today's spending reaches 80% of the cap. */
export const DAILY_CAP_ALERT_FRACTION = 0.8;

/**
 * A result scoring below this moves on to the next route. SPEC §2 (seed
 * `fallback_strategies.yaml`): image < 7.0 tries the next editor; video 7.5. Speech has no
 * score of its own.
 */
export const QUALITY_THRESHOLDS: Readonly<Record<Capability, number | null>> = {
  image_enhancement: 7.0,
  speech: null,
  video_generation: 7.5,
};

/**
 * An async provider job as the library keeps it (provider_jobs.state): the provider's own
 * states, plus how our side ended it. `submitted`, `queued` and `running` may still finish.
 */
export const PROVIDER_JOB_STATES = ['submitted', 'queued', 'running', 'done', 'failed', 'cancelled', 'timed_out'] as const;
export type ProviderJobState = (typeof PROVIDER_JOB_STATES)[number];

export function supports(id: ProviderId, capability: Capability): boolean {
  return PROVIDER_CATALOG[id].capabilities.includes(capability);
}
