import type { VoiceWord } from './voice.js';

/**
 * Word timings for synthesised speech without a forced aligner: eSpeak tells us where
 * each clause starts and ends (one run per clause), and its phoneme output tells us how
 * long each word is relative to its neighbours. Good enough to time captions and to
 * keep a word on screen while it is heard; not a phonetic alignment.
 */

// IPA vowel letters (eSpeak's --ipa output). Vowels carry most of a word's duration:
// eSpeak's English vowels last ~90–160 ms, its consonants ~50–90 ms, hence the weights.
const VOWELS = new Set([...'aeiouyæɑɐɒɔəɘɚɛɜɝɞɤɨɪʉʊʌʏøœɶɯɵɷäëïöü']);
const VOWEL_WEIGHT = 1.6;
const CONSONANT_WEIGHT = 1;
/** The IPA length mark (ː) roughly doubles a vowel's duration in eSpeak's tables. */
const LENGTH_WEIGHT = 0.8;

/** Relative spoken length of one word from its eSpeak IPA, 0 when it holds no phoneme. */
export function phonemeWeight(ipa: string): number {
  // Language switches like "(en)" and pause marks "_" are not sounds.
  const cleaned = ipa.replace(/\([a-z-]+\)/g, '').replace(/_/g, '');
  let weight = 0;
  for (const ch of cleaned) {
    if (VOWELS.has(ch)) weight += VOWEL_WEIGHT;
    else if (ch === 'ː') weight += LENGTH_WEIGHT;
    else if (/\p{L}/u.test(ch) && ch !== 'ˈ' && ch !== 'ˌ') weight += CONSONANT_WEIGHT;
  }
  return weight;
}

/** Letters (and digits) a word is written with: the fallback weight. */
export function letterWeight(word: string): number {
  const letters = word.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  return Math.max(1, letters);
}

/** eSpeak's IPA for one clause, as words (it separates words by spaces, clauses by lines). */
export function ipaWords(ipa: string): string[] {
  return ipa
    .split(/\s+/u)
    .filter((w) => phonemeWeight(w) > 0);
}

export interface WordWeights {
  weights: number[];
  /** 'phonemes' when eSpeak's words lined up one-to-one with the script's. */
  basis: 'phonemes' | 'letters';
}

/**
 * One weight per script word. eSpeak's words line up with ours unless it expanded a
 * number ("2024" → four words) or merged function words ("of the" → one): then the
 * clause falls back to letter counts rather than guessing an alignment.
 */
export function wordWeights(words: readonly string[], clauseIpa: string): WordWeights {
  const spoken = ipaWords(clauseIpa);
  if (spoken.length === words.length && spoken.length > 0) {
    return { weights: spoken.map(phonemeWeight), basis: 'phonemes' };
  }
  return { weights: words.map(letterWeight), basis: 'letters' };
}

/** Spreads [startS, endS] over the words in proportion to their weights: contiguous, in order. */
export function distributeWords(words: readonly string[], weights: readonly number[], startS: number, endS: number): VoiceWord[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const span = Math.max(0, endS - startS);
  const timed: VoiceWord[] = [];
  let cumulative = 0;
  for (const [i, text] of words.entries()) {
    const weight = total > 0 ? (weights[i] ?? 0) : 1;
    const denominator = total > 0 ? total : words.length;
    const wordStart = startS + (cumulative / denominator) * span;
    cumulative += weight;
    const wordEnd = i === words.length - 1 ? endS : startS + (cumulative / denominator) * span;
    timed.push({ text, startS: round(wordStart), endS: round(Math.max(wordStart, wordEnd)) });
  }
  return timed;
}

/** Milliseconds are plenty for captions, and keep JSON small. */
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
