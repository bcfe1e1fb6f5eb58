import { z } from 'zod';
import { MAX_SCRIPT_CHARS, SUPPORTED_LANGUAGES, WORKFLOW_TYPES } from './limits.js';
import { PlatformIdSchema } from './platforms.js';

/**
 * The library's vocabulary and what callers may send it, as runtime schemas. Shared:
 * the IPC contract declares its library channels with these, and the library checks
 * every input with the same definitions (the CLI passes creator input straight through).
 */

/** SPEC §4 / seed `workflows.status`. */
export const PROJECT_STATUSES = ['pending', 'processing', 'completed', 'failed', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** A persistent queue's job states (issue 4 "Queue"). */
export const JOB_STATES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Seed `export_templates.difficulty_level`. */
export const TEMPLATE_DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;

/**
 * SPEC §1: target duration 1–60 s, default 10. A project stores a target only when the
 * creator set one; the default is what the queue's time estimate assumes without one.
 */
export const MIN_TARGET_SECONDS = 1;
export const MAX_TARGET_SECONDS = 60;
export const DEFAULT_TARGET_SECONDS = 10;

/** SPEC §4: "at most 3 retries", so a job runs at most 1 + 3 times. */
export const DEFAULT_MAX_ATTEMPTS = 4;

/** A project's platforms are the export kit's platform ids (src-shared/platforms.ts). */
export { PlatformIdSchema } from './platforms.js';

const MAX_TITLE_CHARS = 200;
const MAX_DESCRIPTION_CHARS = 5000;

/** A voice id, as RenderRequest's `voice` (src-shared/render.ts). */
const VoiceIdSchema = z.string().min(1).max(64);

const platforms = z
  .array(PlatformIdSchema)
  .max(32)
  .transform((list) => [...new Set(list)]);

export const NewProjectSchema = z.object({
  type: z.enum(WORKFLOW_TYPES),
  /** Defaults to the script's first words, else the photo's file name. */
  title: z.string().trim().min(1).max(MAX_TITLE_CHARS).optional(),
  description: z.string().max(MAX_DESCRIPTION_CHARS).default(''),
  photoPath: z.string().min(1),
  script: z.string().max(MAX_SCRIPT_CHARS).optional(),
  language: z.enum(SUPPORTED_LANGUAGES).default('en'),
  /**
   * The offline voice the script is spoken with (a `voices:list` id of this language, as
   * RenderRequest's `voice`); absent: the language's default. Checked against the language
   * when the project is made.
   */
  voice: VoiceIdSchema.optional(),
  /** The creator's own recording instead of (or as well as) a script. */
  audioPath: z.string().min(1).optional(),
  /** With a recording: keep its raw take, only loudness-normalised, in every render (RenderRequest `rawVoice`). */
  rawVoice: z.boolean().optional(),
  /** The length the creator aims for; absent: none (the project shows and checks no target). */
  targetDurationS: z.number().int().min(MIN_TARGET_SECONDS).max(MAX_TARGET_SECONDS).optional(),
  platforms: platforms.default([]),
  estimatedCostUsd: z.number().nonnegative().optional(),
});
export type NewProject = z.input<typeof NewProjectSchema>;

const QualityScoresSchema = z.object({
  image: z.object({ before: z.number(), after: z.number() }).optional(),
  video: z.number().min(0).max(10).optional(),
  overall: z.number().min(0).max(10).optional(),
  /** What a viewer would measure on the rendered frames (report.json `quality.video`). */
  measured: z.record(z.string(), z.unknown()).optional(),
});
export type QualityScores = z.infer<typeof QualityScoresSchema>;

const StageTimingsSchema = z.object({
  stages: z.array(z.object({ stage: z.string(), durationMs: z.number().nonnegative() })),
  totalMs: z.number().nonnegative(),
});
export type StageTimings = z.infer<typeof StageTimingsSchema>;

const ProviderUseSchema = z.object({
  capability: z.string().min(1),
  provider: z.string().min(1),
  detail: z.string().optional(),
});
export type ProviderUse = z.infer<typeof ProviderUseSchema>;

/** What may change on a project after it was made (its photo and audio are its identity). */
export const ProjectChangesSchema = z
  .object({
    type: z.enum(WORKFLOW_TYPES),
    title: z.string().trim().min(1).max(MAX_TITLE_CHARS),
    description: z.string().max(MAX_DESCRIPTION_CHARS),
    script: z.string().max(MAX_SCRIPT_CHARS).nullable(),
    language: z.enum(SUPPORTED_LANGUAGES),
    /** Null: the language's default voice. Checked against the (new) language. */
    voice: VoiceIdSchema.nullable(),
    /** Null: no target. */
    targetDurationS: z.number().int().min(MIN_TARGET_SECONDS).max(MAX_TARGET_SECONDS).nullable(),
    platforms,
    status: z.enum(PROJECT_STATUSES),
    estimatedCostUsd: z.number().nonnegative().nullable(),
    actualCostUsd: z.number().nonnegative().nullable(),
    costBreakdown: z.record(z.string(), z.number()).nullable(),
    qualityScores: QualityScoresSchema.nullable(),
    stageTimings: StageTimingsSchema.nullable(),
    providersUsed: z.array(ProviderUseSchema).nullable(),
    error: z.object({ code: z.string().min(1), message: z.string() }).nullable(),
  })
  .partial()
  .strict();
export type ProjectChanges = z.input<typeof ProjectChangesSchema>;

export const LIST_SORTS = ['created', 'updated', 'title'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** `2026-03-01` (a whole local day) or a full ISO timestamp. */
const DateBoundSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const ProjectQuerySchema = z
  .object({
    /** Words to find in the title, script or description; every word must appear. */
    search: z.string().max(200).optional(),
    status: z.array(z.enum(PROJECT_STATUSES)).optional(),
    type: z.array(z.enum(WORKFLOW_TYPES)).optional(),
    platform: PlatformIdSchema.optional(),
    /** Created on or after. */
    createdFrom: DateBoundSchema.optional(),
    /** Created on or before (a date includes that whole day). */
    createdTo: DateBoundSchema.optional(),
    sort: z.enum(LIST_SORTS).default('created'),
    /** Default: newest first for dates, A→Z for titles. */
    order: z.enum(['asc', 'desc']).optional(),
    limit: z.number().int().min(1).max(200).default(50),
    /** `nextCursor` of the previous page. */
    cursor: z.string().max(2000).optional(),
  })
  .strict();
export type ProjectQuery = z.input<typeof ProjectQuerySchema>;
