/**
 * Numbers from the product spec (../shared/SPEC.md §1, seed design §2). Code imports these
 * instead of repeating them.
 */

/** SPEC §1 Intake: "at most 50 MB". */
export const MAX_PHOTO_BYTES = 50 * 1024 * 1024;
/**
 * The sentence for a photo over MAX_PHOTO_BYTES, here so a window can say it before
 * sending a dropped file's bytes, word for word as intake does afterwards.
 */
export function photoTooLargeMessage(bytes: number): string {
  const mb = Math.round(bytes / (1024 * 1024));
  return `This photo is ${mb} MB, over the ${MAX_PHOTO_BYTES / (1024 * 1024)} MB limit: export a smaller JPEG and choose it again.`;
}
/**
 * The most a dropped photo's bytes may weigh on the way in (`photos:import`): a little over
 * MAX_PHOTO_BYTES, so a photo just over the limit hears intake's own sentence rather than
 * a refused request. Base64 carries 3 bytes in 4 characters.
 */
export const MAX_PHOTO_UPLOAD_BYTES = MAX_PHOTO_BYTES + 8 * 1024 * 1024;
export const MAX_PHOTO_UPLOAD_BASE64_CHARS = 4 * Math.ceil(MAX_PHOTO_UPLOAD_BYTES / 3);
/** SPEC §1 Intake: photos larger than 4096 px on a side are downscaled, not refused. */
export const MAX_PHOTO_SIDE = 4096;
/**
 * Decompression-bomb guard for sharp's `limitInputPixels`. 100 MP covers every phone
 * and DSLR photo (a 48 MP phone sensor is 8000×6000) with room to spare; a PNG that
 * claims more is refused before it is decoded.
 */
export const MAX_PHOTO_PIXELS = 100_000_000;
/** Photos whose short side is below this are upscaled by the local enhancer. */
export const UPSCALE_BELOW_SHORT_SIDE = 720;

/** SPEC §1: script is 1–5000 characters of plain text. */
export const MAX_SCRIPT_CHARS = 5000;
/** Own recordings: the audio we accept (a little slack on the 60 s target duration for long scripts). */
export const MAX_AUDIO_BYTES = 200 * 1024 * 1024;
/**
 * The sentence for a recording over MAX_AUDIO_BYTES, here so a window can say it before
 * sending a dropped file's bytes, word for word as the recording loader does afterwards.
 */
export function recordingTooLargeMessage(bytes: number): string {
  return `The recording is ${Math.round(bytes / 1024 / 1024)} MB; the most is ${MAX_AUDIO_BYTES / 1024 / 1024} MB. Export it as M4A or MP3, or trim it.`;
}
/** The most a dropped recording's bytes may weigh as base64 (`recordings:import`): 3 bytes in 4 characters. */
export const MAX_AUDIO_UPLOAD_BASE64_CHARS = 4 * Math.ceil(MAX_AUDIO_BYTES / 3);
/**
 * Longest voice we animate. SPEC allows a 5000-character script, which eSpeak speaks in
 * about five and a half minutes; a platform's own maximum is applied by the export kit.
 */
export const MAX_VOICE_SECONDS = 360;
/** A recording shorter than this has nothing to animate. */
export const MIN_VOICE_SECONDS = 0.5;

/** SPEC §1 Script languages. */
export const SUPPORTED_LANGUAGES = ['en', 'hi', 'es', 'fr', 'de', 'ja', 'ko', 'zh'] as const;
export type LanguageCode = (typeof SUPPORTED_LANGUAGES)[number];

/** SPEC §1 workflow types. */
export const WORKFLOW_TYPES = ['product_demo', 'avatar_presentation', 'lifestyle_content', 'educational'] as const;
export type WorkflowType = (typeof WORKFLOW_TYPES)[number];

/** Issue 3 CLI defaults: vertical 720×1280 at 25 fps. */
export const DEFAULT_SIZE = { width: 720, height: 1280 } as const;
export const DEFAULT_FPS = 25;
export const MIN_FPS = 12;
export const MAX_FPS = 60;
export const MIN_SIDE = 128;
export const MAX_SIDE = 3840;

/** Social platforms normalise to about −14 LUFS integrated (YouTube, Spotify, TikTok guidance). */
export const TARGET_LOUDNESS_LUFS = -14;

/** SPEC §1 and seed quality thresholds. */
export const QUALITY_THRESHOLDS = { image: 8.0, video: 7.5, overall: 8.0 } as const;

/**
 * The check of the rendered frames judges at most this many seconds of a clip (it decodes
 * and meshes frames; a 5-minute clip need not be judged whole): a longer clip is judged on
 * this much in 5 s windows spread from its start to its end (verify/video-verify.ts). The
 * pipeline caps its frames with it and the queue's ETA caps the check's cost with it.
 */
export const VERIFY_MAX_SECONDS = 20;
