import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { LanguageCode } from '../../../src-shared/limits.js';
import { parseWav } from './pcm.js';
import { defaultVoiceId, speakWithVoice } from './system-voices/speak-with-voice.js';
import { checkScript } from './tts.js';

/**
 * "Hear this voice" in the Create form: a sentence spoken by the chosen voice (eSpeak's or
 * the computer's own, see system-voices/speak-with-voice.ts), kept in a
 * cache folder under a hash of what was asked, so pressing play again (or on another
 * day) plays the same file instead of speaking it again.
 */

/** Short, friendly, and in the language's own script; kana only for Japanese (eSpeak reads kanji as Mandarin). */
const SAMPLE_SENTENCES: Record<LanguageCode, string> = {
  en: 'Hi! This is how I will sound in your video.',
  hi: 'नमस्ते! आपके वीडियो में मेरी आवाज़ ऐसी सुनाई देगी।',
  es: '¡Hola! Así sonará mi voz en tu vídeo.',
  fr: 'Bonjour ! Voici ma voix dans votre vidéo.',
  de: 'Hallo! So klingt meine Stimme in deinem Video.',
  ja: 'こんにちは。わたしは こんな こえで はなします。',
  ko: '안녕하세요! 영상에서 제 목소리는 이렇게 들려요.',
  zh: '你好！这就是我在你的视频里的声音。',
};

/** Bumped when the voice pipeline changes how the same words sound, so old clips are not replayed. */
const CACHE_VERSION = 1;
/** Previews not played for this long are swept at start-up; they are remade on demand. */
export const VOICE_PREVIEW_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
const WORK_PREFIX = '.work-';

export interface VoicePreviewRequest {
  language: LanguageCode;
  voice?: string;
  text?: string;
}

export interface VoicePreview {
  /** Inside the cache folder: `<hash>.wav`, 48 kHz mono 16-bit, loudness-normalised. */
  file: string;
  durationS: number;
}

export function sampleSentence(language: LanguageCode): string {
  return SAMPLE_SENTENCES[language];
}

function durationOf(wav: Buffer): number {
  const pcm = parseWav(wav);
  return pcm.samples.length / pcm.sampleRate;
}

export class VoicePreviews {
  /** One synthesis per clip, even when play is pressed twice before the first is ready. */
  private readonly inFlight = new Map<string, Promise<VoicePreview>>();

  constructor(private readonly folder: string) {}

  async preview(request: VoicePreviewRequest): Promise<VoicePreview> {
    const text = request.text ?? sampleSentence(request.language);
    // Refuses an unknown voice or an unspeakable text before any work, and names the
    // voice the default resolves to, so "no voice" and "the default voice" share a clip.
    const { voice } = checkScript({ text, language: request.language, voice: request.voice });
    // A computer voice may be the default (on a Mac or Windows machine): asked of the OS.
    const voiceId = request.voice !== undefined ? voice.id : await defaultVoiceId(request.language);
    const key = createHash('sha256')
      .update(JSON.stringify([CACHE_VERSION, voiceId, text]))
      .digest('hex')
      .slice(0, 40);
    const running = this.inFlight.get(key);
    if (running) return running;
    const work = this.cachedOrSpoken(key, { text, language: request.language, voice: voiceId });
    this.inFlight.set(key, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Removes clips unplayed for a month and scratch folders a crash left. */
  async sweep(now = Date.now()): Promise<void> {
    const entries = await readdir(this.folder).catch(() => []);
    for (const name of entries) {
      const file = path.join(this.folder, name);
      const info = await stat(file).catch(() => undefined);
      if (!info) continue;
      const maxAge = name.startsWith(WORK_PREFIX) ? 60 * 60 * 1000 : VOICE_PREVIEW_MAX_AGE_MS;
      if (now - info.mtimeMs > maxAge) await rm(file, { recursive: true, force: true });
    }
  }

  private async cachedOrSpoken(key: string, speech: { text: string; language: LanguageCode; voice: string }): Promise<VoicePreview> {
    const file = path.join(this.folder, `${key}.wav`);
    const cached = await readFile(file).catch(() => undefined);
    if (cached) {
      try {
        const durationS = durationOf(cached);
        // Played again: the sweep (by modification time; access times are often not kept) spares it.
        const now = new Date();
        await utimes(file, now, now).catch(() => undefined);
        return { file, durationS };
      } catch {
        // A damaged clip is spoken again below.
      }
    }
    await mkdir(this.folder, { recursive: true });
    const work = await mkdtemp(path.join(this.folder, WORK_PREFIX));
    try {
      const spoken = await speakWithVoice({ ...speech, workDir: work });
      // Renamed into place whole: a clip in the cache is always a complete file.
      await rename(spoken.audioPath, file);
      // The clip's own length, as a replay from the cache reads it, so both answers agree.
      return { file, durationS: durationOf(await readFile(file)) };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}
