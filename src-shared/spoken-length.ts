import { DEFAULT_TARGET_SECONDS, MAX_TARGET_SECONDS, MIN_TARGET_SECONDS } from './library.js';
import type { LanguageCode } from './limits.js';

/**
 * How long a script takes to say, estimated as it is typed, and whether it fits the video's
 * target duration (the seed's `target_duration`, 1–60 s, default 10). One module for the
 * Create form and the CLI, so both say the same sentence.
 *
 * Rates are the built-in eSpeak voices' own, pauses included, measured with
 * `nice -n 10 npx tsx tests/measure/spoken-rate.ts` on a ~40-word ad passage per language
 * (the figures beside each, the voice's lead-in and tail taken off). On a second passage
 * per language, not used to set them, the estimate was 11 % short (Korean) to 8 % long
 * (French) of what eSpeak spoke. Japanese and Chinese are written without spaces between
 * words, so they are counted in characters.
 */

export { DEFAULT_TARGET_SECONDS, MAX_TARGET_SECONDS, MIN_TARGET_SECONDS };

export type SpeechUnit = 'word' | 'character';

export const SPEECH_UNITS: Readonly<Record<LanguageCode, { unit: SpeechUnit; perMinute: number }>> = {
  en: { unit: 'word', perMinute: 205 }, // 41 words in 12.43 s
  es: { unit: 'word', perMinute: 185 }, // 40 words in 13.29 s
  fr: { unit: 'word', perMinute: 205 }, // 39 words in 11.93 s
  de: { unit: 'word', perMinute: 190 }, // 41 words in 13.47 s
  hi: { unit: 'word', perMinute: 185 }, // 42 words in 14.17 s
  ko: { unit: 'word', perMinute: 105 }, // 26 words in 15.56 s
  ja: { unit: 'character', perMinute: 345 }, // 86 characters in 15.50 s
  zh: { unit: 'character', perMinute: 210 }, // 52 characters in 15.41 s
};

/** The voice's silence before the first word and after the last (src-main/engine/voice/tts.ts LEAD_IN_S + TAIL_S). */
const EDGES_S = 0.45;

/**
 * A script is refused only when it is clearly too long: beyond the target by more than
 * this share of it, or by a second for short targets. The rates come from one passage a
 * language, and a script of numbers, names or short words is spoken at another pace: a
 * margin keeps a script that would fit from being refused, and a video a second or two
 * over its target is still a fine video.
 */
export const TARGET_TOLERANCE = { share: 0.15, minS: 1 } as const;

const WORD = /[\p{L}\p{N}]/u;

/** Words (split at spaces) or, for Japanese and Chinese, letters and digits, that will be spoken. */
export function spokenUnits(text: string, language: LanguageCode): number {
  if (SPEECH_UNITS[language].unit === 'character') return [...text].filter((c) => WORD.test(c)).length;
  return text.split(/\s+/).filter((token) => WORD.test(token)).length;
}

/** Seconds of speech the built-in voice makes of `text`; 0 for an empty script. */
export function estimateSpokenSeconds(text: string, language: LanguageCode): number {
  const units = spokenUnits(text, language);
  return units === 0 ? 0 : EDGES_S + (units / SPEECH_UNITS[language].perMinute) * 60;
}

export interface TargetCheck {
  spokenS: number;
  targetS: number;
  /** Within the target and its tolerance. */
  fits: boolean;
  /** Longer than the target at all (a note, not a refusal, while it `fits`). */
  over: boolean;
  /** "About 14 s of speech for a 10 s video: cut about 10 words." when over; null otherwise. */
  sentence: string | null;
}

const allowedS = (targetS: number): number => targetS + Math.max(TARGET_TOLERANCE.minS, TARGET_TOLERANCE.share * targetS);

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** Checks a script's estimated length against the target; the sentence says how much to cut. */
export function checkScriptAgainstTarget(text: string, language: LanguageCode, targetS: number): TargetCheck {
  const spokenS = estimateSpokenSeconds(text, language);
  const over = spokenS > targetS;
  if (!over) return { spokenS, targetS, fits: true, over, sentence: null };
  const { unit, perMinute } = SPEECH_UNITS[language];
  const cut = Math.max(1, Math.ceil(((spokenS - targetS) * perMinute) / 60));
  return {
    spokenS,
    targetS,
    fits: spokenS <= allowedS(targetS),
    over,
    sentence: `About ${Math.round(spokenS)} s of speech for a ${targetS} s video: cut about ${plural(cut, unit)}.`,
  };
}

/** The same check for a recording, whose length is known: what to trim is seconds, not words. */
export function checkRecordingAgainstTarget(recordingS: number, targetS: number): TargetCheck {
  const over = recordingS > targetS;
  if (!over) return { spokenS: recordingS, targetS, fits: true, over, sentence: null };
  const cut = Math.max(1, Math.ceil(recordingS - targetS));
  return {
    spokenS: recordingS,
    targetS,
    fits: recordingS <= allowedS(targetS),
    over,
    sentence: `About ${Math.round(recordingS)} s of speech for a ${targetS} s video: cut about ${plural(cut, 'second')} from the recording.`,
  };
}

/** A target the CLI or a form was given: a whole number of seconds from 1 to 60, or why not. */
export function parseTargetSeconds(raw: string): number | string {
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isInteger(value) || value < MIN_TARGET_SECONDS || value > MAX_TARGET_SECONDS) {
    return `The target duration must be a whole number of seconds from ${MIN_TARGET_SECONDS} to ${MAX_TARGET_SECONDS}.`;
  }
  return value;
}
