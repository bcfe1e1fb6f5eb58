import { placeEyes } from './eye-contours.js';
import { FACE_CONFIG, faceModel, LIPS_ONLY_CONFIG, MESH_CONFIG, type HumanFace } from './face-model.js';
import { boundsOf, interocularDistance, IRIS_FIRST, type Box, type Point, eyeCenter, FACE_SIDES, LEFT_EYE, RIGHT_EYE } from './landmarks.js';

export interface RgbImage {
  rgb: Buffer;
  width: number;
  height: number;
}

export interface DetectedFace {
  /** Tight box around the mesh (irises excluded), in image pixels. */
  box: Box;
  /** 478 points in image pixels. */
  mesh: Point[];
  /** Each point's depth (the model's z, in the same pixel scale; negative is nearer the camera): the head turns in 3D with it. */
  depth?: number[];
  confidence: number;
  interocularPx: number;
  /** Head roll from the eye line, radians (positive = clockwise in the image). */
  rollRad: number;
  /**
   * Meshed without the iris model (detectFacesHere's lipsOnly): 468 points, the eye and brow
   * points the mesh's own guess (the eye distance 2–8 % off the iris model's), the lips, nose
   * and face outline as exact as a full mesh's.
   */
  lipsOnly?: boolean;
}

function toDetected(face: HumanFace, offsetX: number, offsetY: number): DetectedFace | undefined {
  if (face.mesh.length < IRIS_FIRST) return undefined;
  const mesh: Point[] = face.mesh.map((p) => [p[0] + offsetX, p[1] + offsetY] as const);
  const box = boundsOf(mesh, IRIS_FIRST);
  const right = eyeCenter(mesh, RIGHT_EYE);
  const left = eyeCenter(mesh, LEFT_EYE);
  const interocularPx = interocularDistance(mesh);
  if (!(box.width > 4 && box.height > 4 && interocularPx > 2)) return undefined;
  return {
    box,
    mesh,
    depth: face.mesh.map((p) => p[2] ?? 0),
    confidence: Math.min(face.boxScore ?? face.score, face.faceScore ?? face.score),
    interocularPx,
    rollRad: Math.atan2(left[1] - right[1], left[0] - right[0]),
  };
}

function iou(a: Box, b: Box): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

function crop(image: RgbImage, box: Box): RgbImage {
  const x = Math.max(0, Math.floor(box.x));
  const y = Math.max(0, Math.floor(box.y));
  const width = Math.min(image.width - x, Math.ceil(box.width));
  const height = Math.min(image.height - y, Math.ceil(box.height));
  const out = Buffer.allocUnsafe(width * height * 3);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 3;
    image.rgb.copy(out, row * width * 3, from, from + width * 3);
  }
  return { rgb: out, width, height };
}

/** The size of the image the model last ran on: its face boxes are reused only on an image of the same size (a frame of the same video). */
let previousSize: string | undefined;

/**
 * A face rolled at least this far (radians, 2.5°; measured along the face outline at the
 * eyes' height, which human's iris step never moves) has its eyes placed by eye-contours.ts
 * instead of by human's iris step. On a level face human's mirrored right eye nearly matches
 * the photo's (an eye is almost symmetric about its middle); on a rolled one it comes out
 * tilted the wrong way (two-faces.jpg's 12.7° face: its right eye at 27.6° where the photo's
 * lies at 9°). The level fixtures lie within 1.1°, rgba-speaker at 3.5°, biden and two-faces
 * at 12.3–12.7°.
 */
const ROLLED_FACE_RAD = (2.5 * Math.PI) / 180;

function outlineRoll(mesh: HumanFace['mesh']): number {
  const [a, b] = [mesh[FACE_SIDES[0]]!, mesh[FACE_SIDES[1]]!];
  return Math.atan2(b[1] - a[1], b[0] - a[0]);
}

async function runModel(image: RgbImage, config: object): Promise<HumanFace[]> {
  if (image.rgb.length !== image.width * image.height * 3) throw new Error('detectFaces expects 3-channel RGB pixels');
  const human = await faceModel();
  const tensor = human.tf.tensor3d(new Uint8Array(image.rgb.buffer, image.rgb.byteOffset, image.rgb.length), [image.height, image.width, 3]);
  previousSize = `${image.width}x${image.height}`;
  try {
    // The model keeps the settings of its last call: each call names its own.
    return (await human.detect(tensor, config)).face;
  } finally {
    tensor.dispose();
  }
}

/**
 * Every face with its eyes placed: by human's iris step on a level face, by eye-contours.ts
 * on a rolled one (meshed once more without the iris step, for the mesh's own eye corners:
 * one more mesh, only for a rolled face).
 */
async function detectWithEyes(image: RgbImage): Promise<HumanFace[]> {
  const faces = await runModel(image, FACE_CONFIG);
  if (!faces.some((f) => f.mesh.length > IRIS_FIRST && Math.abs(outlineRoll(f.mesh)) >= ROLLED_FACE_RAD)) return faces;
  const bare = await runModel(image, MESH_CONFIG);
  const placed: HumanFace[] = [];
  for (const face of faces) {
    // The same image meshed again: the same detector boxes, so the same face is the one whose outline matches.
    const same = Math.abs(outlineRoll(face.mesh)) >= ROLLED_FACE_RAD ? bare.find((b) => b.mesh.length >= IRIS_FIRST && meshBoxIou(b.mesh, face.mesh) > 0.8) : undefined;
    placed.push(same ? { ...face, mesh: await placeEyes(image, same.mesh) } : face);
  }
  return placed;
}

function meshBoxIou(a: HumanFace['mesh'], b: HumanFace['mesh']): number {
  return iou(boundsOf(a as unknown as Point[], IRIS_FIRST), boundsOf(b as unknown as Point[], IRIS_FIRST));
}

/** `eyes`: each face's eyes and irises placed (detectWithEyes); without, the mesh's 468 points (a face about to be meshed again on its own crop). */
async function detectRaw(image: RgbImage, eyes = true): Promise<HumanFace[]> {
  return eyes ? detectWithEyes(image) : runModel(image, MESH_CONFIG);
}

/**
 * The faces of a video frame whose neighbour was just meshed, for measures that read the
 * lips, nose and outline only: from the previous mesh's face box without the iris model,
 * and from the detector (still without the iris model) when that box holds no face any more
 * (the head moved away from it, or the previous image was another one).
 */
async function detectLipsOnly(image: RgbImage): Promise<DetectedFace[]> {
  const sameSize = previousSize === `${image.width}x${image.height}`;
  const tracked = sameSize ? await runModel(image, LIPS_ONLY_CONFIG) : [];
  const found = tracked.length ? tracked : await runModel(image, { ...LIPS_ONLY_CONFIG, cacheSensitivity: 0 });
  return found
    .map((f) => toDetected(f, 0, 0))
    .filter((f): f is DetectedFace => f !== undefined)
    .map((f) => ({ ...f, lipsOnly: true }))
    .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
}

/**
 * The detector sees the whole photo at 256 px, so a face that is small in a tall
 * portrait gets a loose mesh. Running the mesh again on a crop twice the face's size
 * puts the face at the scale the model was trained on (measured: lips and eyelids land
 * on the right pixels instead of several pixels off).
 */
async function refine(image: RgbImage, face: DetectedFace): Promise<DetectedFace> {
  const side = Math.max(face.box.width, face.box.height) * 2;
  const cx = face.box.x + face.box.width / 2;
  const cy = face.box.y + face.box.height / 2;
  const region = crop(image, { x: cx - side / 2, y: cy - side / 2, width: side, height: side });
  const ox = Math.max(0, Math.floor(cx - side / 2));
  const oy = Math.max(0, Math.floor(cy - side / 2));
  // A face larger than the model's inputs loses nothing at REFINE_SIDE, and the model's memory stays small (findBoxes).
  const candidates = (await detectAtMost(region, REFINE_SIDE, true)).map((f) => toDetected(f, ox, oy)).filter((f): f is DetectedFace => f !== undefined && iou(f.box, face.box) > 0.3);
  candidates.sort((a, b) => iou(b.box, face.box) - iou(a.box, face.box));
  return candidates[0] ?? (await withEyes(image, face));
}

/** A face meshed without its eyes (detectRaw's `eyes` off), its eyes placed on `image`. */
async function withEyes(image: RgbImage, face: DetectedFace): Promise<DetectedFace> {
  if (face.mesh.length > IRIS_FIRST) return face;
  const mesh = await placeEyes(
    image,
    face.mesh.map((p, i) => [p[0], p[1], face.depth?.[i] ?? 0]),
  );
  const score = face.confidence;
  return toDetected({ box: [face.box.x, face.box.y, face.box.width, face.box.height], mesh, score, boxScore: score, faceScore: score }, 0, 0) ?? face;
}

/**
 * The first pass of a refined detection, whose meshes only give each face's box: on the
 * photo shrunk to FIRST_PASS_SIDE at most. The model's memory grows to hold its largest
 * input and never shrinks: a 3278×4096 phone photo met whole grew it from 16 to 560 MB,
 * kept for the thread's life (the render's check may reuse the thread). The faces are
 * meshed again on their own crops (refine).
 */
async function findBoxes(image: RgbImage): Promise<DetectedFace[]> {
  return (await detectAtMost(image, FIRST_PASS_SIDE, false)).map((f) => toDetected(f, 0, 0)).filter((f): f is DetectedFace => f !== undefined);
}

/** detectRaw on `image` shrunk to `side` pixels at most, the meshes in `image`'s own pixels. */
async function detectAtMost(image: RgbImage, side: number, eyes: boolean): Promise<HumanFace[]> {
  const shrink = Math.min(1, side / Math.max(image.width, image.height));
  if (shrink === 1) return detectRaw(image, eyes);
  const small = shrunk(image, shrink);
  const sx = image.width / small.width;
  const sy = image.height / small.height;
  return (await detectRaw(small, eyes)).map((f) => ({ ...f, mesh: f.mesh.map((p) => [p[0] * sx, p[1] * sy, (p[2] ?? 0) * sx]) }));
}

/**
 * The refine crop's largest side, pixels: the mesh model sees a face at 192 px and the iris
 * model an eye at 64, so a face of up to 512 px (half the crop) keeps every detail they use.
 * At 768 the press photo's crop (about 800 px: twice the first pass's looser box) was
 * shrunk, and its drawn blinks shut to 0.36 of open instead of 0.30 (blink-targets).
 */
const REFINE_SIDE = 1024;

/**
 * The first pass's largest side, pixels. The detector sees 256 px whatever it is given, but
 * the box decides the refine crop, and the drawn eyelids and mouth follow the refined mesh
 * to the pixel: shrunk to 640 px, biden's blinks shut to 0.38 of open instead of 0.30 and
 * two-faces' mouth moved less (talking-targets' openness 0.027 against 0.033). At 2400
 * every fixture and the sample are looked at whole, as before; a 3278×4096 photo costs
 * the model 197 MB instead of 560.
 */
const FIRST_PASS_SIDE = 2400;

/** `image` scaled by `factor` (< 1), each output pixel the mean of the input pixels it covers. */
function shrunk(image: RgbImage, factor: number): RgbImage {
  const width = Math.max(1, Math.round(image.width * factor));
  const height = Math.max(1, Math.round(image.height * factor));
  const out = Buffer.allocUnsafe(width * height * 3);
  const xEdges = Array.from({ length: width + 1 }, (_, i) => Math.min(image.width, Math.round((i * image.width) / width)));
  const sums = new Float64Array(width * 3);
  for (let y = 0; y < height; y++) {
    const y0 = Math.round((y * image.height) / height);
    const y1 = Math.max(y0 + 1, Math.min(image.height, Math.round(((y + 1) * image.height) / height)));
    sums.fill(0);
    for (let row = y0; row < y1; row++) {
      const base = row * image.width * 3;
      for (let x = 0; x < width; x++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let col = xEdges[x]!; col < Math.max(xEdges[x]! + 1, xEdges[x + 1]!); col++) {
          const i = base + col * 3;
          r += image.rgb[i]!;
          g += image.rgb[i + 1]!;
          b += image.rgb[i + 2]!;
        }
        sums[x * 3] = sums[x * 3]! + r;
        sums[x * 3 + 1] = sums[x * 3 + 1]! + g;
        sums[x * 3 + 2] = sums[x * 3 + 2]! + b;
      }
    }
    for (let x = 0; x < width; x++) {
      const n = (y1 - y0) * Math.max(1, xEdges[x + 1]! - xEdges[x]!);
      const o = (y * width + x) * 3;
      out[o] = Math.round(sums[x * 3]! / n);
      out[o + 1] = Math.round(sums[x * 3 + 1]! / n);
      out[o + 2] = Math.round(sums[x * 3 + 2]! / n);
    }
  }
  return { rgb: out, width, height };
}

/**
 * Finds every face with a refined dense mesh, largest first, duplicates merged. Runs the
 * model in this thread: call it from the face worker (face-session.ts), not the main thread.
 */
export async function detectFacesHere(image: RgbImage, options: { refine?: boolean; lipsOnly?: boolean } = {}): Promise<DetectedFace[]> {
  if (options.lipsOnly) return detectLipsOnly(image);
  // A face about to be meshed again on its own crop needs no eyes yet (only its box: findBoxes).
  const refining = options.refine !== false;
  const found = (refining ? await findBoxes(image) : (await detectRaw(image)).map((f) => toDetected(f, 0, 0)))
    .filter((f): f is DetectedFace => f !== undefined)
    .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
  const distinct: DetectedFace[] = [];
  for (const face of found) {
    // The detector sometimes reports one face twice at two scales.
    if (!distinct.some((kept) => iou(kept.box, face.box) > 0.25)) distinct.push(face);
  }
  if (!refining) return distinct;
  const refined: DetectedFace[] = [];
  for (const face of distinct) refined.push(await refine(image, face));
  return refined.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
}
