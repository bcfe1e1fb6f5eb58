import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isTalkingPhotoError, TalkingPhotoError } from '../../../../src-shared/errors.js';
import { MAX_VOICE_SECONDS, type LanguageCode } from '../../../../src-shared/limits.js';
import { CLOUD_VOICE_PREFIX, isCloudVoice } from '../../../../src-shared/voices.js';
import { loadRecording } from '../recording.js';
import { cleanScript } from '../script-text.js';
import { checkScript, synthesizeSpeech, type SpeechRequest } from '../tts.js';
import { listVoices, voiceChoices } from '../voice-catalog.js';
import type { Voice } from '../voice.js';
import { findSystemVoice, isSystemVoiceId, listSystemVoices, runVoiceTool, SPEAK_TIMEOUT_MS, systemVoiceProvider, type SystemVoice, type SystemVoiceProvider } from './index.js';

/**
 * The one place a script's voice is chosen between eSpeak and the computer's own voices.
 * A system voice speaks the script into a file; that file then goes the way of a
 * recording with its words: checked, loudness-normalised, and its words and phones timed
 * by the forced alignment (forced-alignment.ts) of the script to it, whatever timing the
 * OS voice might report. A voice that is gone (uninstalled since it was chosen) is
 * replaced by the language's eSpeak voice, and the Voice says so in one sentence.
 */

export function voiceGoneSentence(id: string, fallback: string): string {
  const name = id.split(':').slice(3).join(':') || id;
  return `The voice "${name}" is no longer on this computer, so the built-in voice "${fallback}" spoke instead.`;
}

/**
 * The voice id a request without one speaks with: on a Mac or Windows machine the
 * language's best natural system voice (voiceChoices decides), else eSpeak's default.
 * Linux is never asked here (its voices are never the default; see voiceChoices).
 */
export async function defaultVoiceId(language: LanguageCode, provider: SystemVoiceProvider | undefined = systemVoiceProvider()): Promise<string> {
  const system = provider && provider.platform !== 'linux' ? await listSystemVoices({ provider }) : [];
  const choices = voiceChoices(system, language);
  return (choices.find((voice) => voice.isDefault) ?? choices[0]!).id;
}

/** A cloud voice asked of this computer: the render's voice step did not reach its service. */
export function cloudVoiceNotHereSentence(id: string, fallback: string): string {
  return `The ElevenLabs voice "${id.slice(CLOUD_VOICE_PREFIX.length)}" speaks only when your ElevenLabs key is set and the voice step may use it, so the built-in voice "${fallback}" spoke instead.`;
}

export async function speakWithVoice(request: SpeechRequest, options: { provider?: SystemVoiceProvider } = {}): Promise<Voice> {
  const wanted = request.voice ?? (await defaultVoiceId(request.language, options.provider ?? systemVoiceProvider()));
  if (isCloudVoice(wanted)) {
    const fallback = listVoices(request.language)[0]!;
    const spoken = await synthesizeSpeech({ ...request, voice: fallback.id });
    return { ...spoken, engine: { ...spoken.engine, fallback: cloudVoiceNotHereSentence(wanted, fallback.label) } };
  }
  if (!isSystemVoiceId(wanted)) return synthesizeSpeech({ ...request, voice: wanted });
  const provider = options.provider ?? systemVoiceProvider();
  const voice = provider ? await findSystemVoice(wanted, { provider }) : undefined;
  if (!voice || voice.language !== request.language || !provider) {
    const fallback = listVoices(request.language)[0]!;
    const spoken = await synthesizeSpeech({ ...request, voice: fallback.id });
    const sentence = voice ? `The voice "${voice.label}" does not speak this script's language, so the built-in voice "${fallback.label}" spoke instead.` : voiceGoneSentence(wanted, fallback.label);
    return { ...spoken, engine: { ...spoken.engine, fallback: sentence } };
  }
  return speakWithSystemVoice(request, voice, provider);
}

/** eSpeak's voice of the same sex speaks the alignment's reference: closer spectra, a closer match. */
function alignmentVoice(voice: SystemVoice): string | undefined {
  return listVoices(voice.language).find((v) => v.gender === voice.gender && voice.gender !== undefined)?.id;
}

export async function speakWithSystemVoice(request: SpeechRequest, voice: SystemVoice, provider: SystemVoiceProvider): Promise<Voice> {
  // The same refusals as eSpeak's (empty, too long, nothing speakable) before any process starts.
  checkScript({ text: request.text, language: request.language });
  const text = cleanScript(request.text);
  const progress = request.onProgress ?? (() => undefined);
  progress(0, `Speaking the script with ${voice.label}`);
  mkdirSync(request.workDir, { recursive: true });
  const scratch = mkdtempSync(path.join(request.workDir, 'system-voice-'));
  try {
    const files = { textFile: path.join(scratch, 'script.txt'), audioFile: path.join(scratch, 'spoken.wav') };
    writeFileSync(files.textFile, text, 'utf8');
    await runVoiceTool(provider.speakCommand(voice, files, text), voice.label, { signal: request.signal, timeoutMs: SPEAK_TIMEOUT_MS });
    progress(60, 'Timing the words to the voice');
    let spoken: Voice;
    try {
      spoken = await loadRecording({ file: files.audioFile, workDir: request.workDir, signal: request.signal, transcript: text, language: request.language, voice: alignmentVoice(voice) });
    } catch (error) {
      throw asVoiceError(error, voice);
    }
    progress(100, 'Voice ready');
    return { ...spoken, source: 'tts', engine: { name: `system:${voice.platform}`, voice: voice.id } };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The recording's sentences ("trim your recording") said as a voice's. */
function asVoiceError(error: unknown, voice: SystemVoice): unknown {
  if (!isTalkingPhotoError(error)) return error;
  if (error.code === 'AUDIO_TOO_LONG') {
    return new TalkingPhotoError(
      'SPEECH_TOO_LONG',
      `The script takes more than ${MAX_VOICE_SECONDS} seconds to speak; the most is ${MAX_VOICE_SECONDS} seconds. Shorten the script or split it into several videos.`,
      { cause: error },
    );
  }
  if (['AUDIO_SILENT', 'AUDIO_CORRUPT', 'NOT_AN_AUDIO_FILE', 'FILE_NOT_FOUND', 'FILE_EMPTY', 'AUDIO_TOO_SHORT'].includes(error.code)) {
    return new TalkingPhotoError('TTS_FAILED', `The computer's voice "${voice.label}" gave no usable speech: choose another voice, or the built-in eSpeak voice.`, {
      detail: error.message,
      cause: error,
    });
  }
  return error;
}
