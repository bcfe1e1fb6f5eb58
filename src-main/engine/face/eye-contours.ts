import type { RgbImage } from './face-detector.js';
import { faceModel } from './face-model.js';

/**
 * The eyes' contours and irises, placed by MediaPipe's iris model on crops we cut ourselves.
 *
 * Why not @vladmandic/human's own iris step (3.3.6, `augmentIris`): it mirrors both eyes'
 * crops before the model but mirrors only the subject's left eye's answer back, so the
 * subject's right eye (the image's left) is read as a mirrored eye. On a level face the
 * mirrored contour nearly matches (the eye is almost symmetric); on a rolled face the lids
 * come out tilted the wrong way and the iris lands beside the pupil: two-faces.jpg's right
 * eye lay at 27.6° where the photo's lies at about 9°, its outer corner 9 px inside the eye,
 * so the blink's painted lid swept the wrong line (0.72 of open at a blink's middle), and
 * rgba-speaker's right iris (3.5° of roll) sat on the white, 18 px from the pupil. Its crops
 * are also axis-aligned, so on a rolled face the model (trained on level eyes) sees a tilted
 * eye. face-detector.ts places a rolled face's eyes here. Each eye's crop is cut from the photo at full
 * resolution, turned along the mesh's own eye line (the corners the face mesh gives before
 * any iris step, which stay within a couple of degrees however the face is turned in the
 * picture: measured on two-faces.jpg rotated 0–13°), the subject's left eye mirrored as
 * MediaPipe does (the model was trained on right eyes), and the points turned back.
 */

/** A mesh point as human returns it: x, y in image pixels, z the model's depth. */
export type MeshPoint = [number, number, number?];

const IRIS_INPUT = 64;
/** human's and MediaPipe's eye crop: 2.3× the corner-to-corner distance. */
const EYE_CROP_SCALE = 2.3;
/** The iris model's answer per eye: 71 contour points, then the iris (centre, then four rim points), x y z each. */
const IRIS_MODEL_POINTS = 76;
const IRIS_CENTRE = 71;

/**
 * Which iris-model contour point lands on which mesh point, ring by ring (MediaPipe's
 * `MESH_TO_IRIS_INDICES_MAP`, as human's facemeshcoords.ts lists it), for each eye.
 */
const RINGS: ReadonlyArray<{ key: string; contour: readonly number[]; right: readonly number[]; left: readonly number[] }> = [
  { key: 'EyeUpper0', contour: [9, 10, 11, 12, 13, 14, 15], right: [246, 161, 160, 159, 158, 157, 173], left: [466, 388, 387, 386, 385, 384, 398] },
  { key: 'EyeUpper1', contour: [25, 26, 27, 28, 29, 30, 31], right: [247, 30, 29, 27, 28, 56, 190], left: [467, 260, 259, 257, 258, 286, 414] },
  { key: 'EyeUpper2', contour: [41, 42, 43, 44, 45, 46, 47], right: [113, 225, 224, 223, 222, 221, 189], left: [342, 445, 444, 443, 442, 441, 413] },
  { key: 'EyeLower0', contour: [0, 1, 2, 3, 4, 5, 6, 7, 8], right: [33, 7, 163, 144, 145, 153, 154, 155, 133], left: [263, 249, 390, 373, 374, 380, 381, 382, 362] },
  { key: 'EyeLower1', contour: [16, 17, 18, 19, 20, 21, 22, 23, 24], right: [130, 25, 110, 24, 23, 22, 26, 112, 243], left: [359, 255, 339, 254, 253, 252, 256, 341, 463] },
  { key: 'EyeLower2', contour: [32, 33, 34, 35, 36, 37, 38, 39, 40], right: [226, 31, 228, 229, 230, 231, 232, 233, 244], left: [446, 261, 448, 449, 450, 451, 452, 453, 464] },
  { key: 'EyeLower3', contour: [54, 55, 56, 57, 58, 59, 60, 61, 62], right: [143, 111, 117, 118, 119, 120, 121, 128, 245], left: [372, 340, 346, 347, 348, 349, 350, 357, 465] },
  { key: 'EyebrowUpper', contour: [63, 64, 65, 66, 67, 68, 69, 70], right: [156, 70, 63, 105, 66, 107, 55, 193], left: [383, 300, 293, 334, 296, 336, 285, 417] },
  { key: 'EyebrowLower', contour: [48, 49, 50, 51, 52, 53], right: [35, 124, 46, 53, 52, 65], left: [265, 353, 276, 283, 282, 295] },
];

/** The rings a turned face's nearer eye takes (MediaPipe's rule: the lid lines only). */
const LID_RINGS = new Set(['EyeUpper0', 'EyeLower0']);

/**
 * MediaPipe's rule, kept: when the eyes' depths differ by this much (the model's z units,
 * a turn of a few degrees), the iris model's points diverge from the mesh's, so only the
 * nearer eye takes its lid lines and the other keeps the mesh's own.
 */
const TURNED_DEPTH_DIFFERENCE = 30;

/** Outer and inner corners (mesh indices) of the subject's right and left eyes. */
const CORNERS = { right: [33, 133], left: [263, 362] } as const;

interface EyeCrop {
  cx: number;
  cy: number;
  side: number;
  /** Unit vector of the crop's x axis in the image (from the image-left corner to the image-right one). */
  ux: number;
  uy: number;
  mirror: boolean;
}

interface GraphModel {
  execute(input: unknown): Tensor | Tensor[];
}
interface Tensor {
  size: number;
  data(): Promise<Float32Array>;
  dispose(): void;
}
interface Tf {
  tensor4d(data: Float32Array, shape: [number, number, number, number]): Tensor;
}

function cropOf(mesh: readonly MeshPoint[], eye: 'right' | 'left'): EyeCrop {
  const outer = mesh[CORNERS[eye][0]]!;
  const inner = mesh[CORNERS[eye][1]]!;
  const [a, b] = outer[0] <= inner[0] ? [outer, inner] : [inner, outer];
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  return {
    cx: (outer[0] + inner[0]) / 2,
    cy: (outer[1] + inner[1]) / 2,
    side: length * EYE_CROP_SCALE,
    ux: (b[0] - a[0]) / length,
    uy: (b[1] - a[1]) / length,
    mirror: eye === 'left',
  };
}

/** Crop coordinates (0–64 each way, as the model answers) to image pixels. */
function toImage(crop: EyeCrop, x: number, y: number): [number, number] {
  const u = (x / IRIS_INPUT - 0.5) * crop.side * (crop.mirror ? -1 : 1);
  const v = (y / IRIS_INPUT - 0.5) * crop.side;
  return [crop.cx + u * crop.ux - v * crop.uy, crop.cy + u * crop.uy + v * crop.ux];
}

/** The crop's pixels, bilinear, 0–1, written into `out` at `at`; outside the image the edge repeats. */
function sampleCrop(image: RgbImage, crop: EyeCrop, out: Float32Array, at: number): void {
  const { rgb, width, height } = image;
  for (let r = 0; r < IRIS_INPUT; r++) {
    for (let c = 0; c < IRIS_INPUT; c++) {
      const [x, y] = toImage(crop, c + 0.5, r + 0.5);
      // Pixel centres sit at +0.5 in image coordinates.
      const px = Math.min(width - 1.001, Math.max(0, x - 0.5));
      const py = Math.min(height - 1.001, Math.max(0, y - 0.5));
      const x0 = Math.floor(px);
      const y0 = Math.floor(py);
      const fx = px - x0;
      const fy = py - y0;
      const i00 = (y0 * width + x0) * 3;
      const i10 = i00 + 3;
      const i01 = i00 + width * 3;
      const i11 = i01 + 3;
      const o = at + (r * IRIS_INPUT + c) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const top = rgb[i00 + ch]! + (rgb[i10 + ch]! - rgb[i00 + ch]!) * fx;
        const bottom = rgb[i01 + ch]! + (rgb[i11 + ch]! - rgb[i01 + ch]!) * fx;
        out[o + ch] = (top + (bottom - top) * fy) / 255;
      }
    }
  }
}

async function irisModel(): Promise<{ model: GraphModel; tf: Tf }> {
  const human = (await faceModel()) as unknown as { tf: Tf; models: { models: Record<string, GraphModel | null> } };
  const model = human.models.models['iris'];
  if (!model) throw new Error('the face model loaded without its iris model');
  return { model, tf: human.tf };
}

/**
 * The face mesh (468 points, meshed without human's iris step) with both eyes' contours
 * and brows from the iris model and the two irises appended (468–472 the subject's left
 * eye, 473–477 the right, centre first, as human orders them): 478 points. `image` is the
 * image the mesh's coordinates refer to.
 */
export async function placeEyes(image: RgbImage, mesh: readonly MeshPoint[]): Promise<MeshPoint[]> {
  const { model, tf } = await irisModel();
  const crops = { right: cropOf(mesh, 'right'), left: cropOf(mesh, 'left') };
  const pixels = new Float32Array(2 * IRIS_INPUT * IRIS_INPUT * 3);
  sampleCrop(image, crops.right, pixels, 0);
  sampleCrop(image, crops.left, pixels, IRIS_INPUT * IRIS_INPUT * 3);
  const input = tf.tensor4d(pixels, [2, IRIS_INPUT, IRIS_INPUT, 3]);
  let data: Float32Array;
  try {
    const result = model.execute(input);
    const outputs = Array.isArray(result) ? result : [result];
    try {
      // The model answers the contour and the iris of both eyes as one tensor.
      const answer = outputs.find((t) => t.size === 2 * IRIS_MODEL_POINTS * 3);
      if (!answer) throw new Error('the iris model answered an unexpected shape');
      data = await answer.data();
    } finally {
      for (const t of outputs) t.dispose();
    }
  } finally {
    input.dispose();
  }
  const point = (eye: 'right' | 'left', i: number): [number, number] => {
    const at = (eye === 'right' ? 0 : IRIS_MODEL_POINTS * 3) + i * 3;
    return toImage(crops[eye], data[at]!, data[at + 1]!);
  };

  const placed: MeshPoint[] = mesh.slice(0, 468).map((p) => [p[0], p[1], p[2] ?? 0]);
  // MediaPipe's sign: positive when the subject's left eye is further from the camera.
  const depthDifference = (mesh[CORNERS.left[0]]![2] ?? 0) - (mesh[CORNERS.right[0]]![2] ?? 0);
  const turned = Math.abs(depthDifference) >= TURNED_DEPTH_DIFFERENCE;
  const nearer: 'right' | 'left' = depthDifference < 1 ? 'left' : 'right';
  for (const eye of ['right', 'left'] as const) {
    if (turned && eye !== nearer) continue;
    for (const ring of RINGS) {
      if (turned && !LID_RINGS.has(ring.key)) continue;
      ring[eye].forEach((meshIndex, j) => {
        const [x, y] = point(eye, ring.contour[j]!);
        // The iris model's depth is in its crop's units: the mesh's own depth is kept.
        placed[meshIndex] = [x, y, placed[meshIndex]![2]];
      });
    }
  }
  // The irises' depth: the lid's middle, as human sets it (the model's own is unreliable).
  for (const eye of ['left', 'right'] as const) {
    const upper = placed[RINGS[0]![eye][3]!]![2] ?? 0;
    const lower = placed[RINGS[3]![eye][4]!]![2] ?? 0;
    for (let i = 0; i < 5; i++) {
      const [x, y] = point(eye, IRIS_CENTRE + i);
      placed.push([x, y, i === 2 ? upper : i === 4 ? lower : (upper + lower) / 2]);
    }
  }
  return placed;
}
