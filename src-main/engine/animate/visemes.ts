/**
 * Phone → mouth shape, for every IPA symbol eSpeak NG writes in the app's eight languages.
 *
 * A shape has two independent controls, as in the JALI jaw/lip model: how far the jaw
 * drops (it also follows loudness, in viseme-track.ts) and what the lips do (press
 * together, round and push forward, spread). The classes follow Preston Blair's and
 * Rhubarb Lip Sync's mouth chart and Meta's 15 visemes (sil PP FF TH DD kk CH SS nn RR
 * aa E I O U), split further where the lips differ: front rounded vowels (German ü/ö,
 * French u/eu) keep the jaw of i/e but the lips of u/o; bilabial fricatives (Japanese
 * ɸ, Spanish β) narrow the lips without shutting them.
 */

export interface MouthShape {
  /** Jaw opening, 0 (teeth together) … 1 (the widest open vowel). */
  jaw: number;
  /** Lips pressed together (1: p b m), or the lower lip against the upper teeth (f v, ~0.75). */
  close: number;
  /** Lips rounded and pushed forward, 0 … 1. */
  round: number;
  /** Lips spread sideways, 0 … 1. */
  spread: number;
}

export type Viseme = 'rest' | 'closed' | 'lipTeeth' | 'bilabialFricative' | 'glide' | 'tongueTeeth' | 'tongueUp' | 'sibilant' | 'postalveolar' | 'rhotic' | 'palatal' | 'back';

export const CONSONANT_SHAPES: Record<Viseme, MouthShape> = {
  rest: { jaw: 0, close: 0, round: 0, spread: 0 },
  // The jaw stays a little open behind pressed lips ("ama"): the chin moves, the lips do not.
  closed: { jaw: 0.12, close: 1, round: 0, spread: 0 },
  lipTeeth: { jaw: 0.12, close: 0.75, round: 0, spread: 0.2 },
  bilabialFricative: { jaw: 0.12, close: 0.55, round: 0.6, spread: 0 },
  glide: { jaw: 0.12, close: 0.3, round: 1, spread: 0 },
  tongueTeeth: { jaw: 0.24, close: 0, round: 0, spread: 0.2 },
  tongueUp: { jaw: 0.22, close: 0, round: 0, spread: 0.1 },
  sibilant: { jaw: 0.1, close: 0, round: 0, spread: 0.5 },
  postalveolar: { jaw: 0.14, close: 0, round: 0.75, spread: 0 },
  rhotic: { jaw: 0.2, close: 0, round: 0.4, spread: 0 },
  palatal: { jaw: 0.16, close: 0, round: 0, spread: 0.35 },
  back: { jaw: 0.3, close: 0, round: 0, spread: 0 },
};

const CONSONANTS: Record<string, Viseme> = {};
const assign = (symbols: string, viseme: Viseme): void => {
  for (const s of symbols) CONSONANTS[s] = viseme;
};
assign('pbmɓʙ', 'closed');
assign('fvɱʋ', 'lipTeeth');
assign('ɸβ', 'bilabialFricative');
assign('wʍɥ', 'glide');
assign('θð', 'tongueTeeth');
// Alveolar and retroflex stops, nasals, laterals and flaps (Hindi ʈ ɖ ɳ ɭ ɽ, Japanese ɽ).
assign('tdnlɾɫɬɮʈɖɳɭɽɗɺ', 'tongueUp');
// s z, Mandarin's retroflex ʂ ʐ and alveolo-palatal ɕ ʑ: teeth close, lips spread.
assign('szʂʐɕʑ', 'sibilant');
assign('ʃʒ', 'postalveolar');
assign('rɹɻ', 'rhotic');
assign('jçʝɲcɟʎ', 'palatal');
// Velar, uvular and glottal sounds (French/German ʁ, Mandarin χ, Korean q): the tongue's back, the jaw mid.
assign('kgɡŋxɣχʁʀqɢɴhɦʔħʕɰ', 'back');

interface VowelFeatures {
  /** 0 close … 1 open. */
  height: number;
  rounded: boolean;
  /** 0 back … 1 front. */
  front: number;
}

const VOWELS: Record<string, VowelFeatures> = {};
const vowel = (symbols: string, height: number, rounded: boolean, front: number): void => {
  for (const s of symbols) VOWELS[s] = { height, rounded, front };
};
vowel('i', 0, false, 1);
vowel('y', 0, true, 1);
vowel('ɨ', 0, false, 0.5);
vowel('ʉ', 0, true, 0.5);
vowel('ɯ', 0, false, 0);
vowel('u', 0, true, 0);
vowel('ɪ', 0.15, false, 0.8);
vowel('ʏ', 0.15, true, 0.8);
vowel('ʊ', 0.15, true, 0.2);
vowel('e', 0.35, false, 1);
vowel('ø', 0.35, true, 1);
vowel('ɘ', 0.35, false, 0.5);
vowel('ɵ', 0.35, true, 0.5);
vowel('ɤ', 0.35, false, 0);
vowel('o', 0.35, true, 0);
vowel('əɚ', 0.5, false, 0.5);
vowel('ɛ', 0.65, false, 1);
vowel('œ', 0.65, true, 1);
vowel('ɜɝ', 0.65, false, 0.5);
vowel('ɞ', 0.65, true, 0.5);
vowel('ʌ', 0.65, false, 0);
vowel('ɔ', 0.65, true, 0);
vowel('æ', 0.82, false, 1);
vowel('ɐ', 0.82, false, 0.5);
vowel('aä', 1, false, 0.6);
vowel('ɶ', 1, true, 1);
vowel('ɑ', 1, false, 0);
vowel('ɒ', 1, true, 0);

/** A vowel's shape: the jaw from its height, the lips from its rounding and frontness. */
function vowelShape(v: VowelFeatures, compressed: boolean): MouthShape {
  const jaw = 0.25 + 0.75 * v.height;
  // Open rounded vowels cannot round as tightly as u: the open jaw pulls the lips apart.
  const round = v.rounded ? 1 - 0.45 * v.height : compressed ? 0.35 : 0;
  const spread = v.rounded || compressed ? 0 : Math.max(0, v.front * (1 - 0.5 * v.height) - 0.1 * (1 - v.front));
  return { jaw, close: 0, round, spread };
}

/**
 * Marks that never change the lips' class: stress and length, eSpeak's language switches'
 * leftovers, Mandarin tone digits (and the "ɜ"-like 3 its tone 3 prints as, handled as a
 * vowel: harmless), aspiration, palatalisation, the dots and hyphens of eSpeak's Mandarin
 * and Korean spellings, and every combining diacritic (nasal tilde, dental, lowered…).
 */
const IGNORED = /[ˈˌːˑ‿'",:;.\-_|0-9ʰʱʲˠˤ]|[\u0300-\u036f]/gu;

/** Symbols eSpeak writes that this map knows as modifiers of the phone before them. */
const ROUNDING_MARKS = /[ʷᵝ]/u;

export interface PhoneShapes {
  /** One shape, or two where the phone moves (diphthongs "aɪ", affricate "pf"): the first holds its first share. */
  shapes: MouthShape[];
  /** Share of the phone's duration held by the first shape. */
  firstShare: number;
  /** Symbols the map does not know (empty for every phone eSpeak writes in the app's languages). */
  unknown: string[];
  /** True for a vowel: it carries stress, and loudness drives its jaw. */
  vowel: boolean;
}

const SIBILANTS = new Set(['s', 'z', 'ʂ', 'ʐ', 'ɕ', 'ʑ', 'ʃ', 'ʒ']);

/** The mouth shapes of one phone as eSpeak writes it ("p", "aɪ", "tʃ", "ɑ̃", "ts.h", "ɯᵝ"). */
export function phoneShapes(ipa: string): PhoneShapes {
  const unknown: string[] = [];
  // "(en)" and "(ja)": eSpeak's language-switch marks inside a word.
  const cleaned = ipa.replace(/\([a-z-]+\)/g, '').normalize('NFD');
  const compressed = ROUNDING_MARKS.test(cleaned);
  const symbols = [...cleaned.replace(IGNORED, '').replace(/[ʷᵝ]/gu, '')];
  const parts: Array<{ shape: MouthShape; viseme?: Viseme; symbol: string; vowel: boolean }> = [];
  for (const symbol of symbols) {
    const v = VOWELS[symbol];
    if (v) {
      parts.push({ shape: vowelShape(v, compressed), symbol, vowel: true });
      continue;
    }
    const c = CONSONANTS[symbol];
    if (c) {
      parts.push({ shape: CONSONANT_SHAPES[c], viseme: c, symbol, vowel: false });
      continue;
    }
    if (/\s/u.test(symbol)) continue;
    unknown.push(symbol);
  }
  const isVowel = parts.some((p) => p.vowel);
  if (parts.length === 0) return { shapes: [CONSONANT_SHAPES.rest], firstShare: 1, unknown, vowel: false };
  // Affricates "ts", "tʃ", "dʒ": the fricative is what the lips show; "pf" shows both.
  const visible = parts.filter((p, i) => !(p.viseme === 'tongueUp' && parts[i + 1] && SIBILANTS.has(parts[i + 1]!.symbol)));
  // A trailing "h" after a consonant is aspiration ("ts.h"), not a sound of its own.
  const trimmed = visible.filter((p, i) => !(i > 0 && p.viseme === 'back' && (p.symbol === 'h' || p.symbol === 'ɦ') && !visible[i - 1]!.vowel));
  const first = trimmed[0]!;
  const last = trimmed[trimmed.length - 1]!;
  if (trimmed.length === 1 || first.shape === last.shape) return { shapes: [first.shape], firstShare: 1, unknown, vowel: isVowel };
  return { shapes: [first.shape, last.shape], firstShare: first.vowel ? 0.55 : 0.5, unknown, vowel: isVowel };
}

/** Every symbol in a run of eSpeak IPA (words, clauses) the map does not know. */
export function unmappedSymbols(ipaText: string): string[] {
  const missing = new Set<string>();
  for (const word of ipaText.split(/\s+/u)) for (const s of phoneShapes(word).unknown) missing.add(s);
  return [...missing];
}
