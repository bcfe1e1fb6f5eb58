import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { SUPPORTED_LANGUAGES, type LanguageCode } from '../../../src-shared/limits.js';
import { CLOUD_VOICE_PREFIX, isCloudVoice, VOICE_QUALITIES, type VoiceEngine, type VoiceQuality } from '../../../src-shared/voices.js';
import { isSystemVoiceId, type SystemVoice } from './system-voices/system-voice.js';

/**
 * The offline voices a creator can pick, per script language. Ids are eSpeak NG voice
 * names (`language[+variant]`; the worker finds the voice file a language names) so a
 * saved project replays with the same voice. Variants checked against the bundled eSpeak
 * NG build, Echogarden's Emscripten one (voice-catalog.test.ts
 * holds every one to that): `+f3`, `+f4`, `+m3` change the voice; a variant eSpeak
 * cannot apply (e.g. `+klatt`, or any variant on "en-gb" and "fr-fr") is silently ignored, so only
 * variants that measurably change the audio are offered.
 */

export interface VoiceInfo {
  id: string;
  language: LanguageCode;
  label: string;
  gender?: 'female' | 'male';
  engine: VoiceEngine;
  /**
   * The name eSpeak is given; usually the id itself. A system voice carries its language's
   * eSpeak default here, so anything that asks eSpeak to speak it gets that voice.
   */
  engineVoice: string;
  isDefault: boolean;
  quality: VoiceQuality;
  /** The creator's own Personal Voice (macOS), trained from their recordings. */
  personal?: boolean;
}

type Entry = Omit<VoiceInfo, 'language' | 'engine' | 'engineVoice' | 'isDefault' | 'quality'> & { engineVoice?: string };

/** First entry per language is its default. */
const CATALOG: Record<LanguageCode, Entry[]> = {
  en: [
    { id: 'en-us', label: 'English (US), male', gender: 'male' },
    { id: 'en-us+f3', label: 'English (US), female', gender: 'female' },
    { id: 'en-gb', label: 'English (UK), male', gender: 'male' },
    // eSpeak ignores variants on the names "en-gb" and "fr-fr" (measured: identical audio);
    // "en" and "fr" name the same voices and take variants.
    { id: 'en-gb+f4', label: 'English (UK), female', gender: 'female', engineVoice: 'en+f4' },
  ],
  hi: [
    { id: 'hi', label: 'Hindi, male', gender: 'male' },
    { id: 'hi+f3', label: 'Hindi, female', gender: 'female' },
  ],
  es: [
    { id: 'es', label: 'Spanish (Spain), male', gender: 'male' },
    { id: 'es+f3', label: 'Spanish (Spain), female', gender: 'female' },
    { id: 'es-419', label: 'Spanish (Latin America), male', gender: 'male' },
    { id: 'es-419+f3', label: 'Spanish (Latin America), female', gender: 'female' },
  ],
  fr: [
    { id: 'fr-fr', label: 'French (France), male', gender: 'male' },
    { id: 'fr-fr+f3', label: 'French (France), female', gender: 'female', engineVoice: 'fr+f3' },
  ],
  de: [
    { id: 'de', label: 'German, male', gender: 'male' },
    { id: 'de+f3', label: 'German, female', gender: 'female' },
  ],
  ja: [
    { id: 'ja', label: 'Japanese, male', gender: 'male' },
    { id: 'ja+f3', label: 'Japanese, female', gender: 'female' },
  ],
  ko: [
    { id: 'ko', label: 'Korean, male', gender: 'male' },
    { id: 'ko+f3', label: 'Korean, female', gender: 'female' },
  ],
  zh: [
    { id: 'cmn', label: 'Chinese (Mandarin), male', gender: 'male' },
    { id: 'cmn+f3', label: 'Chinese (Mandarin), female', gender: 'female' },
    { id: 'yue', label: 'Chinese (Cantonese), male', gender: 'male' },
  ],
};

export function isSupportedLanguage(value: string): value is LanguageCode {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

export function listVoices(language?: LanguageCode): VoiceInfo[] {
  const languages = language === undefined ? SUPPORTED_LANGUAGES : [language];
  return languages.flatMap((lang) =>
    (CATALOG[lang] ?? []).map((entry, index) => ({
      ...entry,
      language: lang,
      engine: 'espeak-ng' as const,
      engineVoice: entry.engineVoice ?? entry.id,
      isDefault: index === 0,
      quality: 'basic' as const,
    })),
  );
}

/**
 * The built-in voices with the computer's own (listed by system-voices/) in their
 * languages: the system voices first, best first. A system voice that sounds better than
 * eSpeak (any quality above `basic`) on a Mac or Windows machine becomes its language's
 * default; otherwise eSpeak's stays the default.
 */
export function voiceChoices(system: readonly SystemVoice[], language?: LanguageCode): VoiceInfo[] {
  const languages = language === undefined ? SUPPORTED_LANGUAGES : [language];
  return languages.flatMap((lang) => {
    const rank = (quality: VoiceQuality): number => VOICE_QUALITIES.indexOf(quality);
    const own = system
      .filter((voice) => voice.language === lang)
      .map((voice, order) => ({ voice, order }))
      .sort((a, b) => rank(a.voice.quality) - rank(b.voice.quality) || a.order - b.order)
      .map(({ voice }) => voice);
    const builtIn = listVoices(lang);
    // Linux's speech-dispatcher voices are offered, not preferred: its engines (eSpeak,
    // Flite) are no better than ours, and asking it for voices costs seconds per render.
    // A Personal Voice is the creator's own: offered, never chosen for them.
    const best = own.find((voice) => !voice.personal);
    const leader = best && best.quality !== 'basic' && best.platform !== 'linux' ? best : undefined;
    const espeakDefault = builtIn[0]!.engineVoice;
    return [...own.map((voice) => systemVoiceInfo(voice, espeakDefault, voice === leader)), ...builtIn.map((voice) => ({ ...voice, isDefault: leader === undefined && voice.isDefault }))];
  });
}

function systemVoiceInfo(voice: SystemVoice, espeakDefault: string, isDefault: boolean): VoiceInfo {
  return {
    id: voice.id,
    language: voice.language,
    label: voice.label,
    ...(voice.gender ? { gender: voice.gender } : {}),
    engine: 'system',
    engineVoice: espeakDefault,
    isDefault,
    quality: voice.quality,
    ...(voice.personal ? { personal: true } : {}),
  };
}

/**
 * The voice to speak `language` with: the creator's pick (case-insensitive id) or the
 * language's default. Throws LANGUAGE_UNSUPPORTED / VOICE_UNKNOWN naming the valid choices.
 */
export function resolveVoice(language: string, voiceId?: string): VoiceInfo {
  if (!isSupportedLanguage(language)) {
    throw new TalkingPhotoError('LANGUAGE_UNSUPPORTED', `The script language "${language.slice(0, 20)}" is not supported: choose one of ${SUPPORTED_LANGUAGES.join(', ')}.`);
  }
  const voices = listVoices(language);
  // Whether a system voice is (still) installed is known only by asking the OS, which
  // speakWithVoice does when it speaks; a gone one falls back to eSpeak there, with a sentence.
  if (voiceId !== undefined && isCloudVoice(voiceId)) {
    // Spoken by ElevenLabs when the render routes the voice there; eSpeak's default otherwise (speak-with-voice.ts).
    return { id: voiceId, language, label: `ElevenLabs voice ${voiceId.slice(CLOUD_VOICE_PREFIX.length)}`, engine: 'cloud', engineVoice: voices[0]!.engineVoice, isDefault: false, quality: 'premium' };
  }
  if (voiceId !== undefined && isSystemVoiceId(voiceId)) {
    const name = voiceId.split(':').slice(3).join(':');
    return { id: voiceId, language, label: name, engine: 'system', engineVoice: voices[0]!.engineVoice, isDefault: false, quality: 'standard' };
  }
  if (voiceId === undefined) {
    const fallback = voices[0];
    if (!fallback) throw new Error(`voice catalog has no voice for ${language}`);
    return fallback;
  }
  const wanted = voiceId.trim().toLowerCase();
  const found = voices.find((v) => v.id === wanted);
  if (!found) {
    throw new TalkingPhotoError('VOICE_UNKNOWN', `There is no voice "${voiceId.slice(0, 40)}" for this language: choose one of ${voices.map((v) => v.id).join(', ')}.`);
  }
  return found;
}
