import { LIST_TIMEOUT_MS, languageOfLocale, runVoiceTool, systemVoiceId, type SpeakFiles, type SystemVoice, type SystemVoiceProvider, type ToolCommand, type VoiceQuality } from './system-voice.js';
import { isPersonalVoice, parseAvSpeechVoices, personalListCommand, personalSpeakCommand, personalVoices, type AvSpeechListing } from './macos-personal.js';

/**
 * macOS: the voices `say` knows, downloaded Enhanced and Premium voices included (they
 * appear with that word in their name once installed in System Settings › Accessibility ›
 * Spoken Content). `say -o` writes the audio; word markers would need AVSpeechSynthesizer
 * in a native helper, which we do without: the lips follow the forced alignment. The
 * creator's Personal Voice is not a `say` voice: macos-personal.ts lists and speaks it.
 */

/** Apple's novelty and effect voices: fun, never a voice to publish with. */
const NOVELTY = new Set([
  'Albert',
  'Bad News',
  'Bahh',
  'Bells',
  'Boing',
  'Bubbles',
  'Cellos',
  'Good News',
  'Jester',
  'Organ',
  'Superstar',
  'Trinoids',
  'Whisper',
  'Wobble',
  'Zarvox',
  'Fred',
  'Junior',
  'Kathy',
  'Ralph',
]);
/** The Eloquence voices (macOS 13+): formant synthesis, as robotic as eSpeak. */
const ELOQUENCE = new Set(['Eddy', 'Flo', 'Grandma', 'Grandpa', 'Reed', 'Rocko', 'Sandy', 'Shelley']);

export interface SayVoice {
  name: string;
  locale: string;
  sample: string;
}

/**
 * `say -v '?'`: `Name   locale   # sample sentence`, the name padded with spaces and free
 * to hold spaces and brackets itself ("Bad News", "Ava (Premium)", "Eddy (English (US))").
 */
export function parseSayVoices(output: string): SayVoice[] {
  const voices: SayVoice[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = /^(.+?)\s+([a-z]{2,3}(?:[_-][A-Za-z0-9]+)*)\s+#\s?(.*)$/.exec(line.trimEnd());
    if (!match) continue;
    voices.push({ name: match[1]!.trim(), locale: match[2]!, sample: match[3]!.trim() });
  }
  return voices;
}

export function sayQuality(name: string): VoiceQuality {
  if (/\(Premium\)/i.test(name)) return 'premium';
  if (/\(Enhanced\)/i.test(name)) return 'enhanced';
  const base = name.replace(/\s*\(.*\)$/, '');
  return NOVELTY.has(base) || ELOQUENCE.has(base) ? 'basic' : 'standard';
}

/**
 * `say`'s voices in our languages, then the creator's Personal Voices. AVSpeechSynthesizer's
 * listing (macos-personal.ts), when there is one, also names the quality of a voice whose
 * `say` name carries no "(Enhanced)" or "(Premium)".
 */
export function macosVoices(listed: readonly SayVoice[], av?: AvSpeechListing): SystemVoice[] {
  const avQuality = new Map<string, VoiceQuality>();
  for (const v of av?.voices ?? []) if (!v.personal && v.quality !== 'default') avQuality.set(`${v.name}|${v.language.replace('-', '_')}`, v.quality);
  const said = listed.flatMap((voice): SystemVoice[] => {
    const language = languageOfLocale(voice.locale);
    // Novelty voices sing or whisper: not offered for a talking video.
    if (!language || NOVELTY.has(voice.name)) return [];
    const named = sayQuality(voice.name);
    const quality = named === 'standard' ? (avQuality.get(`${voice.name}|${voice.locale}`) ?? named) : named;
    return [{ id: systemVoiceId('macos', 'say', voice.name), platform: 'macos' as const, language, locale: voice.locale, name: voice.name, label: voice.name, quality }];
  });
  return [...said, ...(av ? personalVoices(av) : [])];
}

export function macosSpeakCommand(voice: SystemVoice, files: SpeakFiles): ToolCommand {
  if (isPersonalVoice(voice)) return personalSpeakCommand(voice, files);
  // WAVE with 16-bit little-endian PCM at 22.05 kHz: `say`'s own rate for most voices, read by ffmpeg as-is.
  return { command: 'say', args: ['-v', voice.name, '-o', files.audioFile, '--file-format=WAVE', '--data-format=LEI16@22050', '-f', files.textFile] };
}

export const macosProvider: SystemVoiceProvider = {
  platform: 'macos',
  async list(options = {}) {
    const run = (tool: ToolCommand, what: string) => runVoiceTool(tool, what, { signal: options.signal, timeoutMs: LIST_TIMEOUT_MS });
    const [said, av] = await Promise.all([
      run({ command: 'say', args: ['-v', '?'] }, 'say'),
      // Best effort: without it (macOS before 14, osascript refused) `say`'s voices are all there is.
      run(personalListCommand(), 'AVSpeechSynthesizer').then(parseAvSpeechVoices, () => undefined),
    ]);
    return macosVoices(parseSayVoices(said), av);
  },
  speakCommand: macosSpeakCommand,
};
