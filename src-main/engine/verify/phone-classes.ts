/**
 * The mouth each phone calls for, as a viewer judges it: lips shut (p b m), jaw open
 * (a), lips rounded (u o w) or spread (i e). The verifier keeps its own short list
 * rather than reading the animation's viseme map, so a mistake in that map shows up as a
 * failed measure instead of being measured against itself.
 */

export type MouthClass = 'closed' | 'open' | 'rounded' | 'spread' | 'other' | 'silence';

const CLOSED = new Set(['p', 'b', 'm', 'ɓ', 'ʙ']);
/** Open vowels (a-like), the first element of a diphthong deciding: "aɪ" opens, "eɪ" does not. */
const OPEN = new Set(['a', 'ɑ', 'æ', 'ɐ', 'ɒ', 'ä', 'ɶ']);
/** Rounded vowels and glides across the eight languages: English u/o/w, French/German ü ö, Japanese ɯ is not rounded. */
const ROUNDED = new Set(['u', 'ʊ', 'o', 'ɔ', 'w', 'y', 'ʏ', 'ø', 'œ', 'ɵ', 'ʉ', 'ɥ']);
const SPREAD = new Set(['i', 'ɪ', 'e', 'ɛ']);

/** Stress and length marks, ties, syllabic/nasal/aspiration diacritics: none changes the lips' class. */
// The combining marks (syllabic, non-syllabic, voiceless, voiced, nasal, tie) are escaped in a class of
// their own: typed raw after another character they merge with it on screen.
const MARKS = /[ˈˌːˑ‿ʰʱʲʷ'",:;.]|[\u0303\u0325\u0329\u032C\u032F\u0361]/gu;

/** The class of one phone as eSpeak NG writes it in IPA ("" is silence). */
export function mouthClassOf(ipa: string): MouthClass {
  const bare = ipa.normalize('NFD').replace(MARKS, '').trim();
  if (!bare) return 'silence';
  const first = [...bare][0]!;
  if (CLOSED.has(first)) return 'closed';
  if (OPEN.has(first)) return 'open';
  if (ROUNDED.has(first)) return 'rounded';
  if (SPREAD.has(first)) return 'spread';
  return 'other';
}
