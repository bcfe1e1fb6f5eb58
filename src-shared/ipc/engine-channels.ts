import { z } from 'zod';
import { SUPPORTED_LANGUAGES } from '../limits.js';
import { VOICE_ENGINES, VOICE_QUALITIES } from '../voices.js';
import { NoPayload, requestChannel } from './channel.js';

/** What the engine runs on: which binaries and voices, and what this front door can do. */

const ToolStatusSchema = z.discriminatedUnion('found', [
  z.object({
    found: z.literal(true),
    path: z.string(),
    /** How it was chosen: env, ffmpeg-static, @ffmpeg-installer/ffmpeg, PATH… */
    source: z.string(),
    version: z.string().optional(),
    /** One sentence when this binary is older than ffmpeg 5 or paired with one: what to install. */
    warning: z.string().optional(),
  }),
  z.object({ found: z.literal(false), message: z.string() }),
]);
export type ToolStatus = z.infer<typeof ToolStatusSchema>;

export const EngineStatusSchema = z.object({
  app: z.object({ name: z.string(), version: z.string() }),
  /** `desktop`: the Electron window; `host`: `npm run host` in a browser tab. */
  frontDoor: z.enum(['desktop', 'host']),
  runtime: z.object({ node: z.string(), electron: z.string().optional(), platform: z.string(), arch: z.string() }),
  /** What the window may offer; the host has no native dialogs and cannot open a file manager. */
  capabilities: z.object({ nativeDialogs: z.boolean(), showInFolder: z.boolean(), recordings: z.boolean() }),
  ffmpeg: ToolStatusSchema,
  ffprobe: ToolStatusSchema,
  tts: z.object({
    name: z.literal('espeak-ng'),
    /** eSpeak NG's own version, as it reports it; absent when it could not be asked. */
    version: z.string().optional(),
    license: z.string(),
    languages: z.array(z.enum(SUPPORTED_LANGUAGES)),
  }),
});
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

export const VoiceSchema = z.object({
  id: z.string(),
  language: z.enum(SUPPORTED_LANGUAGES),
  label: z.string(),
  gender: z.enum(['female', 'male']).optional(),
  /** `system`: the computer's own voice (id `system:<platform>:<engine>:<name>`), listed beside eSpeak's. */
  engine: z.enum(VOICE_ENGINES),
  isDefault: z.boolean(),
  /** How natural it sounds; the picker shows VOICE_QUALITY_HINTS for it (absent: `basic`, as eSpeak's). */
  quality: z.enum(VOICE_QUALITIES).optional(),
  /** The creator's own Personal Voice (macOS); the picker says so instead of a quality hint. */
  personal: z.boolean().optional(),
});
export type Voice = z.infer<typeof VoiceSchema>;

export const ENGINE_REQUESTS = {
  'engine:status': requestChannel(NoPayload, EngineStatusSchema),
  /** Voices for one language, or all of them, the computer's own first; `isDefault` marks each language's default. */
  'voices:list': requestChannel(z.strictObject({ language: z.enum(SUPPORTED_LANGUAGES).optional() }), z.object({ voices: z.array(VoiceSchema) })),
} as const;
