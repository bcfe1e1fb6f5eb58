import { describe, expect, it } from 'vitest';
import { clauseTiming, fillWordTimes, splitStress, wordStarts } from './espeak-phones.js';
import type { EspeakEvent } from './espeak-process.js';
import { classOfPhone } from './phone-classes.js';

describe("eSpeak's events as phones and words", () => {
  it('reads stress marks off the vowel', () => {
    expect(splitStress('ˈaɪ')).toEqual({ ipa: 'aɪ', stress: 2 });
    expect(splitStress('ˌuː')).toEqual({ ipa: 'uː', stress: 1 });
    expect(splitStress('m')).toEqual({ ipa: 'm', stress: 0 });
  });

  it('finds each word in the text eSpeak read, in code points, even inside markup', () => {
    expect(wordStarts('Hi, 👋 you & me', ['Hi', 'you', 'me'])).toEqual([0, 6, 12]);
    expect(wordStarts('<speak>すし <voice name="cmn">東京</voice></speak>', ['すし', '東京'])).toEqual([7, 28]);
  });

  it('times phones from event to event, drops pauses and language switches, and gives each its word', () => {
    const events: EspeakEvent[] = [
      { type: 'word', ms: 0, pos: 0, len: 3 },
      { type: 'phoneme', ms: 10, pos: 0, ipa: 'm' },
      { type: 'phoneme', ms: 80, pos: 0, ipa: 'ˈɑː' },
      { type: 'phoneme', ms: 200, pos: 0, ipa: 'm' },
      { type: 'word', ms: 260, pos: 4, len: 3 },
      { type: 'phoneme', ms: 260, pos: 4, ipa: '' },
      { type: 'phoneme', ms: 300, pos: 4, ipa: 'b' },
      { type: 'phoneme', ms: 350, pos: 4, ipa: 'ˈuː' },
      { type: 'phoneme', ms: 500, pos: 8, ipa: '' },
      { type: 'end', ms: 520 },
    ];
    const timing = clauseTiming('Mom boo.', ['Mom', 'boo'], events, 0.6);
    expect(timing.phones).toEqual([
      { ipa: 'm', startS: 0.01, endS: 0.08, stress: 0, word: 0 },
      { ipa: 'ɑː', startS: 0.08, endS: 0.2, stress: 2, word: 0 },
      { ipa: 'm', startS: 0.2, endS: 0.26, stress: 0, word: 0 },
      { ipa: 'b', startS: 0.3, endS: 0.35, stress: 0, word: 1 },
      { ipa: 'uː', startS: 0.35, endS: 0.5, stress: 2, word: 1 },
    ]);
    expect(timing.words).toEqual([
      { startS: 0.01, endS: 0.26 },
      { startS: 0.3, endS: 0.5 },
    ]);
  });

  it('gives a word eSpeak spoke no phone for a share of its neighbours’ time', () => {
    const words = fillWordTimes(['one', 'two', 'three'], [{ startS: 1, endS: 1.4 }, undefined, { startS: 2, endS: 2.5 }], 1, 2.5, (w) => w.length);
    expect(words).toEqual([
      { text: 'one', startS: 1, endS: 1.4 },
      { text: 'two', startS: 1.4, endS: 2 },
      { text: 'three', startS: 2, endS: 2.5 },
    ]);
  });

  it('puts the phones of all eight languages in a mouth class', () => {
    // Hindi retroflexes and aspirates, Mandarin and Japanese vowels, Korean, Spanish, French nasals, German ü/ö.
    const cases: Array<[string, string]> = [
      ['p', 'closure'],
      ['bʱ', 'closure'],
      ['m', 'closure'],
      ['ɑː', 'open'],
      ['a', 'open'],
      ['ɐ', 'open'],
      ['ɑ̃', 'open'],
      ['uː', 'rounded'],
      ['ɔ̃', 'rounded'],
      ['y', 'rounded'],
      ['øː', 'rounded'],
      ['ɯᵝ', 'rounded'],
      ['w', 'rounded'],
      ['oʊ', 'rounded'],
      ['iː', 'spread'],
      ['e̞', 'spread'],
      ['ɛ̃', 'spread'],
      ['ɪ', 'spread'],
      ['ʃ', 'fricative'],
      ['f', 'fricative'],
      ['tɕ', 'fricative'],
      ['ʂ', 'fricative'],
      ['s', 'fricative'],
      ['ʈ', 'other'],
      ['ɖ', 'other'],
      ['n', 'other'],
      ['l', 'other'],
      ['k', 'other'],
      ['ŋ', 'other'],
      ['', 'silence'],
    ];
    for (const [ipa, cls] of cases) expect([ipa, classOfPhone(ipa)]).toEqual([ipa, cls]);
  });
});
