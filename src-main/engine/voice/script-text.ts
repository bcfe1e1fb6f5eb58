import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { MAX_SCRIPT_CHARS, type LanguageCode } from '../../../src-shared/limits.js';

/**
 * Turns a creator's script into what eSpeak speaks: cleaned text cut into clauses (each
 * clause is one eSpeak run, so its start and end in the audio are known exactly) and
 * the words of each clause (what captions will show).
 */

/** What follows a clause: the pause the listener hears, by the punctuation that ended it. */
export type ClauseBreak = 'comma' | 'sentence' | 'paragraph' | 'end';

export interface ScriptClause {
  /** Sent to eSpeak: the clause with its own final punctuation (it shapes the intonation). */
  text: string;
  words: string[];
  breakAfter: ClauseBreak;
}

// Control characters are never speech; bidi overrides could make a caption read differently
// from what is spoken. Tab/newline are kept as whitespace (newline ends a sentence).
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
// eSpeak reads emoji out by name ("slightly smiling face"): a creator's 🙂 is decoration.
// Skin-tone modifiers, variation selectors and the keycap mark are removed one by one, each in a class
// apart from the pictographs they would otherwise read as combined with.
const PICTOGRAPHS = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}]|[\u{1F3FB}-\u{1F3FF}]|[\uFE0E\uFE0F\u20E3]|\u200D(?=\p{Extended_Pictographic})/gu;
const SPEAKABLE = /[\p{L}\p{N}]/u;

const SENTENCE_END = new Set(['.', '!', '?', '…', '。', '！', '？', '।', '॥', '．', '｡']);
// `;` and `:` pause like commas in speech; Arabic comma and CJK enumeration comma too.
const COMMA = new Set([',', ';', ':', '،', '、', '，', '；', '：', '—']);
/** Closing quotes and brackets stay with the clause they close. */
const CLOSERS = new Set(['"', "'", ')', ']', '}', '»', '”', '’', '」', '』', '）', '】', '〉', '》']);
/** Full-width punctuation ends a clause even with no space after it (CJK has none). */
const ALWAYS_BREAKS = new Set(['。', '！', '？', '、', '，', '；', '：', '।', '॥', '—', '．', '｡']);
/** Abbreviations whose full stop is not a sentence end (checked lower-case, without the dot). */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'approx',
  'inc',
  'ltd',
  'sra',
  'srta',
  'dra',
  'mme',
  'mlle',
  'hr',
  'fr',
  'nr',
  'bzw',
  'z.b',
  'd.h',
  'u.a',
  'ca',
]);

const SEGMENTER_LOCALE: Record<LanguageCode, string> = {
  en: 'en',
  hi: 'hi',
  es: 'es',
  fr: 'fr',
  de: 'de',
  ja: 'ja',
  ko: 'ko',
  zh: 'zh',
};

export function countCharacters(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** Strips what must not or cannot be spoken; throws SCRIPT_EMPTY / SCRIPT_TOO_LONG / SCRIPT_NOT_SPEAKABLE. */
export function cleanScript(raw: string): string {
  if (raw.trim().length === 0) {
    throw new TalkingPhotoError('SCRIPT_EMPTY', 'The script is empty: type what the photo should say.');
  }
  const length = countCharacters(raw);
  if (length > MAX_SCRIPT_CHARS) {
    throw new TalkingPhotoError('SCRIPT_TOO_LONG', `The script has ${length} characters; the most is ${MAX_SCRIPT_CHARS}. Shorten it or split it into several videos.`);
  }
  const text = raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(PICTOGRAPHS, '')
    .replace(/[^\S\n]+/gu, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
  if (text.length === 0) {
    throw new TalkingPhotoError('SCRIPT_EMPTY', 'The script is empty: type what the photo should say.');
  }
  if (!SPEAKABLE.test(text)) {
    throw new TalkingPhotoError('SCRIPT_NOT_SPEAKABLE', 'The script has no words to speak (only punctuation or emoji): type a sentence in letters.');
  }
  return text;
}

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\n';
}

function endsWithAbbreviation(text: string): boolean {
  const lastWord = /(\S+)$/u
    .exec(text)?.[1]
    ?.toLowerCase()
    .replace(/^[("'«“‘]+/u, '');
  return lastWord !== undefined && ABBREVIATIONS.has(lastWord);
}

/**
 * Where a clause ends: after sentence and comma punctuation (Latin needs a space after
 * it, so "3.14", "1,000" and "10:30" stay whole; full-width CJK and the Devanagari danda
 * do not), after a spaced dash, and at every newline.
 */
function breakAt(chars: string[], i: number, before: string): ClauseBreak | undefined {
  const ch = chars[i];
  if (ch === undefined) return undefined;
  if (ch === '\n') return chars[i + 1] === '\n' ? 'paragraph' : 'sentence';
  let next = i + 1;
  while (CLOSERS.has(chars[next] ?? '')) next += 1;
  const followedBySpace = isSpace(chars[next]);
  if (SENTENCE_END.has(ch)) {
    if (ALWAYS_BREAKS.has(ch)) return 'sentence';
    if (!followedBySpace) return undefined;
    if (ch === '.' && endsWithAbbreviation(before)) return undefined;
    return 'sentence';
  }
  // A full-width comma between digit groups (１，２５０) is a thousands separator, not a pause.
  if (ch === '，' && /[0-9０-９]/u.test(chars[i - 1] ?? '') && /^[0-9０-９]{3}(?![0-9０-９])/u.test(chars.slice(i + 1, i + 5).join(''))) return undefined;
  if (COMMA.has(ch)) return ALWAYS_BREAKS.has(ch) || followedBySpace ? 'comma' : undefined;
  // A dash with spaces around it is a spoken pause; inside a word ("co-op") it is not.
  if ((ch === '-' || ch === '–') && chars[i - 1] === ' ' && chars[i + 1] === ' ') return 'comma';
  return undefined;
}

const PAUSE_RANK: Record<ClauseBreak, number> = { end: 0, comma: 1, sentence: 2, paragraph: 3 };

/** Scripts written without spaces between words: their words come from the dictionary segmenter. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u30FC]/u;
/** Opening brackets and quotes belong to the word after them. */
const OPENER = /^[\p{Ps}\p{Pi}]+$/u;
/** Marks eSpeak reads as a word ("&" is "and", "%" "percent"): a caption word of their own. */
const SPOKEN_SYMBOL = /[\p{S}&%@#*]/u;

/**
 * The clause's words as the script writes them, punctuation and casing included, because
 * captions show these words: "Hello," not "Hello". Spaced scripts split at whitespace
 * ("10:30", "co-op" and "$1,000" stay whole); a run of Han or kana is split by the
 * dictionary segmenter, each mark going with the word it touches (openers with the next).
 */
export function captionWords(text: string, segmenter: Intl.Segmenter): string[] {
  const words: string[] = [];
  let lead = '';
  const addMark = (mark: string): void => {
    if (words.length === 0 || OPENER.test(mark)) lead += mark;
    else words[words.length - 1] += mark;
  };
  const addWord = (word: string): void => {
    words.push(lead + word);
    lead = '';
  };
  for (const token of text.split(/\s+/u)) {
    if (token === '') continue;
    if (UNSPACED.test(token)) {
      for (const piece of segmenter.segment(token)) {
        if (piece.isWordLike) addWord(piece.segment);
        else addMark(piece.segment);
      }
    } else if (SPEAKABLE.test(token) || SPOKEN_SYMBOL.test(token)) {
      addWord(token);
    } else {
      addMark(token);
    }
  }
  // A clause that starts with marks and has no word to lend them to: nothing to caption.
  if (lead !== '' && words.length > 0) words[words.length - 1] += lead;
  return words;
}

/** Splits cleaned text into clauses with the words of each; drops clauses with nothing to say. */
export function splitClauses(text: string, language: LanguageCode): ScriptClause[] {
  const segmenter = new Intl.Segmenter(SEGMENTER_LOCALE[language], { granularity: 'word' });
  const chars = [...text];
  const clauses: ScriptClause[] = [];
  let current = '';
  const flush = (breakAfter: ClauseBreak): void => {
    // eSpeak reads runs of punctuation out loud ("!!!" → "exclamation"): keep one mark.
    const spoken = current
      .replace(/([!?.,;:。！？、，…])\1+/gu, '$1')
      .replace(/^[\s\-–—,;:、，]+/u, '')
      .trim();
    current = '';
    if (!SPEAKABLE.test(spoken)) {
      // A clause of only punctuation lends its pause to the clause before it.
      const last = clauses.at(-1);
      if (last && PAUSE_RANK[breakAfter] > PAUSE_RANK[last.breakAfter]) last.breakAfter = breakAfter;
      return;
    }
    const words = captionWords(spoken, segmenter);
    clauses.push({ text: spoken, words: words.length > 0 ? words : [spoken], breakAfter });
  };
  for (let i = 0; i < chars.length; i += 1) {
    const ch = chars[i] ?? '';
    const pause = breakAt(chars, i, current);
    if (pause === undefined) {
      current += ch;
      continue;
    }
    if (ch !== '\n' && ch !== '-' && ch !== '–' && ch !== '—') current += ch;
    // Closing quotes/brackets and repeated marks ("?!", "...") belong to this clause.
    while (i + 1 < chars.length && (CLOSERS.has(chars[i + 1] ?? '') || SENTENCE_END.has(chars[i + 1] ?? ''))) {
      i += 1;
      current += chars[i];
    }
    let strongest = pause;
    while (chars[i + 1] === '\n' || (chars[i + 1] === ' ' && chars[i + 2] === '\n')) {
      i += 1;
      if (chars[i] === '\n' && chars[i + 1] === '\n') strongest = 'paragraph';
      else if (chars[i] === '\n' && PAUSE_RANK[strongest] < PAUSE_RANK.sentence) strongest = 'sentence';
    }
    flush(strongest);
  }
  flush('end');
  const last = clauses.at(-1);
  if (last) last.breakAfter = 'end';
  return clauses;
}
