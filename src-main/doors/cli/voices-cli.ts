import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { SUPPORTED_LANGUAGES, type LanguageCode } from '../../../src-shared/limits.js';
import { PROVIDER_CATALOG } from '../../../src-shared/providers.js';
import { CLOUD_VOICE_PREFIX, PERSONAL_VOICE_HINT, VOICE_QUALITY_HINTS, type VoiceQuality } from '../../../src-shared/voices.js';
import { ELEVENLABS_DEFAULT_VOICE, listElevenLabsVoices } from '../../cloud/providers/adapters/elevenlabs.js';
import { ProviderKeys } from '../../cloud/providers/provider-keys.js';
import { systemKeychain } from '../../app/secrets/secret-store.js';
import { isProviderError } from '../../cloud/providers/provider-error.js';
import { listSystemVoices, type SystemVoice, type SystemVoiceProvider } from '../../engine/voice/system-voices/index.js';
import { isSupportedLanguage, voiceChoices } from '../../engine/voice/voice-catalog.js';

/**
 * `tp voices [--language xx] [--json]`: every voice this computer can speak a script with,
 * the way the Create form's picker offers them (the computer's own voices, then eSpeak's,
 * each language's default marked), and the cloud voices an ElevenLabs key gives, with
 * where each comes from and how natural it sounds.
 */

export type VoiceSource = 'espeak-ng' | 'system:macos' | 'system:windows' | 'system:linux' | 'elevenlabs';

export interface ListedVoice {
  id: string;
  /** `any`: a cloud voice speaks every script language (ElevenLabs' multilingual model). */
  language: LanguageCode | 'any';
  label: string;
  source: VoiceSource;
  quality: VoiceQuality;
  hint: string;
  isDefault: boolean;
  gender?: 'female' | 'male';
  /** A Personal Voice the creator recorded on their Mac. */
  personal?: boolean;
}

export interface VoiceListing {
  voices: ListedVoice[];
  /** Sentences about what could not be listed (a speech service that failed, a cloud key refused). */
  notes: string[];
}

const SOURCE_NAMES: Record<VoiceSource, string> = {
  'espeak-ng': 'built-in (eSpeak NG)',
  'system:macos': 'this Mac',
  'system:windows': 'this Windows computer',
  'system:linux': 'speech-dispatcher',
  elevenlabs: 'ElevenLabs (cloud)',
};

function languageOption(value: string | undefined): LanguageCode | undefined {
  if (value === undefined) return undefined;
  const code = value.trim().toLowerCase();
  if (isSupportedLanguage(code)) return code;
  throw new TalkingPhotoError('LANGUAGE_UNSUPPORTED', `There are no voices for "${value.slice(0, 20)}": choose one of ${SUPPORTED_LANGUAGES.join(', ')}.`);
}

export async function listAllVoices(options: {
  language?: LanguageCode;
  systemProvider?: SystemVoiceProvider;
  keys?: ProviderKeys;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}): Promise<VoiceListing> {
  const notes: string[] = [];
  const system: SystemVoice[] = await listSystemVoices({
    ...(options.systemProvider ? { provider: options.systemProvider } : {}),
    fresh: true,
    onError: () => notes.push("The computer's own voices could not be listed (its speech service did not answer): only the built-in voices are shown."),
  });
  const local: ListedVoice[] = voiceChoices(system, options.language).map((voice) => ({
    id: voice.id,
    language: voice.language,
    label: voice.label,
    source: voice.engine === 'system' ? (voice.id.split(':').slice(0, 2).join(':') as VoiceSource) : 'espeak-ng',
    quality: voice.quality,
    hint: voice.personal ? PERSONAL_VOICE_HINT : VOICE_QUALITY_HINTS[voice.quality],
    isDefault: voice.isDefault,
    ...(voice.gender ? { gender: voice.gender } : {}),
    ...(voice.personal ? { personal: true } : {}),
  }));
  return { voices: [...local, ...(await cloudVoices(options, notes))], notes };
}

/** The account's ElevenLabs voices when a key is set; none (and no network call) without one. */
async function cloudVoices(options: { keys?: ProviderKeys; env?: NodeJS.ProcessEnv; signal?: AbortSignal }, notes: string[]): Promise<ListedVoice[]> {
  const env = options.env ?? process.env;
  const key = await (options.keys ?? new ProviderKeys(systemKeychain())).get('elevenlabs');
  if (!key) return [];
  const override = PROVIDER_CATALOG.elevenlabs.env?.baseUrl;
  const baseUrl = override ? env[override]?.trim() : undefined;
  try {
    const voices = await listElevenLabsVoices({ apiKey: key.key, ...(baseUrl ? { baseUrl } : {}) }, { signal: options.signal ?? AbortSignal.timeout(20_000) });
    return voices.map((voice) => ({
      id: `${CLOUD_VOICE_PREFIX}${voice.id}`,
      language: 'any' as const,
      label: voice.name,
      source: 'elevenlabs' as const,
      quality: 'premium' as const,
      hint: `natural, cloud (billed per character)${voice.category ? `, ${voice.category}` : ''}`,
      // The voice ElevenLabs speaks in when no cloud voice was chosen (adapters/elevenlabs.ts).
      isDefault: voice.id === ELEVENLABS_DEFAULT_VOICE,
    }));
  } catch (error) {
    // A provider's own sentence (a refused key, a service down) never holds the key.
    notes.push(`ElevenLabs' voices could not be listed: ${isProviderError(error) ? error.message : 'it did not answer.'}`);
    return [];
  }
}

function table(listing: VoiceListing, language: LanguageCode | undefined): string {
  const lines: string[] = [];
  const languages = language ? [language, 'any' as const] : [...SUPPORTED_LANGUAGES, 'any' as const];
  for (const lang of languages) {
    const voices = listing.voices.filter((voice) => voice.language === lang);
    if (voices.length === 0) continue;
    lines.push(lang === 'any' ? 'Cloud voices (every language):' : `${lang}:`);
    const width = Math.min(48, Math.max(...voices.map((voice) => voice.id.length)));
    for (const voice of voices) {
      lines.push(`  ${voice.id.padEnd(width)}  ${voice.label} · ${voice.hint} · ${SOURCE_NAMES[voice.source]}${voice.isDefault ? ' (default)' : ''}`);
    }
  }
  if (listing.voices.some((voice) => voice.source === 'elevenlabs')) {
    lines.push(
      '',
      'A cloud voice speaks when the voice step goes to ElevenLabs (your key; --route auto or elevenlabs), billed per character; without --voice, ElevenLabs speaks in the one marked default.',
    );
  }
  lines.push(...listing.notes);
  lines.push('', 'Use one with: npm run tp -- render --lang CODE --voice ID …');
  return lines.join('\n') + '\n';
}

export async function voicesCommand(flags: { language?: string; json?: boolean }): Promise<number> {
  const language = languageOption(flags.language);
  const listing = await listAllVoices({ ...(language ? { language } : {}) });
  process.stdout.write(flags.json ? JSON.stringify(listing, null, 2) + '\n' : table(listing, language));
  return 0;
}
