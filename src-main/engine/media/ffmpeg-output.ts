/**
 * What ffmpeg prints on stderr, read without side effects. A failing ffmpeg's stderr tail
 * mixes the lines that say why with progress lines (`frame= … time=`), x264's repeats and
 * blank lines; a creator's error detail and the log want only the first kind.
 */

/** A `-stats` progress line: `frame=  120 fps= 30 … time=00:00:04.00 …` or `size=  512kB time=…`. */
const PROGRESS_LINE = /^\s*(frame|size)=\s*\S+.*\btime=/;
/** ffmpeg's own note that it folded identical lines. */
const REPEAT_NOTE = /^\s*Last message repeated \d+ times?\s*$/;

/** ffmpeg's lines that say what went wrong, oldest first, each once in a row, at most `maxChars` of the newest. */
export function ffmpegErrorText(stderr: string, maxChars = 1500): string {
  const kept: string[] = [];
  // A progress line ends in \r while ffmpeg redraws it: each redraw is its own line here.
  for (const raw of stderr.split(/\r\n|\r|\n/)) {
    const line = raw.trimEnd();
    if (!line.trim() || PROGRESS_LINE.test(line) || REPEAT_NOTE.test(line)) continue;
    if (kept.at(-1) === line) continue;
    kept.push(line);
  }
  const text = kept.join('\n');
  if (text.length <= maxChars) return text;
  // Cut at a line start, so the detail never begins mid-word.
  const cut = text.slice(-maxChars);
  const newline = cut.indexOf('\n');
  return newline === -1 ? cut : cut.slice(newline + 1);
}
