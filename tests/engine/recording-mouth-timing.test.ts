import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/fixtures.js';
import { buildMotionTrack } from '../../src-main/engine/animate/motion-track.js';
import { mediaTools } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { loadRecording, type RecordingVoice } from '../../src-main/engine/voice/recording.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';

/**
 * An own recording is cleaned up for the ear (RNNoise) but its mouth is timed from the
 * take before noise suppression: on real talking videos the cleaned take's loudness
 * followed the speaker's mouth far worse (tests/measure/real-clips.ts, LivePortrait d10
 * r 0.72 → 0.07). A take with loud noise bursts makes the two takes differ a lot, so the
 * mouth shows which one it was timed from.
 */

const work = tempDir('tp-mouth-timing-');
afterAll(() => work.cleanup());
const file = (name: string): string => path.join(work.dir, name);
const FPS = 25;
const MOTION = { expressiveness: 1, headMotion: 1, blinkRate: 1, mood: 'neutral' as const };

async function ffmpeg(args: string[]): Promise<void> {
  const result = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args]);
  if (result.code !== 0) throw new Error(result.stderr);
}

async function heard(wav: string): Promise<Float32Array> {
  const decoded = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-v', 'error', '-i', wav, '-ac', '1', '-ar', '16000', '-f', 'f32le', 'pipe:1']);
  const samples = new Float32Array(Math.floor(decoded.stdout.byteLength / 4));
  new Uint8Array(samples.buffer).set(decoded.stdout.subarray(0, samples.length * 4));
  return samples;
}

const mouthOf = (voice: RecordingVoice, frames: number) => buildMotionTrack(voice.analysis.samples, voice.analysis.sampleRate, voice.durationS, FPS, frames, MOTION, 7, voice.phones);

describe('an own recording cleaned up for the ear', () => {
  let raw: RecordingVoice;
  let cleaned: RecordingVoice;
  beforeAll(async () => {
    const speech = await synthesizeSpeech({ text: 'Maybe we should open the window. The room is warm, and the music is far too loud.', language: 'en', workDir: file('speech') });
    // 150 ms bursts of white noise every 0.7 s, as loud as the voice: a door, a cough, a knock.
    const bursts = "aevalsrc='0.25*(random(0)*2-1)*lt(mod(t,0.7),0.15)':s=44100:c=mono";
    await ffmpeg([
      '-i',
      speech.audioPath,
      '-f',
      'lavfi',
      '-i',
      bursts,
      '-filter_complex',
      '[0:a]aresample=44100,aformat=channel_layouts=mono[v];[v][1:a]amix=2:normalize=0:duration=first',
      '-c:a',
      'pcm_s16le',
      file('bursty-take.wav'),
    ]);
    [raw, cleaned] = await Promise.all([
      loadRecording({ file: file('bursty-take.wav'), workDir: file('raw') }),
      loadRecording({ file: file('bursty-take.wav'), workDir: file('clean'), cleanup: true }),
    ]);
  }, 120_000);

  it('times the mouth from the take before noise suppression while the viewer hears the cleaned take', async () => {
    expect(cleaned.cleanup).toBeDefined();
    const frames = Math.floor(raw.durationS * FPS);
    const worstDifference = (a: Float32Array, b: Float32Array): number => a.reduce((worst, v, k) => Math.max(worst, Math.abs(v - b[k]!)), 0);
    // What the viewer hears is the cleaned take: a mouth timed from it would move visibly
    // differently (more than 0.02 eye distances somewhere; 0.07 when measured)...
    const asHeard = buildMotionTrack(await heard(cleaned.audioPath), 16000, cleaned.durationS, FPS, frames, MOTION, 7, cleaned.phones);
    expect(worstDifference(asHeard.mouthGap, mouthOf(raw, frames).mouthGap)).toBeGreaterThan(0.02);
    // ...but the mouth moves as it does for the take as recorded: the same phones, the same jaw and lips.
    expect(cleaned.phones.phones.map((p) => p.ipa)).toEqual(raw.phones.phones.map((p) => p.ipa));
    const a = mouthOf(raw, frames);
    const b = mouthOf(cleaned, frames);
    expect(b.mouthSource).toBe('phones');
    expect(worstDifference(b.mouthGap, a.mouthGap)).toBeLessThan(0.005);
    expect(worstDifference(b.jawOpen, a.jawOpen)).toBeLessThan(0.005);
  });
});
