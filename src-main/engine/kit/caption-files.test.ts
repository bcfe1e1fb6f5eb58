import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { parseSync, type NodeCue } from 'subtitle';
import { afterEach, describe, expect, it } from 'vitest';

import { toSrt, toWebVtt, writeCaptionFiles } from './caption-files.js';
import { synthesizeSpeech } from '../voice/tts.js';
import { cuesFromSegments, cuesFromWords, type TimedWord } from './captions.js';

const SCRIPT = 'Say <b>bold</b> & brave things. Then say them again, louder, for the people at the back! Done.';

function fakeWords(script: string): { words: TimedWord[]; durationS: number } {
  const words: TimedWord[] = [];
  let t = 0;
  for (const text of script.split(/\s+/u)) {
    words.push({ text, startS: t, endS: t + 0.3 });
    t += 0.35;
  }
  return { words, durationS: t };
}

const parsedCues = (text: string): NodeCue['data'][] => parseSync(text).flatMap((node) => (node.type === 'cue' ? [node.data] : []));
const letters = (text: string): string => text.replace(/[\s\p{P}\p{S}]/gu, '');
const unescape = (text: string): string => text.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&amp;/gu, '&');

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

describe('caption files', () => {
  const { words, durationS } = fakeWords(SCRIPT);
  const cues = cuesFromWords(words, { durationS });

  it('writes SRT that an independent parser reads back with times inside the voice and the script words', () => {
    const srt = toSrt(cues);
    expect(srt.startsWith('1\n00:00:00,000 --> ')).toBe(true);
    expect(srt).not.toContain('\r');
    const parsed = parsedCues(srt);
    expect(parsed).toHaveLength(cues.length);
    let previousEnd = 0;
    for (const cue of parsed) {
      expect(cue.start).toBeGreaterThanOrEqual(previousEnd);
      expect(cue.end).toBeGreaterThan(cue.start);
      expect(cue.end).toBeLessThanOrEqual(Math.round(durationS * 1000));
      const lines = cue.text.split('\n');
      expect(lines.length).toBeLessThanOrEqual(2);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(42);
      previousEnd = cue.end;
    }
    expect(letters(parsed.map((c) => c.text).join(' '))).toBe(letters(SCRIPT));
  });

  it('writes WebVTT with its header, blank lines between cues and the same timings', () => {
    const vtt = toWebVtt(cues);
    expect(vtt.startsWith('WEBVTT\n\n00:00:00.000 --> ')).toBe(true);
    expect(vtt.split('\n\n')).toHaveLength(cues.length + 1);
    const parsed = parsedCues(vtt);
    expect(parsed.map((c) => [c.start, c.end])).toEqual(parsedCues(toSrt(cues)).map((c) => [c.start, c.end]));
    expect(letters(unescape(parsed.map((c) => c.text).join(' ')))).toBe(letters(SCRIPT));
  });

  it('escapes <b> and & in WebVTT so the script shows as text, never as markup', () => {
    const vtt = toWebVtt(cues);
    expect(vtt).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; brave');
    expect(vtt).not.toMatch(/<b>|&(?!amp;|lt;|gt;)/u);
  });

  it('formats exact timestamps, including hours', () => {
    const one = [{ startS: 1, endS: 3723.5, lines: ['hi'] }];
    expect(toSrt(one)).toBe('1\n00:00:01,000 --> 01:02:03,500\nhi\n');
    expect(toWebVtt(one)).toBe('WEBVTT\n\n00:00:01.000 --> 01:02:03.500\nhi\n');
    expect(toWebVtt([])).toBe('WEBVTT\n');
  });

  it('round-trips a recording captioned from segments', () => {
    const recording = cuesFromSegments(
      'First part. Second part is longer. Third!',
      [
        { startS: 0.2, endS: 1.5 },
        { startS: 2, endS: 5 },
      ],
      5.5,
    );
    const parsed = parsedCues(toWebVtt(recording));
    // "Third!" alone would flash for under 0.8 s, so it may share the previous cue.
    expect(parsed.length).toBeGreaterThanOrEqual(2);
    expect(letters(parsed.map((c) => c.text).join(' '))).toBe(letters('First part. Second part is longer. Third!'));
    expect(parsed.every((c) => c.start >= 200 && c.end <= 5500)).toBe(true);
  });

  it("keeps the script's punctuation and casing in the SRT of a spoken script", async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tp-captions-voice-'));
    const script = readFileSync(new URL('../../../resources/samples/script.txt', import.meta.url), 'utf8').trim();
    const voice = await synthesizeSpeech({ text: script, language: 'en', workDir: dir });
    const parsed = parsedCues(toSrt(cuesFromWords(voice.words, { durationS: voice.durationS })));
    expect(parsed.map((c) => c.text.replace(/\n/gu, ' ')).join(' ')).toBe(script);
    // The cue that used to read "Hello I am a talking photo made".
    expect(parsed[0]!.text).toMatch(/^Hello! I am a talking photo,/u);
  }, 30_000);

  it('writes Japanese captions without spaces between words, with their punctuation', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tp-captions-ja-'));
    const script = 'こんにちは、世界。今日は良い天気です！';
    const voice = await synthesizeSpeech({ text: script, language: 'ja', workDir: dir });
    const parsed = parsedCues(toWebVtt(cuesFromWords(voice.words, { durationS: voice.durationS })));
    expect(parsed.map((c) => c.text.replace(/\n/gu, '')).join('')).toBe(script);
  }, 30_000);

  describe('writeCaptionFiles', () => {
    it('writes both files under the base name and leaves no temp files behind', async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'tp-captions-'));
      const target = path.join(dir, 'kit', 'tiktok');
      const files = await writeCaptionFiles(cues, target, 'captions');
      expect(files).toEqual({ srt: path.join(target, 'captions.srt'), vtt: path.join(target, 'captions.vtt') });
      expect(await readFile(files.srt, 'utf8')).toBe(toSrt(cues));
      expect(await readFile(files.vtt, 'utf8')).toBe(toWebVtt(cues));
      expect((await readdir(target)).sort()).toEqual(['captions.srt', 'captions.vtt']);
    });

    it('refuses a base name that is a path', async () => {
      await expect(writeCaptionFiles(cues, tmpdir(), '../escape')).rejects.toThrow(/plain file name/u);
    });
  });
});
