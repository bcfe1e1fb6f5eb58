import { z } from 'zod';
import { SUPPORTED_LANGUAGES, type LanguageCode } from './limits.js';
import { VoiceIdSchema } from './voices.js';
import { PLATFORM_IDS, PlatformIdSchema } from './platforms.js';

/**
 * The creator's preferences, kept by main in the library (so they travel with an export
 * and every window of the app agrees), validated here for both sides. Each field falls
 * back to its default on its own: a value written by an older or newer version is
 * dropped, never trusted, and never costs the creator their other choices.
 */

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * The talking video's own frame. `auto` draws it as large as the export kit needs (the
 * engine's default); a fixed size trades sharpness for speed, 720×1280 renders about
 * twice as fast as 1080×1920 (`npm run bench`).
 */
export const VIDEO_SIZES = ['auto', '720x1280', '1080x1920'] as const;
export type VideoSize = (typeof VIDEO_SIZES)[number];

export const PreferencesSchema = z.object({
  theme: z.enum(THEMES).catch('system'),
  /** Where a new video's language starts. */
  language: z.enum(SUPPORTED_LANGUAGES).catch('en'),
  /** A voice of `language`; null speaks with that language's first voice. */
  voice: z.string().min(1).max(64).nullable().catch(null),
  /** Platforms a new project's export kit is made for, in the catalogue's order. */
  platforms: z
    .array(z.unknown())
    .max(64)
    .transform((ids) => PLATFORM_IDS.filter((id) => ids.includes(id)))
    .catch([]),
  size: z.enum(VIDEO_SIZES).catch('auto'),
  /**
   * The voice last chosen for each language (eSpeak's or the computer's own), so switching
   * a video to Japanese brings back the Japanese voice picked before. One bad entry drops
   * only itself.
   */
  voiceByLanguage: z
    .record(z.string(), z.unknown())
    .transform(
      (map) =>
        Object.fromEntries(Object.entries(map).filter(([language, voice]) => (SUPPORTED_LANGUAGES as readonly string[]).includes(language) && VoiceIdSchema.safeParse(voice).success)) as Partial<
          Record<LanguageCode, string>
        >,
    )
    .catch({}),
  /**
   * Send the desktop app's crash reports (minidumps) to the crash collector. Off unless the
   * creator ticks it in Settings → Privacy: until then they stay in the data folder's
   * crashes/ (issue 18).
   */
  uploadCrashReports: z.boolean().catch(false),
});
export type Preferences = z.output<typeof PreferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = PreferencesSchema.parse({});

/** What a window may change; anything else, or a bad value, is refused rather than repaired. */
export const PreferencesChangeSchema = z.strictObject({
  theme: z.enum(THEMES).optional(),
  language: z.enum(SUPPORTED_LANGUAGES).optional(),
  voice: z.string().min(1).max(64).nullable().optional(),
  platforms: z.array(PlatformIdSchema).max(64).optional(),
  size: z.enum(VIDEO_SIZES).optional(),
  /** Merged into the saved map; null forgets a language's choice. */
  voiceByLanguage: z.partialRecord(z.enum(SUPPORTED_LANGUAGES), VoiceIdSchema.nullable()).optional(),
  uploadCrashReports: z.boolean().optional(),
});
export type PreferencesChange = z.input<typeof PreferencesChangeSchema>;

/** The width and height a job asks for; none at `auto`, so the engine picks. */
export function frameOfSize(size: VideoSize): { width: number; height: number } | undefined {
  if (size === 'auto') return undefined;
  const [width, height] = size.split('x').map(Number) as [number, number];
  return { width, height };
}
