import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';
import { ffmpeg, ffmpegFloats, MONO_48K } from '../../../tests/support/voice-takes.js';
import { mediaTools } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { resample } from './resample.js';

const work = tempDir('tp-resample-');
afterAll(() => work.cleanup());

/** Error power relative to the reference's, dB (the take starts and ends loud: its edges count too). */
function errorDb(reference: Float32Array, candidate: Float32Array): number {
  let error = 0;
  let power = 0;
  for (let i = 0; i < reference.length; i += 1) {
    error += (reference[i]! - (candidate[i] ?? 0)) ** 2;
    power += reference[i]! ** 2;
  }
  return 10 * Math.log10(error / power);
}

function levelDb(samples: Float32Array): number {
  return 10 * Math.log10(samples.reduce((sum, v) => sum + v * v, 0) / samples.length);
}

const tone = (hz: number, rate: number, seconds: number): Float32Array => Float32Array.from({ length: rate * seconds }, (_, i) => Math.sin((2 * Math.PI * hz * i) / rate));

describe('resampling a voice in memory', () => {
  let take = '';
  beforeAll(async () => {
    // Speech-like: a buzz with harmonics to 20 kHz under pink noise, 3 s at 44.1 kHz.
    take = path.join(work.dir, 'take.wav');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'aevalsrc=0.3*(2*mod(140*t\\,1)-1):s=44100:d=3',
      '-f',
      'lavfi',
      '-i',
      'anoisesrc=color=pink:amplitude=0.1:r=44100:d=3:seed=3',
      '-filter_complex',
      'amix=2:normalize=0',
      take,
    ]);
  });

  it('makes the 16 kHz analysis samples as ffmpeg did, sample for sample and as many', async () => {
    const decoded = await ffmpegFloats(take, MONO_48K);
    const reference = await ffmpegFloats(take, `${MONO_48K},aresample=16000`);
    const ours = resample(decoded, 48000, 16000);
    expect(ours.length).toBe(reference.length);
    expect(errorDb(reference, ours)).toBeLessThan(-90);
  });

  it("brings eSpeak's 22.05 kHz to 48 kHz as ffmpeg did, sample for sample and as many", async () => {
    const at22k = await ffmpegFloats(take, 'aformat=sample_fmts=fltp:sample_rates=22050:channel_layouts=mono');
    const raw = path.join(work.dir, 'speech-22k.f32');
    writeFileSync(raw, Buffer.from(at22k.buffer));
    // A raw float file needs its format named before -i.
    const result = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-v', 'error', '-f', 'f32le', '-ar', '22050', '-ac', '1', '-i', raw, '-af', MONO_48K, '-f', 'f32le', 'pipe:1']);
    const at48k = new Float32Array(result.stdout.byteLength / 4);
    new Uint8Array(at48k.buffer).set(result.stdout);
    const ours = resample(at22k, 22050, 48000);
    expect(ours.length).toBe(at48k.length);
    expect(errorDb(at48k, ours)).toBeLessThan(-90);
  });

  it('keeps the mouth free of aliasing: a 12 kHz hiss does not fold into the 16 kHz samples, a 3 kHz tone passes whole', () => {
    const hiss = resample(tone(12000, 48000, 1), 48000, 16000);
    const voice = resample(tone(3000, 48000, 1), 48000, 16000);
    const sineLevel = 10 * Math.log10(0.5);
    expect(levelDb(hiss.subarray(200, -200)) - sineLevel).toBeLessThan(-60);
    expect(Math.abs(levelDb(voice.subarray(200, -200)) - sineLevel)).toBeLessThan(0.05);
  });
});
