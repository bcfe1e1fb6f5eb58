import { mkdir } from 'node:fs/promises';
import type { PlatformSpec } from '../../../src-shared/platforms.js';
import type { MotionTrack } from '../animate/motion-track.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { prepareCaptionFont, titleScript, writeAssFile } from './burned-captions.js';
import { columns } from './captions.js';
import type { Reframe } from './reframe.js';
import { inRendition, renditionFilter } from './renditions.js';

/**
 * Covers (thumbnails) at each platform's size, cut from the master exactly as its
 * rendition was, from a frame a viewer would pick, without burned-in captions, and with
 * the title on top when the creator asks for it. One ffmpeg run writes them all.
 */

/**
 * A frame with eyes open (no blink within ±3 frames) and a natural, half-open mouth,
 * about a third of the way in, past the first words.
 */
export function coverFrame(track: MotionTrack): number {
  const gaps = Array.from(track.mouthGap)
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  const natural = gaps.length ? gaps[Math.floor(gaps.length * 0.4)]! : 0;
  let best = Math.min(track.frameCount - 1, Math.round(track.frameCount / 3));
  let bestScore = Infinity;
  for (let k = 0; k < track.frameCount; k++) {
    let blinking = false;
    for (let d = -3; d <= 3; d++) if ((track.blink[k + d] ?? 0) > 0.05) blinking = true;
    if (blinking) continue;
    const score = Math.abs(track.mouthGap[k]! - natural) * 10 + Math.abs(k / track.frameCount - 0.33);
    if (score < bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best;
}

/** Breaks a title into at most three lines of about `width` columns. */
function titleLines(title: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of title.replace(/\s+/gu, ' ').trim().split(' ')) {
    if (line && columns(`${line} ${word}`) > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length > 3)
    lines.splice(
      2,
      lines.length - 2,
      `${lines
        .slice(2)
        .join(' ')
        .slice(0, Math.max(1, width - 1))}…`,
    );
  return lines;
}

export interface CoverJob {
  spec: PlatformSpec;
  frame: Reframe;
  file: string;
}

export async function writeCovers(input: {
  master: string;
  masterSize: { width: number; height: number };
  fps: number;
  timeS: number;
  covers: readonly CoverJob[];
  /** Drawn in the top of the safe area when given. */
  title?: string;
  workDir: string;
  signal?: AbortSignal;
}): Promise<void> {
  if (input.covers.length === 0) return;
  await mkdir(input.workDir, { recursive: true });
  if (input.title) await prepareCaptionFont(input.workDir);
  const labels = input.covers.map((_, i) => `c${i}`);
  const parts = [`[0:v]split=${labels.length}${labels.map((l) => `[${l}in]`).join('')}`];
  for (const [i, job] of input.covers.entries()) {
    let text: string | undefined;
    if (input.title) {
      const { width: W, height: H } = job.spec;
      const columnsPerLine = Math.max(8, Math.floor((0.8 * W) / (0.62 * Math.min(0.055 * H, 0.075 * W))));
      text = await writeAssFile(input.workDir, `title-${job.spec.id}`, titleScript(job.spec, titleLines(input.title, columnsPerLine), inRendition(job.frame.head, job.frame)));
    }
    parts.push(renditionFilter(input.masterSize, job.frame, job.spec, `${labels[i]}in`, labels[i]!, input.fps, text));
  }
  const args = [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-ss', input.timeS.toFixed(3), '-i', input.master, '-filter_complex', parts.join(';')];
  for (const [i, job] of input.covers.entries()) args.push('-map', `[${labels[i]}]`, '-frames:v', '1', '-q:v', '2', '-y', job.file);
  const result = await runProcess(mediaTools().ffmpeg.path, args, { signal: input.signal, cwd: input.workDir });
  if (result.code !== 0) throw new Error(`the covers could not be written: ${result.stderr.slice(-800)}`);
}
