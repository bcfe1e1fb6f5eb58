import { z } from 'zod';
import { SUPPORTED_LANGUAGES } from '../limits.js';
import { MAX_MOTION_PREVIEW_TEXT_CHARS } from '../motion-controls.js';
import { Done, IdSchema, NoPayload, requestChannel } from './channel.js';
import { MAX_FACE_INDEX } from './creator-channels.js';
import { MediaRefSchema } from './media-ref.js';
import { MotionChoiceSchema } from './motion-choice.js';

/**
 * The Create form's motion preview (issue 17): a few seconds of the photo talking with the
 * chosen motion, rendered small and fast in a render process, outside the library and the
 * plan's allowance. One preview at a time: a new request replaces the one running.
 */
export const MotionPreviewRequestSchema = z
  .strictObject({
    /** The photo the form imported (`photos:import`). */
    photoToken: IdSchema,
    faceIndex: z.number().int().min(0).max(MAX_FACE_INDEX).optional(),
    language: z.enum(SUPPORTED_LANGUAGES),
    voice: z.string().min(1).max(64).optional(),
    /** The script's beginning; main takes its first few seconds of words. */
    text: z.string().trim().min(1).max(MAX_MOTION_PREVIEW_TEXT_CHARS).optional(),
    /** Or the form's recording (`recordings:import`), of which the first seconds speak. */
    recordingToken: IdSchema.optional(),
    /** With a recording: as recorded, without the cleanup. */
    rawVoice: z.boolean().optional(),
    motion: MotionChoiceSchema.default({}),
  })
  .refine((r) => (r.text === undefined) !== (r.recordingToken === undefined), { message: 'give either words or a recording, not both' });

export const MOTION_REQUESTS = {
  'motion:preview': requestChannel(
    MotionPreviewRequestSchema,
    z.object({ video: MediaRefSchema, durationS: z.number().positive(), width: z.number().int().positive(), height: z.number().int().positive() }),
  ),
  /** Stops the preview that runs, if any; its request answers CANCELLED. */
  'motion:cancelPreview': requestChannel(NoPayload, Done),
} as const;
