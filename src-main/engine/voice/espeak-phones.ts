import type { EspeakEvent } from './espeak-process.js';
import type { TimedPhone } from './phone-timeline.js';
import type { VoiceWord } from './voice.js';

/**
 * Phones and word times of one clause, read from eSpeak's own synthesis events: each
 * phoneme event says where in the audio the phone starts, the next event where it
 * ends, and the word event before it which word of the text it belongs to.
 */

export interface ClauseTiming {
  /** Clause-relative seconds; `word` indexes the clause's words. */
  phones: TimedPhone[];
  /** One per clause word, in order; undefined where eSpeak spoke no phone for it. */
  words: Array<{ startS: number; endS: number } | undefined>;
}

/** eSpeak's stress marks, which it writes on the vowel's phone. */
export function splitStress(ipa: string): { ipa: string; stress: 0 | 1 | 2 } {
  const stress = ipa.includes('ˈ') ? 2 : ipa.includes('ˌ') ? 1 : 0;
  return { ipa: ipa.replace(/[ˈˌ]/gu, ''), stress };
}

/**
 * Where each word starts in the text eSpeak read, as code point indices, found in order
 * (a word that cannot be found, e.g. escaped inside SSML, starts where the search is).
 */
export function wordStarts(text: string, words: readonly string[]): number[] {
  const chars = [...text];
  const starts: number[] = [];
  let from = 0;
  for (const word of words) {
    const target = [...word];
    let found = -1;
    for (let i = from; i + target.length <= chars.length && found === -1; i += 1) {
      let same = true;
      for (let k = 0; k < target.length && same; k += 1) same = chars[i + k] === target[k];
      if (same) found = i;
    }
    if (found === -1) {
      starts.push(from);
    } else {
      starts.push(found);
      from = found + target.length;
    }
  }
  return starts;
}

/** The index of the word whose text holds position `pos`: the last word starting at or before it. */
function wordAt(starts: readonly number[], pos: number): number {
  let index = 0;
  for (let i = 0; i < starts.length; i += 1) if ((starts[i] ?? 0) <= pos) index = i;
  return index;
}

/**
 * @param text the clause exactly as eSpeak was given it (plain text or the app's SSML)
 * @param words the clause's words as captions show them
 * @param durationS the clause's audio length: the last phone ends there at the latest
 */
export function clauseTiming(text: string, words: readonly string[], events: readonly EspeakEvent[], durationS: number): ClauseTiming {
  const starts = wordStarts(text, words);
  const phones: TimedPhone[] = [];
  let currentWord = 0;
  let open: { ipa: string; startS: number; stress: 0 | 1 | 2; word: number } | undefined;
  const close = (atS: number): void => {
    if (open && atS > open.startS) phones.push({ ...open, endS: Math.min(atS, durationS) });
    open = undefined;
  };
  for (const event of events) {
    const atS = Math.min(event.ms / 1000, durationS);
    if (event.type === 'word') {
      currentWord = wordAt(starts, event.pos);
      continue;
    }
    close(atS);
    if (event.type === 'phoneme' && event.ipa !== '') {
      const { ipa, stress } = splitStress(event.ipa);
      if (ipa !== '') open = { ipa, startS: atS, stress, word: currentWord };
    }
  }
  close(durationS);

  const spans: ClauseTiming['words'] = words.map(() => undefined);
  for (const phone of phones) {
    const index = phone.word ?? 0;
    const span = spans[index];
    spans[index] = span ? { startS: span.startS, endS: phone.endS } : { startS: phone.startS, endS: phone.endS };
  }
  return { phones, words: spans };
}

/**
 * Word times for captions: eSpeak's own where it spoke the word; a word it merged into a
 * neighbour or did not read shares its neighbours' time, so every word gets a slot.
 */
export function fillWordTimes(words: readonly string[], spans: ClauseTiming['words'], startS: number, endS: number, weightOf: (word: string) => number): VoiceWord[] {
  const timed: VoiceWord[] = [];
  let i = 0;
  while (i < words.length) {
    const span = spans[i];
    if (span) {
      const previousEnd = timed.at(-1)?.endS ?? startS;
      const wordStart = Math.max(span.startS, previousEnd);
      timed.push({ text: words[i]!, startS: round(wordStart), endS: round(Math.max(wordStart, span.endS)) });
      i += 1;
      continue;
    }
    // A run of words without phones: share the time between the spoken neighbours.
    let j = i;
    while (j < words.length && !spans[j]) j += 1;
    const from = timed.at(-1)?.endS ?? startS;
    const to = Math.max(from, spans[j]?.startS ?? endS);
    const run = words.slice(i, j);
    const weights = run.map(weightOf);
    const total = weights.reduce((sum, w) => sum + w, 0) || run.length;
    let cursor = from;
    for (const [k, text] of run.entries()) {
      const share = ((weights[k] ?? 1) / total) * (to - from);
      timed.push({ text, startS: round(cursor), endS: round(cursor + share) });
      cursor += share;
    }
    i = j;
  }
  return shareEmptyWords(timed, weightOf);
}

/**
 * A word eSpeak spoke inside its neighbour's phones ("of the" read as one word) gets a
 * share of that neighbour's time, so no caption word has zero length.
 */
function shareEmptyWords(timed: VoiceWord[], weightOf: (word: string) => number): VoiceWord[] {
  for (let i = 0; i < timed.length; i += 1) {
    if (timed[i]!.endS > timed[i]!.startS) continue;
    // The group: this empty word and the nearest neighbour with time (before it, else after).
    let from = i;
    while (from > 0 && timed[from]!.endS <= timed[from]!.startS) from -= 1;
    let to = i;
    while (to < timed.length - 1 && timed[from]!.endS <= timed[from]!.startS && timed[to]!.endS <= timed[to]!.startS) to += 1;
    while (to < timed.length - 1 && timed[to + 1]!.endS <= timed[to + 1]!.startS) to += 1;
    const startS = timed[from]!.startS;
    const endS = Math.max(...timed.slice(from, to + 1).map((w) => w.endS));
    if (!(endS > startS)) continue;
    const group = timed.slice(from, to + 1);
    const weights = group.map((w) => weightOf(w.text));
    const total = weights.reduce((sum, w) => sum + w, 0);
    let cursor = startS;
    for (const [k, word] of group.entries()) {
      const next = k === group.length - 1 ? endS : cursor + ((weights[k] ?? 1) / total) * (endS - startS);
      timed[from + k] = { text: word.text, startS: round(cursor), endS: round(next) };
      cursor = next;
    }
    i = to;
  }
  return timed;
}

/** Letters (and digits) a word is written with: how a shared span is split between words. */
export function letterWeight(word: string): number {
  const letters = word.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  return Math.max(1, letters);
}

/** Milliseconds are plenty for captions and the mouth, and keep JSON small. */
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * Re-points each phone at the word whose caption time holds its middle: after words
 * eSpeak merged ("I am" read as one) were shared out, a phone belongs to the word shown
 * while it is heard. `firstWord` is the index of `words[0]` in the whole voice.
 */
export function assignPhonesToWords(phones: TimedPhone[], words: readonly VoiceWord[], firstWord: number): void {
  for (const phone of phones) {
    const middle = (phone.startS + phone.endS) / 2;
    const k = words.findIndex((w) => w.startS <= middle && middle < w.endS);
    if (k !== -1) phone.word = firstWord + k;
  }
}
