import { z } from 'zod';

/** The host's request frame as main validates it (the types and constants are in wire.ts). */
export const WireRequestSchema = z.strictObject({
  type: z.literal('request'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** Checked against the contract by the dispatcher, so an unknown one gets UNKNOWN_CHANNEL, not a parse error. */
  channel: z.string().max(200),
  payload: z.unknown().optional(),
});
