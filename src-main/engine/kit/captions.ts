/**
 * Caption cues for the export kit, timed from the voice: from TTS word timings, or, for
 * an own recording, from the typed script spread over the detected speech segments.
 * Pure logic (no files, no Electron) so the CLI, host and app all share it.
 */

export interface Cue {
  startS: number;
  endS: number;
  lines: string[];
}

export interface TimedWord {
  text: string;
  startS: number;
  endS: number;
}

export interface CueOptions {
  /** Columns per line; 42 is the common broadcast/Netflix limit the spec asks for. */
  maxLineColumns?: number;
  maxLines?: number;
  minCueS?: number;
  maxCueS?: number;
  /** A silence longer than this between words is a natural place to change cue. */
  pauseS?: number;
  /** The voice's length: short cues may be held on screen up to here, never past it. */
  durationS?: number;
}

const DEFAULTS = { maxLineColumns: 42, maxLines: 2, minCueS: 0.8, maxCueS: 6, pauseS: 0.3 };
type Settings = typeof DEFAULTS & { durationS: number };

/**
 * CJK ideographs, kana, hangul and fullwidth forms are drawn about twice as wide as Latin
 * letters, so each counts as 2 columns toward the 42 limit; a CJK line therefore holds at
 * most 21 characters, which is also the usual subtitle guidance for Chinese/Japanese.
 */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
/** Text written without spaces, which may therefore be broken between any two characters. */
const UNSPACED = /[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
/** Punctuation that must stay on the character before it (no line may start with it). */
const CLINGS = /^[\p{P}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]$/u;

const SENTENCE_END = /[.!?…।॥。！？]["'”’)\]」』）]*$/u;
const CLAUSE_END = /[,;:，、；：]["'”’)\]」』）]*$/u;

export function columns(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

/** The smallest piece of text a line or cue may break around. */
interface Unit {
  text: string;
  startS: number;
  endS: number;
  /** Joins the previous unit without a space (pieces of one CJK run or of a hard-wrapped word). */
  glued: boolean;
  /** The caller wants a cue to end after this unit (sentence end, pause). */
  breakAfter: boolean;
}

/** Splits one word into breakable pieces: CJK per character, over-long words every N columns. */
function splitWord(text: string, maxColumns: number): string[] {
  const pieces: string[] = [];
  let current = '';
  let previous = '';
  for (const ch of text) {
    const fitsLine = columns(current) + columns(ch) <= maxColumns;
    const clings = CLINGS.test(ch) && fitsLine;
    const cjkBoundary = UNSPACED.test(ch) || UNSPACED.test(previous);
    if (current !== '' && !clings && (!fitsLine || cjkBoundary)) {
      pieces.push(current);
      current = '';
    }
    current += ch;
    previous = ch;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/**
 * Words of unspaced scripts (Han, kana) join their neighbours without a space, as the
 * script wrote them: "今日は", "2026年", "YouTubeで". Hangul is spaced like Latin.
 */
function joinsWithoutSpace(previous: string | undefined, text: string): boolean {
  if (previous === undefined) return false;
  const last = Array.from(previous).at(-1) ?? '';
  const first = Array.from(text)[0] ?? '';
  const cjk = (ch: string): boolean => UNSPACED.test(ch) || /[\u3000-\u303f\uff01-\uff60]/u.test(ch);
  return cjk(last) || cjk(first);
}

function toUnits(words: readonly TimedWord[], s: Settings): Unit[] {
  const units: Unit[] = [];
  let previousEnd = 0;
  for (const word of words) {
    const text = word.text.trim();
    if (text === '') continue;
    const glueToPrevious = joinsWithoutSpace(units[units.length - 1]?.text, text);
    const startS = Math.max(word.startS, previousEnd, 0);
    const endS = Math.min(Math.max(word.endS, startS), s.durationS);
    const last = units[units.length - 1];
    if (last && startS - last.endS > s.pauseS) last.breakAfter = true;
    const pieces = splitWord(text, s.maxLineColumns);
    const total = pieces.reduce((sum, p) => sum + columns(p), 0);
    let at = startS;
    pieces.forEach((piece, i) => {
      const pieceEnd = i === pieces.length - 1 ? endS : at + ((endS - startS) * columns(piece)) / total;
      units.push({ text: piece, startS: at, endS: pieceEnd, glued: i > 0 || glueToPrevious, breakAfter: false });
      at = pieceEnd;
    });
    const tail = units[units.length - 1];
    if (tail && SENTENCE_END.test(text)) tail.breakAfter = true;
    previousEnd = endS;
  }
  return units;
}

function join(units: readonly Unit[], from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i += 1) {
    const unit = units[i]!;
    text += (i === from || unit.glued ? '' : ' ') + unit.text;
  }
  return text;
}

/**
 * Lays units out in at most maxLines lines of maxLineColumns, or null if they do not fit.
 * One line when it fits; otherwise the break that makes the lines most even, because
 * balanced lines are read faster than a full line over a stub.
 */
function layout(units: readonly Unit[], s: Settings): string[] | null {
  const whole = join(units, 0, units.length);
  if (columns(whole) <= s.maxLineColumns) return [whole];
  if (s.maxLines < 2) return null;
  let best: string[] | null = null;
  let bestScore = Infinity;
  for (let cut = 1; cut < units.length; cut += 1) {
    const first = join(units, 0, cut);
    const second = join(units, cut, units.length);
    const a = columns(first);
    const b = columns(second);
    if (a > s.maxLineColumns) break;
    if (b > s.maxLineColumns) continue;
    // Breaking after a comma reads better, so it may cost a few columns of balance.
    const score = Math.abs(a - b) - (CLAUSE_END.test(units[cut - 1]!.text) ? 8 : 0);
    if (score < bestScore) {
      bestScore = score;
      best = [first, second];
    }
  }
  return best;
}

/** Greedy fill within each run between hard breaks; an overflowing cue backs up to its last comma. */
function group(units: readonly Unit[], s: Settings): Unit[][] {
  const groups: Unit[][] = [];
  let current: Unit[] = [];
  const fits = (candidate: Unit[]): boolean => candidate[candidate.length - 1]!.endS - candidate[0]!.startS <= s.maxCueS && layout(candidate, s) !== null;
  for (const unit of units) {
    if (current.length > 0 && !fits([...current, unit])) {
      let cut = current.length;
      for (let i = current.length - 1; i >= Math.ceil(current.length / 2); i -= 1) {
        if (CLAUSE_END.test(current[i - 1]!.text)) {
          cut = i;
          break;
        }
      }
      groups.push(current.slice(0, cut));
      current = current.slice(cut);
      if (current.length > 0 && !fits([...current, unit])) {
        groups.push(current);
        current = [];
      }
    }
    current.push(unit);
    if (unit.breakAfter) {
      groups.push(current);
      current = [];
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Short cues flash by unread: merge each with a neighbour while the result still fits. */
function mergeShort(groups: Unit[][], s: Settings): Unit[][] {
  const out: Unit[][] = [];
  const span = (g: Unit[]): number => g[g.length - 1]!.endS - g[0]!.startS;
  const fits = (g: Unit[]): boolean => span(g) <= s.maxCueS && layout(g, s) !== null;
  for (const g of groups) {
    const previous = out[out.length - 1];
    if (previous && (span(previous) < s.minCueS || span(g) < s.minCueS) && fits([...previous, ...g])) {
      out[out.length - 1] = [...previous, ...g];
    } else {
      out.push(g);
    }
  }
  return out;
}

function settings(options: CueOptions | undefined, words: readonly TimedWord[]): Settings {
  const lastEnd = words.reduce((max, w) => Math.max(max, w.endS), 0);
  return { ...DEFAULTS, ...options, durationS: options?.durationS ?? lastEnd } as Settings;
}

function cuesFromUnits(units: readonly Unit[], s: Settings): Cue[] {
  const groups = mergeShort(group(units, s), s);
  const cues: Cue[] = [];
  groups.forEach((g, i) => {
    const lines = layout(g, s) ?? [join(g, 0, g.length)];
    const startS = Math.max(g[0]!.startS, cues[cues.length - 1]?.endS ?? 0);
    const nextStart = groups[i + 1]?.[0]?.startS ?? s.durationS;
    // Hold a short cue on screen into the following silence, up to the next cue or the voice's end.
    const endS = Math.min(Math.max(g[g.length - 1]!.endS, startS + s.minCueS), nextStart, s.durationS);
    cues.push({ startS, endS: Math.max(endS, startS), lines });
  });
  return cues;
}

/** Cues for a TTS voice from its word timings (in order, non-overlapping, inside the voice). */
export function cuesFromWords(words: readonly TimedWord[], options?: CueOptions): Cue[] {
  const s = settings(options, words);
  return cuesFromUnits(toUnits(words, s), s);
}

/** Splits a script into sentences at . ! ? … (before a space or the end), Hindi danda and CJK 。！？. */
export function splitSentences(script: string): string[] {
  const sentences: string[] = [];
  const chars = Array.from(script);
  let current = '';
  for (let i = 0; i < chars.length; i += 1) {
    const ch = chars[i]!;
    current += ch;
    if (!/[.!?…।॥。！？]/u.test(ch)) continue;
    while (i + 1 < chars.length && /[.!?…।॥。！？"'”’)\]」』）]/u.test(chars[i + 1]!)) current += chars[++i];
    const next = chars[i + 1];
    // A full stop inside "3.14" or "e.g.x" is not an end; danda and CJK stops need no space after.
    if (next === undefined || /\s/u.test(next) || /[।॥。！？]/u.test(current)) {
      if (current.trim() !== '') sentences.push(current.trim());
      current = '';
    }
  }
  if (current.trim() !== '') sentences.push(current.trim());
  return sentences;
}

export interface SpeechSpan {
  startS: number;
  endS: number;
}

/** Merges the two neighbours with the shortest silence between them until `count` spans remain. */
function mergeSegments(segments: SpeechSpan[], count: number): SpeechSpan[] {
  const spans = segments.map((x) => ({ ...x }));
  while (spans.length > count) {
    let best = 0;
    for (let i = 1; i < spans.length - 1; i += 1) {
      if (spans[i + 1]!.startS - spans[i]!.endS < spans[best + 1]!.startS - spans[best]!.endS) best = i;
    }
    spans.splice(best, 2, { startS: spans[best]!.startS, endS: spans[best + 1]!.endS });
  }
  return spans;
}

/**
 * Assigns consecutive sentences to each span (every span gets at least one) so that a
 * span's share of speaking time matches its sentences' share of the script's characters.
 */
function assignSentences(lengths: number[], spans: SpeechSpan[]): number[] {
  const totalChars = lengths.reduce((a, b) => a + b, 0);
  const totalTime = spans.reduce((a, x) => a + (x.endS - x.startS), 0);
  const cumulative = [0];
  for (const length of lengths) cumulative.push(cumulative[cumulative.length - 1]! + length);
  const bounds = [0];
  let time = 0;
  for (let k = 1; k < spans.length; k += 1) {
    time += spans[k - 1]!.endS - spans[k - 1]!.startS;
    const target = totalTime > 0 ? time / totalTime : k / spans.length;
    let best = bounds[k - 1]! + 1;
    for (let b = best; b <= lengths.length - (spans.length - k); b += 1) {
      if (Math.abs(cumulative[b]! / totalChars - target) < Math.abs(cumulative[best]! / totalChars - target)) best = b;
    }
    bounds.push(best);
  }
  bounds.push(lengths.length);
  return bounds;
}

/**
 * Cues for an own recording. Without the typed script there is nothing to show: we have
 * no speech recogniser, so captions for a recording need the transcript and we return [].
 * Timing is sentence-level: sentences go onto the detected speech segments, and inside a
 * sentence time is shared out in proportion to characters.
 */
export function cuesFromSegments(script: string | undefined, segments: readonly SpeechSpan[], durationS: number, options?: Omit<CueOptions, 'durationS'>): Cue[] {
  const sentences = splitSentences(script ?? '');
  if (sentences.length === 0 || !(durationS > 0)) return [];
  let spans = segments
    .map((x) => ({ startS: Math.max(0, x.startS), endS: Math.min(durationS, x.endS) }))
    .filter((x) => x.endS > x.startS)
    .sort((a, b) => a.startS - b.startS);
  // No speech found (very quiet take): spread the script over the whole recording rather than drop it.
  if (spans.length === 0) spans = [{ startS: 0, endS: durationS }];
  spans = mergeSegments(spans, sentences.length);
  const lengths = sentences.map((x) => Array.from(x).length);
  const bounds = assignSentences(lengths, spans);

  const s: Settings = { ...DEFAULTS, ...options, durationS };
  const words: TimedWord[] = [];
  const sentenceEnds = new Set<number>();
  spans.forEach((span, k) => {
    const first = bounds[k]!;
    const last = bounds[k + 1]!;
    const chars = lengths.slice(first, last).reduce((a, b) => a + b, 0);
    let at = span.startS;
    for (let i = first; i < last; i += 1) {
      const sentenceEnd = at + ((span.endS - span.startS) * lengths[i]!) / chars;
      const tokens = sentences[i]!.split(/\s+/u).filter((t) => t !== '');
      const tokenChars = tokens.reduce((a, t) => a + Array.from(t).length, 0);
      let t0 = at;
      tokens.forEach((token, j) => {
        const t1 = j === tokens.length - 1 ? sentenceEnd : t0 + ((sentenceEnd - at) * Array.from(token).length) / tokenChars;
        words.push({ text: token, startS: t0, endS: t1 });
        t0 = t1;
      });
      sentenceEnds.add(words.length - 1);
      at = sentenceEnd;
    }
  });
  const units: Unit[] = [];
  words.forEach((word, i) => {
    const before = units.length;
    units.push(...toUnits([word], s));
    if (sentenceEnds.has(i) && units.length > before) units[units.length - 1]!.breakAfter = true;
  });
  return cuesFromUnits(units, s);
}
