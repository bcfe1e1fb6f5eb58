import { z } from 'zod';
import { JOB_STATES, NewProjectSchema, PROJECT_STATUSES, ProjectQuerySchema } from '../library.js';
import { RENDER_STAGES } from '../render.js';
import { MAX_SCRIPT_CHARS, MAX_VOICE_SECONDS, WORKFLOW_TYPES } from '../limits.js';
import { Done, IdSchema, IpcErrorSchema, NoPayload, requestChannel } from './channel.js';
import { MAX_FACE_INDEX } from './creator-channels.js';
import { MediaRefSchema } from './media-ref.js';
import { RenderReportSchema } from '../report.js';
import { MotionChoiceSchema } from './motion-choice.js';

/**
 * The library and its render queue, as the window sees them: projects (offline, from
 * SQLite) and jobs that make their videos. Paths never leave main; files are referred
 * to by project id.
 */

/** What the creator types to delete everything (Settings → Your data). */
export const DELETE_EVERYTHING_PHRASE = 'delete everything';

export const ProjectIdSchema = z.uuid();
export const JobIdSchema = z.uuid();

export const ProjectSummarySchema = z.object({
  id: ProjectIdSchema,
  type: z.enum(WORKFLOW_TYPES),
  status: z.enum(PROJECT_STATUSES),
  title: z.string(),
  scriptExcerpt: z.string().nullable(),
  language: z.string(),
  /** The length the creator aimed for; null when they set none. */
  targetDurationS: z.number().nullable(),
  platforms: z.array(z.string()),
  hasVideo: z.boolean(),
  hasKit: z.boolean(),
  /** 300×300 cover of the photo (made once, then cached). */
  thumbnail: MediaRefSchema,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
});
export type ProjectSummaryView = z.infer<typeof ProjectSummarySchema>;

/** One project opened from the library, offline: its inputs, its files and how it went. */
export const ProjectDetailSchema = ProjectSummarySchema.extend({
  description: z.string(),
  script: z.string().nullable(),
  /** The voice id the script is spoken with; null: the language's default. */
  voice: z.string().nullable(),
  /** The creator kept their recording's raw take: its renders skip the cleanup (absent from an older main: false). */
  rawVoice: z.boolean().optional(),
  /** 800×600 preview of the photo. */
  preview: MediaRefSchema,
  video: MediaRefSchema.nullable(),
  enhancedPhoto: MediaRefSchema.nullable(),
  report: RenderReportSchema.nullable(),
  /** What its renders ask for (src-main RenderSettings); null until first queued, absent from an older main. */
  renderSettings: z
    .object({
      width: z.number(),
      height: z.number(),
      fps: z.number(),
      burnCaptions: z.boolean(),
      trim: z.boolean(),
      coverTitle: z.boolean(),
      motion: z.object({ mood: z.string() }).partial(),
    })
    .partial()
    .nullable()
    .optional(),
});

export const JobSchema = z.object({
  id: JobIdSchema,
  projectId: ProjectIdSchema,
  state: z.enum(JOB_STATES),
  priority: z.number(),
  attempts: z.number(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
});

export const JobOptionsSchema = z.strictObject({
  projectId: ProjectIdSchema,
  width: z.number().int().min(128).max(3840).optional(),
  height: z.number().int().min(128).max(3840).optional(),
  fps: z.number().int().min(12).max(60).optional(),
  verify: z.boolean().optional(),
  /** Export kit options; the platforms themselves are the project's. */
  burnCaptions: z.boolean().optional(),
  trim: z.boolean().optional(),
  coverTitle: z.boolean().optional(),
  /** An own recording as recorded: no noise suppression, rumble filter or de-essing (RenderRequest `rawVoice`). */
  rawVoice: z.boolean().optional(),
  /** The motion controls the creator set; the others stay the engine's (and the quality gate's) to choose. */
  motion: MotionChoiceSchema.optional(),
});

/**
 * A new project from a photo path (the CLI's way, and the desktop's file dialog) or from
 * a photo the Create form imported (`photos:import`), never both.
 */
/**
 * The recording the Create form imported (`recordings:import`), as the project's audio in
 * place of `audioPath`; `script`, if any, is then the words said, for the captions.
 */
const recordingToken = IdSchema.optional();
const oneAudioSource = (input: { audioPath?: string; recordingToken?: string }): boolean => input.audioPath === undefined || input.recordingToken === undefined;
const ONE_AUDIO_SOURCE = { message: 'Give either audioPath or recordingToken, not both.', path: ['recordingToken'] };

export const CreateProjectRequestSchema = z.union([
  NewProjectSchema.extend({ recordingToken }).strict().refine(oneAudioSource, ONE_AUDIO_SOURCE),
  NewProjectSchema.omit({ photoPath: true })
    .extend({
      photoToken: IdSchema,
      /** Which of the imported photo's faces talks (its `faces` order); default: its `chosenFace`. */
      faceIndex: z.number().int().min(0).max(MAX_FACE_INDEX).optional(),
      recordingToken,
    })
    .strict()
    .refine(oneAudioSource, ONE_AUDIO_SOURCE),
]);

/** Every file of a past project, for showing it offline; only these files are shared. */
export const ProjectMediaSchema = z.object({
  /** The photo as stored: upright, metadata-free, full size. */
  photo: MediaRefSchema,
  enhanced: MediaRefSchema.nullable(),
  video: MediaRefSchema.nullable(),
  /** The video's first frame (JPEG, the video's size), for `<video poster>`; null without a video or when it cannot be read. */
  poster: MediaRefSchema.nullable().default(null),
  kit: z
    .object({
      /** The kit's manifest.json (src-main/engine/kit/export-kit.ts KitManifest); its paths are `files[].name`. */
      manifest: z.record(z.string(), z.unknown()),
      files: z.array(z.object({ name: z.string(), platform: z.string().nullable(), file: MediaRefSchema })),
    })
    .nullable(),
});

export const LIBRARY_REQUESTS = {
  /** Imports the photo (and recording) into the library; answers the new project's id. */
  'projects:create': requestChannel(CreateProjectRequestSchema, z.object({ projectId: ProjectIdSchema })),
  'projects:media': requestChannel(z.strictObject({ projectId: ProjectIdSchema }), ProjectMediaSchema),
  /** The project's kit as one zip, made from the library's copies on first request and kept in the cache. */
  'projects:kitZip': requestChannel(z.strictObject({ projectId: ProjectIdSchema }), z.object({ zip: MediaRefSchema, bytes: z.number() })),
  'projects:list': requestChannel(ProjectQuerySchema.optional(), z.object({ items: z.array(ProjectSummarySchema), total: z.number(), nextCursor: z.string().nullable() })),
  'projects:get': requestChannel(z.strictObject({ projectId: ProjectIdSchema }), ProjectDetailSchema),
  'projects:duplicate': requestChannel(z.strictObject({ projectId: ProjectIdSchema }), z.object({ projectId: ProjectIdSchema })),
  /** Deletes the project and every file only it used. */
  'projects:delete': requestChannel(z.strictObject({ projectId: ProjectIdSchema }), Done),
  /** "Export all my data" as one zip; `destination` is read by the host only (the app asks with a save dialog). */
  'library:export': requestChannel(
    z.strictObject({ destination: z.string().min(1).max(4096).optional() }),
    z.object({
      written: z.boolean(),
      projects: z.number(),
      files: z.number(),
      bytes: z.number(),
      /** Where the zip went (the path the creator chose); null when the dialog was dismissed. */
      file: z.string().nullable().default(null),
      /**
       * Whether the licensing service's record of the account (purchases, subscription) is in
       * the zip: `included`, `signed-out` (nothing held there), or `unreachable` (the zip says so).
       */
      account: z.enum(['included', 'signed-out', 'unreachable']).default('signed-out'),
    }),
  ),
  /** Shows the last export's zip in the file manager (desktop only; never a path the window names). */
  'library:showExport': requestChannel(NoPayload, Done),
  /** Deletes every project, file, setting and backup; the sentence must be sent back to confirm. */
  'library:deleteEverything': requestChannel(z.strictObject({ confirm: z.literal(DELETE_EVERYTHING_PHRASE) }), Done),
  /** Queues a render of the project; `job:progress` and `job:finished` follow. */
  'jobs:enqueue': requestChannel(JobOptionsSchema, z.object({ jobId: JobIdSchema })),
  'jobs:cancel': requestChannel(z.strictObject({ jobId: JobIdSchema }), Done),
  'jobs:list': requestChannel(NoPayload, z.object({ jobs: z.array(JobSchema) })),
  /**
   * What a video would cost and how long it would take, before anything is spent: the
   * render time learned from this machine's past renders, and the wait behind the queue.
   */
  'jobs:estimate': requestChannel(
    z.strictObject({
      /** Characters of script the voice will speak. */
      scriptChars: z.number().int().min(0).max(MAX_SCRIPT_CHARS),
      /** An own recording's length, which speaks instead of the script. */
      recordingSeconds: z.number().positive().max(MAX_VOICE_SECONDS).optional(),
      platforms: z.number().int().min(0).max(32),
      width: z.number().int().min(128).max(3840).optional(),
      height: z.number().int().min(128).max(3840).optional(),
    }),
    z.object({
      costUsd: z.number().nonnegative(),
      voiceSeconds: z.number(),
      renderMs: z.number().nonnegative(),
      waitMs: z.number().nonnegative(),
      queued: z.number().int(),
      /** Who does each step, first choice of its chain, and what it costs. */
      steps: z.array(z.object({ capability: z.string(), provider: z.string(), name: z.string(), costUsd: z.number().nonnegative() })).default([]),
      /** The tier's per-project budget, USD. */
      budgetUsd: z.number().nonnegative().optional(),
    }),
  ),
} as const;

export const LIBRARY_EVENTS = {
  /** "Export all my data" writing its zip: sent as the bytes go out, at most every 100 ms. */
  'library:exportProgress': z.object({
    percent: z.number().min(0).max(100),
    bytesWritten: z.number().nonnegative(),
    bytesTotal: z.number().nonnegative(),
    files: z.number().int().nonnegative(),
  }),
  'job:progress': z.object({
    jobId: JobIdSchema,
    projectId: ProjectIdSchema,
    stage: z.enum(RENDER_STAGES),
    percent: z.number().min(0).max(100),
    message: z.string(),
    /** Milliseconds left, learned from this machine's earlier renders. */
    etaMs: z.number().nonnegative(),
  }),
  'job:finished': z.object({
    jobId: JobIdSchema,
    projectId: ProjectIdSchema,
    state: z.enum(['completed', 'failed', 'cancelled', 'retrying']),
    error: IpcErrorSchema.or(z.object({ code: z.string(), message: z.string() })).optional(),
  }),
} as const;
