/**
 * Reads the cues of a kit's SRT or WebVTT file for showing them as plain lines. The text
 * of a cue is kept exactly as written (tags included): the window prints it as text and
 * never hands it to an HTML parser.
 */

export interface CaptionCue {
  startS: number;
  endS: number;
  text: string;
}

// SRT: 00:00:01,200 --> 00:00:03,400. WebVTT: hours optional, a dot, and settings may follow.
const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})(?:\s.*)?$/;

function seconds(stamp: string): number {
  const [clock = '', fraction = '0'] = stamp.split(/[.,]/);
  const parts = clock.split(':').map(Number);
  const whole = parts.reduce((total, part) => total * 60 + part, 0);
  return whole + Number(`0.${fraction}`);
}

export function parseCaptions(source: string): CaptionCue[] {
  const cues: CaptionCue[] = [];
  // Blocks are separated by blank lines; a byte order mark and Windows line ends are common in SRT.
  const blocks = source
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split('\n');
    const timing = lines.findIndex((line) => TIMING.test(line));
    // The WEBVTT header, NOTE, STYLE and REGION blocks have no timing line.
    if (timing === -1 || timing > 1) continue;
    const [, start = '', end = ''] = TIMING.exec(lines[timing]!) ?? [];
    const text = lines
      .slice(timing + 1)
      .join('\n')
      .trim();
    if (text) cues.push({ startS: seconds(start), endS: seconds(end), text });
  }
  return cues;
}

/** "0:01.2": minutes and tenths, as a creator reads a caption's place in a short video. */
export function formatCueTime(totalSeconds: number): string {
  const tenths = Math.round(totalSeconds * 10);
  const minutes = Math.floor(tenths / 600);
  const rest = (tenths - minutes * 600) / 10;
  return `${minutes}:${rest.toFixed(1).padStart(4, '0')}`;
}
