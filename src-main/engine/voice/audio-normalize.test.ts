import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';
import { recordTakes } from '../../../tests/support/voice-takes.js';
import { decodeVoice, measureFileLoudness, measureVoice, normalizeVoiceSamples } from './audio-normalize.js';
import { parseWav } from './pcm.js';

const work = tempDir('tp-normalize-');
afterAll(() => work.cleanup());
const file = (name: string): string => path.join(work.dir, name);

describe('normalising a decoded voice in memory', () => {
  let takes: Record<string, string> = {};
  beforeAll(async () => {
    takes = await recordTakes(work.dir);
  }, 120_000);

  it.each(['speech-en', 'speech-fr', 'speech-de', 'speech-ja', 'fan', 'music-bed'])(
    'brings %s to −14 LUFS under −1 dBTP, as ffmpeg measures the WAV it wrote, and reports the same figures',
    async (name) => {
      const samples = await decodeVoice(takes[name]!);
      const out = file(`${name}-voice.wav`);
      const voice = await normalizeVoiceSamples({ samples, measured: measureVoice(samples), outputPath: out });
      const written = await measureFileLoudness(out);
      // The search aims within 0.05 LU; only the −1 dBTP rule's turn-down (a few tenths) may take it lower.
      expect(written.lufs).toBeLessThanOrEqual(-13.85);
      expect(written.lufs).toBeGreaterThanOrEqual(-14.4);
      expect(written.truePeak).toBeLessThanOrEqual(-1);
      expect(Math.abs(voice.outputLufs! - written.lufs)).toBeLessThan(0.1);
      expect(Math.abs(voice.truePeakDbtp! - written.truePeak)).toBeLessThan(0.06);
      // 48 kHz mono 16-bit, as long as the take, and its 16 kHz samples a third as many.
      const wav = parseWav(readFileSync(out));
      expect(wav.sampleRate).toBe(48000);
      expect(wav.samples.length).toBe(samples.length);
      expect(voice.samples16k.length).toBe(Math.round(samples.length / 3));
      expect(voice.durationS).toBeCloseTo(samples.length / 48000, 3);
    },
  );

  it('turns a voice with room to spare up by gain alone, sample for sample', async () => {
    // A soft 200 Hz hum has a crest of 3 dB: −14 LUFS fits under −1 dBTP with no compression.
    const hum = Float32Array.from({ length: 48000 * 3 }, (_, i) => 0.02 * Math.sin((2 * Math.PI * 200 * i) / 48000));
    const measured = measureVoice(hum);
    const voice = await normalizeVoiceSamples({ samples: hum, measured, outputPath: file('hum.wav') });
    const gain = 10 ** ((-14 - measured.inputI) / 20);
    const wav = parseWav(readFileSync(file('hum.wav')));
    for (const i of [1000, 20_000, 100_000]) expect(wav.samples[i]! / 32768).toBeCloseTo(hum[i]! * gain, 4);
    expect(voice.outputLufs).toBeCloseTo(-14, 1);
    expect(voice.truePeakGainDb).toBe(0);
  });

  it('makes only the analysis samples when no WAV is asked for, and the WAV alone when no analysis is', async () => {
    const samples = await decodeVoice(takes['speech-en']!);
    const measured = measureVoice(samples);
    const analysisOnly = await normalizeVoiceSamples({ samples, measured });
    expect(analysisOnly.audioPath).toBeUndefined();
    expect(analysisOnly.samples16k.length).toBe(Math.round(samples.length / 3));
    const wavOnly = await normalizeVoiceSamples({ samples, measured, outputPath: file('wav-only.wav'), analysis: false });
    expect(wavOnly.samples16k.length).toBe(0);
    expect(wavOnly.durationS).toBeCloseTo(analysisOnly.durationS, 6);
  });

  it('refuses to normalise silence', async () => {
    const silence = new Float32Array(48000);
    await expect(normalizeVoiceSamples({ samples: silence, measured: measureVoice(silence) })).rejects.toThrow(/silence/);
  });
});
