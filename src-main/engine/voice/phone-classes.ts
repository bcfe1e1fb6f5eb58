/**
 * The handful of phone classes a mouth can tell apart, and which class each eSpeak IPA
 * phone falls in: what the audio-only estimate produces and is scored against.
 */

export type PhoneClass = 'silence' | 'closure' | 'open' | 'rounded' | 'spread' | 'fricative' | 'other';

export const PHONE_CLASSES: readonly PhoneClass[] = ['silence', 'closure', 'open', 'rounded', 'spread', 'fricative', 'other'];

/** The phone an audio-only timeline writes for each class (PhoneTimeline's contract). */
export const CLASS_PHONE: Record<PhoneClass, string> = {
  silence: '',
  closure: 'm',
  open: 'a',
  rounded: 'u',
  spread: 'i',
  fricative: 's',
  other: 't',
};

const CLOSURES = new Set(['p', 'b', 'm', 'pʰ', 'bʱ', 'pː', 'bː', 'mː', 'ɓ']);
const FRICATIVES = new Set([...'fvszʃʒθðxçhɕʑʂʐχʁɸβ', 'ts', 'dz', 'tʃ', 'dʒ', 'tɕ', 'dʑ', 'tʂ', 'pf', 'tsʰ', 'tɕʰ', 'tʂʰ']);
// Vowels by their lips and jaw: rounded (u o ɔ ʊ y ø œ ɵ and w), open (a ɑ æ ʌ ɐ ɒ), the rest spread.
const ROUNDED_VOWELS = /^[uoɔʊyøœɵɤɯᵝwʷ]/u;
const OPEN_VOWELS = /^[aɑæʌɐɒɶ]/u;
const VOWELS = /[aeiouyæɑɐɒɔəɘɚɛɜɝɞɤɨɪʉʊʌʏøœɶɯɵɷ]/u;

/** Which mouth class an eSpeak phone (stress marks already removed) belongs to. */
export function classOfPhone(ipa: string): PhoneClass {
  if (ipa === '') return 'silence';
  const base = ipa.normalize('NFD').replace(/[\u0300-\u036f]/gu, '');
  if (CLOSURES.has(ipa) || CLOSURES.has(base)) return 'closure';
  if (base.startsWith('w')) return 'rounded';
  if (VOWELS.test(base[0] ?? '') || /^[aeiouy]/u.test(base)) {
    if (OPEN_VOWELS.test(base)) return 'open';
    // A diphthong is classed by where it starts: the mouth is there first.
    if (ROUNDED_VOWELS.test(base)) return 'rounded';
    return 'spread';
  }
  if (FRICATIVES.has(ipa) || FRICATIVES.has(base) || FRICATIVES.has(base[0] ?? '')) return 'fricative';
  return 'other';
}
