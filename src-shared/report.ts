import { z } from 'zod';
import { MotionSettingsSchema, RENDER_STAGES } from './render.js';

/**
 * `report.json` (what was made, how long each stage took, how good it is), defined once
 * as a runtime schema: main checks what it sends over IPC against it and drops anything it
 * does not declare, and every type below is inferred from it.
 */

const Box = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
const Tool = z.object({ path: z.string(), source: z.string(), version: z.string().optional() });
const Ratio = z.number().nullable();
const Verdict = z.boolean().nullable();
const ImproveStep = z.enum(['enhance', 'voice', 'animate']);

/**
 * What was done to the creator's own recording before it was muxed
 * (src-main/engine/voice/voice-cleanup.ts): a rumble filter, noise suppression and de-essing,
 * unless the raw take was kept; the loudness step always.
 */
export const VoiceCleanupReportSchema = z.object({
  /** The creator kept the raw take (`--raw-voice`, "Keep my raw take"): only the loudness step ran. */
  rawKept: z.boolean(),
  /** The cleanup ran and its result is what the video carries (false: kept raw, or no speech for it to find). */
  applied: z.boolean(),
  /** The rumble filter's corner, Hz; null when it did not run. */
  highPassHz: z.number().nullable(),
  /** How far the take's noise floor came down under noise suppression and de-essing, dB; null when they did not run. */
  noiseReductionDb: z.number().nullable(),
  noiseFloorDbfs: z.object({ before: z.number(), after: z.number() }).nullable(),
  /** Share of the take the de-esser turned down and its deepest cut, dB; null when it did not run. */
  deEss: z.object({ share: z.number(), maxReductionDb: z.number() }).nullable(),
  /** Share of the take's 10 ms frames the noise suppressor heard as speech; null when it did not run. */
  speechShare: z.number().nullable(),
  /** EBU R128: the take as received and as muxed (LUFS), and the muxed voice's true peak (dBTP). */
  loudness: z.object({ beforeLufs: z.number().nullable(), afterLufs: z.number().nullable(), truePeakAfterDbtp: z.number().nullable() }),
});
export type VoiceCleanupReport = z.infer<typeof VoiceCleanupReportSchema>;

export const QualityScoresReportSchema = z.object({
  image: z.number(),
  /** Null when nothing about the video could be measured. */
  video: z.number().nullable(),
  overall: z.number().nullable(),
  thresholds: z.object({ image: z.number(), video: z.number(), overall: z.number() }),
  passed: z.boolean(),
  /** Which totals are under their thresholds. */
  below: z.array(z.enum(['image', 'video', 'overall'])),
  videoParts: z.array(z.object({ name: z.string(), score0to1: z.number().nullable(), weight: z.number(), detail: z.string() })),
  /** Plain sentences naming what is weak and the step that makes it. */
  weak: z.array(z.object({ step: ImproveStep, part: z.string(), what: z.string() })),
  retry: z
    .object({
      reasons: z.array(z.string()),
      steps: z.array(ImproveStep),
      motion: MotionSettingsSchema.optional(),
      /** Which attempt the files come from. */
      kept: z.enum(['first', 'retry']),
      first: z.object({ image: z.number(), video: z.number().nullable(), overall: z.number().nullable() }),
    })
    .optional(),
});
export type QualityScoresReport = z.infer<typeof QualityScoresReportSchema>;

/**
 * Issue 14's mouth measures (src-main/engine/verify/viseme-measures.ts): the face mesh tracks the
 * rendered frames; each phone is judged at the pose it reaches from 60 ms before its onset
 * to its end. Gaps and widths are in eye distances.
 */
export const VisemesReportSchema = z.object({
  /** How the phones were timed: exact from the synthesizer, aligned to a transcript, or estimated from the audio. */
  method: z.enum(['synthesizer', 'aligned', 'acoustic']),
  closure: z.object({
    /** p/b/m phones with a tracked frame in their window, and how many the lips closed on. */
    phones: z.number(),
    closed: z.number(),
    share: z.number(),
    /** p/b/m phones with no tracked frame (face lost): counted neither way. */
    unmeasured: z.number(),
    /** The photo's own gap; the rest a closure comes back to (the photo's, at most shut lips'); the gap's 90th percentile while speaking; the most a closure may leave open. */
    photoGap: z.number(),
    restGap: z.number(),
    speechP90Gap: z.number(),
    thresholdGap: z.number(),
  }),
  /** Mean widest gap on open vowels ÷ mean narrowest gap on p/b/m. */
  openVsClosed: z.object({ openPhones: z.number(), closedPhones: z.number(), meanOpenGap: z.number(), meanClosedGap: z.number(), ratio: Ratio }),
  /** Mean narrowest inner-mouth width on u/o/w ÷ mean widest on i/e. */
  rounding: z.object({ roundedPhones: z.number(), spreadPhones: z.number(), meanRoundedWidth: z.number(), meanSpreadWidth: z.number(), ratio: Ratio }),
  /** Frames by which the picture leads the sound (negative: it trails), and the correlation at that shift. */
  lead: z.object({ frames: z.number(), r: z.number() }),
  /** Null where the passage has no phone of the kind a measure needs. */
  passed: z.object({ closure: Verdict, openVsClosed: Verdict, rounding: Verdict }),
  targets: z.object({ closureShare: z.number(), openToClosed: z.number(), roundedToSpread: z.number() }),
});
export type VisemesReport = z.infer<typeof VisemesReportSchema>;

/**
 * One cloud route tried (or passed over) for one request. The router's ledger record
 * (src-main/cloud/providers/ledger.ts AttemptRecord) is this plus what only the library keeps
 * (project, job ids, time); parsing a record with this schema is how report.json drops those.
 */
export const ProviderAttemptReportSchema = z.object({
  provider: z.string(),
  capability: z.string(),
  /** succeeded, low_quality, failed, cancelled, skipped or cached (ATTEMPT_OUTCOMES). */
  outcome: z.string(),
  /** A failure's ProviderError kind, or a skip's reason; null on success. */
  reason: z.string().nullable(),
  /** Why the router moved on, one sentence for the creator; null on success. Never holds a key. */
  message: z.string().nullable(),
  /** Calls beyond the first (summed over every call of an async job). */
  retries: z.number(),
  estimatedCostUsd: z.number(),
  /** What the provider said it charged, when it said. */
  actualCostUsd: z.number().nullable(),
  /** What counts as spent: the actual cost, else the estimate for a delivered result, else 0. */
  chargedUsd: z.number(),
  latencyMs: z.number(),
  qualityScore: z.number().nullable(),
});
export type ProviderAttemptReport = z.infer<typeof ProviderAttemptReportSchema>;

export const ProvidersReportSchema = z.object({
  tier: z.string(),
  /** What was spent on cloud providers for this render, USD. */
  spentUsd: z.number(),
  plans: z.array(
    z.object({
      capability: z.string(),
      routes: z.array(z.object({ provider: z.string(), estimateUsd: z.number() })),
      skipped: z.array(z.object({ provider: z.string(), reason: z.string(), message: z.string() })),
      estimateUsd: z.number(),
    }),
  ),
  attempts: z.array(ProviderAttemptReportSchema),
  /** Which provider made each part of the video. */
  used: z.object({ image: z.string(), speech: z.string(), video: z.string() }),
});
export type ProvidersReport = z.infer<typeof ProvidersReportSchema>;

export const RenderReportSchema = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  files: z.object({ video: z.string(), enhancedPhoto: z.string(), report: z.string() }),
  input: z.object({
    photo: z.object({ name: z.string(), format: z.string(), bytes: z.number(), width: z.number(), height: z.number(), downscaled: z.boolean() }),
    script: z.object({ characters: z.number(), language: z.string(), voice: z.string() }).optional(),
    audio: z.object({ name: z.string() }).optional(),
  }),
  output: z.object({
    width: z.number(),
    height: z.number(),
    fps: z.number(),
    frames: z.number(),
    durationS: z.number(),
    sizeBytes: z.number(),
    video: z.object({ codec: z.string(), profile: z.string().optional(), pixelFormat: z.string().optional() }),
    audio: z.object({ codec: z.string(), sampleRate: z.number().optional(), channels: z.number().optional() }),
    faststart: z.boolean(),
  }),
  stages: z.array(z.object({ stage: z.enum(RENDER_STAGES), durationMs: z.number() })),
  totalMs: z.number(),
  face: z.object({
    /** In photo pixels (after intake). */
    box: Box,
    /** In video pixels. */
    boxInVideo: Box,
    confidence: z.number(),
    facesFound: z.number(),
    others: z.array(Box),
  }),
  voice: z.object({
    source: z.enum(['tts', 'recording']),
    durationS: z.number(),
    words: z.array(z.object({ text: z.string(), startS: z.number(), endS: z.number() })),
    /** EBU R128 as received and as muxed (LUFS); a recording's true peak as muxed (dBTP). */
    loudness: z.object({ inputLufs: z.number().optional(), outputLufs: z.number().optional(), truePeakDbtp: z.number().optional() }),
    /** The creator's own recording: what its cleanup did (issue 16). Absent for a script's voice. */
    cleanup: VoiceCleanupReportSchema.optional(),
  }),
  quality: z.object({
    image: z.object({
      before: z.number(),
      after: z.number(),
      chosen: z.string(),
      applied: z.array(z.string()),
      details: z.object({ before: z.unknown(), after: z.unknown() }),
    }),
    video: z.unknown().optional(),
    /** The one-pass check of the written file: lengths, frozen and black stretches, loudness. */
    health: z.unknown().optional(),
    /** Scores 0–10 against the spec's thresholds, what is weak, and the retry if one ran. */
    scores: QualityScoresReportSchema.optional(),
    /** Does the mouth say the words: measured on the rendered frames against the spoken phones (with verification on). */
    visemes: VisemesReportSchema.optional(),
  }),
  motion: MotionSettingsSchema.extend({ blinksPlanned: z.number() }),
  animation: z.object({
    /** The only part of the frame that moves, in video pixels; everything else is the still photo. */
    region: Box,
    drawMs: z.number(),
  }),
  /** Present when platforms were chosen: where the kit is and how its checks went. */
  kit: z
    .object({
      manifest: z.string(),
      zip: z.string().optional(),
      renditions: z.array(z.object({ platform: z.string(), width: z.number(), height: z.number(), failedChecks: z.array(z.string()) })),
    })
    .optional(),
  /**
   * Cloud routes (issue 7), present when any was planned: each capability's plan (routes
   * and why others were passed over) and every attempt, with cost and why the router
   * moved on. Never holds a key.
   */
  providers: ProvidersReportSchema.optional(),
  /** Which ffmpeg/ffprobe pair decoded and encoded, as they name their versions (issue 13). */
  tools: z.object({
    ffmpeg: Tool,
    ffprobe: Tool,
    /** Set when the pair is older than ffmpeg 5 or mixed: what to install instead. */
    warning: z.string().optional(),
    /** `fallback`: the chosen system voice was gone and eSpeak spoke; the sentence saying so. */
    tts: z.object({ name: z.string(), version: z.string().optional(), voice: z.string().optional(), license: z.string().optional(), fallback: z.string().optional() }).optional(),
  }),
});
export type RenderReport = z.infer<typeof RenderReportSchema>;
