import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MotionSettingsSchema } from '../../../src-shared/render.js';
import { REPO_ROOT } from '../../../tests/support/fixtures.js';
import { allocYuv } from '../encode/yuv.js';
import { analyzeFaces } from '../face/face-analysis.js';
import { intakePhoto } from '../intake/photo-intake.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { buildFaceScene, drawPose } from './face-scene.js';
import { poseAt, renderTalkingVideo } from './render-talking-video.js';

const WIDTH = 360;
const HEIGHT = 640;
const FPS = 25;
const SECONDS = 1.2;
const RATE = 16000;

const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-render-video-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A voice-like signal: a 180 Hz buzz whose loudness swells three times a second, so the mouth moves. */
function buzz(): Float32Array {
  const samples = new Float32Array(Math.round(SECONDS * RATE));
  for (let i = 0; i < samples.length; i++) {
    const t = i / RATE;
    samples[i] = 0.4 * Math.max(0, Math.sin(2 * Math.PI * 3 * t)) * Math.sin(2 * Math.PI * 180 * t);
  }
  return samples;
}

/** 16-bit mono PCM WAV of the samples. */
function writeWav(file: string, samples: Float32Array): void {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(file, Buffer.concat([header, data]));
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255 * a.length) / sum);
}

/** Command lines of the running processes that name `needle` (Linux /proc). */
function processesNaming(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (command.includes(needle)) found.push(command);
    } catch {
      // Gone between listing and reading.
    }
  }
  return found;
}

describe('renderTalkingVideo', () => {
  it('encodes every frame as the frame drawer draws it, with the encoder started before the scene is built', async () => {
    const photo = await intakePhoto(path.join(REPO_ROOT, 'resources/samples/portrait.jpg'));
    const face = (await analyzeFaces(photo)).chosen;
    const samples = buzz();
    const audioPath = path.join(dir, 'buzz.wav');
    writeWav(audioPath, samples);
    const outFile = path.join(dir, 'talking.mp4');
    const rendered = await renderTalkingVideo({
      photo,
      mesh: face.mesh,
      meshDepth: face.depth,
      faceBox: face.box,
      voice: { audioPath, samples, sampleRate: RATE, durationS: SECONDS },
      width: WIDTH,
      height: HEIGHT,
      fps: FPS,
      motion: MotionSettingsSchema.parse({}),
      outFile,
    });
    expect(rendered.frameCount).toBe(Math.round(SECONDS * FPS));

    const raw = path.join(dir, 'talking.yuv');
    const decoded = await runProcess(mediaTools().ffmpeg.path, [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-i', outFile, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-y', raw]);
    expect(decoded.code).toBe(0);
    const video = readFileSync(raw);
    const frameBytes = (WIDTH * HEIGHT * 3) / 2;
    expect(video.length).toBe(rendered.frameCount * frameBytes);

    // The same scene and track, drawn here frame by frame: x264 (crf 20) keeps them close.
    const scene = await buildFaceScene(photo, face.mesh, face.box, WIDTH, HEIGHT, face.depth);
    const frame = allocYuv(WIDTH, HEIGHT);
    scene.base.data.copy(frame.data);
    let worst = Infinity;
    let moved = 0;
    for (let k = 0; k < rendered.frameCount; k++) {
      drawPose(scene, poseAt(rendered.track, k), frame);
      const encoded = video.subarray(k * frameBytes, (k + 1) * frameBytes);
      worst = Math.min(worst, psnr(frame.data, encoded));
      if (psnr(frame.data, scene.base.data) < 45) moved++;
    }
    expect(worst).toBeGreaterThan(38);
    // The face moved: the comparison is of a talking head, not of the still photo.
    expect(moved).toBeGreaterThan(rendered.frameCount / 2);
  }, 60_000);

  it('fails with the photo and leaves no encoder running when the scene cannot be built', async () => {
    const samples = buzz();
    const audioPath = path.join(dir, 'buzz-broken.wav');
    writeWav(audioPath, samples);
    const outFile = path.join(dir, 'never-drawn.mp4');
    const photo = await intakePhoto(path.join(REPO_ROOT, 'resources/samples/portrait.jpg'));
    const face = (await analyzeFaces(photo)).chosen;
    // The pixels of a photo a quarter the size it says it is: sharp refuses it.
    const broken = { rgb: photo.rgb.subarray(0, photo.rgb.length / 4), width: photo.width, height: photo.height };
    await expect(
      renderTalkingVideo({
        photo: broken,
        mesh: face.mesh,
        faceBox: face.box,
        voice: { audioPath, samples, sampleRate: RATE, durationS: SECONDS },
        width: WIDTH,
        height: HEIGHT,
        fps: FPS,
        motion: MotionSettingsSchema.parse({}),
        outFile,
      }),
    ).rejects.toThrow();
    // ffmpeg was started before the scene: it is stopped, not left waiting for frames.
    for (let waited = 0; waited < 2000 && processesNaming(outFile).length > 0; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(processesNaming(outFile)).toEqual([]);
    expect(existsSync(outFile) && readFileSync(outFile).length > 1000).toBe(false);
  }, 60_000);
});
