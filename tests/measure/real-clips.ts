/**
 * Does the rendered mouth move like a real person's? For each real talking video in a
 * folder: photo = its first frame, recording = its own sound (no transcript), rendered by
 * the pipeline every front door calls (renderProject: the CLI would count each clip
 * against the plan's videos a month); the mouth is tracked the same way in both videos, and the rendered mouth
 * is correlated frame by frame with the real one at the clip's own sound offset (found
 * from the real mouth against its loudness, within ±MAX_OFFSET_S). The real mouth against its
 * loudness is the bar: a loudness puppet reaches about that, a mouth that says the words
 * clearly more. A clip counts only where it is someone talking (follows-sound.ts, the rule
 * score-calibration.ts uses too): its real mouth follows its sound beyond chance (its r
 * beats what the same loudness moved by a second or more reaches) and its lips part visibly.
 *
 *   TP_REAL_CLIPS=/tmp/clips npx tsx tests/measure/real-clips.ts [--max-seconds 8] [--json out.json]
 *     [--calibration d10,d12,d20]   (also report the clips named here and the others apart)
 *     [--series]                    (with --json: each clip's real and rendered gaps and loudness, frame by frame)
 *
 * The clips are never part of the repository (calibrate on the example clips of the
 * SadTalker and LivePortrait repositories, fetched elsewhere). Exit 0 when the targets
 * are met, 1 when they are not, 2 when the folder holds nothing to measure.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LIP_SYNC_TARGETS } from '../../src-shared/lip-sync-targets.js';
import { frameFeatures } from '../../src-main/engine/animate/audio-features.js';
import { withFaceSession, type FaceSession } from '../../src-main/engine/face/face-session.js';
import { mediaTools } from '../../src-main/engine/media/ffmpeg.js';
import { renderProject } from '../../src-main/engine/pipeline/render-project.js';
import { trackMouth } from '../../src-main/engine/verify/mouth-track.js';
import { bestLaggedCorrelation, mean, pearson } from '../../src-main/engine/verify/stats.js';
import { clipFrames, isTalking, LIPS_OPEN_IOD, MAX_OFFSET_S } from './follows-sound.js';

export { FOLLOWS_SOUND_R, MAX_OFFSET_S } from './follows-sound.js';
/** Small renders keep the run short; the mesh sees the face at ≤ 320 px anyway. */
const RENDER_SIZE = { width: 432, height: 768 };

interface ClipFigures {
  clip: string;
  fps: number;
  frames: number;
  /** Real mouth vs its loudness at the best offset (positive: the mouth trails the sound). */
  realVsLoudness: number;
  offsetFrames: number;
  /** Rendered mouth vs the real mouth at that offset. */
  renderedVsReal: number;
  /** Rendered mouth vs the same loudness, for reference. */
  renderedVsLoudness: number;
  /** What the real mouth reaches against its loudness moved by a second or more (follows-sound.ts). */
  chanceR: number;
  followsSound: boolean;
  /** How far the real lips part (eye distances: follows-sound.ts' lipsOpening). */
  opens: number;
  /** Counted: follows its sound and its lips part (follows-sound.ts' isTalking). */
  talking: boolean;
  faceFound: { real: number; rendered: number };
  /** Frame by frame (--series): the real and rendered inner-lip gaps (eye distances, null where no face) and the loudness (dB). */
  series?: { real: Array<number | null>; rendered: Array<number | null>; levelDb: number[] };
}

function ffmpeg(args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(mediaTools().ffmpeg.path, ['-v', 'error', '-nostdin', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`ffmpeg ${args.join(' ')} failed: ${err.trim()}`))));
  });
}

export async function soundAt16k(clip: string, seconds: number): Promise<Float32Array> {
  const raw = await ffmpeg(['-i', clip, '-t', String(seconds), '-vn', '-ac', '1', '-ar', '16000', '-f', 'f32le', 'pipe:1']);
  return new Float32Array(raw.buffer, raw.byteOffset, Math.floor(raw.length / 4));
}

/** Where the face is in the clip's first frame: a square twice the face's size, so a moving head stays inside. */
export async function faceRegion(clip: string, width: number, height: number, session: FaceSession): Promise<{ x: number; y: number; width: number; height: number }> {
  const scale = Math.min(1, 640 / Math.max(width, height));
  const w = Math.round((width * scale) / 2) * 2;
  const h = Math.round((height * scale) / 2) * 2;
  const rgb = await ffmpeg(['-i', clip, '-frames:v', '1', '-vf', `scale=${w}:${h}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
  const face = (await session.detect({ rgb, width: w, height: h }))[0];
  if (!face) throw new Error('no face in the first frame');
  const side = Math.min(width, height, (Math.max(face.box.width, face.box.height) * 2) / scale);
  const even = (v: number) => Math.max(0, Math.floor(v / 2) * 2);
  const cx = (face.box.x + face.box.width / 2) / scale;
  const cy = (face.box.y + face.box.height / 2) / scale;
  const size = even(side);
  return { x: even(Math.min(width - size, Math.max(0, cx - size / 2))), y: even(Math.min(height - size, Math.max(0, cy - size / 2))), width: size, height: size };
}

/** Pearson r of a[i] against b[i + lag], pairs with a missing value left out. */
export function correlateAt(a: ArrayLike<number>, b: ArrayLike<number>, lag: number): number {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const j = i + lag;
    if (j < 0 || j >= b.length || !Number.isFinite(a[i]!) || !Number.isFinite(b[j]!)) continue;
    x.push(a[i]!);
    y.push(b[j]!);
  }
  return pearson(x, y);
}

async function measureClip(clip: string, maxSeconds: number, workDir: string, withSeries: boolean): Promise<ClipFigures | string> {
  const shape = await clipFrames(clip, maxSeconds);
  if (typeof shape === 'string') return shape;
  const { fps, seconds, frames } = shape;
  const photo = path.join(workDir, 'photo.png');
  const sound = path.join(workDir, 'sound.wav');
  await ffmpeg(['-i', clip, '-frames:v', '1', photo]);
  await ffmpeg(['-i', clip, '-t', String(seconds), '-vn', '-ac', '1', '-ar', '48000', sound]);
  const outDir = path.join(workDir, 'render');
  let report;
  try {
    report = await renderProject({ photoPath: photo, audioPath: sound, outDir, ...RENDER_SIZE, fps, verify: false });
  } catch (error) {
    return `render failed: ${(error as Error).message}`;
  }

  // Both videos are tracked in one face thread, opened after the render (which has its own).
  const { width, height } = shape;
  const [realTrack, renderTrack] = await withFaceSession(async (session) => [
    await trackMouth({ videoPath: clip, fps, frameCount: frames, region: await faceRegion(clip, width, height, session), session }),
    await trackMouth({ videoPath: path.join(outDir, report.files.video), fps, frameCount: Math.min(frames, report.output.frames), region: report.animation.region, session }),
  ]);
  const level = Array.from(frameFeatures(await soundAt16k(clip, seconds), 16000, fps, frames).levelDb, (db) => Math.max(-60, db));
  const maxOffset = Math.round(MAX_OFFSET_S * fps);
  const real = isTalking(level, realTrack.gap, maxOffset, fps);
  // The rendered mouth at frame i against the real one at i + offset: the real mouth trails its sound by `offset`.
  const renderedVsReal = correlateAt(renderTrack.gap, realTrack.gap, real.lag);
  return {
    clip: path.basename(clip),
    fps,
    frames,
    realVsLoudness: real.r,
    offsetFrames: real.lag,
    renderedVsReal,
    renderedVsLoudness: bestLaggedCorrelation(level, renderTrack.gap, maxOffset).r,
    chanceR: real.chanceR,
    followsSound: real.follows,
    opens: real.opens,
    talking: real.talking,
    faceFound: { real: realTrack.found / Math.max(1, realTrack.meshed), rendered: renderTrack.found / Math.max(1, renderTrack.meshed) },
    ...(withSeries ? { series: { real: orNull(realTrack.gap), rendered: orNull(renderTrack.gap), levelDb: level } } : {}),
  };
}

const orNull = (values: ArrayLike<number>): Array<number | null> => Array.from(values, (v) => (Number.isFinite(v) ? v : null));

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const folder = process.env.TP_REAL_CLIPS ?? process.argv.slice(2).find((a) => !a.startsWith('--') && !process.argv[process.argv.indexOf(a) - 1]?.startsWith('--'));
  if (!folder) {
    console.error('Name a folder of real talking videos: TP_REAL_CLIPS=/path/to/clips npx tsx tests/measure/real-clips.ts');
    return 2;
  }
  const maxSeconds = Number(option('--max-seconds') ?? 8);
  const clips = readdirSync(folder)
    .filter((f) => /\.(mp4|mov|mkv|webm)$/i.test(f))
    .sort()
    .map((f) => path.join(folder, f));
  if (!clips.length) {
    console.error(`${folder} holds no .mp4, .mov, .mkv or .webm clips.`);
    return 2;
  }
  const figures: ClipFigures[] = [];
  for (const clip of clips) {
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'tp-real-'));
    try {
      const result = await measureClip(clip, maxSeconds, workDir, process.argv.includes('--series'));
      if (typeof result === 'string') {
        console.log(`${path.basename(clip)}: skipped (${result})`);
        continue;
      }
      figures.push(result);
      console.log(
        `${result.clip}: rendered vs real r=${result.renderedVsReal.toFixed(2)}  real vs loudness r=${result.realVsLoudness.toFixed(2)} (offset ${result.offsetFrames} frames, chance ${result.chanceR.toFixed(2)})  ` +
          `rendered vs loudness r=${result.renderedVsLoudness.toFixed(2)}  ${result.frames} frames at ${result.fps} fps  face ${result.faceFound.real.toFixed(2)}/${result.faceFound.rendered.toFixed(2)}` +
          `  lips part ${result.opens.toFixed(3)}` +
          (!result.followsSound
            ? '  (real mouth does not follow its sound beyond chance: not counted)'
            : result.talking
              ? ''
              : `  (lips part by under ${LIPS_OPEN_IOD} eye distances: not someone talking, not counted)`),
      );
    } catch (error) {
      console.log(`${path.basename(clip)}: skipped (${(error as Error).message})`);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  const counted = figures.filter((f) => f.talking);
  const meanRendered = mean(counted.map((f) => f.renderedVsReal));
  const meanLoudness = mean(counted.map((f) => f.realVsLoudness));
  const met = counted.length > 0 && meanRendered >= meanLoudness + LIP_SYNC_TARGETS.realMarginOverLoudness && meanRendered >= LIP_SYNC_TARGETS.realMinR;
  console.log(
    `\n${counted.length} of ${figures.length} clips are someone talking: mean rendered vs real r=${meanRendered.toFixed(2)}, real vs loudness r=${meanLoudness.toFixed(2)}; ` +
      `target: ≥ ${LIP_SYNC_TARGETS.realMinR} and ≥ loudness + ${LIP_SYNC_TARGETS.realMarginOverLoudness}: ${met ? 'met' : 'not met'}`,
  );
  // A split keeps a figure honest: choose the mouth's constants on one half, read the other.
  const calibration = option('--calibration')?.split(',').filter(Boolean) ?? [];
  if (calibration.length) {
    const inCalibration = (f: ClipFigures): boolean => calibration.some((name) => f.clip.includes(name));
    for (const [half, members] of [
      ['calibration', counted.filter(inCalibration)],
      ['check', counted.filter((f) => !inCalibration(f))],
    ] as const) {
      console.log(
        `${half} half (${members.map((f) => f.clip).join(', ') || 'none'}): rendered vs real r=${mean(members.map((f) => f.renderedVsReal)).toFixed(2)}, ` +
          `real vs loudness r=${mean(members.map((f) => f.realVsLoudness)).toFixed(2)}`,
      );
    }
  }
  const json = option('--json');
  if (json) writeFileSync(json, JSON.stringify({ clips: figures, meanRenderedVsReal: meanRendered, meanRealVsLoudness: meanLoudness, met }, null, 2) + '\n');
  return met ? 0 : 1;
}

// Run as a script; imported (mouth-predictor.ts), only its helpers are used.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
