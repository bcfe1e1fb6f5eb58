import { describe, expect, it } from 'vitest';
import { distributeWords, phonemeWeight, wordWeights } from './word-timing.js';

describe('word timing', () => {
  it('weighs a word by its phonemes, vowels more than consonants', () => {
    // "strength" (one vowel, many consonants) vs "area" (mostly vowels): same letter count class.
    expect(phonemeWeight('ˈɛ')).toBeGreaterThan(phonemeWeight('s'));
    expect(phonemeWeight('bˈiː')).toBeGreaterThan(phonemeWeight('bˈɪ'));
    expect(phonemeWeight('_(en)')).toBe(0);
  });

  it("uses eSpeak's words when they line up with the script's and letters when they do not", () => {
    expect(wordWeights(['hello', 'world'], 'həlˈoʊ wˈɜːld\n').basis).toBe('phonemes');
    // "2024" is one script word but four spoken ones.
    const fallback = wordWeights(['in', '2024'], 'ɪn tˈuː θˈaʊzənd twˈɛnti fˈoːɹ\n');
    expect(fallback).toEqual({ weights: [2, 4], basis: 'letters' });
  });

  it('spreads a span over words in order, contiguous and inside the span', () => {
    const words = distributeWords(['a', 'bb', 'c'], [1, 2, 1], 1, 3);
    expect(words).toEqual([
      { text: 'a', startS: 1, endS: 1.5 },
      { text: 'bb', startS: 1.5, endS: 2.5 },
      { text: 'c', startS: 2.5, endS: 3 },
    ]);
  });
});
