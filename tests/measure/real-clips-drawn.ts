/**
 * The fast loop beside real-clips.ts: the mouth the motion track asks for (its mouthGap,
 * before any pixel is drawn) against each real clip's mouth, at the same offset and under
 * the same talking rule. real-clips.ts renders and meshes every clip (about two minutes a
 * clip on two cores); here the real mouth, its loudness and the voice as the pipeline reads
 * it (loadRecording: the take as recorded, 16 kHz) are worked out once per clip and kept in
 * a cache folder, so a change to the recording-without-words path (voice/acoustic-phones.ts,
 * formants.ts, animate/viseme-track.ts) reads in seconds. What the drawing then loses is
 * real-clips.ts' to say: give it that script's --series --json output and each clip's
 * rendered mouth is compared with the drawn one too.
 *
 *   TP_REAL_CLIPS=/tmp/clips npx tsx tests/measure/real-clips-drawn.ts [--calibration d10,d12,d20]
 *     [--cache DIR]            (default: $TMPDIR/talkingphoto-real-clips; delete it when the clips change)
 *     [--rendered out.json]    (real-clips.ts --series --json out.json: the rendered mouth, frame by frame)
 *     [--json series.json]     (each clip's drawn, real and, given --rendered, rendered gaps frame by frame, with its offset)
 *
 * Constants chosen here must still be read on rendered frames (real-clips.ts) before they
 * are claimed: the drawn figure runs 0.02–0.13 above the rendered one (README, lip sync).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MOTION } from '../../src-shared/motion-controls.js';
import { frameFeatures } from '../../src-main/engine/animate/audio-features.js';
import { motionTrackFor } from '../../src-main/engine/animate/render-talking-video.js';
import { withFaceSession } from '../../src-main/engine/face/face-session.js';
import { mean } from '../../src-main/engine/verify/stats.js';
import { trackMouth } from '../../src-main/engine/verify/mouth-track.js';
import { espeakTemplates, estimatePhones } from '../../src-main/engine/voice/acoustic-phones.js';
import { loadRecording } from '../../src-main/engine/voice/recording.js';
import { clipFrames, isTalking, MAX_OFFSET_S } from './follows-sound.js';
import { correlateAt, faceRegion, soundAt16k } from './real-clips.js';
import { spawnSync } from 'node:child_process';

/** As real-clips.ts: the first 8 s of each clip. */
const MAX_SECONDS = 8;

interface RealClip {
  clip: string;
  fps: number;
  durationS: number;
  /** The real inner-lip gap per frame (eye distances; null where no face was found). */
  real: Array<number | null>;
  /** The real mouth against its loudness: best r and its offset, and whether the clip is someone talking. */
  realVsLoudness: number;
  offsetFrames: number;
  talking: boolean;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The clip's real mouth and its voice as the pipeline reads it, from the cache or worked out once. */
async function realClip(clip: string, cacheDir: string): Promise<{ figures: RealClip; samples: Float32Array } | string> {
  const name = path.basename(clip).replace(/\.\w+$/, '');
  const figuresFile = path.join(cacheDir, `${name}.json`);
  const samplesFile = path.join(cacheDir, `${name}.f32`);
  if (existsSync(figuresFile) && existsSync(samplesFile)) {
    const raw = readFileSync(samplesFile);
    return { figures: JSON.parse(readFileSync(figuresFile, 'utf8')) as RealClip, samples: new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)) };
  }
  const shape = await clipFrames(clip, MAX_SECONDS);
  if (typeof shape === 'string') return shape;
  const { fps, seconds, frames } = shape;
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'tp-real-drawn-'));
  try {
    // The same 48 kHz WAV real-clips.ts gives renderProject.
    const sound = path.join(workDir, 'sound.wav');
    const cut = spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', clip, '-t', String(seconds), '-vn', '-ac', '1', '-ar', '48000', sound]);
    if (cut.status !== 0) return `ffmpeg failed: ${cut.stderr.toString().trim()}`;
    let voice;
    try {
      voice = await loadRecording({ file: sound, workDir, cleanup: true });
    } catch (error) {
      return `voice refused: ${(error as Error).message}`;
    }
    const track = await withFaceSession(async (session) => trackMouth({ videoPath: clip, fps, frameCount: frames, region: await faceRegion(clip, shape.width, shape.height, session), session }));
    const level = Array.from(frameFeatures(await soundAt16k(clip, seconds), 16000, fps, frames).levelDb, (db) => Math.max(-60, db));
    const talking = isTalking(level, track.gap, Math.round(MAX_OFFSET_S * fps), fps);
    const figures: RealClip = {
      clip: path.basename(clip),
      fps,
      durationS: voice.durationS,
      real: Array.from(track.gap, (v) => (Number.isFinite(v) ? v : null)),
      realVsLoudness: talking.r,
      offsetFrames: talking.lag,
      talking: talking.talking,
    };
    const samples = voice.analysis.samples;
    writeFileSync(samplesFile, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
    writeFileSync(figuresFile, JSON.stringify(figures));
    return { figures, samples };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const folder = process.env.TP_REAL_CLIPS;
  if (!folder) {
    console.error('Name a folder of real talking videos: TP_REAL_CLIPS=/path/to/clips npx tsx tests/measure/real-clips-drawn.ts');
    return 2;
  }
  const cacheDir = option('--cache') ?? path.join(os.tmpdir(), 'talkingphoto-real-clips');
  mkdirSync(cacheDir, { recursive: true });
  const renderedFile = option('--rendered');
  const rendered = new Map<string, Array<number | null>>(
    renderedFile
      ? (JSON.parse(readFileSync(renderedFile, 'utf8')) as { clips: Array<{ clip: string; series?: { rendered: Array<number | null> } }> }).clips.flatMap((c) =>
          c.series ? [[c.clip, c.series.rendered] as const] : [],
        )
      : [],
  );
  const calibration = option('--calibration')?.split(',').filter(Boolean) ?? [];
  const rows: Array<{ clip: string; drawn: number; loudness: number; render?: number }> = [];
  const series: Array<{ clip: string; talking: boolean; offsetFrames: number; drawn: number[]; real: Array<number | null>; rendered?: Array<number | null> }> = [];
  for (const file of readdirSync(folder)
    .filter((f) => /\.(mp4|mov|mkv|webm)$/i.test(f))
    .sort()) {
    const got = await realClip(path.join(folder, file), cacheDir);
    if (typeof got === 'string') {
      console.log(`${file}: skipped (${got})`);
      continue;
    }
    const { figures, samples } = got;
    const phones = estimatePhones(samples, 16000, espeakTemplates(), figures.durationS);
    const drawn = motionTrackFor({ audioPath: '', samples, sampleRate: 16000, durationS: figures.durationS, phones }, figures.fps, DEFAULT_MOTION).mouthGap;
    const real = figures.real.map((v) => v ?? NaN);
    const r = correlateAt(drawn, real, figures.offsetFrames);
    const renderedGap = rendered.get(figures.clip)?.map((v) => v ?? NaN);
    series.push({
      clip: figures.clip,
      talking: figures.talking,
      offsetFrames: figures.offsetFrames,
      drawn: Array.from(drawn),
      real: figures.real,
      ...(rendered.has(figures.clip) ? { rendered: rendered.get(figures.clip)! } : {}),
    });
    const renderedFigures = renderedGap
      ? `  rendered vs real r=${correlateAt(renderedGap, real, figures.offsetFrames).toFixed(3)}  rendered vs drawn r=${correlateAt(renderedGap, drawn, 0).toFixed(3)}`
      : '';
    console.log(
      `${figures.clip}: drawn vs real r=${r.toFixed(3)}  real vs loudness r=${figures.realVsLoudness.toFixed(3)} (offset ${figures.offsetFrames})${renderedFigures}${figures.talking ? '' : '  (not someone talking: not counted)'}`,
    );
    if (figures.talking) rows.push({ clip: figures.clip, drawn: r, loudness: figures.realVsLoudness, ...(renderedGap ? { render: correlateAt(renderedGap, real, figures.offsetFrames) } : {}) });
  }
  const halves: Array<[string, typeof rows]> = [['counted', rows]];
  if (calibration.length) {
    const inCalibration = (row: (typeof rows)[number]): boolean => calibration.some((name) => row.clip.includes(name));
    halves.push(['calibration', rows.filter(inCalibration)], ['check', rows.filter((row) => !inCalibration(row))]);
  }
  for (const [half, members] of halves) {
    console.log(`${half} (${members.length}): drawn vs real r=${mean(members.map((m) => m.drawn)).toFixed(3)}, real vs loudness r=${mean(members.map((m) => m.loudness)).toFixed(3)}`);
  }
  const seriesFile = option('--json');
  if (seriesFile) writeFileSync(seriesFile, JSON.stringify({ clips: series }));
  return rows.length ? 0 : 2;
}

process.exitCode = await main();
