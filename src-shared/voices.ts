import { z } from 'zod';
import type { VoiceCleanupReport } from './report.js';

/**
 * What both sides know of a voice beyond its id: which engine speaks it and how natural it
 * sounds. Built-in voices are eSpeak NG's; `system` voices are the computer's own (macOS
 * `say`, Windows SAPI/OneCore, Linux speech-dispatcher), with ids
 * `system:<platform>:<engine>:<name>`.
 */

export const VOICE_ENGINES = ['espeak-ng', 'system', 'cloud'] as const;
export type VoiceEngine = (typeof VOICE_ENGINES)[number];

/**
 * `premium`/`enhanced`: the large natural voices (macOS Premium/Enhanced, Windows
 * "Natural"); `standard`: the compact default voices; `basic`: formant or novelty
 * voices that sound robotic (eSpeak, Flite, Eloquence).
 */
export const VOICE_QUALITIES = ['premium', 'enhanced', 'standard', 'basic'] as const;
export type VoiceQuality = (typeof VOICE_QUALITIES)[number];

/** The hint the voice picker shows beside a voice's name. */
export const VOICE_QUALITY_HINTS: Record<VoiceQuality, string> = {
  premium: 'natural, best',
  enhanced: 'natural',
  standard: 'clear',
  basic: 'robotic',
};

/** The hint beside the creator's own Personal Voice (macOS), in place of a quality. */
export const PERSONAL_VOICE_HINT = 'your Personal Voice';

/** Every voice id the contract carries fits here (schemas in preferences, render, creator channels). */
export const MAX_VOICE_ID_CHARS = 64;
export const SYSTEM_VOICE_ID = /^system:(macos|windows|linux):[^:\s][^:]*:.+$/;

export function isSystemVoice(id: string | null | undefined): boolean {
  return typeof id === 'string' && SYSTEM_VOICE_ID.test(id);
}

/**
 * A cloud voice: `elevenlabs:<voice_id>` (ElevenLabs' ids are 20 letters and digits). It
 * speaks when the render's voice step goes to ElevenLabs; without that route the
 * language's built-in voice speaks, and the render says so.
 */
export const CLOUD_VOICE_PREFIX = 'elevenlabs:';
export const CLOUD_VOICE_ID = /^elevenlabs:[A-Za-z0-9]{8,40}$/;

export function isCloudVoice(id: string | null | undefined): boolean {
  return typeof id === 'string' && CLOUD_VOICE_ID.test(id);
}

/** A voice id as the contract accepts it: an eSpeak catalog id or a well-formed system id. */
export const VoiceIdSchema = z.string().min(1).max(MAX_VOICE_ID_CHARS);

// What the cleanup did to the creator's own recording, as the Result screen and `tp render` say it.
const dB = (value: number): string => `${value.toFixed(1)} dB`;
const lufs = (value: number): string => `${value.toFixed(1)} LUFS`;

/** One sentence for the recording's cleanup (report.json `voice.cleanup`), or null for a script's voice. */
export function cleanupSentence(cleanup: VoiceCleanupReport | undefined): string | null {
  if (!cleanup) return null;
  const { beforeLufs, afterLufs, truePeakAfterDbtp } = cleanup.loudness;
  const level =
    beforeLufs !== null && afterLufs !== null
      ? `its loudness brought from ${lufs(beforeLufs)} to ${lufs(afterLufs)}${truePeakAfterDbtp !== null ? `, peaking at ${truePeakAfterDbtp.toFixed(1)} dBTP` : ''}`
      : 'its loudness evened out';
  if (cleanup.rawKept) return `Your recording as you recorded it (you kept the raw take), ${level}.`;
  if (!cleanup.applied) return `Your recording as recorded (the cleanup heard no speech to clean), ${level}.`;
  const steps = [
    cleanup.noiseReductionDb !== null ? `background noise down ${dB(Math.max(0, cleanup.noiseReductionDb))}` : null,
    cleanup.highPassHz !== null ? `rumble below ${cleanup.highPassHz} Hz filtered` : null,
    cleanup.deEss && cleanup.deEss.maxReductionDb > 0 ? `harsh “s” sounds softened by up to ${dB(cleanup.deEss.maxReductionDb)}` : null,
  ].filter((step): step is string => step !== null);
  return `Your recording, cleaned up: ${steps.join(', ')}; ${level}.`;
}
