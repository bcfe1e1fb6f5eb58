import { z } from 'zod';
import { languageOfLocale, systemVoiceId, type SpeakFiles, type SystemVoice, type ToolCommand } from './system-voice.js';

/**
 * macOS Personal Voice (macOS 14+): the voice a creator trains on their own Mac from their
 * own recordings. `say` does not offer it; AVSpeechSynthesizer does, to an app the creator
 * allowed to use it (System Settings › Accessibility › Personal Voice). We reach
 * AVFoundation without a native helper of our own, through JavaScript for Automation
 * (`osascript -l JavaScript`, in every macOS), which bridges Objective-C: one script lists
 * AVSpeechSynthesisVoice.speechVoices() as JSON, one writes an utterance to a file.
 * The same listing confirms Apple's Enhanced and Premium voices by their `quality`.
 *
 * Neither script has run on a Mac in our CI (only Linux runs there): the parser is tested
 * against listings in the shape LIST_VOICES_SCRIPT prints (fixtures/avspeech-voices-macos14.json),
 * and the commands are tested as argument arrays.
 */

/** AVSpeechSynthesisVoiceQuality: default 1, enhanced 2, premium 3. */
const QUALITY = { enhanced: 2, premium: 3 } as const;
/** AVSpeechSynthesisVoiceTraits: isNoveltyVoice 1 << 0, isPersonalVoice 1 << 1. */
const TRAIT_PERSONAL = 1 << 1;
/** AVSpeechSynthesizer.personalVoiceAuthorizationStatus: notDetermined 0, denied 1, unsupported 2, authorized 3. */
const PERSONAL_STATUSES = ['not-asked', 'denied', 'unsupported', 'allowed'] as const;
export type PersonalVoiceStatus = (typeof PERSONAL_STATUSES)[number];

export const OSASCRIPT = 'osascript';

/** Prints `{ "personalVoice": <status>, "voices": [{ identifier, name, language, quality, traits }] }`. */
export const LIST_VOICES_SCRIPT = [
  "ObjC.import('AVFoundation');",
  'const synth = $.AVSpeechSynthesizer;',
  // voiceTraits and the authorization status exist from macOS 14; before, no voice is personal.
  "const status = synth.respondsToSelector('personalVoiceAuthorizationStatus') ? Number(synth.personalVoiceAuthorizationStatus) : 2;",
  'const all = $.AVSpeechSynthesisVoice.speechVoices;',
  'const voices = [];',
  'for (let i = 0; i < all.count; i++) {',
  '  const v = all.objectAtIndex(i);',
  "  const traits = v.respondsToSelector('voiceTraits') ? Number(v.voiceTraits) : 0;",
  '  voices.push({ identifier: ObjC.unwrap(v.identifier), name: ObjC.unwrap(v.name), language: ObjC.unwrap(v.language), quality: Number(v.quality), traits });',
  '}',
  'JSON.stringify({ personalVoice: status, voices });',
].join('\n');

/**
 * Speaks the UTF-8 file $TP_TEXT with the voice whose identifier is $TP_VOICE into $TP_OUT
 * (AVAudioFile picks WAVE from the name), waiting on the run loop for the last, empty
 * buffer. The text reaches the script through a file, never through its source.
 */
export const SPEAK_SCRIPT = [
  "ObjC.import('AVFoundation');",
  'const env = $.NSProcessInfo.processInfo.environment;',
  'const arg = (name) => ObjC.unwrap(env.objectForKey(name));',
  "const text = $.NSString.stringWithContentsOfFileEncodingError(arg('TP_TEXT'), $.NSUTF8StringEncoding, null);",
  "const voice = $.AVSpeechSynthesisVoice.voiceWithIdentifier(arg('TP_VOICE'));",
  "if (voice.isNil()) throw new Error('voice not installed');",
  'const utterance = $.AVSpeechUtterance.speechUtteranceWithString(text);',
  'utterance.voice = voice;',
  'const synth = $.AVSpeechSynthesizer.alloc.init;',
  'let file = null;',
  'let done = false;',
  'synth.writeUtteranceToBufferCallback(utterance, (buffer) => {',
  '  if (Number(buffer.frameLength) === 0) { done = true; return; }',
  "  if (file === null) file = $.AVAudioFile.alloc.initForWritingSettingsCommonFormatInterleavedError($.NSURL.fileURLWithPath(arg('TP_OUT')), buffer.format.settings, buffer.format.commonFormat, buffer.format.isInterleaved, null);",
  '  file.writeFromBufferError(buffer, null);',
  '});',
  'const until = Date.now() + 110000;',
  'while (!done && Date.now() < until) $.NSRunLoop.currentRunLoop.runUntilDate($.NSDate.dateWithTimeIntervalSinceNow(0.1));',
  "if (!done || file === null) throw new Error('no speech was written');",
  "if (file.respondsToSelector('close')) file.close;",
  "'written';",
].join('\n');

const ListingSchema = z.object({
  personalVoice: z.number().int(),
  voices: z.array(z.object({ identifier: z.string().min(1), name: z.string().min(1), language: z.string(), quality: z.number(), traits: z.number().int() })),
});

export interface AvSpeechVoice {
  identifier: string;
  name: string;
  language: string;
  quality: 'default' | 'enhanced' | 'premium';
  personal: boolean;
}

export interface AvSpeechListing {
  personalVoice: PersonalVoiceStatus;
  voices: AvSpeechVoice[];
}

/** LIST_VOICES_SCRIPT's answer; throws on anything else (an older script, an error page). */
export function parseAvSpeechVoices(output: string): AvSpeechListing {
  const listed = ListingSchema.parse(JSON.parse(output.trim()));
  return {
    personalVoice: PERSONAL_STATUSES[listed.personalVoice] ?? 'unsupported',
    voices: listed.voices.map((voice) => ({
      identifier: voice.identifier,
      name: voice.name,
      language: voice.language,
      quality: voice.quality >= QUALITY.premium ? 'premium' : voice.quality >= QUALITY.enhanced ? 'enhanced' : 'default',
      personal: (voice.traits & TRAIT_PERSONAL) !== 0,
    })),
  };
}

/**
 * The creator's Personal Voices in our languages. Offered, never the default: it is their
 * own voice, so speaking with it is their choice to make. Its quality is a trained
 * neural voice's, natural but not a studio Premium voice.
 */
export function personalVoices(listing: AvSpeechListing): SystemVoice[] {
  return listing.voices.flatMap((voice) => {
    const language = voice.personal ? languageOfLocale(voice.language) : undefined;
    if (!language) return [];
    return [
      {
        id: systemVoiceId('macos', 'personal', voice.name),
        platform: 'macos' as const,
        language,
        locale: voice.language,
        // What the speak script is given: AVSpeechSynthesisVoice's identifier.
        name: voice.identifier,
        label: `${voice.name} (Personal Voice)`,
        quality: 'enhanced' as const,
        personal: true as const,
      },
    ];
  });
}

export function isPersonalVoice(voice: SystemVoice): boolean {
  return voice.personal === true;
}

export function personalListCommand(): ToolCommand {
  return { command: OSASCRIPT, args: ['-l', 'JavaScript', '-e', LIST_VOICES_SCRIPT] };
}

export function personalSpeakCommand(voice: SystemVoice, files: SpeakFiles): ToolCommand {
  return { command: OSASCRIPT, args: ['-l', 'JavaScript', '-e', SPEAK_SCRIPT], env: { TP_VOICE: voice.name, TP_TEXT: files.textFile, TP_OUT: files.audioFile } };
}
