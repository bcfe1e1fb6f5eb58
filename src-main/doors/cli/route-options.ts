import { InvalidArgumentError } from 'commander';
import { PROVIDER_IDS, TIERS, type ProviderId, type Tier } from '../../../src-shared/providers.js';
import type { RouteChoice } from '../../../src-shared/render.js';

/** Parsers for the route flags, kept apart from providers-cli.ts so a plain render loads no provider code. */

export function parseRoute(value: string): RouteChoice {
  const trimmed = value.trim();
  if (trimmed === 'auto' || trimmed === 'local') return trimmed;
  const ids = trimmed
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = ids.find((id) => !(PROVIDER_IDS as readonly string[]).includes(id));
  if (unknown !== undefined || ids.length === 0) throw new InvalidArgumentError(`use auto, local, or providers from: ${PROVIDER_IDS.join(', ')}${unknown ? ` ("${unknown}" is not one)` : ''}.`);
  return ids as ProviderId[];
}

export function parseTier(value: string): Tier {
  const tier = TIERS.find((t) => t === value.trim());
  if (!tier) throw new InvalidArgumentError(`use one of ${TIERS.join(', ')}.`);
  return tier;
}
