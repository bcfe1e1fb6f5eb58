/**
 * `Range: bytes=…` for media. A `<video>` element seeks by asking for byte ranges; a
 * server that ignores them leaves `video.seekable` empty and the scrubber snaps back.
 * One range only: browsers never ask a media file for several.
 */

export type ByteRange = { start: number; end: number };

/** `null`: serve the whole file (no header, or one we do not understand); `'unsatisfiable'`: answer 416. */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    // `bytes=-N`: the last N bytes.
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
