import { PROVIDER_CATALOG, type Capability, type PriceUnit, type ProviderId, type ProviderPrice } from '../../../src-shared/providers.js';
import { planClips } from './clip-plan.js';
import type { CapabilityRequest } from './provider-types.js';

/**
 * What a route would cost before anything is spent (SPEC §1 step 2): the catalog price
 * (or the creator's override) times what the provider bills for this input.
 */

/** What a request asks for, in the units providers bill. */
export interface EstimateInput {
  /** Photos to edit; 1 when absent. */
  images?: number;
  /** Length of the video to make (the voice's length, or the script's expected length). */
  videoSeconds?: number;
  /** Characters of script to speak. */
  characters?: number;
  /**
   * The video carries the creator's own recording: a provider that speaks the script in
   * its own voice (the catalog's `speaksItself`: Veo) would replace it, so it is not planned.
   */
  ownRecording?: boolean;
}

export type RouteEstimate =
  | {
      ok: true;
      usd: number;
      unit: PriceUnit;
      units: number;
      /** Clip lengths for a fixed-length provider, in order; null otherwise. */
      clipsS: number[] | null;
      /** Provider requests the route makes: one per clip, else one. */
      requests: number;
    }
  | { ok: false; reason: 'too_long'; message: string };

/** What a request bills, read off the request itself so the estimate and the call never disagree. */
export function estimateInputFor(request: CapabilityRequest): EstimateInput {
  switch (request.capability) {
    case 'image_enhancement':
      return { images: 1 };
    case 'speech':
      return { characters: [...request.input.text].length };
    case 'video_generation':
      return { videoSeconds: request.input.durationS };
  }
}

export function estimateRoute(provider: ProviderId, capability: Capability, input: EstimateInput, price: ProviderPrice = PROVIDER_CATALOG[provider].price): RouteEstimate {
  const entry = PROVIDER_CATALOG[provider];
  let seconds = Math.ceil(Math.max(0, input.videoSeconds ?? 0));
  let clipsS: number[] | null = null;
  if (capability === 'video_generation' && entry.clips) {
    const plan = planClips(input.videoSeconds ?? 0, entry.clips);
    if (!plan.ok) {
      const longest = Math.max(...entry.clips.allowedSeconds);
      return {
        ok: false,
        reason: 'too_long',
        message: `${entry.displayName} makes at most ${plan.maxClips} clips of up to ${longest} s, too short for this ${Math.round(input.videoSeconds ?? 0)} s video.`,
      };
    }
    clipsS = plan.clipsS;
    seconds = plan.totalS;
  }
  const units = billedUnits(price.unit, capability, input, seconds);
  return { ok: true, usd: roundUsd(units * price.usdPerUnit), unit: price.unit, units, clipsS, requests: clipsS?.length ?? 1 };
}

function billedUnits(unit: PriceUnit, capability: Capability, input: EstimateInput, seconds: number): number {
  const characters = Math.max(0, input.characters ?? 0);
  switch (unit) {
    case 'image':
      return capability === 'image_enhancement' ? Math.max(1, input.images ?? 1) : 1;
    case 'second':
      return seconds;
    case 'video':
      return 1;
    case 'character':
      return characters;
    case '1000 characters':
      return characters / 1000;
  }
}

/** Dollars to a millionth, so sums of many small prices compare as the creator reads them. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

/**
 * How long a script takes to speak, for estimates made before the voice exists. About 150
 * words a minute for languages written with spaces, a common figure for presentation
 * speech; about 6 characters a second for Japanese and Chinese (roughly 350 morae or 250
 * characters a minute).
 */
export function expectedSpeechSeconds(script: string): number {
  const text = script.trim();
  if (text.length === 0) return 0;
  const words = text.split(/\s+/).length;
  const spaced = words > 1 || text.length <= 12;
  return spaced ? words / 2.5 : [...text].length / 6;
}
