import { describe, expect, it } from 'vitest';
import { ProviderPreferencesSchema, routingSettings } from './provider-preferences.js';
import { CAPABILITIES, DEFAULT_CHAINS, PROVIDER_CATALOG, PROVIDER_IDS, QUALITY_THRESHOLDS, providerEnvName, supports } from './providers.js';

describe('provider catalog', () => {
  it('names the headless key and base-URL variables from the provider id', () => {
    expect(providerEnvName('gemini-image', 'API_KEY')).toBe('TALKINGPHOTO_GEMINI_IMAGE_API_KEY');
    expect(providerEnvName('d-id', 'API_KEY')).toBe('TALKINGPHOTO_D_ID_API_KEY');
    expect(PROVIDER_CATALOG.veo.env).toEqual({ apiKey: 'TALKINGPHOTO_VEO_API_KEY', baseUrl: 'TALKINGPHOTO_VEO_BASE_URL' });
    expect(PROVIDER_CATALOG.local.env).toBeNull();
  });

  it('ends every default chain with the local engine, listing only providers that can do the job', () => {
    for (const capability of CAPABILITIES) {
      const chain = DEFAULT_CHAINS[capability];
      expect(chain.at(-1)).toBe('local');
      expect(chain.every((id) => supports(id, capability) && PROVIDER_CATALOG[id].callable)).toBe(true);
    }
  });

  it('lists Midjourney as not callable, with the reason', () => {
    expect(PROVIDER_CATALOG.midjourney.callable).toBe(false);
    expect(PROVIDER_CATALOG.midjourney.notCallableReason).toMatch(/no official public API.*terms forbid/);
  });

  it('keeps the premium video routes for Pro and Enterprise', () => {
    for (const id of ['runway', 'heygen', 'veo'] as const) expect(PROVIDER_CATALOG[id].tiers).toEqual(['pro', 'enterprise']);
    expect(PROVIDER_CATALOG['d-id'].tiers).toContain('free');
  });

  it('gives every async provider a poll interval and a job time limit, and Veo its clip lengths', () => {
    for (const id of PROVIDER_IDS) {
      const entry = PROVIDER_CATALOG[id];
      if (entry.async) expect(entry.pollIntervalMs! > 0 && entry.jobTimeoutMs! > entry.pollIntervalMs!).toBe(true);
    }
    expect(PROVIDER_CATALOG.veo.clips?.allowedSeconds).toEqual([4, 6, 8]);
    expect(QUALITY_THRESHOLDS).toEqual({ image_enhancement: 7, speech: null, video_generation: 7.5 });
  });
});

describe('provider preferences', () => {
  it('fills in the defaults', () => {
    const settings = routingSettings();
    expect(settings.tier).toBe('free');
    expect(settings.dailyCapUsd).toBe(5);
    expect(settings.chains.video_generation).toEqual(['heygen', 'd-id', 'runway', 'veo', 'local']);
    expect(settings.prices.veo).toEqual({ unit: 'second', usdPerUnit: 0.15 });
  });

  it('applies a reordered chain and a price override, keeping local last', () => {
    const settings = routingSettings({ chains: { image_enhancement: ['ideogram', 'gemini-image'] }, priceOverrides: { veo: { unit: 'second', usdPerUnit: 0.4 } }, tier: 'pro' });
    expect(settings.chains.image_enhancement).toEqual(['ideogram', 'gemini-image', 'local']);
    expect(settings.prices.veo.usdPerUnit).toBe(0.4);
  });

  it('refuses a chain with a provider that cannot do the job, a repeat, or local before the end', () => {
    expect(ProviderPreferencesSchema.safeParse({ chains: { speech: ['veo'] } }).success).toBe(false);
    expect(ProviderPreferencesSchema.safeParse({ chains: { speech: ['elevenlabs', 'elevenlabs'] } }).success).toBe(false);
    expect(ProviderPreferencesSchema.safeParse({ chains: { speech: ['local', 'elevenlabs'] } }).success).toBe(false);
    expect(ProviderPreferencesSchema.safeParse({ chains: { speech: ['nope'] } }).success).toBe(false);
    expect(ProviderPreferencesSchema.safeParse({ dailyCapUsd: -1 }).success).toBe(false);
    expect(ProviderPreferencesSchema.safeParse({ tier: 'platinum' }).success).toBe(false);
    expect(ProviderPreferencesSchema.safeParse({ priceOverrides: { veo: { unit: 'minute', usdPerUnit: 1 } } }).success).toBe(false);
  });
});
