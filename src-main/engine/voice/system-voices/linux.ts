import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { LIST_TIMEOUT_MS, languageOfLocale, runVoiceTool, systemVoiceId, type SpeakFiles, type SystemVoice, type SystemVoiceProvider, type ToolCommand, type VoiceQuality } from './system-voice.js';

/**
 * Linux: speech-dispatcher's voices. `spd-say -O` lists the output modules the creator's
 * speech-dispatcher runs, `spd-say -o MODULE -L` each module's voices. speech-dispatcher
 * itself cannot write audio to a file (spd-say 0.11 has no wave option; its modules hand
 * audio to the daemon, which plays it), so the audio comes from the module's own engine
 * CLI, given the same voice the module lists: the same synthesizer and voice files the
 * desktop's screen reader speaks with. A module whose engine CLI is not installed is not
 * listed, so the picker never offers a voice we cannot record.
 */

interface ModuleWriter {
  /** The engine's CLI, looked up on PATH. */
  tool: string;
  label: string;
  quality: VoiceQuality;
  /** Which of the module's listed voices to offer (eSpeak lists every variant of every language). */
  offers?: (voice: SpdVoice) => boolean;
  command: (voice: SpdVoice, files: SpeakFiles, text: string) => ToolCommand;
}

const FLITE_GENDER: Record<string, 'female' | 'male'> = { slt: 'female', kal: 'male', kal16: 'male', awb: 'male', rms: 'male' };

/** Module names as Debian's speech-dispatcher packages and module configs call them. */
const WRITERS: Record<string, ModuleWriter> = {
  'espeak-ng': {
    tool: 'espeak-ng',
    label: 'eSpeak NG',
    quality: 'basic',
    // Variants (+Adam, +f3…) multiply 93 voices into 13,000; the base voices are the choice.
    offers: (voice) => voice.variant === 'none',
    command: (voice, files) => ({ command: 'espeak-ng', args: ['-v', espeakName(voice), '-w', files.audioFile, '-f', files.textFile] }),
  },
  espeak: {
    tool: 'espeak',
    label: 'eSpeak',
    quality: 'basic',
    offers: (voice) => voice.variant === 'none',
    command: (voice, files) => ({ command: 'espeak', args: ['-v', espeakName(voice), '-w', files.audioFile, '-f', files.textFile] }),
  },
  flite: {
    tool: 'flite',
    label: 'Flite',
    quality: 'basic',
    command: (voice, files) => ({ command: 'flite', args: ['-voice', voice.name, '-f', files.textFile, '-o', files.audioFile] }),
  },
  pico: {
    tool: 'pico2wave',
    label: 'SVOX Pico',
    quality: 'standard',
    command: (voice, files, text) => ({ command: 'pico2wave', args: ['-l', voice.language, '-w', files.audioFile], stdin: text }),
  },
  festival: {
    tool: 'text2wave',
    label: 'Festival',
    quality: 'basic',
    command: (voice, files) => ({ command: 'text2wave', args: ['-o', files.audioFile, '-eval', `(voice_${voice.name.replace(/[^A-Za-z0-9_]/g, '')})`, files.textFile] }),
  },
  rhvoice: {
    tool: 'RHVoice-test',
    label: 'RHVoice',
    quality: 'standard',
    command: (voice, files, text) => ({ command: 'RHVoice-test', args: ['-p', voice.name, '-o', files.audioFile], stdin: text }),
  },
};

export interface SpdVoice {
  name: string;
  language: string;
  variant: string;
}

function espeakName(voice: SpdVoice): string {
  const base = voice.language.toLowerCase();
  return voice.variant === 'none' ? base : `${base}+${voice.variant}`;
}

/** `spd-say -O`: a heading line, then one module per line. */
export function parseSpdModules(output: string): string[] {
  return output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== 'OUTPUT MODULES' && !/\s/.test(line));
}

/**
 * `spd-say -o MODULE -L`: a NAME/LANGUAGE/VARIANT heading, then right-aligned columns.
 * Names hold spaces ("English (Received Pronunciation)"); language and variant do not,
 * so the last two words are those and the rest is the name.
 */
export function parseSpdVoices(output: string): SpdVoice[] {
  const voices: SpdVoice[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const words = raw.trim().split(/\s+/);
    if (words.length < 3 || (words[0] === 'NAME' && words.at(-2) === 'LANGUAGE')) continue;
    const variant = words.pop()!;
    const language = words.pop()!;
    voices.push({ name: words.join(' '), language, variant });
  }
  return voices;
}

/** The voices of one module we can offer, or none when we have no writer for it. */
export function linuxVoicesOf(module: string, listed: readonly SpdVoice[]): SystemVoice[] {
  const writer = WRITERS[module];
  if (!writer) return [];
  const voices: SystemVoice[] = [];
  const seen = new Set<string>();
  for (const voice of listed) {
    const language = languageOfLocale(voice.language);
    if (!language || (writer.offers && !writer.offers(voice))) continue;
    // speech-dispatcher names a variant voice "English (America)+Boris" itself.
    const name = voice.variant === 'none' || voice.name.endsWith(`+${voice.variant}`) ? voice.name : `${voice.name}+${voice.variant}`;
    const id = systemVoiceId('linux', module, name);
    // Two listed voices with one name (eSpeak's two Cantonese entries) are one choice.
    if (seen.has(id)) continue;
    seen.add(id);
    voices.push({
      id,
      platform: 'linux',
      language,
      locale: voice.language,
      name,
      label: `${name} (${writer.label})`,
      ...(FLITE_GENDER[voice.name] && module === 'flite' ? { gender: FLITE_GENDER[voice.name] } : {}),
      quality: writer.quality,
    });
  }
  return voices;
}

/** The SpdVoice a SystemVoice was made from (the name carries the variant after '+'). */
function spdVoiceOf(voice: SystemVoice): SpdVoice {
  const plus = voice.name.lastIndexOf('+');
  return plus > 0 && /^\S+$/.test(voice.name.slice(plus + 1))
    ? { name: voice.name, language: voice.locale, variant: voice.name.slice(plus + 1) }
    : { name: voice.name, language: voice.locale, variant: 'none' };
}

export function moduleOf(voice: SystemVoice): string {
  return voice.id.split(':')[2] ?? '';
}

export function linuxSpeakCommand(voice: SystemVoice, files: SpeakFiles, text: string): ToolCommand {
  const writer = WRITERS[moduleOf(voice)];
  if (!writer) throw new Error(`no audio writer for speech-dispatcher module ${moduleOf(voice)}`);
  return writer.command(spdVoiceOf(voice), files, text);
}

function onPath(tool: string): boolean {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!folder) continue;
    try {
      accessSync(path.join(folder, tool), constants.X_OK);
      return true;
    } catch {
      // Not in this folder.
    }
  }
  return false;
}

export const linuxProvider: SystemVoiceProvider = {
  platform: 'linux',
  async list(options = {}) {
    if (!onPath('spd-say')) return [];
    const run = (args: string[]) => runVoiceTool({ command: 'spd-say', args }, 'speech-dispatcher', { signal: options.signal, timeoutMs: LIST_TIMEOUT_MS });
    const modules = parseSpdModules(await run(['-O'])).filter((module) => WRITERS[module] && onPath(WRITERS[module]!.tool));
    const lists = await Promise.all(modules.map(async (module) => linuxVoicesOf(module, parseSpdVoices(await run(['-o', module, '-L'])))));
    return lists.flat();
  },
  speakCommand: linuxSpeakCommand,
};
