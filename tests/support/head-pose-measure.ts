import { spawn } from 'node:child_process';
import { detectFacesHere } from '../../src-main/engine/face/face-detector.js';
import { at, CHIN, FACE_OVAL, interocularDistance, LIPS, NOSE_TIP, type Point } from '../../src-main/engine/face/landmarks.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { FrameCutter } from '../../src-main/engine/verify/frame-cutter.js';
import { decodeFrames, decodeYuvFrames } from '../../src-main/engine/verify/frame-decode.js';
import { headAngles, upperFacePoints } from '../../src-main/engine/verify/head-angles.js';

/**
 * Issue 17's head measures on a rendered video, read as a viewer's tracker would: the face
 * mesh on the frames gives yaw and pitch (src-main/engine/verify/head-angles.ts, against the first
 * meshed frame), the mouth corners' height, and the regions; the decoded luma gives the
 * frame-to-frame change on the background, the shoulders and the face, in the voice's
 * pauses too.
 */

export interface HeadPoseFigures {
  /** Meshed frames and their angles (degrees, smoothed over three meshed frames). */
  frames: number[];
  yawDeg: number[];
  pitchDeg: number[];
  /**
   * Every meshed frame's angles against the first, lips open or not (smoothed likewise):
   * for comparing two clips with the same lips frame by frame (head-runs.ts, drawnSwing),
   * where the mesh's reading of the mouth cancels.
   */
  allFrames: number[];
  yawAllDeg: number[];
  pitchAllDeg: number[];
  /** Largest departure from the median pose (97.5th percentile), degrees. */
  yawSwingDeg: number;
  pitchSwingDeg: number;
  /** Frames with the largest turn each way and the deepest nod. */
  turnLeftFrame: number;
  turnRightFrame: number;
  nodFrame: number;
  /** Mouth corners above the nose tip's level minus…: median (corner y − nose tip y) ÷ eye distance; smaller is higher. */
  cornerDropIod: number;
  /** Mean absolute luma change between consecutive frames (grey levels). */
  change: { background: number; shoulders: number; face: number; nose: number; faceInPauses: number | null };
  /** Frames inside the voice's pauses (≥ 0.3 s of silence). */
  pauseFrames: number;
}

/** Decode scale for the mesh. */
const UPSCALE = 2;
/** Lips this close (inner gap ÷ eye distance) count as together. */
const CLOSED_GAP_IOD = 0.06;

type Masks = { background: Uint8Array; shoulders: Uint8Array; face: Uint8Array; nose: Uint8Array };

function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  return s[Math.min(s.length - 1, Math.max(0, Math.round((p / 100) * (s.length - 1))))]!;
}

function smooth3(values: readonly number[]): number[] {
  return values.map((_, i) => {
    const window = values.slice(Math.max(0, i - 1), i + 2);
    return window.reduce((a, b) => a + b, 0) / window.length;
  });
}

function insidePolygon(x: number, y: number, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The regions, from the first frame's mesh: the face (inside its outline); the head with
 * its hair (the outline grown 1.7× about its centre and 1.5 face heights upwards from the
 * brow line, wide enough for any hairstyle we ship); the background (everything above the
 * chin's level outside the head); the shoulders (below the chin by half a face height,
 * outside the head).
 */
export function regionMasks(mesh: readonly Point[], width: number, height: number): Masks {
  const outline = FACE_OVAL.map((i) => at(mesh, i));
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const faceHeight = Math.max(...ys) - Math.min(...ys);
  const grown = outline.map((p) => [cx + (p[0] - cx) * 1.7, cy + (p[1] - cy) * 1.7 - (p[1] < cy ? 0.15 * faceHeight : 0)] as const);
  const chinY = at(mesh, CHIN)[1];
  const background = new Uint8Array(width * height);
  const shoulders = new Uint8Array(width * height);
  const face = new Uint8Array(width * height);
  // The nose's bridge, between the eyes' inner corners down to above the tip: rigid with the
  // skull, untouched by lids, brows or lips, so it moves only when the head does.
  const nose = new Uint8Array(width * height);
  const innerR = at(mesh, 133);
  const innerL = at(mesh, 362);
  const noseTip = at(mesh, NOSE_TIP);
  const noseX0 = Math.min(innerR[0], innerL[0]) + 0.2 * Math.abs(innerL[0] - innerR[0]);
  const noseX1 = Math.max(innerR[0], innerL[0]) - 0.2 * Math.abs(innerL[0] - innerR[0]);
  const noseY0 = (innerR[1] + innerL[1]) / 2;
  const noseY1 = noseTip[1] - 0.15 * (noseTip[1] - noseY0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (insidePolygon(x, y, outline)) face[i] = 1;
      if (x >= noseX0 && x <= noseX1 && y >= noseY0 && y <= noseY1) nose[i] = 1;
      if (insidePolygon(x, y, grown)) continue;
      if (y < chinY) background[i] = 1;
      else if (y > chinY + 0.5 * faceHeight) shoulders[i] = 1;
    }
  }
  return { background, shoulders, face, nose };
}

/** Frames (at `fps`) inside stretches of at least 0.3 s where the sound stays 30 dB under its loud parts. */
export async function pauseFrameSet(videoPath: string, fps: number, frameCount: number): Promise<Set<number>> {
  const { ffmpeg } = mediaTools();
  const rate = 16000;
  const result = await runProcess(ffmpeg.path, [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-i', videoPath, '-vn', '-ac', '1', '-ar', String(rate), '-f', 's16le', 'pipe:1']);
  if (result.code !== 0) throw new Error(`could not decode the sound: ${result.stderr}`);
  const samples = new Int16Array(result.stdout.buffer, result.stdout.byteOffset, Math.floor(result.stdout.length / 2));
  const perFrame = rate / fps;
  const levels: number[] = [];
  for (let k = 0; k < frameCount; k++) {
    let sum = 0;
    const start = Math.floor(k * perFrame);
    const end = Math.min(samples.length, Math.floor((k + 1) * perFrame));
    for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
    levels.push(10 * Math.log10(sum / Math.max(1, end - start) + 1));
  }
  const loud = percentile(levels, 90);
  const quiet = levels.map((l) => l < loud - 30);
  const pauses = new Set<number>();
  const minRun = Math.round(0.3 * fps);
  for (let k = 0; k < frameCount;) {
    if (!quiet[k]) {
      k++;
      continue;
    }
    let end = k;
    while (end < frameCount && quiet[end]) end++;
    // The pause's inside: past the last word's tail, before the next word's breath.
    if (end - k >= minRun) for (let j = k + 2; j < end - 1; j++) pauses.add(j);
    k = end;
  }
  return pauses;
}

/**
 * Every `step`-th frame of the video, scaled to width × height exactly as decodeFrames
 * scales a whole frame (the same crop and area scaling, so the same pixels): ffmpeg's
 * select drops the frames the mesh skips before they are scaled and piped.
 */
async function* everyStepFrame(videoPath: string, source: { width: number; height: number }, width: number, height: number, step: number): AsyncGenerator<Buffer> {
  const picture = `select='not(mod(n,${step}))',crop=${source.width}:${source.height}:0:0,scale=${width}:${height}:flags=area`;
  const args = [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-i', videoPath, '-vf', picture, '-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
  const child = spawn(mediaTools().ffmpeg.path, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const frames = new FrameCutter(width * height * 3);
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) yield* frames.push(chunk);
  } finally {
    child.kill();
  }
}

/**
 * Meshes every `step`-th frame and measures the whole video; `step` 0 meshes only the first
 * frame (for the regions: the pixel measures only, no angles).
 */
export async function measureHeadPose(
  videoPath: string,
  options: { width: number; height: number; fps: number; step?: number; masksFrom?: readonly Point[] },
): Promise<HeadPoseFigures & { firstMesh: Point[] }> {
  const { width, height, fps } = options;
  const step = options.step ?? 2;
  const region = { x: 0, y: 0, width, height };
  const meshes: Array<{ k: number; mesh: Point[]; depth: number[]; closed: boolean }> = [];
  // Meshed at twice the size: the model's points come in whole pixels, and a degree of turn
  // moves the nose against the cheeks by about half a pixel of a 360-wide frame. Only the
  // meshed frames are decoded at that size (the first alone for step 0).
  const up = UPSCALE;
  const meshedFrames = step === 0 ? decodeFrames({ videoPath, region }, width * up, height * up, 1) : everyStepFrame(videoPath, { width, height }, width * up, height * up, step);
  let n = 0;
  for await (const rgb of meshedFrames) {
    const k = n * Math.max(1, step);
    n++;
    const [face] = await detectFacesHere({ rgb, width: width * up, height: height * up });
    if (face) {
      const mesh = face.mesh.map((p) => [p[0] / up, p[1] / up] as const);
      const gap = (at(mesh, LIPS.innerBottom)[1] - at(mesh, LIPS.innerTop)[1]) / interocularDistance(mesh);
      meshes.push({ k, mesh, depth: (face.depth ?? []).map((z) => z / up), closed: gap < CLOSED_GAP_IOD });
    }
  }
  if (meshes.length < (step === 0 ? 1 : 3)) throw new Error(`the face was found on only ${meshes.length} frames of ${videoPath}`);
  // The mesh reads an open mouth as the head tipping back (3–4° on the sample at a wide
  // vowel, with the head drawn still): the pose is read on the frames with the lips together.
  const closed = step === 0 ? meshes : meshes.filter((m) => m.closed);
  if (closed.length < (step === 0 ? 1 : 3)) throw new Error(`the lips meet on only ${closed.length} meshed frames of ${videoPath}`);
  const reference = closed[0]!;
  const points = upperFacePoints(reference.mesh);
  const posed = (step === 0 ? [] : closed).map((m) => ({ k: m.k, angles: headAngles(reference.mesh, reference.depth, m.mesh, points), mesh: m.mesh }));
  const valid = posed.filter((p) => p.angles !== undefined);
  const first = meshes[0]!;
  const everyFrame = (step === 0 ? [] : meshes).flatMap((m) => {
    const angles = headAngles(first.mesh, first.depth, m.mesh, upperFacePoints(first.mesh));
    return angles ? [{ k: m.k, angles }] : [];
  });
  const yaw = smooth3(valid.map((p) => p.angles!.yawDeg));
  const pitch = smooth3(valid.map((p) => p.angles!.pitchDeg));
  const swing = (series: number[]): number => {
    if (series.length === 0) return NaN;
    const median = percentile(series, 50);
    return percentile(
      series.map((v) => Math.abs(v - median)),
      97.5,
    );
  };
  const argBy = (series: number[], better: (a: number, b: number) => boolean): number => valid[series.reduce((best, v, i) => (better(v, series[best]!) ? i : best), 0)]?.k ?? -1;
  const cornerDrop = percentile(
    valid.map((p) => {
      const iod = interocularDistance(p.mesh);
      const corners = (at(p.mesh, LIPS.cornerLeft)[1] + at(p.mesh, LIPS.cornerRight)[1]) / 2;
      return (corners - at(p.mesh, NOSE_TIP)[1]) / iod;
    }),
    50,
  );

  const masks = regionMasks(options.masksFrom ?? meshes[0]!.mesh, width, height);
  const sums: Record<'background' | 'shoulders' | 'face' | 'nose' | 'faceInPauses', [number, number]> = { background: [0, 0], shoulders: [0, 0], face: [0, 0], nose: [0, 0], faceInPauses: [0, 0] };
  // Each frame's change on the face, for the pauses' share once the frames are counted.
  const faceChange: Array<[number, number]> = [];
  let previous: Uint8Array | undefined;
  let k = 0;
  for await (const frame of decodeYuvFrames({ videoPath, region }, width, height, 100000)) {
    if (previous) {
      for (const name of ['background', 'shoulders', 'face', 'nose'] as const) {
        const mask = masks[name];
        let sum = 0;
        let count = 0;
        for (let i = 0; i < mask.length; i++) {
          if (!mask[i]) continue;
          sum += Math.abs(frame.y[i]! - previous[i]!);
          count++;
        }
        sums[name][0] += sum;
        sums[name][1] += count;
        if (name === 'face') faceChange[k] = [sum, count];
      }
    }
    previous = Uint8Array.from(frame.y);
    k++;
  }
  const frameCount = k;
  const pauses = await pauseFrameSet(videoPath, fps, frameCount);
  for (let j = 1; j < frameCount; j++) {
    if (!pauses.has(j) || !pauses.has(j - 1)) continue;
    sums.faceInPauses[0] += faceChange[j]![0];
    sums.faceInPauses[1] += faceChange[j]![1];
  }
  const mean = ([sum, count]: [number, number]): number => (count > 0 ? sum / count : 0);
  return {
    frames: valid.map((p) => p.k),
    allFrames: everyFrame.map((p) => p.k),
    yawAllDeg: smooth3(everyFrame.map((p) => p.angles.yawDeg)),
    pitchAllDeg: smooth3(everyFrame.map((p) => p.angles.pitchDeg)),
    yawDeg: yaw,
    pitchDeg: pitch,
    yawSwingDeg: swing(yaw),
    pitchSwingDeg: swing(pitch),
    turnLeftFrame: argBy(yaw, (a, b) => a < b),
    turnRightFrame: argBy(yaw, (a, b) => a > b),
    nodFrame: argBy(pitch, (a, b) => a > b),
    cornerDropIod: cornerDrop,
    change: {
      background: mean(sums.background),
      shoulders: mean(sums.shoulders),
      face: mean(sums.face),
      nose: mean(sums.nose),
      faceInPauses: sums.faceInPauses[1] > 0 ? mean(sums.faceInPauses) : null,
    },
    pauseFrames: pauses.size,
    firstMesh: meshes[0]!.mesh,
  };
}
