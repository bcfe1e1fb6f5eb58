import { z } from 'zod';
import { RENDER_STAGES, RenderRequestSchema } from '../render.js';
import { IdSchema, IpcErrorSchema, requestChannel } from './channel.js';
import { RenderReportSchema } from './report-schema.js';

/**
 * A render is started by a request that answers at once with its id; progress and the
 * outcome arrive as events carrying that id. The queue will keep this shape: a job id
 * today, many of them tomorrow.
 */

/**
 * A file a render produced, named without its path: `root` is an opaque id main gave
 * the output folder, `path` is relative to it. Each transport turns it into a URL its
 * page can load (the host's `/media/…` route, the desktop app's media protocol).
 */
export const MediaRefSchema = z.object({ root: IdSchema, path: z.string().min(1).max(255) });
export type MediaRef = z.infer<typeof MediaRefSchema>;

export const RenderProgressEventSchema = z.object({
  renderId: IdSchema,
  stage: z.enum(RENDER_STAGES),
  percent: z.number().min(0).max(100),
  message: z.string(),
});
export type RenderProgressEvent = z.infer<typeof RenderProgressEventSchema>;

export const RenderFinishedEventSchema = z.discriminatedUnion('ok', [
  z.object({
    renderId: IdSchema,
    ok: z.literal(true),
    report: RenderReportSchema,
    /** Where video.mp4, enhanced.jpg and report.json now are. */
    outDir: z.string(),
    video: MediaRefSchema,
  }),
  /** `CANCELLED` when the creator cancelled; a notice, not an error, for the window. */
  z.object({ renderId: IdSchema, ok: z.literal(false), error: IpcErrorSchema }),
]);
export type RenderFinishedEvent = z.infer<typeof RenderFinishedEventSchema>;

export const RENDER_REQUESTS = {
  /** Accepted renders answer `{ renderId }` at once; `render:finished` follows. */
  'render:start': requestChannel(RenderRequestSchema, z.object({ renderId: IdSchema })),
  /** `cancelled: false` when that render already finished or never existed. */
  'render:cancel': requestChannel(z.strictObject({ renderId: IdSchema }), z.object({ cancelled: z.boolean() })),
} as const;

export const RENDER_EVENTS = {
  'render:progress': RenderProgressEventSchema,
  'render:finished': RenderFinishedEventSchema,
} as const;
