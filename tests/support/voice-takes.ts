import path from 'node:path';
import { mediaTools } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { parseEbur128 } from '../../src-main/engine/voice/audio-normalize.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';
import type { LanguageCode } from '../../src-shared/limits.js';

/**
 * Real voice takes for the loudness tests, and ffmpeg as the independent judge of what
 * the voice stage computes in memory: eSpeak's speech recorded as a phone would (quieter,
 * stereo, 44.1 kHz), the same over a fan, and over a music bed in AAC.
 */

export async function ffmpeg(args: string[]): Promise<void> {
  const result = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args]);
  if (result.code !== 0) throw new Error(result.stderr);
}

/** What the voice stage decodes: the first audio stream as 48 kHz mono floats (the same float downmix). */
export const MONO_48K = 'aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=mono';

/** ffmpeg's output of `filter` on `file` as mono floats. */
export async function ffmpegFloats(file: string, filter: string): Promise<Float32Array> {
  const result = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-v', 'error', '-i', file, '-map', '0:a:0', '-af', filter, '-f', 'f32le', 'pipe:1']);
  if (result.code !== 0) throw new Error(result.stderr);
  const samples = new Float32Array(Math.floor(result.stdout.byteLength / 4));
  new Uint8Array(samples.buffer).set(result.stdout.subarray(0, samples.length * 4));
  return samples;
}

/** ffmpeg's ebur128 (integrated loudness, true peak) of the take's mono 48 kHz downmix: the signal the voice stage measures. */
export async function ffmpegLoudness(file: string): Promise<{ lufs: number; truePeak: number }> {
  const result = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-hide_banner', '-i', file, '-map', '0:a:0', '-af', `${MONO_48K},ebur128=peak=true`, '-f', 'null', '-']);
  if (result.code !== 0) throw new Error(result.stderr);
  return parseEbur128(result.stderr);
}

export const TAKE_SCRIPTS: ReadonlyArray<[LanguageCode, string]> = [
  ['en', 'Hello, and welcome back. Today I want to show you how a single photo can speak your words. Please pass the butter, Bob.'],
  ['fr', 'Un bon vin blanc, un grand pont. Bonjour à tous, je suis très content de vous voir.'],
  ['de', 'Schöne Grüße aus München, bis bald. Wir sehen uns morgen früh.'],
  ['ja', 'こんにちは、世界。今日は良い天気です。'],
];

/** Files named by what they hold: `speech-<language>.wav`, `fan.wav` (hot, over pink noise), `music-bed.m4a`. */
export async function recordTakes(dir: string): Promise<Record<string, string>> {
  const takes: Record<string, string> = {};
  for (const [language, text] of TAKE_SCRIPTS) {
    const voice = await synthesizeSpeech({ text, language, workDir: path.join(dir, `tts-${language}`) });
    takes[`speech-${language}`] = path.join(dir, `speech-${language}.wav`);
    await ffmpeg(['-i', voice.audioPath, '-af', 'volume=-12dB', '-ac', '2', '-ar', '44100', '-c:a', 'pcm_s16le', takes[`speech-${language}`]!]);
  }
  takes.fan = path.join(dir, 'fan.wav');
  takes['music-bed'] = path.join(dir, 'music-bed.m4a');
  await Promise.all([
    ffmpeg([
      '-i',
      takes['speech-en']!,
      '-filter_complex',
      'anoisesrc=color=pink:amplitude=0.06:r=44100:seed=5[fan];[0:a][fan]amix=2:normalize=0:duration=first,volume=10dB,alimiter=limit=0.99:level=false',
      '-ac',
      '1',
      '-c:a',
      'pcm_s16le',
      takes.fan,
    ]),
    ffmpeg([
      '-i',
      takes['speech-fr']!,
      '-f',
      'lavfi',
      '-i',
      'sine=f=220:r=44100,volume=0.05',
      '-f',
      'lavfi',
      '-i',
      'sine=f=330:r=44100,volume=0.04',
      '-filter_complex',
      '[0:a][1:a][2:a]amix=3:normalize=0:duration=first',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      takes['music-bed'],
    ]),
  ]);
  return takes;
}
