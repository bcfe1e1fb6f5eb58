import {
  LIST_TIMEOUT_MS,
  languageOfLocale,
  runVoiceTool,
  systemVoiceId,
  type SpeakFiles,
  type SystemVoice,
  type SystemVoiceProvider,
  type ToolCommand,
  type VoiceQuality,
} from './system-voice.js';

/**
 * macOS: the voices `say` knows, downloaded Enhanced and Premium voices included (they
 * appear with that word in their name once installed in System Settings › Accessibility ›
 * Spoken Content). `say -o` writes the audio; word markers would need AVSpeechSynthesizer
 * in a native helper, which we do without: the lips follow the forced alignment.
 */

/** Apple's novelty and effect voices: fun, never a voice to publish with. */
const NOVELTY = new Set([
  'Albert', 'Bad News', 'Bahh', 'Bells', 'Boing', 'Bubbles', 'Cellos', 'Good News', 'Jester', 'Organ', 'Superstar',
  'Trinoids', 'Whisper', 'Wobble', 'Zarvox', 'Fred', 'Junior', 'Kathy', 'Ralph',
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

export function macosVoices(listed: readonly SayVoice[]): SystemVoice[] {
  return listed.flatMap((voice) => {
    const language = languageOfLocale(voice.locale);
    // Novelty voices sing or whisper: not offered for a talking video.
    if (!language || NOVELTY.has(voice.name)) return [];
    return [{ id: systemVoiceId('macos', 'say', voice.name), platform: 'macos' as const, language, locale: voice.locale, name: voice.name, label: voice.name, quality: sayQuality(voice.name) }];
  });
}

export function macosSpeakCommand(voice: SystemVoice, files: SpeakFiles): ToolCommand {
  // WAVE with 16-bit little-endian PCM at 22.05 kHz: `say`'s own rate for most voices, read by ffmpeg as-is.
  return { command: 'say', args: ['-v', voice.name, '-o', files.audioFile, '--file-format=WAVE', '--data-format=LEI16@22050', '-f', files.textFile] };
}

export const macosProvider: SystemVoiceProvider = {
  platform: 'macos',
  async list(options = {}) {
    const output = await runVoiceTool({ command: 'say', args: ['-v', '?'] }, 'say', { signal: options.signal, timeoutMs: LIST_TIMEOUT_MS });
    return macosVoices(parseSayVoices(output));
  },
  speakCommand: macosSpeakCommand,
};
