import { TalkingPhotoError, isTalkingPhotoError } from '../../../../src-shared/errors.js';
import type { LanguageCode } from '../../../../src-shared/limits.js';
import { SYSTEM_VOICE_ID, type VoiceQuality } from '../../../../src-shared/voices.js';
import { runProcess } from '../../media/run-process.js';

/**
 * The voices the creator's own computer ships (macOS `say`, Windows SAPI/OneCore,
 * Linux speech-dispatcher): what a provider lists and how it writes one script to a WAV
 * or AIFF file. Each OS has one provider module; its listing parser is a pure function
 * tested against recorded outputs, since only the Linux tools run on our CI machines.
 */

export type SystemPlatform = 'macos' | 'windows' | 'linux';

export { VOICE_QUALITIES, type VoiceQuality } from '../../../../src-shared/voices.js';
export interface SystemVoice {
  /** `system:<platform>:<engine-or-module>:<name>`, stable across listings of the same install. */
  id: string;
  platform: SystemPlatform;
  language: LanguageCode;
  /** The OS's own locale tag, as listed (en_US, en-GB, cmn). */
  locale: string;
  /** The name the OS tool is given to pick this voice. */
  name: string;
  label: string;
  gender?: 'female' | 'male';
  quality: VoiceQuality;
  /** A Personal Voice the creator recorded on their Mac (macOS 14+), listed only once they allowed its use. */
  personal?: true;
}

/** A command the provider runs: argument arrays only, never a shell string holding the script. */
export interface ToolCommand {
  command: string;
  args: string[];
  /** Text written to the tool's standard input (the script, when the tool reads it there). */
  stdin?: string;
  /** Added to the environment (Windows passes its inputs to PowerShell this way). */
  env?: Record<string, string>;
}

export interface SpeakFiles {
  /** The script as UTF-8, for tools that read a file. */
  textFile: string;
  /** Where the tool writes its audio (WAV or AIFF; ffmpeg reads either). */
  audioFile: string;
}

export interface SystemVoiceProvider {
  platform: SystemPlatform;
  list(options?: { signal?: AbortSignal }): Promise<SystemVoice[]>;
  /** The command that speaks `files.textFile` with `voice` into `files.audioFile`. */
  speakCommand(voice: SystemVoice, files: SpeakFiles, text: string): ToolCommand;
}

export const SYSTEM_ID_PREFIX = 'system:';

export function isSystemVoiceId(id: string | null | undefined): boolean {
  return typeof id === 'string' && SYSTEM_VOICE_ID.test(id);
}

export function systemVoiceId(platform: SystemPlatform, engine: string, name: string): string {
  return `${SYSTEM_ID_PREFIX}${platform}:${engine}:${name}`;
}

/** Our language for an OS locale tag (en_US, en-GB, cmn-Hans, yue, zh-CN), or undefined when we do not support it. */
export function languageOfLocale(locale: string): LanguageCode | undefined {
  const base = locale.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const byBase: Record<string, LanguageCode> = { en: 'en', hi: 'hi', es: 'es', fr: 'fr', de: 'de', ja: 'ja', ko: 'ko', zh: 'zh', cmn: 'zh', yue: 'zh' };
  return byBase[base];
}

/** Speaking a script takes a few seconds per minute of speech; a tool silent this long has hung. */
export const SPEAK_TIMEOUT_MS = 120_000;
export const LIST_TIMEOUT_MS = 20_000;

/**
 * Runs an OS voice tool to completion; a missing tool, a crash or a timeout becomes one
 * TTS_FAILED sentence naming the voice, the tool's own words kept in `detail` for the log.
 */
export async function runVoiceTool(tool: ToolCommand, what: string, options: { signal?: AbortSignal; timeoutMs: number }): Promise<string> {
  const failed = (detail: string, cause?: unknown): TalkingPhotoError =>
    new TalkingPhotoError('TTS_FAILED', `The computer's voice "${what}" could not speak: choose another voice, or the built-in eSpeak voice.`, { detail, cause });
  try {
    const run = await runProcess(tool.command, tool.args, {
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      ...(tool.stdin !== undefined ? { input: Buffer.from(tool.stdin, 'utf8') } : {}),
      ...(tool.env ? { env: { ...process.env, ...tool.env } } : {}),
    });
    if (run.code !== 0) throw failed(`${tool.command} exited with ${run.code}: ${run.stderr.slice(-500)}`);
    return run.stdout.toString('utf8');
  } catch (error) {
    if (isTalkingPhotoError(error)) throw error;
    throw failed(`${tool.command}: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}
