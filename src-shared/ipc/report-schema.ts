import { z } from 'zod';
import { MotionSettingsSchema, RENDER_STAGES } from '../render.js';
import type { RenderReport } from '../report.js';

/**
 * `report.json` as a runtime schema, so main checks what it sends and drops anything the
 * report type does not declare. `report.ts` stays the reference; the assertions at the
 * bottom fail the typecheck the moment the two drift apart.
 */

const Box = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
const Tool = z.object({ path: z.string(), source: z.string(), version: z.string().optional() });

const Ratio = z.number().nullable();
const Verdict = z.boolean().nullable();
const VisemesSchema = z.object({
  method: z.enum(['synthesizer', 'aligned', 'acoustic']),
  closure: z.object({
    phones: z.number(),
    closed: z.number(),
    share: z.number(),
    unmeasured: z.number(),
    photoGap: z.number(),
    restGap: z.number(),
    speechP90Gap: z.number(),
    thresholdGap: z.number(),
  }),
  openVsClosed: z.object({ openPhones: z.number(), closedPhones: z.number(), meanOpenGap: z.number(), meanClosedGap: z.number(), ratio: Ratio }),
  rounding: z.object({ roundedPhones: z.number(), spreadPhones: z.number(), meanRoundedWidth: z.number(), meanSpreadWidth: z.number(), ratio: Ratio }),
  lead: z.object({ frames: z.number(), r: z.number() }),
  passed: z.object({ closure: Verdict, openVsClosed: Verdict, rounding: Verdict }),
  targets: z.object({ closureShare: z.number(), openToClosed: z.number(), roundedToSpread: z.number() }),
});

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
  face: z.object({ box: Box, boxInVideo: Box, confidence: z.number(), facesFound: z.number(), others: z.array(Box) }),
  voice: z.object({
    source: z.enum(['tts', 'recording']),
    durationS: z.number(),
    words: z.array(z.object({ text: z.string(), startS: z.number(), endS: z.number() })),
    loudness: z.object({ inputLufs: z.number().optional(), outputLufs: z.number().optional(), truePeakDbtp: z.number().optional() }),
    cleanup: z
      .object({
        rawKept: z.boolean(),
        applied: z.boolean(),
        highPassHz: z.number().nullable(),
        noiseReductionDb: z.number().nullable(),
        noiseFloorDbfs: z.object({ before: z.number(), after: z.number() }).nullable(),
        deEss: z.object({ share: z.number(), maxReductionDb: z.number() }).nullable(),
        speechShare: z.number().nullable(),
        loudness: z.object({ beforeLufs: z.number().nullable(), afterLufs: z.number().nullable(), truePeakAfterDbtp: z.number().nullable() }),
      })
      .optional(),
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
    health: z.unknown().optional(),
    scores: z
      .object({
        image: z.number(),
        video: z.number().nullable(),
        overall: z.number().nullable(),
        thresholds: z.object({ image: z.number(), video: z.number(), overall: z.number() }),
        passed: z.boolean(),
        below: z.array(z.enum(['image', 'video', 'overall'])),
        videoParts: z.array(z.object({ name: z.string(), score0to1: z.number().nullable(), weight: z.number(), detail: z.string() })),
        weak: z.array(z.object({ step: z.enum(['enhance', 'voice', 'animate']), part: z.string(), what: z.string() })),
        retry: z
          .object({
            reasons: z.array(z.string()),
            steps: z.array(z.enum(['enhance', 'voice', 'animate'])),
            motion: MotionSettingsSchema.optional(),
            kept: z.enum(['first', 'retry']),
            first: z.object({ image: z.number(), video: z.number().nullable(), overall: z.number().nullable() }),
          })
          .optional(),
      })
      .optional(),
    visemes: VisemesSchema.optional(),
  }),
  motion: MotionSettingsSchema.extend({ blinksPlanned: z.number() }),
  animation: z.object({ region: Box, drawMs: z.number() }),
  kit: z
    .object({
      manifest: z.string(),
      zip: z.string().optional(),
      renditions: z.array(z.object({ platform: z.string(), width: z.number(), height: z.number(), failedChecks: z.array(z.string()) })),
    })
    .optional(),
  providers: z
    .object({
      tier: z.string(),
      spentUsd: z.number(),
      plans: z.array(
        z.object({
          capability: z.string(),
          routes: z.array(z.object({ provider: z.string(), estimateUsd: z.number() })),
          skipped: z.array(z.object({ provider: z.string(), reason: z.string(), message: z.string() })),
          estimateUsd: z.number(),
        }),
      ),
      attempts: z.array(
        z.object({
          provider: z.string(),
          capability: z.string(),
          outcome: z.string(),
          reason: z.string().nullable(),
          message: z.string().nullable(),
          retries: z.number(),
          estimatedCostUsd: z.number(),
          actualCostUsd: z.number().nullable(),
          chargedUsd: z.number(),
          latencyMs: z.number(),
          qualityScore: z.number().nullable(),
        }),
      ),
      used: z.object({ image: z.string(), speech: z.string(), video: z.string() }),
    })
    .optional(),
  tools: z.object({
    ffmpeg: Tool,
    ffprobe: Tool,
    warning: z.string().optional(),
    /** `fallback`: the sentence saying the chosen system voice was gone and eSpeak spoke instead. */
    tts: z.object({ name: z.string(), version: z.string().optional(), voice: z.string().optional(), license: z.string().optional(), fallback: z.string().optional() }).optional(),
  }),
});

/** True only when A and B are the same type (optional fields included), not merely assignable. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Flattens intersections (`MotionSettings & {…}`) so `Same` compares shapes, not spellings. */
type Plain<T> = T extends object ? { [K in keyof T]: Plain<T[K]> } : T;
// A field added, removed or changed on either side without the other fails the typecheck here.
const _reportMatchesSchema: Same<Plain<z.output<typeof RenderReportSchema>>, Plain<RenderReport>> = true;
void _reportMatchesSchema;
