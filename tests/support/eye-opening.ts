import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { RgbImage } from '../../src-main/engine/face/face-detector.js';
import { detectFacesHere } from '../../src-main/engine/face/face-detector.js';
import { faceModel } from '../../src-main/engine/face/face-model.js';
import { LEFT_EYE, RIGHT_EYE, type EyeIndices, type Point } from '../../src-main/engine/face/landmarks.js';

/**
 * Both eyes' opening read by the face mesh's own eye model, on any frame: an independent
 * tracker for issue 17's blink target.
 *
 * Why not the mesh's lids as @vladmandic/human returns them: human runs the iris model
 * (MediaPipe's iris landmark, which re-draws the eye's contour at 64×64) on both eyes but
 * writes its contour back only for the eye nearer the camera once the eyes' depths differ
 * (its `augmentIris`, threshold 30 mesh units, a turn of a few degrees); the other eye keeps
 * the coarse 192 px face mesh's lids, which barely move (both eyes painted over with cheek
 * skin, the coarse eye still read 0.5–0.65 of open on the sample and biden). Mirroring the
 * frame does not help: the nearer eye stays the nearer one. So each eye's crop is cut here
 * the way human cuts it (a square 2.3× the corners' distance about their middle, turned
 * with the eye line) and the iris model is run on both; the subject's left eye is mirrored
 * first, as MediaPipe does, because the model was trained on right eyes.
 *
 * The opening is the mean gap between the model's upper and lower lid points (the five
 * inner pairs, as `eyeOpening` in landmarks.ts pairs the mesh's) over the corners' distance.
 */

const IRIS_INPUT = 64;
/** human's and MediaPipe's eye crop: 2.3× the corner-to-corner distance. */
const EYE_CROP_SCALE = 2.3;
/** The iris model's 71 eye-contour points: lower lid 0–8 (outer corner 0, inner 8), upper lid 9–15 (outer to inner). */
const LOWER = [2, 3, 4, 5, 6];
const UPPER = [10, 11, 12, 13, 14];
const OUTER = 0;
const INNER = 8;

interface GraphModel {
  execute(input: unknown): { data(): Promise<Float32Array>; dispose(): void } | Array<{ data(): Promise<Float32Array>; dispose(): void; size: number }>;
}
interface Tf {
  tensor4d(data: Float32Array, shape: [number, number, number, number]): { dispose(): void };
}

let irisModel: Promise<GraphModel> | undefined;

function loadIrisModel(): Promise<GraphModel> {
  irisModel ??= (async () => {
    // faceModel() starts the wasm backend and registers the file:// loader the model needs.
    await faceModel();
    const require = createRequire(import.meta.url);
    const converter = require('@tensorflow/tfjs-converter') as { loadGraphModel(url: string): Promise<GraphModel> };
    const humanDist = path.dirname(require.resolve('@vladmandic/human'));
    return converter.loadGraphModel(pathToFileURL(path.join(humanDist, '..', 'models', 'iris.json')).href);
  })();
  return irisModel;
}

export interface EyeReading {
  /** Lid gap ÷ eye width per eye, the subject's right eye (image left) first. */
  right: number;
  left: number;
  /** The face mesh the eyes were found with (image pixels). */
  mesh: Point[];
  interocularPx: number;
}

/** Bilinear RGB sample at (x, y), 0–1; outside the image the edge repeats. */
function sampleRgb(image: RgbImage, x: number, y: number, out: Float32Array, at: number): void {
  const cx = Math.min(image.width - 1.001, Math.max(0, x));
  const cy = Math.min(image.height - 1.001, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const fx = cx - x0;
  const fy = cy - y0;
  for (let ch = 0; ch < 3; ch++) {
    const p = (yy: number, xx: number) => image.rgb[(yy * image.width + xx) * 3 + ch]!;
    const top = p(y0, x0) + (p(y0, x0 + 1) - p(y0, x0)) * fx;
    const bottom = p(y0 + 1, x0) + (p(y0 + 1, x0 + 1) - p(y0 + 1, x0)) * fx;
    out[at + ch] = (top + (bottom - top) * fy) / 255;
  }
}

/**
 * The eye's 64×64 crop, the eye line horizontal, the outer corner on the left (a left eye
 * is mirrored so it looks like a right one).
 */
function eyeCrop(image: RgbImage, mesh: Point[], eye: EyeIndices, mirror: boolean, out: Float32Array, at: number): void {
  const outer = mesh[eye.outerCorner]!;
  const inner = mesh[eye.innerCorner]!;
  const cx = (outer[0] + inner[0]) / 2;
  const cy = (outer[1] + inner[1]) / 2;
  const side = Math.hypot(inner[0] - outer[0], inner[1] - outer[1]) * EYE_CROP_SCALE;
  // Unit vector from the image-left corner to the image-right one: the crop's x axis.
  const [lx, ly] = outer[0] <= inner[0] ? [outer, inner] : [inner, outer];
  const len = Math.hypot(ly[0] - lx[0], ly[1] - lx[1]) || 1;
  const ux = (ly[0] - lx[0]) / len;
  const uy = (ly[1] - lx[1]) / len;
  for (let r = 0; r < IRIS_INPUT; r++) {
    for (let c = 0; c < IRIS_INPUT; c++) {
      const u = ((c + 0.5) / IRIS_INPUT - 0.5) * side * (mirror ? -1 : 1);
      const v = ((r + 0.5) / IRIS_INPUT - 0.5) * side;
      sampleRgb(image, cx + u * ux - v * uy, cy + u * uy + v * ux, out, at + (r * IRIS_INPUT + c) * 3);
    }
  }
}

/** Opening from the model's contour, in crop units (a ratio, so the crop's scale cancels). */
function openingOf(contour: Float32Array, offset: number): number {
  const pt = (i: number): [number, number] => [contour[offset + i * 3]!, contour[offset + i * 3 + 1]!];
  let gap = 0;
  for (let i = 0; i < UPPER.length; i++) {
    const a = pt(UPPER[i]!);
    const b = pt(LOWER[i]!);
    gap += Math.hypot(a[0] - b[0], a[1] - b[1]);
  }
  const o = pt(OUTER);
  const n = pt(INNER);
  return gap / UPPER.length / Math.max(1e-6, Math.hypot(o[0] - n[0], o[1] - n[1]));
}

/** Each eye's contour from the iris model, in crop pixels (64×64, unmirrored back), for looking at. */
export interface EyeContours {
  right: Array<[number, number]>;
  left: Array<[number, number]>;
}

async function runIris(image: RgbImage, mesh: Point[]): Promise<{ right: number; left: number; contours: EyeContours }> {
  const model = await loadIrisModel();
  const human = await faceModel();
  const tf = human.tf as unknown as Tf;
  const pixels = new Float32Array(2 * IRIS_INPUT * IRIS_INPUT * 3);
  eyeCrop(image, mesh, RIGHT_EYE, false, pixels, 0);
  eyeCrop(image, mesh, LEFT_EYE, true, pixels, IRIS_INPUT * IRIS_INPUT * 3);
  const input = tf.tensor4d(pixels, [2, IRIS_INPUT, IRIS_INPUT, 3]);
  try {
    const result = model.execute(input);
    const outputs = Array.isArray(result) ? result : [result];
    // The model answers the eye contour and iris (76 points × 3 per eye) as one tensor of 456 values.
    const contour = outputs.find((t) => 'size' in t && (t as { size: number }).size === 2 * 76 * 3) ?? outputs[0]!;
    const data = await contour.data();
    for (const t of outputs) t.dispose();
    const per = data.length / 2;
    const points = (offset: number) => Array.from({ length: 16 }, (_, i) => [data[offset + i * 3]!, data[offset + i * 3 + 1]!] as [number, number]);
    return { right: openingOf(data, 0), left: openingOf(data, per), contours: { right: points(0), left: points(per) } };
  } finally {
    input.dispose();
  }
}

/**
 * Finds the largest face and reads both eyes' opening with the iris model. Runs the face
 * model in this thread (a measurement, not the app's path). Undefined when no face is found.
 */
export async function readEyeOpening(image: RgbImage): Promise<(EyeReading & { contours: EyeContours }) | undefined> {
  const face = (await detectFacesHere(image, { refine: false }))[0];
  if (!face) return undefined;
  const { right, left, contours } = await runIris(image, face.mesh);
  return { right, left, mesh: face.mesh, interocularPx: face.interocularPx, contours };
}
