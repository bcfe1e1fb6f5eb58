import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';
import { alignTranscript } from './forced-alignment.js';
import { synthesizeSpeech } from './tts.js';

const work = tempDir('tp-align-');
afterAll(() => work.cleanup());

const median = (values: number[]): number => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('forced alignment of a transcript to a recording', () => {
  it('places every phone within ~40 ms (median) of where it was spoken, across a different voice and speaking rate', async () => {
    const text = 'Peter picked a bubble for Mabel. Mom may buy more moped parts, but who knew you would move to the blue room?';
    // The "recording": eSpeak's male voice, slowly; its phone times are known exactly.
    const recording = await synthesizeSpeech({ text, language: 'en', voice: 'en-us', rate: 130, workDir: path.join(work.dir, 'recording') });
    const started = performance.now();
    // The reference is spoken by the female variant at the default rate (35 % faster).
    const aligned = await alignTranscript({
      samples: recording.analysis.samples,
      sampleRate: 16000,
      durationS: recording.durationS,
      transcript: text,
      language: 'en',
      voice: 'en-us+f3',
      workDir: work.dir,
    });
    const elapsedMs = performance.now() - started;
    const truth = recording.phones.phones;
    const got = aligned.phones.phones;
    expect(aligned.phones.method).toBe('aligned');
    expect(got.map((p) => p.ipa)).toEqual(truth.map((p) => p.ipa));
    const errors = got.map((p, i) => Math.abs(p.startS - truth[i]!.startS));
    expect(median(errors)).toBeLessThan(0.04);
    // Nine in ten within 80 ms: the lips' closures land on the right syllable.
    expect(errors.filter((e) => e < 0.08).length).toBeGreaterThan(0.9 * errors.length);
    const wordErrors = aligned.words.map((w, i) => Math.abs(w.startS - recording.words[i]!.startS));
    expect(aligned.words.map((w) => w.text)).toEqual(recording.words.map((w) => w.text));
    expect(median(wordErrors)).toBeLessThan(0.04);
    for (const [i, phone] of got.entries()) {
      expect(phone.endS).toBeGreaterThan(phone.startS);
      if (i > 0) expect(phone.startS).toBeGreaterThanOrEqual(got[i - 1]!.endS);
    }
    // eSpeak's start-up and synthesis included; generous for a shared CI machine.
    expect(elapsedMs).toBeLessThan(15_000);
  });
});

describe('phones on another word list', () => {
  it('points each phone at the word heard at its middle, and at none between words', async () => {
    const { phonesOnWords } = await import('./forced-alignment.js');
    const timeline = {
      method: 'aligned' as const,
      phones: [
        { ipa: 'h', startS: 0.1, endS: 0.2, stress: 0 as const, word: 0 },
        { ipa: 'aɪ', startS: 0.2, endS: 0.4, stress: 2 as const, word: 0 },
        { ipa: 'm', startS: 0.55, endS: 0.6, stress: 0 as const, word: 1 },
        { ipa: 'iː', startS: 0.9, endS: 1.1, stress: 2 as const, word: 1 },
      ],
    };
    const words = [
      { text: 'Hi', startS: 0.1, endS: 0.5 },
      { text: 'me', startS: 0.5, endS: 0.8 },
    ];
    expect(phonesOnWords(timeline, words).phones.map((p) => p.word)).toEqual([0, 0, 1, undefined]);
  });
});
