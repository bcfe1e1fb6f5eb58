/**
 * `npx tsx tests/bench/draw-bench.ts [--size WxH] [--seconds S] [--save DIR] [--compare DIR]`:
 * the render's two CPU-bound stages of our own, timed in this process without ffmpeg's
 * encoder beside them (issue 15). The voice stage as a recording takes it (decode,
 * cleanup, loudness, phones from the audio alone), the motion track, then every frame
 * drawn. `--save` keeps every fifth frame (Y'CbCr 4:2:0); `--compare` measures the frames
 * of this run against such a saved set (PSNR over the whole frame, dB): a speed change
 * must leave them identical or visibly equal (> 40 dB).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { DEFAULT_MOTION } from '../../src-shared/motion-controls.js';
import { frameCountFor } from '../../src-main/engine/animate/audio-features.js';
import { buildFaceScene, drawPose } from '../../src-main/engine/animate/face-scene.js';
import { buildMotionTrack } from '../../src-main/engine/animate/motion-track.js';
import { poseAt } from '../../src-main/engine/animate/render-talking-video.js';
import { allocYuv } from '../../src-main/engine/encode/yuv.js';
import { analyzeFaces } from '../../src-main/engine/face/face-analysis.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { loadRecording } from '../../src-main/engine/voice/recording.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FPS = 25;
/** Every this many frames is kept and compared: a blink or a word lands between any two. */
const KEEP_EVERY = 5;
const SCRIPT =
  'Thanks for watching. Today I will show you how to turn one photo into a video that talks, ' +
  'with captions and a cover for every platform, all made on your own computer. ' +
  'No upload, no waiting in a queue, and nothing leaves your machine unless you want it to. ';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255 * a.length) / sum);
}

async function voiceOf(seconds: number, dir: string): Promise<string> {
  const speech = await synthesizeSpeech({ text: SCRIPT.repeat(Math.ceil(seconds / 10)), language: 'en', workDir: dir });
  const out = path.join(dir, `voice-${seconds}s.wav`);
  const made = await runProcess(mediaTools().ffmpeg.path, [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-i', speech.audioPath, '-af', 'apad', '-t', String(seconds), '-y', out]);
  if (made.code !== 0) throw new Error(made.stderr);
  return out;
}

async function main(): Promise<void> {
  const [width, height] = (option('--size') ?? '720x1280').split('x').map(Number) as [number, number];
  const seconds = Number(option('--seconds') ?? 10);
  const photoPath = option('--photo') ?? path.join(ROOT, 'resources/samples/portrait.jpg');
  const save = option('--save');
  const compare = option('--compare');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-draw-bench-'));
  try {
    const audio = option('--audio') ?? (await voiceOf(seconds, dir));
    let started = performance.now();
    const voice = await loadRecording({ file: audio, workDir: dir, cleanup: true });
    const voiceMs = performance.now() - started;

    const { data, info } = await sharp(photoPath).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const photo = { rgb: data, width: info.width, height: info.height };
    const face = (await analyzeFaces(photo)).chosen;
    started = performance.now();
    const scene = await buildFaceScene(photo, face.mesh, face.box, width, height, face.depth);
    const sceneMs = performance.now() - started;
    const frames = frameCountFor(voice.durationS, FPS);
    started = performance.now();
    const track = buildMotionTrack(voice.analysis.samples, voice.analysis.sampleRate, voice.durationS, FPS, frames, DEFAULT_MOTION, 1234, voice.phones);
    const trackMs = performance.now() - started;

    const frame = allocYuv(width, height);
    scene.base.data.copy(frame.data);
    if (save) mkdirSync(save, { recursive: true });
    let drawMs = 0;
    // CPU time as well as wall: on a shared machine the wall time of a loop swings with the
    // neighbours' load, its CPU seconds much less (issue 15 compares those).
    let drawCpuUs = 0;
    let worst = Infinity;
    for (let k = 0; k < frames; k++) {
      started = performance.now();
      const cpu = process.cpuUsage();
      drawPose(scene, poseAt(track, k), frame);
      const used = process.cpuUsage(cpu);
      drawCpuUs += used.user + used.system;
      drawMs += performance.now() - started;
      if (k % KEEP_EVERY !== 0) continue;
      if (save) writeFileSync(path.join(save, `${k}.yuv`), frame.data);
      const reference = compare ? path.join(compare, `${k}.yuv`) : undefined;
      if (reference && existsSync(reference)) worst = Math.min(worst, psnr(frame.data, readFileSync(reference)));
    }
    console.log(
      `${width}×${height} ${voice.durationS.toFixed(1)} s, ${frames} frames: voice ${(voiceMs / 1000).toFixed(2)} s   scene ${(sceneMs / 1000).toFixed(2)} s` +
        `   motion track ${(trackMs / 1000).toFixed(2)} s   drawing ${(drawMs / 1000).toFixed(2)} s (${(drawMs / frames).toFixed(1)} ms a frame, CPU ${(drawCpuUs / 1e6).toFixed(2)} s)`,
    );
    if (compare) console.log(`frames against ${compare}: worst PSNR ${worst === Infinity ? 'identical' : `${worst.toFixed(1)} dB`}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
