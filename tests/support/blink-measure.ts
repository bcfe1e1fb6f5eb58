import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MotionSettingsSchema } from '../../src-shared/render.js';
import { renderTalkingVideo } from '../../src-main/engine/animate/render-talking-video.js';
import type { MotionTrack } from '../../src-main/engine/animate/motion-track.js';
import { analyzeFaces } from '../../src-main/engine/face/face-analysis.js';
import { writeJpeg } from '../../src-main/engine/intake/jpeg-writer.js';
import { intakePhoto } from '../../src-main/engine/intake/photo-intake.js';
import { analysisSize, decodeFrames } from '../../src-main/engine/verify/frame-decode.js';
import { median } from '../../src-main/engine/verify/stats.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';
import { readEyeOpening } from './eye-opening.js';

/**
 * Issue 17's blink measures on one photo: eSpeak speaks a passage, the app animates the
 * photo (its own blink plan kept, so each blink's middle frame is known), and the face
 * mesh tracks every rendered frame, as an independent viewer's tracker would. Shared by
 * the target test and the measure script.
 *
 * - closure: the eye-opening measure (lid gap ÷ eye width) at each full blink's middle
 *   frame over its value on the open frames (median of the frames with no lid movement),
 *   both eyes averaged and for each eye. Each eye is read by the face mesh's iris model on
 *   its own crop (eye-opening.ts): human's mesh refines only the eye nearer the camera, and
 *   the other eye's coarse lids read 0.5–0.65 of open even painted over with skin.
 *   `closerEye` is the lower of the two eyes' ratios at each blink's middle;
 * - seen rate: blinks a minute the tracker sees (runs of frames where both eyes averaged
 *   are below SEEN_BELOW of open), beside the planned rate.
 */

export const BLINK_PASSAGE = 'Good morning, everyone. Today I want to show you something simple. One photo, a few lines of text, and a voice. That is all it takes.';

/** Issue 17: the eye opening at a blink's middle frame is at most this share of its open value. */
export const MAX_CLOSED_SHARE = 0.35;

/** A frame whose eyes (averaged) are under this share of open counts as part of a blink for the seen rate. */
const SEEN_BELOW = 0.5;

export interface BlinkMeasureRun {
  track: MotionTrack;
  durationS: number;
  /** Eye opening per frame (NaN where no face was found). */
  opening: Float64Array;
  openValue: number;
  /**
   * Per full blink (half blinks left out): its middle frame, the opening there over the open
   * value (both eyes averaged), the lower eye's, and each eye's (the photo's right eye, then
   * its left: which eye a miss is on).
   */
  blinks: Array<{ frame: number; ratio: number; closerEye: number; rightEye: number; leftEye: number }>;
  /** Worst (largest) ratio over the full blinks, and the median, both eyes averaged. */
  worstRatio: number;
  medianRatio: number;
  /** Worst lower eye's ratio over the full blinks. */
  worstCloserEye: number;
  plannedPerMinute: number;
  seenPerMinute: number;
  halfBlinks: number;
  /** Frames saved to look at (open, a blink's middle, a half blink's deepest, the widest glance). */
  frames: string[];
  iodPx: number;
}

export async function measureBlinksOnPhoto(options: {
  photoPath: string;
  outDir: string;
  passage?: string;
  width?: number;
  height?: number;
  blinkRate?: number;
  framesDir?: string;
}): Promise<BlinkMeasureRun> {
  const { photoPath, outDir } = options;
  const width = options.width ?? 360;
  const height = options.height ?? 640;
  const fps = 30;
  mkdirSync(outDir, { recursive: true });
  const photo = await intakePhoto(photoPath);
  const face = (await analyzeFaces(photo)).chosen;
  const voice = await synthesizeSpeech({ text: options.passage ?? BLINK_PASSAGE, language: 'en', workDir: path.join(outDir, 'voice') });
  const videoPath = path.join(outDir, 'blinks.mp4');
  const rendered = await renderTalkingVideo({
    photo,
    mesh: face.mesh,
    faceBox: face.box,
    voice: { audioPath: voice.audioPath, samples: voice.analysis.samples, sampleRate: voice.analysis.sampleRate, durationS: voice.durationS, phones: voice.phones },
    width,
    height,
    fps,
    motion: MotionSettingsSchema.parse({ blinkRate: options.blinkRate ?? 16 }),
    outFile: videoPath,
  });
  const { track, region, frameCount } = rendered;
  const size = analysisSize(region);
  const opening = new Float64Array(frameCount).fill(NaN);
  const eyes = [new Float64Array(frameCount).fill(NaN), new Float64Array(frameCount).fill(NaN)];
  // The widest glance with the eyes open: the iris moved, the lid did not.
  const glanceFrame = Array.from(track.gazeX).reduce((best, g, k) => (track.blink[k] === 0 && Math.hypot(g, track.gazeY[k]!) > Math.hypot(track.gazeX[best]!, track.gazeY[best]!) ? k : best), 0);
  const wanted = new Set<number>([...track.blinkFrames, ...track.halfBlinkFrames, glanceFrame]);
  const openFrame = track.blink.findIndex((b, k) => b === 0 && k > 5);
  const keep = new Map<number, Buffer>();
  const iods: number[] = [];
  let k = 0;
  for await (const rgb of decodeFrames({ videoPath, region }, size.width, size.height, frameCount)) {
    const found = await readEyeOpening({ rgb, width: size.width, height: size.height });
    if (found) {
      eyes[0]![k] = found.right;
      eyes[1]![k] = found.left;
      opening[k] = (found.right + found.left) / 2;
      iods.push(found.interocularPx);
    }
    if (wanted.has(k) || k === openFrame) keep.set(k, rgb);
    k++;
  }
  const openOf = (series: Float64Array) => median(Array.from(series).filter((v, k) => !Number.isNaN(v) && track.blink[k] === 0));
  const openValue = openOf(opening);
  const eyeOpen = eyes.map(openOf);
  const closer = Float64Array.from({ length: frameCount }, (_, k) => Math.min(eyes[0]![k]! / eyeOpen[0]!, eyes[1]![k]! / eyeOpen[1]!));
  const halves = new Set(track.halfBlinkFrames);
  const blinks = track.blinkFrames
    .filter((k) => !halves.has(k))
    .map((frame) => ({ frame, ratio: opening[frame]! / openValue, closerEye: closer[frame]!, rightEye: eyes[0]![frame]! / eyeOpen[0]!, leftEye: eyes[1]![frame]! / eyeOpen[1]! }));
  const ratios = blinks.map((b) => b.ratio).filter((r) => !Number.isNaN(r));
  const closerRatios = blinks.map((b) => b.closerEye).filter((r) => !Number.isNaN(r));
  let seen = 0;
  let inside = false;
  for (const v of Array.from(opening, (o) => o / openValue)) {
    const below = !Number.isNaN(v) && v < SEEN_BELOW;
    if (below && !inside) seen++;
    inside = below;
  }
  const durationS = frameCount / fps;
  const framesDir = options.framesDir ?? path.join(outDir, 'frames');
  mkdirSync(framesDir, { recursive: true });
  const slug = path.basename(photoPath).replace(/\W+/g, '-');
  const frames: string[] = [];
  const save = async (label: string, k: number | undefined) => {
    if (k === undefined || !keep.has(k)) return;
    const file = path.join(framesDir, `${slug}-${label}-frame${k}.jpg`);
    await writeJpeg(keep.get(k)!, size.width, size.height, file);
    frames.push(file);
  };
  await save('open', openFrame);
  await save('blink-middle', blinks[0]?.frame);
  await save('half-blink', track.halfBlinkFrames[0]);
  if (glanceFrame > 0) await save('glance', glanceFrame);
  return {
    track,
    durationS,
    opening,
    openValue,
    blinks,
    worstRatio: ratios.length ? Math.max(...ratios) : NaN,
    medianRatio: ratios.length ? median(ratios) : NaN,
    worstCloserEye: closerRatios.length ? Math.max(...closerRatios) : NaN,
    plannedPerMinute: (track.blinkFrames.length * 60) / durationS,
    seenPerMinute: (seen * 60) / durationS,
    halfBlinks: track.halfBlinkFrames.length,
    frames,
    iodPx: iods.length ? median(iods) : 0,
  };
}

/** One line of figures for a log. */
export function describeBlinkRun(name: string, run: BlinkMeasureRun): string {
  const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
  return (
    `${name}: eye opening at blink middles ${run.blinks.map((b) => f(b.ratio)).join(' ')} of open ${f(run.openValue, 3)} ` +
    `(worst ${f(run.worstRatio)}, median ${f(run.medianRatio)}); lower eye ${run.blinks.map((b) => f(b.closerEye)).join(' ')} (worst ${f(run.worstCloserEye)}); right/left eye ${run.blinks.map((b) => `${f(b.rightEye)}/${f(b.leftEye)}`).join(' ')}; blinks/min planned ${f(run.plannedPerMinute, 1)}, seen ${f(run.seenPerMinute, 1)}; ` +
    `half blinks ${run.halfBlinks}; ${f(run.durationS, 1)} s, eye distance ${f(run.iodPx, 0)} px`
  );
}
