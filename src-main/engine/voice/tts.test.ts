import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';
import { probeMedia } from '../media/probe.js';
import { measureFileLoudness } from './audio-normalize.js';
import { synthesizeSpeech } from './tts.js';
import { listVoices } from './voice-catalog.js';
import type { Voice } from './voice.js';

const work = tempDir('tp-tts-');
afterAll(() => work.cleanup());

function rms(samples: Float32Array, sampleRate: number, fromS: number, toS: number): number {
  const from = Math.max(0, Math.floor(fromS * sampleRate));
  const to = Math.min(samples.length, Math.ceil(toS * sampleRate));
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

/** eSpeak worker processes that are children of this test process (`ps` is POSIX). */
function espeakChildren(): string[] {
  if (process.platform === 'win32') return [];
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('espeak-worker'));
}

const ENGLISH = 'Hello there, I am your talking photo. Today we look at three quick tips!';
// Captions show the script's own words, punctuation included.
const ENGLISH_WORDS = ['Hello', 'there,', 'I', 'am', 'your', 'talking', 'photo.', 'Today', 'we', 'look', 'at', 'three', 'quick', 'tips!'];

describe('offline text-to-speech', () => {
  let english: Voice;
  beforeAll(async () => {
    english = await synthesizeSpeech({ text: ENGLISH, language: 'en', workDir: path.join(work.dir, 'en') });
  });

  it('speaks an English script with word timings inside the audio', async () => {
    const probed = await probeMedia(english.audioPath);
    expect(probed.streams[0]).toMatchObject({ codecType: 'audio', codecName: 'pcm_s16le', sampleRate: 48000, channels: 1 });
    expect(probed.durationS).toBeCloseTo(english.durationS, 1);
    expect(english.analysis.samples.length / 16000).toBeCloseTo(english.durationS, 2);
    expect(english).toMatchObject({ source: 'tts', sampleRate: 48000, engine: { name: 'espeak-ng', voice: 'en-us', license: 'GPL-3.0-or-later' } });
    expect(english.engine.version).toMatch(/^\d+\.\d+/);

    const { words, durationS } = english;
    expect(words.map((w) => w.text)).toEqual(ENGLISH_WORDS);
    for (const [i, word] of words.entries()) {
      expect(word.startS).toBeGreaterThanOrEqual(0);
      expect(word.endS).toBeLessThanOrEqual(durationS);
      expect(word.endS).toBeGreaterThan(word.startS);
      if (i > 0) expect(word.startS).toBeGreaterThanOrEqual(words[i - 1]!.endS);
    }
    // The words fill the audio except the pauses we put between clauses and at both ends.
    const spoken = words.reduce((sum, w) => sum + (w.endS - w.startS), 0);
    expect(spoken / durationS).toBeGreaterThan(0.7);
    expect(spoken / durationS).toBeLessThan(1);
    // Every word is where there is sound, and the lead-in before the first is quiet.
    const samples = english.analysis.samples;
    for (const word of words) expect(rms(samples, 16000, word.startS, word.endS)).toBeGreaterThan(0.02);
    expect(rms(samples, 16000, 0, words[0]!.startS - 0.02)).toBeLessThan(0.005);
  });

  it("times every phone from eSpeak's own events: in order, inside its word, audible, stressed vowels marked", () => {
    const { phones, method } = english.phones;
    expect(method).toBe('synthesizer');
    // "Hello there, I am your talking photo…": ~45 phones.
    expect(phones.length).toBeGreaterThan(35);
    for (const [i, phone] of phones.entries()) {
      expect(phone.endS).toBeGreaterThan(phone.startS);
      if (i > 0) expect(phone.startS).toBeGreaterThanOrEqual(phones[i - 1]!.endS - 1e-9);
      expect(phone.ipa).not.toMatch(/[ˈˌ]/u);
      const word = english.words[phone.word!]!;
      // The word shown while the phone is heard (eSpeak reads "I am" as one word; captions share it).
      const middle = (phone.startS + phone.endS) / 2;
      expect(middle).toBeGreaterThanOrEqual(word.startS);
      expect(middle).toBeLessThanOrEqual(word.endS);
    }
    expect(phones.filter((p) => p.stress === 2).length).toBeGreaterThanOrEqual(8);
    // "photo" is f-oʊ-ɾ-oʊ (or t): its first phone is the f, and the lips' m of "am" is there.
    const photo = english.words.findIndex((w) => w.text === 'photo.');
    expect(phones.find((p) => p.word === photo)?.ipa).toBe('f');
    const am = english.words.findIndex((w) => w.text === 'am');
    const m = phones.find((p) => p.word === am && p.ipa === 'm')!;
    expect(m).toBeDefined();
    // A nasal is voiced: the audio is loud while eSpeak says it speaks the m.
    expect(rms(english.analysis.samples, 16000, m.startS, m.endS)).toBeGreaterThan(0.01);
  });

  it('keeps a number eSpeak reads as several words as one caption word, timed over all of them', async () => {
    const voice = await synthesizeSpeech({ text: 'In 2024 we sold 3 cars.', language: 'en', workDir: path.join(work.dir, 'numbers') });
    expect(voice.words.map((w) => w.text)).toEqual(['In', '2024', 'we', 'sold', '3', 'cars.']);
    const year = voice.phones.phones.filter((p) => p.word === 1);
    // "two thousand twenty four": a dozen phones and well over half a second.
    expect(year.length).toBeGreaterThan(12);
    expect(voice.words[1]!.endS - voice.words[1]!.startS).toBeGreaterThan(0.6);
    expect(year[0]!.startS).toBeCloseTo(voice.words[1]!.startS, 2);
  });

  it('normalises the voice to about -14 LUFS, measured by ffmpeg ebur128', async () => {
    const { lufs, truePeak } = await measureFileLoudness(english.audioPath);
    expect(Math.abs(lufs - -14)).toBeLessThanOrEqual(1.5);
    // The −1 dBTP rule holds for speech too (eSpeak's English rose to −0.8 dBTP between samples).
    expect(truePeak).toBeLessThanOrEqual(-1);
    expect(english.loudness.outputLufs).toBeCloseTo(lufs, 0);
    expect(Math.abs(english.loudness.truePeakDbtp! - truePeak)).toBeLessThan(0.06);
    expect(english.loudness.inputLufs).toBeLessThan(-16);
  });

  it.each([
    ['hi', 'नमस्ते दुनिया, आप कैसे हैं। मैं ठीक हूँ।'],
    ['ja', 'こんにちは、世界。今日は良い天気です。'],
    ['zh', '你好，世界。今天天气很好！'],
    ['ko', '안녕하세요, 만나서 정말 반갑습니다'],
    ['es', 'Hola, buenos días a todos'],
    ['fr', 'Un bon vin blanc, un grand pont'],
    ['de', 'Schöne Grüße aus München, bis bald'],
  ] as const)('speaks a %s script as audible speech with timed words', async (language, text) => {
    const voice = await synthesizeSpeech({ text, language, workDir: path.join(work.dir, language) });
    expect(voice.durationS).toBeGreaterThan(1.5);
    expect(rms(voice.analysis.samples, 16000, 0, voice.durationS)).toBeGreaterThan(0.03);
    expect(voice.words.length).toBeGreaterThanOrEqual(4);
    expect(voice.words.map((w) => w.text).join('')).toBe(text.replace(/\s/gu, ''));
    expect(voice.engine.voice).toBe(listVoices(language)[0]?.id);
    // Phones from eSpeak's events in every language, each inside the audio and with its word.
    expect(voice.phones.method).toBe('synthesizer');
    expect(voice.phones.phones.length).toBeGreaterThanOrEqual(2 * voice.words.length);
    const spoken = new Set(voice.phones.phones.map((p) => p.word));
    expect(spoken.size).toBeGreaterThanOrEqual(voice.words.length - 1);
    for (const phone of voice.phones.phones) expect(phone.endS).toBeLessThanOrEqual(voice.durationS);
  });

  it('speaks with a chosen variant voice', async () => {
    const female = await synthesizeSpeech({ text: 'Hello there.', language: 'en', voice: 'EN-US+F3', workDir: path.join(work.dir, 'f3') });
    expect(female.engine.voice).toBe('en-us+f3');
    expect(female.words.map((w) => w.text)).toEqual(['Hello', 'there.']);
  });

  it.each([
    ['', 'en', undefined, 'SCRIPT_EMPTY'],
    ['  \n\t ', 'en', undefined, 'SCRIPT_EMPTY'],
    ['a'.repeat(5001), 'en', undefined, 'SCRIPT_TOO_LONG'],
    ['!!! ... 🙂🎉', 'en', undefined, 'SCRIPT_NOT_SPEAKABLE'],
    ['Hello', 'xx', undefined, 'LANGUAGE_UNSUPPORTED'],
    ['Hello', 'en', 'robot', 'VOICE_UNKNOWN'],
  ] as const)('refuses %j (%s, voice %s) with %s', async (text, language, voice, code) => {
    const attempt = synthesizeSpeech({ text, language: language as 'en', voice, workDir: path.join(work.dir, 'bad') });
    await expect(attempt).rejects.toMatchObject({ code });
  });

  it('names the valid choices when the language or voice is unknown', async () => {
    await expect(synthesizeSpeech({ text: 'Hi', language: 'xx' as 'en', workDir: work.dir })).rejects.toThrow(/en, hi, es, fr, de, ja, ko, zh/);
    await expect(synthesizeSpeech({ text: 'Hi', language: 'de', voice: 'en-us', workDir: work.dir })).rejects.toThrow(/de, de\+f3/);
  });

  it('refuses a script that takes longer than six minutes to speak with SPEECH_TOO_LONG', async () => {
    // 4,900 characters at eSpeak's slowest rate is about eleven minutes of speech.
    const sentence = 'the quick brown fox jumps over the lazy dog and keeps on running through the long green field ';
    const text = sentence.repeat(Math.floor(4900 / sentence.length));
    // It stops as soon as the limit is passed instead of speaking the whole script: only a
    // stop part-way says "more than" (the whole script spoken would say "about N seconds").
    await expect(synthesizeSpeech({ text, language: 'en', rate: 80, workDir: path.join(work.dir, 'long') })).rejects.toMatchObject({
      code: 'SPEECH_TOO_LONG',
      message: expect.stringMatching(/takes more than \d+ seconds.*Shorten the script/),
    });
  });

  it('cancels mid-synthesis with CANCELLED and leaves no eSpeak process or scratch files', async () => {
    const controller = new AbortController();
    const text = Array.from({ length: 40 }, (_, i) => `This is sentence number ${i + 1}.`).join(' ');
    const workDir = path.join(work.dir, 'cancel');
    let sawProgress = false;
    const attempt = synthesizeSpeech({
      text,
      language: 'en',
      workDir,
      signal: controller.signal,
      onProgress: (percent) => {
        if (percent > 0 && !sawProgress) {
          sawProgress = true;
          if (process.platform !== 'win32') expect(espeakChildren()).toHaveLength(1);
          controller.abort();
        }
      },
    });
    await expect(attempt).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(sawProgress).toBe(true);
    expect(espeakChildren()).toEqual([]);
    expect(existsSync(workDir) ? readdirSync(workDir) : []).toEqual([]);
  });
});
