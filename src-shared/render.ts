import { z } from 'zod';
import { MAX_TARGET_SECONDS, MIN_TARGET_SECONDS } from './library.js';
import { PlatformIdSchema } from './platforms.js';
import { PROVIDER_IDS, ProviderIdSchema, TIERS } from './providers.js';
import { DEFAULT_FPS, DEFAULT_SIZE, MAX_FPS, MAX_SCRIPT_CHARS, MAX_SIDE, MIN_FPS, MIN_SIDE, SUPPORTED_LANGUAGES, WORKFLOW_TYPES } from './limits.js';

/** Motion controls creators ask for most in open-source talking-head tools. */
export const MotionSettingsSchema = z.object({
  /** Mouth and brow amplitude: 0 = lips barely move, 1 = natural, 2 = exaggerated. */
  expressiveness: z.number().min(0).max(2).default(1),
  /** Whole-head sway and nod: 0 = still head (blinks stay), 1 = natural, 2 = lively. */
  headMotion: z.number().min(0).max(2).default(1),
  /** Blinks per minute; people blink about 10–25 times a minute while talking. */
  blinkRate: z.number().min(0).max(60).default(16),
  /** The face's resting mood: warm lifts the mouth corners and livens motion, serious flattens both. */
  mood: z.enum(['neutral', 'warm', 'serious']).default('neutral'),
});
export type MotionSettings = z.infer<typeof MotionSettingsSchema>;

const even = (n: number): boolean => n % 2 === 0;

export const RouteChoiceSchema = z.union([z.enum(['auto', 'local']), z.array(ProviderIdSchema).min(1).max(PROVIDER_IDS.length)]);
export type RouteChoice = z.infer<typeof RouteChoiceSchema>;

export const RenderRequestSchema = z
  .object({
    photoPath: z.string().min(1),
    script: z.string().max(MAX_SCRIPT_CHARS).optional(),
    language: z.enum(SUPPORTED_LANGUAGES).default('en'),
    voice: z.string().min(1).max(64).optional(),
    audioPath: z.string().min(1).optional(),
    outDir: z.string().min(1),
    width: z.number().int().min(MIN_SIDE).max(MAX_SIDE).refine(even, 'width must be even').default(DEFAULT_SIZE.width),
    height: z.number().int().min(MIN_SIDE).max(MAX_SIDE).refine(even, 'height must be even').default(DEFAULT_SIZE.height),
    fps: z.number().int().min(MIN_FPS).max(MAX_FPS).default(DEFAULT_FPS),
    motion: MotionSettingsSchema.default({ expressiveness: 1, headMotion: 1, blinkRate: 16, mood: 'neutral' }),
    /** Run the face mesh on the rendered frames and report lip-sync, blink and motion figures. */
    verify: z.boolean().default(true),
    /** Which face talks when the photo has several: 0 = the largest. */
    faceIndex: z.number().int().min(0).max(20).default(0),
    /** Platforms to build an export kit for (SPEC §3); none: just the video. */
    platforms: z.array(PlatformIdSchema).max(10).default([]),
    /** Also write `kit.zip` of the kit folder. */
    zip: z.boolean().default(false),
    /** Draw the captions into every rendition's picture, inside the platform's safe area. */
    burnCaptions: z.boolean().default(false),
    /** Where the voice is longer than a platform allows, cut that rendition at the last pause that fits. */
    trim: z.boolean().default(false),
    /** Draw the title on the covers. */
    coverTitle: z.boolean().default(false),
    /**
     * Use an own recording as recorded (only loudness-normalised), without the cleanup
     * (rumble filter, noise suppression, de-essing) every recording otherwise gets.
     */
    rawVoice: z.boolean().default(false),
    /** The words of an own recording, for its captions and post text (there is no speech recogniser offline). */
    transcript: z.string().trim().min(1).max(MAX_SCRIPT_CHARS).optional(),
    /** For post text and the manifest. */
    title: z.string().trim().min(1).max(200).optional(),
    /**
     * How long the video should be, 1–60 s (the seed's target_duration): a script or
     * recording clearly longer is refused before rendering (src-shared/spoken-length.ts).
     */
    targetDurationS: z.number().int().min(MIN_TARGET_SECONDS).max(MAX_TARGET_SECONDS).optional(),
    workflowType: z.enum(WORKFLOW_TYPES).default('avatar_presentation'),
    /**
     * Which providers may do the work (issue 7): `auto` follows the creator's chains where
     * they have keys, `local` keeps everything on this computer, a list is an explicit
     * chain. The local engine ends every chain unless `noLocal`.
     */
    route: RouteChoiceSchema.default('auto'),
    noLocal: z.boolean().default(false),
    /** The free plan's small watermark on the video (and so on every rendition). */
    watermark: z.boolean().default(false),
    /** The plan whose budgets and premium routes apply; the creator's setting when absent. */
    tier: z.enum(TIERS).optional(),
    /** The library project this render belongs to, for its provider budget and cost breakdown. */
    projectId: z.string().min(1).max(64).optional(),
  })
  .refine((r) => (r.script === undefined) !== (r.audioPath === undefined), {
    message: 'give either a script or an audio recording, not both',
  })
  .refine((r) => r.transcript === undefined || r.audioPath !== undefined, {
    message: 'a transcript goes with an audio recording; a script is its own transcript',
  });
export type RenderRequest = z.input<typeof RenderRequestSchema>;

/** In running order: the face is found before enhancement so sharpening can favour it. */
export const RENDER_STAGES = ['intake', 'face', 'enhance', 'voice', 'animate', 'verify', 'kit'] as const;
export type RenderStage = (typeof RENDER_STAGES)[number];

export interface RenderProgress {
  stage: RenderStage;
  /** 0–100 within the stage. */
  percent: number;
  message: string;
}
