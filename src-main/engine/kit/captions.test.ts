import { describe, expect, it } from 'vitest';

import { columns, cuesFromSegments, cuesFromWords, splitSentences, type Cue, type TimedWord } from './captions.js';

/** Fake TTS timings: ~60 ms per character, a longer gap after sentence ends. */
function fakeWords(script: string): { words: TimedWord[]; durationS: number } {
  const words: TimedWord[] = [];
  let t = 0.1;
  for (const text of script.split(/\s+/u).filter((w) => w !== '')) {
    const endS = t + 0.06 * Array.from(text).length + 0.05;
    words.push({ text, startS: t, endS });
    t = endS + (/[.!?]$/u.test(text) ? 0.45 : 0.05);
  }
  return { words, durationS: t + 0.2 };
}

const letters = (text: string): string => text.replace(/[\s\p{P}]/gu, '');

function expectWellFormed(cues: Cue[], durationS: number): void {
  let previousEnd = 0;
  for (const cue of cues) {
    expect(cue.startS).toBeGreaterThanOrEqual(previousEnd);
    expect(cue.endS).toBeGreaterThan(cue.startS);
    expect(cue.endS).toBeLessThanOrEqual(durationS);
    expect(cue.lines.length).toBeGreaterThanOrEqual(1);
    expect(cue.lines.length).toBeLessThanOrEqual(2);
    for (const line of cue.lines) expect(columns(line)).toBeLessThanOrEqual(42);
    previousEnd = cue.endS;
  }
}

const SCRIPT =
  'Hello, I am your talking photo. Today we look at three ways to grow an audience without spending a cent, ' +
  'and why consistency beats perfection every single time. First: post at the same hour. Second, answer every comment! ' +
  'Third? Keep it short.';

describe('cuesFromWords', () => {
  it('keeps every cue inside the voice, in order, within 2 lines of 42 columns, with the script words in order', () => {
    const { words, durationS } = fakeWords(SCRIPT);
    const cues = cuesFromWords(words, { durationS });
    expectWellFormed(cues, durationS);
    expect(letters(cues.flatMap((c) => c.lines).join(''))).toBe(letters(SCRIPT));
  });

  it('ends a cue at a sentence end rather than running into the next sentence', () => {
    const { words, durationS } = fakeWords(SCRIPT);
    const cues = cuesFromWords(words, { durationS });
    const starts = cues.map((c) => c.lines[0]!);
    expect(starts.some((line) => line.startsWith('Today'))).toBe(true);
    expect(cues.some((c) => c.lines.join(' ').endsWith('photo.'))).toBe(true);
  });

  it('breaks at a pause longer than 0.3 s', () => {
    const words: TimedWord[] = [
      { text: 'one', startS: 0, endS: 0.5 },
      { text: 'two', startS: 0.5, endS: 1 },
      { text: 'three', startS: 1.6, endS: 2.2 },
      { text: 'four', startS: 2.2, endS: 3 },
    ];
    const cues = cuesFromWords(words, { durationS: 3 });
    expect(cues.map((c) => c.lines.join(' '))).toEqual(['one two', 'three four']);
  });

  it('balances two lines instead of filling the first', () => {
    const text = 'a quick brown fox jumps over the lazy dog and then runs far away';
    const { words, durationS } = fakeWords(text);
    const cue = cuesFromWords(words, { durationS })[0]!;
    expect(cue.lines).toHaveLength(2);
    expect(Math.abs(cue.lines[0]!.length - cue.lines[1]!.length)).toBeLessThanOrEqual(10);
  });

  it('hard-wraps only a word longer than 42 characters', () => {
    const long = 'x'.repeat(100);
    const { words, durationS } = fakeWords(`short ${long} end`);
    const cues = cuesFromWords(words, { durationS });
    expectWellFormed(cues, durationS);
    expect(letters(cues.flatMap((c) => c.lines).join(''))).toBe(letters(`short${long}end`));
    expect(cues.flatMap((c) => c.lines)).toContain('short');
  });

  it('keeps cues at most 6 s where the words allow and holds short ones for 0.8 s', () => {
    const slow: TimedWord[] = Array.from({ length: 12 }, (_, i) => ({ text: 'hi', startS: i, endS: i + 0.95 }));
    const cues = cuesFromWords(slow, { durationS: 12 });
    expectWellFormed(cues, 12);
    for (const cue of cues) expect(cue.endS - cue.startS).toBeLessThanOrEqual(6);
    const single = cuesFromWords([{ text: 'Yes.', startS: 0, endS: 0.2 }], { durationS: 2 });
    expect(single[0]!.endS).toBeCloseTo(0.8);
  });

  it('handles a 5000-character script of word timings quickly', () => {
    const sentence = 'Consistency beats perfection, so publish something useful every day. ';
    const script = sentence.repeat(Math.ceil(5000 / sentence.length));
    const { words, durationS } = fakeWords(script);
    const started = performance.now();
    const cues = cuesFromWords(words, { durationS });
    expect(performance.now() - started).toBeLessThan(500);
    expectWellFormed(cues, durationS);
    expect(letters(cues.flatMap((c) => c.lines).join(''))).toBe(letters(script));
  });

  it('joins Japanese and Chinese words without spaces and keeps the spaces of Korean and Latin', () => {
    const timed = (texts: string[]): TimedWord[] => texts.map((text, i) => ({ text, startS: i * 0.3, endS: i * 0.3 + 0.25 }));
    const line = (texts: string[]) => cuesFromWords(timed(texts), { durationS: 10 }).map((c) => c.lines.join(''));
    expect(line(['今日', 'は', '「いい」', '天気', 'です。'])).toEqual(['今日は「いい」天気です。']);
    expect(line(['我在', 'YouTube', '发布', '了', '50%', '的', '视频。'])).toEqual(['我在YouTube发布了50%的视频。']);
    expect(line(['사과', '3개와', '배', '두', '개.'])).toEqual(['사과 3개와 배 두 개.']);
    expect(line(['Hello,', 'I', 'am', 'here.'])).toEqual(['Hello, I am here.']);
  });

  it('wraps CJK text by characters, counting each as 2 columns', () => {
    const text = '今天我们来谈谈如何在不花钱的情况下扩大你的受众群体，以及为什么坚持比完美更重要。';
    const cues = cuesFromWords([{ text, startS: 0, endS: 5 }], { durationS: 5 });
    expectWellFormed(cues, 5);
    for (const line of cues.flatMap((c) => c.lines)) expect(Array.from(line).length).toBeLessThanOrEqual(21);
    expect(cues.flatMap((c) => c.lines).join('')).toBe(text);
    expect(cues.flatMap((c) => c.lines).every((line) => !/^[，。]/u.test(line))).toBe(true);
  });
});

describe('cuesFromSegments', () => {
  it('returns no cues without a script, since a recording has no transcript', () => {
    expect(cuesFromSegments(undefined, [{ startS: 0, endS: 2 }], 2)).toEqual([]);
    expect(cuesFromSegments('  ', [{ startS: 0, endS: 2 }], 2)).toEqual([]);
  });

  it('spreads 3 sentences over 2 speech segments by sentence length', () => {
    const script = 'Hi there. This second sentence is quite a bit longer than the first! And a third?';
    const segments = [
      { startS: 0.5, endS: 2.5 },
      { startS: 3.2, endS: 8 },
    ];
    const cues = cuesFromSegments(script, segments, 9);
    expectWellFormed(cues, 9);
    expect(letters(cues.flatMap((c) => c.lines).join(''))).toBe(letters(script));
    expect(cues[0]!.startS).toBeCloseTo(0.5);
    expect(cues[0]!.lines.join(' ')).toBe('Hi there.');
    // The long sentences belong to the long segment.
    const second = cues.find((c) => c.lines.join(' ').startsWith('This'))!;
    expect(second.startS).toBeGreaterThanOrEqual(2.5);
  });

  it('merges segments across the shortest silences when there are more segments than sentences', () => {
    const cues = cuesFromSegments(
      'One sentence only.',
      [
        { startS: 0, endS: 1 },
        { startS: 1.1, endS: 2 },
        { startS: 3, endS: 4 },
      ],
      4,
    );
    expect(cues).toHaveLength(1);
    expect(cues[0]!.startS).toBe(0);
    expect(cues[0]!.endS).toBe(4);
  });

  it('splits sentences at Hindi danda, CJK stops and ellipses but not inside numbers', () => {
    expect(splitSentences('नमस्ते। आप कैसे हैं?')).toEqual(['नमस्ते।', 'आप कैसे हैं?']);
    expect(splitSentences('你好。你好吗？好！')).toEqual(['你好。', '你好吗？', '好！']);
    expect(splitSentences('Pi is 3.14… Right?')).toEqual(['Pi is 3.14…', 'Right?']);
  });
});
