import { z } from 'zod';
import { MAX_AUDIO_UPLOAD_BASE64_CHARS, MAX_PHOTO_UPLOAD_BASE64_CHARS, MAX_SCRIPT_CHARS, SUPPORTED_LANGUAGES, WORKFLOW_TYPES } from '../limits.js';
import { MAX_TARGET_SECONDS, MIN_TARGET_SECONDS } from '../library.js';
import { PlatformIdSchema } from '../platforms.js';
import { IdSchema, NoPayload, requestChannel } from './channel.js';
import { MediaRefSchema } from './media-ref.js';
import { MotionChoiceSchema } from './motion-choice.js';

/**
 * What the Create form needs from main before a project exists: the photo checked,
 * faces found and enhanced as soon as it is dropped; a voice heard before a whole
 * render; the half-filled form kept across restarts. Files come back as media refs,
 * which each transport turns into a URL (see MediaRefSchema).
 */

/** Most faces the creator can pick from; RenderRequest's `faceIndex` goes to 20. */
export const MAX_FACE_INDEX = 20;

/** A box as fractions (0–1) of the photo's width and height, so it fits any size it is shown at. */
export const NormalisedBoxSchema = z.object({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  width: z.number().min(0).max(1),
  height: z.number().min(0).max(1),
});

/** A photo waiting in the Create form: `photoToken` makes it a project (`projects:create`). */
export const ImportedPhotoSchema = z.object({
  photoToken: IdSchema,
  /** The photo's upright size as the creator took it. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Largest first, the order `faceIndex` counts in. */
  faces: z.array(z.object({ box: NormalisedBoxSchema, confidence: z.number() })).min(1),
  /** Index into `faces` of the face that talks unless the creator picks another. */
  chosenFace: z.number().int().min(0),
  /** The local enhancer's 0–10 score of the photo before and after. */
  quality: z.object({ before: z.number(), after: z.number() }),
  /** The photo as taken: upright, at most 1600 px on a side, no metadata. */
  preview: MediaRefSchema,
  /** What the video will be animated from. */
  enhanced: MediaRefSchema,
});
export type ImportedPhoto = z.infer<typeof ImportedPhotoSchema>;

/** A recording waiting in the Create form: `recordingToken` makes it a project's voice (`projects:create`). */
export const ImportedRecordingSchema = z.object({
  recordingToken: IdSchema,
  /** The name the creator's file had. */
  name: z.string(),
  durationS: z.number().positive(),
  /** The recording cleaned up, decoded to mono and loudness-normalised (WAV), as the video will sound. */
  preview: MediaRefSchema,
  /** The same without the cleanup (noise suppression, rumble filter, de-essing): as recorded, only evened in loudness. */
  rawPreview: MediaRefSchema.optional(),
});
export type ImportedRecording = z.infer<typeof ImportedRecordingSchema>;

/** A preview is a taste of the voice, not a render: a sentence or two. */
export const MAX_VOICE_PREVIEW_CHARS = 200;

/**
 * The Create form as the creator left it. Only what a project or a render takes; text
 * fields may be empty or over-long here (the form is unfinished), and `projects:create`
 * checks them properly when the creator presses Create.
 */
export const CreateDraftSchema = z.strictObject({
  photoToken: IdSchema.optional(),
  faceIndex: z.number().int().min(0).max(MAX_FACE_INDEX).optional(),
  script: z.string().max(MAX_SCRIPT_CHARS).default(''),
  language: z.enum(SUPPORTED_LANGUAGES).default('en'),
  voice: z.string().min(1).max(64).optional(),
  workflowType: z.enum(WORKFLOW_TYPES).default('avatar_presentation'),
  platforms: z.array(PlatformIdSchema).max(32).default([]),
  title: z.string().max(200).optional(),
  targetDurationS: z.number().int().min(MIN_TARGET_SECONDS).max(MAX_TARGET_SECONDS).optional(),
  /** A recording's full path, where the front door takes recordings (the host). */
  audioPath: z.string().min(1).max(4096).optional(),
  /** A recording the form imported (`recordings:import`); its words for captions are `script`. */
  recordingToken: IdSchema.optional(),
  /** "Keep my raw take": the recording is rendered as recorded, only loudness-normalised; absent: cleaned up. */
  rawVoice: z.boolean().optional(),
  burnCaptions: z.boolean().default(false),
  coverTitle: z.boolean().default(false),
  trim: z.boolean().default(false),
  /** The motion controls the creator set (the Create form's Motion section); absent: all left to the engine. */
  motion: MotionChoiceSchema.optional(),
});
export type CreateDraft = z.infer<typeof CreateDraftSchema>;

export const CREATOR_REQUESTS = {
  /**
   * A dropped photo's bytes (a browser page has no path for it): checked, faces found and
   * enhanced, kept as a draft for a week. Refused with intake's own codes and sentences.
   */
  'photos:import': requestChannel(z.strictObject({ name: z.string().min(1).max(255), bytesBase64: z.base64().max(MAX_PHOTO_UPLOAD_BASE64_CHARS) }), ImportedPhotoSchema),
  /** The same for a photo the desktop app knows the path of (its own file dialog). */
  'photos:importPath': requestChannel(z.strictObject({ path: z.string().min(1).max(4096) }), ImportedPhotoSchema),
  /**
   * A dropped or chosen recording's bytes: checked and decoded by the engine's recording
   * loader (NOT_AN_AUDIO_FILE, AUDIO_CORRUPT, AUDIO_SILENT, AUDIO_TOO_LONG…), kept as a
   * draft for a week. The window refuses files over MAX_AUDIO_BYTES before sending.
   */
  'recordings:import': requestChannel(z.strictObject({ name: z.string().min(1).max(255), bytesBase64: z.base64().max(MAX_AUDIO_UPLOAD_BASE64_CHARS) }), ImportedRecordingSchema),
  /** A short clip of a voice; the same request again plays the same file. */
  'voices:preview': requestChannel(
    z.strictObject({
      language: z.enum(SUPPORTED_LANGUAGES),
      voice: z.string().min(1).max(64).optional(),
      /** Default: a short sentence in that language. */
      text: z.string().trim().min(1).max(MAX_VOICE_PREVIEW_CHARS).optional(),
    }),
    z.object({ audio: MediaRefSchema, durationS: z.number().positive() }),
  ),
  /** The autosaved form, with its photo shared again (after a restart too); nulls when none. */
  'drafts:get': requestChannel(
    NoPayload,
    z.object({
      draft: CreateDraftSchema.nullable(),
      photo: ImportedPhotoSchema.nullable(),
      /** The draft's recording shared again; null or absent when none or it was swept. */
      recording: ImportedRecordingSchema.nullable().optional(),
      savedAt: z.iso.datetime().nullable(),
    }),
  ),
  /** Replaces the autosaved form in one write; `null` forgets it (the project was made). */
  'drafts:save': requestChannel(z.strictObject({ draft: CreateDraftSchema.nullable() }), z.object({ savedAt: z.iso.datetime().nullable() })),
} as const;
