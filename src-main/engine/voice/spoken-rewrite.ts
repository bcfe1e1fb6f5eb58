/**
 * One piece of a clause that eSpeak is given in another form than the creator wrote it
 * (a kana reading, a number in words). `start`/`end` are UTF-16 indices into the clause
 * text; `voice` names an eSpeak voice for a run in another language (Latin words inside
 * Japanese), which makes the clause SSML.
 */
export interface Rewrite {
  start: number;
  end: number;
  spoken: string;
  voice?: string;
}

/** A number as written: sign, digits (ASCII or full-width) with group commas (１，２５０), decimals. */
export const NUMBER = /([-−－]?)([0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+(?![0-9０-９])|[0-9０-９]+)(?:[.．]([0-9０-９]+))?/gu;

/** ASCII digits of a written number, full-width forms and group commas removed. */
export function plainDigits(written: string): string {
  return written.replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[,，]/gu, '');
}

/** Whether the number at `index` is part of a word or a longer token (a version "v2", "3.5.1"), not a number to read. */
export function insideToken(text: string, index: number, end: number): boolean {
  const before = text[index - 1] ?? '';
  const after = text[end] ?? '';
  return /[A-Za-z0-9.]/u.test(before) || (after === '.' && /[0-9]/u.test(text[end + 1] ?? ''));
}

/** Every match of `pattern` in `text` turned into a rewrite by `read`, which may decline (undefined). */
export function rewriteMatches(text: string, pattern: RegExp, read: (match: RegExpExecArray) => string | undefined): Rewrite[] {
  const rewrites: Rewrite[] = [];
  for (const match of text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))) {
    const spoken = read(match as RegExpExecArray);
    if (spoken !== undefined) rewrites.push({ start: match.index, end: match.index + match[0].length, spoken });
  }
  return rewrites;
}

/** A clock time, H:MM (24-hour); eSpeak reads its colon as a pause ("10:30" is "ten thirty"). */
export const CLOCK_TIME = /(?<![0-9:０-９])([01]?[0-9]|2[0-3]):([0-5][0-9])(?![0-9:０-９])/gu;

/** `rewrites` without those that overlap one of `first`, then `first`, in text order. */
export function withPrecedence(first: readonly Rewrite[], rewrites: readonly Rewrite[]): Rewrite[] {
  const free = rewrites.filter((r) => !first.some((f) => r.start < f.end && f.start < r.end));
  return [...first, ...free].sort((a, b) => a.start - b.start);
}
