import { serve } from '../workers/worker-client.js';
import { enhancePhoto, type EnhanceOptions, type EnhanceResult } from './local-enhancer.js';

/** The enhance stage's thread (enhance-session.ts): the photo's pixels come in transferred, the chosen photo's go back the same way. */
export interface EnhanceRequest {
  rgb: Uint8Array;
  width: number;
  height: number;
  options: EnhanceOptions;
}

/** EnhanceResult with its pixels as they cross threads; `rgb` null: the input itself came back (chosen 'original', not upscaled). */
export type EnhanceReply = Omit<EnhanceResult, 'rgb'> & { rgb: Uint8Array | null };

await serve<EnhanceRequest, EnhanceReply>(
  async (request) => {
    const input = Buffer.from(request.rgb.buffer, request.rgb.byteOffset, request.rgb.byteLength);
    const result = await enhancePhoto({ rgb: input, width: request.width, height: request.height }, request.options);
    // The caller still holds the pixels it sent: an unchanged photo need not travel back.
    return { ...result, rgb: result.rgb === input ? null : ownBuffer(result.rgb) };
  },
  (reply) => (reply.rgb ? [reply.rgb.buffer as ArrayBuffer] : []),
);

/**
 * The pixels in an ArrayBuffer of their own, so they can be transferred: a Buffer may be a
 * slice of a shared pool or of a larger allocation, whose transfer would take the rest too.
 */
function ownBuffer(rgb: Buffer): Uint8Array {
  if (rgb.byteOffset === 0 && rgb.byteLength === rgb.buffer.byteLength) return new Uint8Array(rgb.buffer, 0, rgb.byteLength);
  return new Uint8Array(rgb);
}
