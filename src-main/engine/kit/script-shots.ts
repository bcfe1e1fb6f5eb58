import type { LanguageCode } from '../../../src-shared/limits.js';

/**
 * Splits a script into shots a cloud tool can make one at a time (Veo makes 8 s clips,
 * Runway Gen-4 10 s), at sentence ends where possible. Each shot's length is estimated
 * from its share of the script's letters times the spoken duration: the voice we rendered
 * is the best measure we have of how long the creator's words take.
 */

export interface Shot {
  text: string;
  /** Estimated seconds of speech. */
  durationS: number;
}

const CLAUSE_END = /(?<=[,;:，、；：])/u;

/** Letters and digits: what takes time to say (spaces and punctuation barely do). */
function weight(text: string): number {
  let n = 0;
  for (const ch of text) if (/[\p{L}\p{M}\p{N}]/u.test(ch)) n += 1;
  return n;
}

function segments(text: string, language: LanguageCode, granularity: 'sentence' | 'word'): string[] {
  return [...new Intl.Segmenter(language, { granularity }).segment(text)].map((s) => s.segment);
}

/**
 * Pieces short enough for a shot, in order, whose concatenation is the script: sentences;
 * a too-long sentence by clause; a too-long clause by word (by character for scripts
 * written without spaces, which the word segmenter also handles).
 */
function pieces(script: string, language: LanguageCode, secondsPerUnit: number, capS: number): string[] {
  const fits = (text: string): boolean => weight(text) * secondsPerUnit <= capS;
  const out: string[] = [];
  for (const sentence of segments(script, language, 'sentence')) {
    if (fits(sentence)) {
      out.push(sentence);
      continue;
    }
    for (const clause of sentence.split(CLAUSE_END)) {
      if (fits(clause)) out.push(clause);
      else out.push(...segments(clause, language, 'word'));
    }
  }
  return out;
}

/** Packs pieces greedily into shots no longer than `capS` (a single word longer than the cap stays alone). */
export function splitIntoShots(script: string, durationS: number, capS: number, language: LanguageCode): Shot[] {
  const total = weight(script);
  if (total === 0 || durationS <= 0) return [];
  const secondsPerUnit = durationS / total;
  const shots: Shot[] = [];
  let current = '';
  const flush = (): void => {
    const text = current.replace(/\s+/gu, ' ').trim();
    if (weight(text) > 0) shots.push({ text, durationS: weight(text) * secondsPerUnit });
    current = '';
  };
  for (const piece of pieces(script, language, secondsPerUnit, capS)) {
    // A piece that is only spaces or punctuation rides along with the shot before it.
    if (weight(current + piece) * secondsPerUnit > capS && weight(current) > 0 && weight(piece) > 0) flush();
    current += piece;
  }
  flush();
  return shots;
}
