import type { LanguageCode } from '../../../src-shared/limits.js';
import { japaneseRewrites } from './japanese-reading.js';
import { hindiNumberRewrites } from './number-words-hi.js';
import { koreanNumberRewrites } from './number-words-ko.js';
import { chineseNumberRewrites } from './number-words-zh.js';
import type { ScriptClause } from './script-text.js';
import type { Rewrite } from './spoken-rewrite.js';

/**
 * What eSpeak is given for each clause: the clause as written, except where a language
 * needs it said another way (Japanese in kana, numbers eSpeak misreads in words). The
 * captions keep the script's words; `words` tells which stretch of the spoken text says
 * which caption word, so eSpeak's word events still time the caption words.
 */
export interface SpokenClause {
  /** For eSpeak: plain text, or SSML when a run is in another voice. */
  text: string;
  ssml: boolean;
  /**
   * One stretch of `text` per caption word, in order and back to back, so that each is
   * found in `text` right where the one before it ends.
   */
  words: string[];
}

const REWRITERS: Partial<Record<LanguageCode, (text: string) => Rewrite[] | Promise<Rewrite[]>>> = {
  ja: japaneseRewrites,
  zh: chineseNumberRewrites,
  ko: koreanNumberRewrites,
  hi: hindiNumberRewrites,
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Where each caption word starts in the clause (UTF-16 index); words are the clause's own substrings, in order. */
function locateWords(text: string, words: readonly string[]): number[] {
  const starts: number[] = [];
  let from = 0;
  for (const word of words) {
    const at = text.indexOf(word, from);
    starts.push(at === -1 ? from : at);
    if (at !== -1) from = at + word.length;
  }
  return starts;
}

interface Piece {
  start: number;
  spoken: string;
  voice?: string;
}

/** The clause cut at rewrites and at word starts; a rewrite that overlaps an earlier one is dropped. */
function pieces(text: string, rewrites: readonly Rewrite[], wordStarts: readonly number[]): Piece[] {
  const sorted = [...rewrites].sort((a, b) => a.start - b.start);
  const out: Piece[] = [];
  const cuts = new Set(wordStarts);
  let at = 0;
  const plain = (until: number): void => {
    while (at < until) {
      let next = until;
      for (const cut of cuts) if (cut > at && cut < next) next = cut;
      out.push({ start: at, spoken: text.slice(at, next) });
      at = next;
    }
  };
  for (const rewrite of sorted) {
    if (rewrite.start < at) continue;
    plain(rewrite.start);
    out.push({ start: rewrite.start, spoken: rewrite.spoken, voice: rewrite.voice });
    at = rewrite.end;
  }
  plain(text.length);
  return out;
}

/**
 * Builds what eSpeak reads from a clause, its caption words and the rewrites its
 * language needs. Every character the creator typed is escaped in SSML: the only
 * markup is ours.
 */
export function spokenClause(text: string, words: readonly string[], rewrites: readonly Rewrite[], gender?: 'female' | 'male'): SpokenClause {
  if (rewrites.length === 0) return { text, ssml: false, words: [...words] };
  const starts = locateWords(text, words);
  const parts = pieces(text, rewrites, starts);
  const ssml = parts.some((p) => p.voice !== undefined);
  const render = (piece: Piece): string => {
    if (!ssml) return piece.spoken;
    if (piece.voice === undefined) return escapeXml(piece.spoken);
    // Spaces between phrases stay outside the voice switch.
    const [, lead = '', body = ''] = /^(\s*)([\s\S]*)$/u.exec(piece.spoken) ?? [];
    return `${lead}<voice name="${piece.voice}"${gender ? ` gender="${gender}"` : ''}>${escapeXml(body)}</voice>`;
  };
  let spoken = ssml ? '<speak>' : '';
  const offsets: number[] = [];
  for (const piece of parts) {
    offsets.push(spoken.length);
    spoken += render(piece);
  }
  if (ssml) spoken += '</speak>';
  // A caption word starting inside a rewrite (年 in 2026年 said as one) has an empty stretch.
  const boundary = (start: number): number => {
    const index = parts.findIndex((p) => p.start >= start);
    return index === -1 ? spoken.length : (offsets[index] ?? spoken.length);
  };
  const bounds = starts.map((start, k) => (k === 0 ? 0 : boundary(start)));
  for (let k = 1; k < bounds.length; k += 1) bounds[k] = Math.max(bounds[k]!, bounds[k - 1]!);
  const stretches = bounds.map((from, k) => spoken.slice(from, k + 1 < bounds.length ? bounds[k + 1] : spoken.length));
  return { text: spoken, ssml, words: stretches };
}

/** What eSpeak is given for each clause, in the voice's language. */
export async function spokenClauses(clauses: readonly ScriptClause[], voice: { language: LanguageCode; gender?: 'female' | 'male' }): Promise<SpokenClause[]> {
  const rewrite = REWRITERS[voice.language];
  return Promise.all(clauses.map(async (clause) => spokenClause(clause.text, clause.words, rewrite ? await rewrite(clause.text) : [], voice.gender)));
}
