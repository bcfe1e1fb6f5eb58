/**
 * Can a small learned predictor guess a real speaker's mouth opening from the sound better
 * than its loudness does (issue 14, "Real people")? Ridge regression from audio features
 * with ±150 ms of context (log energy under the speech peak, MFCC c1…c12, each z-scored per
 * utterance: a per-speaker normalisation) to the inner-lip gap the viseme track draws for
 * eSpeak passages whose phones are known (unlimited, reproducible training data), then
 * read on real talking videos exactly as tests/measure/real-clips.ts reads the rendered
 * mouth: against the real mouth at the clip's own sound offset, beside the real mouth
 * against its loudness. Nothing here is in the product path; it measures an idea.
 *
 *   TP_REAL_CLIPS=/tmp/clips npx tsx tests/measure/mouth-predictor.ts [--features loudness|mfcc] [--calibration d10,d12,d20]
 *
 * Measured (README, lip sync): it did not beat loudness on the check half.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { frameFeatures } from '../../src-main/engine/animate/audio-features.js';
import { buildVisemeTrack, MAX_GAP_IOD } from '../../src-main/engine/animate/viseme-track.js';
import { withFaceSession } from '../../src-main/engine/face/face-session.js';
import { probeMedia } from '../../src-main/engine/media/probe.js';
import { bestLaggedCorrelation, mean, pearson, std } from '../../src-main/engine/verify/stats.js';
import { trackMouth } from '../../src-main/engine/verify/mouth-track.js';
import { CEPSTRA, HOP_S, speechFeatures } from '../../src-main/engine/voice/speech-features.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';
import { correlateAt, faceRegion, FOLLOWS_SOUND_R, MAX_OFFSET_S, soundAt16k } from './real-clips.js';

/** ±15 hops of 10 ms, every third: a syllable's worth of context on either side. */
const CONTEXT_HOPS = 15;
const CONTEXT_STEP = 3;
/** Ridge penalty per 1000 training hops (chosen on the eSpeak passages' own fit, not on real clips). */
const RIDGE = 10;

const PASSAGES = [
  'Peter bought a big blue umbrella for Mabel. Bobby may keep the puppy by the pool.',
  'We see the open sea, oh what a view. The committee met on Monday to debate the new budget.',
  'Nobody could agree about the timing of the plan, so they talked until dawn.',
  'My mother made a lemon pie, but the dog ate it before dinner; we laughed and bought another one.',
  'I think that the most important thing is to keep going, even when it is hard.',
  'Thank you all so much for coming tonight. I really appreciate your support and your time.',
  'Are you ready for the weekend? I am going to the mountains with my family and friends.',
  'Honestly, I had no idea what would happen next, and that was the exciting part of it.',
];
const VOICES = ['en-us', 'en-gb', 'en-us+f3', 'en-gb+f4'];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** One row per 10 ms hop: a constant, then each context position's features. */
function hopRows(samples: Float32Array, withSpectrum: boolean): number[][] {
  const f = speechFeatures(samples, 16000);
  const sorted = Array.from(f.energyDb).sort((a, b) => a - b);
  const peak = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
  const base = Array.from({ length: f.frames }, (_, h) => {
    const row = [Math.max(-40, f.energyDb[h]! - peak) / 10];
    if (withSpectrum) for (let c = 1; c < CEPSTRA; c++) row.push(f.mfcc[h * CEPSTRA + c]!);
    return row;
  });
  for (let j = 0; j < (base[0]?.length ?? 0); j++) {
    const column = base.map((row) => row[j]!);
    const [m, s] = [mean(column), std(column) || 1];
    for (const row of base) row[j] = (row[j]! - m) / s;
  }
  return base.map((_, h) => {
    const row = [1];
    for (let o = -CONTEXT_HOPS; o <= CONTEXT_HOPS; o += CONTEXT_STEP) row.push(...base[Math.min(f.frames - 1, Math.max(0, h + o))]!);
    return row;
  });
}

/** Solves (XᵀX + λI)w = Xᵀy by Gaussian elimination with partial pivoting (a few hundred unknowns). */
function ridge(rows: number[][], target: number[], lambda: number): number[] {
  const d = rows[0]!.length;
  const m = Array.from({ length: d }, () => new Float64Array(d + 1));
  rows.forEach((x, i) => {
    for (let p = 0; p < d; p++) {
      const row = m[p]!;
      row[d] = row[d]! + x[p]! * target[i]!;
      for (let q = 0; q < d; q++) row[q] = row[q]! + x[p]! * x[q]!;
    }
  });
  for (let p = 1; p < d; p++) m[p]![p] = m[p]![p]! + lambda;
  for (let i = 0; i < d; i++) {
    let pivot = i;
    for (let k = i + 1; k < d; k++) if (Math.abs(m[k]![i]!) > Math.abs(m[pivot]![i]!)) pivot = k;
    [m[i], m[pivot]] = [m[pivot]!, m[i]!];
    for (let k = i + 1; k < d; k++) {
      const [row, top] = [m[k]!, m[i]!];
      const factor = row[i]! / top[i]!;
      for (let j = i; j <= d; j++) row[j] = row[j]! - factor * top[j]!;
    }
  }
  const w = new Array<number>(d).fill(0);
  for (let i = d - 1; i >= 0; i--) {
    let sum = m[i]![d]!;
    for (let j = i + 1; j < d; j++) sum -= m[i]![j]! * w[j]!;
    w[i] = sum / m[i]![i]!;
  }
  return w;
}

const predict = (rows: number[][], w: number[]): number[] => rows.map((x) => x.reduce((s, v, i) => s + v * w[i]!, 0));

async function train(withSpectrum: boolean, workDir: string): Promise<number[]> {
  const rows: number[][] = [];
  const target: number[] = [];
  let n = 0;
  for (const text of PASSAGES) {
    for (const voice of VOICES) {
      const spoken = await synthesizeSpeech({ text, language: 'en', voice, workDir: path.join(workDir, `passage-${n++}`) });
      const samples = spoken.analysis.samples;
      const hops = hopRows(samples, withSpectrum);
      // The track's frame h is the 10 ms hop h: the gap the viseme table draws for the known phones.
      const gap = buildVisemeTrack(spoken.phones, frameFeatures(samples, 16000, 1 / HOP_S, hops.length), 1).gap;
      hops.forEach((row, h) => {
        rows.push(row);
        target.push(gap[h]! / MAX_GAP_IOD);
      });
    }
  }
  const w = ridge(rows, target, (RIDGE * rows.length) / 1000);
  console.log(`trained on ${rows.length} hops of ${PASSAGES.length * VOICES.length} eSpeak passages: fit r=${pearson(predict(rows, w), target).toFixed(2)}`);
  return w;
}

async function main(): Promise<number> {
  const folder = process.env.TP_REAL_CLIPS;
  if (!folder) {
    console.error('Name a folder of real talking videos: TP_REAL_CLIPS=/path/to/clips npx tsx tests/measure/mouth-predictor.ts');
    return 2;
  }
  const withSpectrum = (option('--features') ?? 'mfcc') !== 'loudness';
  const calibration = option('--calibration')?.split(',').filter(Boolean) ?? [];
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'tp-predictor-'));
  const figures: Array<{ clip: string; predicted: number; loudness: number; check: boolean }> = [];
  try {
    const w = await train(withSpectrum, workDir);
    for (const name of readdirSync(folder)
      .filter((f) => /\.(mp4|mov|mkv|webm)$/i.test(f))
      .sort()) {
      const clip = path.join(folder, name);
      const probe = await probeMedia(clip);
      const video = probe.streams.find((s) => s.codecType === 'video');
      if (!video?.width || !video.height || !video.fps || !probe.streams.some((s) => s.codecType === 'audio')) continue;
      const fps = Math.round(video.fps);
      const seconds = Math.min(probe.durationS, 8);
      const frames = Math.floor(seconds * fps);
      const sound = await soundAt16k(clip, seconds);
      const level = Array.from(frameFeatures(sound, 16000, fps, frames).levelDb, (db) => Math.max(-60, db));
      if (Math.max(...level) < -50) continue;
      const real = await withFaceSession(async (session) => trackMouth({ videoPath: clip, fps, frameCount: frames, region: await faceRegion(clip, video.width!, video.height!, session), session }));
      const offset = bestLaggedCorrelation(level, real.gap, Math.round(MAX_OFFSET_S * fps));
      if (offset.r < FOLLOWS_SOUND_R) continue;
      const hops = predict(hopRows(sound, withSpectrum), w);
      const perFrame = Array.from({ length: frames }, (_, k) => {
        const [from, to] = [Math.floor(k / fps / HOP_S), Math.max(Math.floor(k / fps / HOP_S) + 1, Math.floor((k + 1) / fps / HOP_S))];
        return mean(hops.slice(from, Math.min(to, hops.length)));
      });
      const row = { clip: name, predicted: correlateAt(perFrame, real.gap, offset.lag), loudness: offset.r, check: !calibration.some((c) => name.includes(c)) };
      figures.push(row);
      console.log(
        `${name}: predicted vs real r=${row.predicted.toFixed(2)}  real vs loudness r=${row.loudness.toFixed(2)} (offset ${offset.lag})${calibration.length ? (row.check ? '  check' : '  calibration') : ''}`,
      );
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const report = (label: string, rows: typeof figures): void =>
    console.log(`${label} (${rows.length} clips): predicted vs real r=${mean(rows.map((r) => r.predicted)).toFixed(2)}, real vs loudness r=${mean(rows.map((r) => r.loudness)).toFixed(2)}`);
  report('all', figures);
  if (calibration.length) {
    report(
      'calibration half',
      figures.filter((r) => !r.check),
    );
    report(
      'check half',
      figures.filter((r) => r.check),
    );
  }
  return 0;
}

process.exitCode = await main();
