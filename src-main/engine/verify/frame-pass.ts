import { at, FACE_OVAL, boundsOf, interocularDistance, LEFT_EYE, LIPS, NOSE_TIP, RIGHT_EYE, type Box, type Point } from '../face/landmarks.js';
import { eyePlaneLuma } from './eye-shade.js';
import type { YuvFrame } from './frame-decode.js';

/**
 * The cheap half of the video judge: what a viewer sees in every frame, read from the
 * decoded pixels of the face region with the geometry of one face mesh (the reference
 * frame's), moved with the head. The mesh costs 40–120 ms a frame on two cores and runs
 * only on a dozen chosen frames (video-verify.ts); this pass costs well under a
 * millisecond a frame, so every frame keeps its measures and its index.
 *
 * Per frame: the head's shift (where the upper face went), the mouth's inner gap as seen
 * (dark mouth cavity or teeth between the lips, per column), both eyes' shade (a lid
 * covering the dark of the eye), the change at the picture's border away from the face
 * (background and body), the texture in a band around the face (where a warp smears or
 * tears) and the change of the face since the previous frame (a picture that jumps).
 */

export interface FrameGeometry {
  /** The reference frame's mesh, in analysis pixels. */
  mesh: readonly Point[];
  iodPx: number;
  face: Box;
}

export interface FrameMeasures {
  /** Head shift from the reference frame, analysis pixels. */
  shiftX: number;
  shiftY: number;
  /** Inner-mouth gap seen in the pixels ÷ eye distance. */
  gap: number;
  /** Each eye's shade (eye-shade.ts), 0–255, and its bright end (90th percentile: the white of the eye while open). */
  rightShade: number;
  leftShade: number;
  rightBright: number;
  leftBright: number;
  /** Mean absolute change (grey levels) since the previous frame: at the picture's border away from the face, and over the face. */
  borderChange: number;
  faceChange: number;
  /** Mean absolute gradient (grey levels a pixel) in the band just outside the face outline. */
  edgeTexture: number;
}

function clampBox(box: Box, width: number, height: number): { x0: number; y0: number; x1: number; y1: number } {
  return {
    x0: Math.max(0, Math.floor(box.x)),
    y0: Math.max(0, Math.floor(box.y)),
    x1: Math.min(width - 1, Math.ceil(box.x + box.width)),
    y1: Math.min(height - 1, Math.ceil(box.y + box.height)),
  };
}

function grownBox(box: Box, by: number): Box {
  return { x: box.x - (box.width * (by - 1)) / 2, y: box.y - (box.height * (by - 1)) / 2, width: box.width * by, height: box.height * by };
}

export function geometryOf(mesh: readonly Point[]): FrameGeometry {
  return { mesh, iodPx: interocularDistance(mesh), face: boundsOf(FACE_OVAL.map((i) => at(mesh, i))) };
}

/**
 * How far above the eye corners the head's template starts, in eye distances: the upper
 * lids are in, the brows are not. Brows lift on stressed words (ours and real people's),
 * and a template that held them (from 0.35 up) slid a pixel with each lift: the eyes'
 * shade boxes slid with it, off the lash line, and read as closing. On the frames as drawn
 * (verify/drawn-frames.ts), 432×768, portrait-biden-tall counted 6 blinks where 3 were
 * drawn; from 0.15 up it counts 3, and so do the sample, obama and the 240p photo
 * (rgba-speaker 2, as before). On real clips it found blinks the old template missed
 * (Ocasio-Cortez at 3.2 s, LivePortrait d14 at 3.1 and 3.7 s) and dropped a glance it had
 * counted (d6 at 12.1 s).
 */
const TEMPLATE_ABOVE_EYES_IOD = 0.15;

/** The band of the eyes and nose below the brows: rigid with the skull, so its shift is the head's. */
function upperFace(g: FrameGeometry): Box {
  const r = at(g.mesh, RIGHT_EYE.outerCorner);
  const l = at(g.mesh, LEFT_EYE.outerCorner);
  const nose = at(g.mesh, NOSE_TIP);
  const x0 = Math.min(r[0], l[0]) - 0.15 * g.iodPx;
  const x1 = Math.max(r[0], l[0]) + 0.15 * g.iodPx;
  const y0 = Math.min(r[1], l[1]) - TEMPLATE_ABOVE_EYES_IOD * g.iodPx;
  return { x: x0, y: y0, width: x1 - x0, height: nose[1] - y0 };
}

/**
 * The mouth's box: the middle quarter between the outer corners, where a viewer reads how
 * far the mouth is open, from above the upper lip to well below the lower one (the jaw
 * drops up to about 0.35 eye distances when the mouth opens wide). An opening narrows into
 * each corner like a lens, and a smile's corners show shadow, not the mouth's inside: with
 * the middle half, the median column sat where the opening already tapers, so dark wedges
 * at the corners raised the figure (on the six fixtures the drawing with wedges read a
 * spread 0.000–0.004 above the one without, 0.0327 against 0.0286 on the 240p photo), where
 * the middle quarter reads both within 0.0004–0.0037 (0.0363 against 0.0348).
 */
const MOUTH_SPAN = 0.25;

function mouthBox(g: FrameGeometry): Box {
  const right = at(g.mesh, LIPS.cornerRight);
  const left = at(g.mesh, LIPS.cornerLeft);
  const cx = (right[0] + left[0]) / 2;
  const half = Math.abs(left[0] - right[0]) * (MOUTH_SPAN / 2);
  const top = at(g.mesh, LIPS.upperOuter[5]!)[1];
  const bottom = at(g.mesh, LIPS.lowerOuter[5]!)[1];
  return { x: cx - half, y: top - 0.03 * g.iodPx, width: 2 * half, height: bottom - top + 0.38 * g.iodPx };
}

/** The reference's lips: median luma of the lip bands (between the outer and inner contours) in the middle half of the mouth. */
export function lipLuma(frame: YuvFrame, g: FrameGeometry): number {
  const { width, height } = frame;
  const outer = [...LIPS.upperOuter, ...LIPS.lowerOuter].map((i) => at(g.mesh, i));
  const b = clampBox(boundsOf(outer), width, height);
  const values: number[] = [];
  const top = at(g.mesh, LIPS.upperOuter[5]!)[1];
  const innerTop = at(g.mesh, LIPS.innerTop)[1];
  const innerBottom = at(g.mesh, LIPS.innerBottom)[1];
  const bottom = at(g.mesh, LIPS.lowerOuter[5]!)[1];
  const cx = (at(g.mesh, LIPS.cornerRight)[0] + at(g.mesh, LIPS.cornerLeft)[0]) / 2;
  const half = (b.x1 - b.x0) * 0.25;
  for (let y = b.y0; y <= b.y1; y++) {
    const onLip = (y >= top && y < innerTop) || (y > innerBottom && y <= bottom);
    if (!onLip) continue;
    for (let x = Math.max(0, Math.round(cx - half)); x <= Math.min(width - 1, Math.round(cx + half)); x++) values.push(frame.y[y * width + x]!);
  }
  values.sort((a, c) => a - c);
  return values.length ? values[Math.floor(values.length * 0.5)]! : 128;
}

/** The changes between frames are read on this grid: a moving background or a jump spans many such pixels. */
const GRID = 4;
/** Frames between updates of the head's template (0.4 s at 25 fps). */
const TEMPLATE_EVERY = 10;
/** How far (pixels) the reference template may correct an updated template's position. */
const DRIFT_CHECK = 2;

export class FramePass {
  private readonly upper: Box;
  private readonly mouth: Box;
  private readonly face: Box;
  private readonly band: Box;
  private readonly keepOut: Box;
  private readonly template: Float32Array;
  /** The reference frame's template, kept: each update of `template` is checked against it so updates do not drift. */
  private readonly anchorTemplate: Float32Array;
  /** The previous frame's luma and head shift, for the changes between frames. */
  private previous: Uint8Array | undefined;
  private previousShift = { x: 0, y: 0 };
  private shift = { x: 0, y: 0 };
  /** How far (pixels) a camera's move between two frames is followed at the picture's border. */
  private readonly cameraReach: number;
  private tracked = 0;
  /** Search radius for the head's shift between consecutive frames, pixels. */
  private readonly step: number;

  constructor(
    private readonly width: number,
    private readonly height: number,
    readonly geometry: FrameGeometry,
    reference: YuvFrame,
    /** Below this luma a pixel between the lips is the mouth's dark inside; above toothLuma (and grey) it is a tooth. */
    private readonly darkLuma: number,
    private readonly toothLuma: number,
  ) {
    // The head's template stays inside the frame with room for the search: a face cut by the
    // picture's edge is tracked by the part that is in view.
    const upper = upperFace(geometry);
    const margin = Math.max(4, Math.round(geometry.iodPx * 0.3));
    const x0 = Math.max(margin, upper.x);
    const y0 = Math.max(margin, upper.y);
    const x1 = Math.min(width - margin, upper.x + upper.width);
    const y1 = Math.min(height - margin, upper.y + upper.height);
    this.upper = { x: x0, y: y0, width: Math.max(8, x1 - x0), height: Math.max(8, y1 - y0) };
    this.mouth = mouthBox(geometry);
    this.face = grownBox(geometry.face, 1.05);
    this.band = grownBox(geometry.face, 1.25);
    this.keepOut = grownBox(geometry.face, 1.6);
    // A head moves well under 0.08 eye distances between two frames (25 fps); the search
    // starts from the previous frame's shift, so a faster turn is followed over frames.
    this.step = Math.max(3, Math.round(geometry.iodPx * 0.08));
    this.cameraReach = Math.max(2, Math.round(geometry.iodPx * 0.04));
    const cells = Math.max(2, Math.floor(this.upper.width / 2)) * Math.max(2, Math.floor(this.upper.height / 2));
    this.template = new Float32Array(cells);
    this.patch(reference.y, 0, 0, this.template);
    this.anchorTemplate = Float32Array.from(this.template);
  }

  /** The upper face's luma on a 2-pixel grid, zero-mean: the template the head is found by. */
  private patch(grey: Uint8Array, dx: number, dy: number, out: Float32Array): boolean {
    const b = this.upper;
    const cols = Math.max(2, Math.floor(b.width / 2));
    const rows = Math.max(2, Math.floor(b.height / 2));
    const x0 = Math.round(b.x + dx);
    const y0 = Math.round(b.y + dy);
    if (x0 < 0 || y0 < 0 || x0 + 2 * cols >= this.width || y0 + 2 * rows >= this.height) return false;
    let sum = 0;
    for (let j = 0, n = 0; j < rows; j++) {
      const row = (y0 + 2 * j) * this.width + x0;
      for (let i = 0; i < cols; i++, n++) {
        const v = grey[row + 2 * i]!;
        out[n] = v;
        sum += v;
      }
    }
    const mean = sum / (cols * rows);
    for (let n = 0; n < cols * rows; n++) out[n]! -= mean;
    return true;
  }

  /**
   * The template's distance from the patch at (dx, dy): patch()'s zero-mean grid read in
   * place (the mean first, then each cell rounded to 32 bits as patch() stores it), so the
   * search, the pixel pass's main cost, copies nothing.
   */
  private cost(grey: Uint8Array, dx: number, dy: number, template: Float32Array = this.template): number {
    const b = this.upper;
    const cols = Math.max(2, Math.floor(b.width / 2));
    const rows = Math.max(2, Math.floor(b.height / 2));
    const x0 = Math.round(b.x + dx);
    const y0 = Math.round(b.y + dy);
    if (x0 < 0 || y0 < 0 || x0 + 2 * cols >= this.width || y0 + 2 * rows >= this.height) return Infinity;
    let total = 0;
    for (let j = 0; j < rows; j++) {
      const row = (y0 + 2 * j) * this.width + x0;
      for (let i = 0; i < cols; i++) total += grey[row + 2 * i]!;
    }
    const mean = total / (cols * rows);
    let sum = 0;
    for (let j = 0, n = 0; j < rows; j++) {
      const row = (y0 + 2 * j) * this.width + x0;
      for (let i = 0; i < cols; i++, n++) sum += Math.abs(Math.fround(grey[row + 2 * i]! - mean) - template[n]!);
    }
    return sum;
  }

  /**
   * Where the reference frame's own template best sits within DRIFT_CHECK pixels of `at`,
   * or `at` itself when that best is on the search's edge (the face changed too much for
   * the reference to say). The template-update problem's drift correction (Matthews,
   * Ishikawa and Baker, 2004): an updated template follows a turning face, and the first
   * one keeps it from wandering.
   */
  private anchored(grey: Uint8Array, at: { x: number; y: number }): { x: number; y: number } {
    let best = { x: at.x, y: at.y, cost: this.cost(grey, at.x, at.y, this.anchorTemplate) };
    for (let dy = -DRIFT_CHECK; dy <= DRIFT_CHECK; dy++) {
      for (let dx = -DRIFT_CHECK; dx <= DRIFT_CHECK; dx++) {
        const c = this.cost(grey, at.x + dx, at.y + dy, this.anchorTemplate);
        if (c < best.cost) best = { x: at.x + dx, y: at.y + dy, cost: c };
      }
    }
    const onEdge = Math.abs(best.x - at.x) === DRIFT_CHECK || Math.abs(best.y - at.y) === DRIFT_CHECK;
    return onEdge ? at : { x: best.x, y: best.y };
  }

  /**
   * The head's shift: the upper face's template (reference frame, zero-mean, so a change of
   * light does not move it) matched around the previous frame's shift, on a 2-pixel
   * lattice first, then to the pixel.
   */
  private track(grey: Uint8Array): void {
    let best = { x: this.shift.x, y: this.shift.y, cost: this.cost(grey, this.shift.x, this.shift.y) };
    const s = this.step;
    const around = (cx: number, cy: number, radius: number, stride: number) => {
      for (let dy = -radius; dy <= radius; dy += stride) {
        for (let dx = -radius; dx <= radius; dx += stride) {
          const c = this.cost(grey, cx + dx, cy + dy);
          if (c < best.cost) best = { x: cx + dx, y: cy + dy, cost: c };
        }
      }
    };
    around(this.shift.x, this.shift.y, s - (s % 2), 2);
    around(best.x, best.y, 1, 1);
    this.shift = { x: best.x, y: best.y };
    // A talking head turns and tilts: the template follows the face as it is now, every
    // TEMPLATE_EVERY frames, at the position just found (a slow drift of a pixel or so
    // costs less than losing a face that turned).
    // A head turning in depth changed the upper face's look enough for the updates alone to
    // slide a pixel or two on a small face between mesh anchors, and the eyes' shade boxes
    // slid off the iris with it (two blinks counted on the 240p photo drawn without any).
    if (++this.tracked % TEMPLATE_EVERY === 0) {
      this.shift = this.anchored(grey, this.shift);
      this.patch(grey, this.shift.x, this.shift.y, this.template);
    }
  }

  /**
   * The mouth's inside as seen: per column of the mouth box, the pixels darker than the
   * lips' shadow (the cavity) or bright and grey (teeth); the median column's count, in
   * eye distances. Shut lips show only their seam, a pixel or two.
   */
  private mouthGap(frame: YuvFrame): number {
    const b = clampBox({ ...this.mouth, x: this.mouth.x + this.shift.x, y: this.mouth.y + this.shift.y }, this.width, this.height);
    const counts: number[] = [];
    const half = this.width >> 1;
    for (let x = b.x0; x <= b.x1; x++) {
      let n = 0;
      for (let y = b.y0; y <= b.y1; y++) {
        const l = frame.y[y * this.width + x]!;
        if (l < this.darkLuma) {
          n++;
        } else if (l >= this.toothLuma) {
          // Teeth are nearly grey: both colour planes near their middle; lips and skin are red.
          const c = (y >> 1) * half + (x >> 1);
          if (Math.abs(frame.u[c]! - 128) + Math.abs(frame.v[c]! - 128) <= 24) n++;
        }
      }
      counts.push(n);
    }
    counts.sort((p, q) => p - q);
    return counts.length ? counts[Math.floor(counts.length / 2)]! / this.geometry.iodPx : NaN;
  }

  /** Mean |gradient| in the band between the face outline and 1.25× it (sides and top: the neck below moves with speech). */
  private edge(grey: Uint8Array): number {
    const outer = clampBox({ ...this.band, x: this.band.x + this.shift.x, y: this.band.y + this.shift.y }, this.width, this.height);
    const inner = { ...this.face, x: this.face.x + this.shift.x, y: this.face.y + this.shift.y };
    let sum = 0;
    let n = 0;
    for (let y = outer.y0; y < Math.min(outer.y1, inner.y + inner.height * 0.7); y += 2) {
      for (let x = outer.x0; x < outer.x1; x += 2) {
        if (x >= inner.x && x <= inner.x + inner.width && y >= inner.y) continue;
        const i = y * this.width + x;
        sum += Math.abs(grey[i + 1]! - grey[i]!) + Math.abs(grey[i + this.width]! - grey[i]!);
        n++;
      }
    }
    return n ? sum / n : NaN;
  }

  /**
   * Mean |change| since the previous frame, on a 4-pixel grid: over the face, compared
   * where the tracked head was in each frame (a camera that pans or a head that sways is
   * not a jump), and over the picture's border away from the face, at the one shift of
   * the whole border that explains it best (a hand-held camera moves everything alike;
   * a warp that drags the background with the face does not).
   */
  private changes(grey: Uint8Array): { border: number; face: number } {
    const prev = this.previous;
    if (!prev) return { border: NaN, face: NaN };
    const w = this.width;
    const h = this.height;
    const { x: sx, y: sy } = this.shift;
    const { x: px, y: py } = this.previousShift;
    const face = clampBox(this.face, w, h);
    let inFace = 0;
    let nf = 0;
    for (let y = face.y0; y <= face.y1; y += GRID) {
      const yc = y + sy;
      const yp = y + py;
      if (yc < 0 || yc >= h || yp < 0 || yp >= h) continue;
      for (let x = face.x0; x <= face.x1; x += GRID) {
        const xc = x + sx;
        const xp = x + px;
        if (xc < 0 || xc >= w || xp < 0 || xp >= w) continue;
        inFace += Math.abs(grey[yc * w + xc]! - prev[yp * w + xp]!);
        nf++;
      }
    }
    const keep = { ...this.keepOut, x: this.keepOut.x + sx, y: this.keepOut.y + sy };
    const margin = Math.max(4, Math.round(Math.min(w, h) * 0.1));
    const r = this.cameraReach;
    const points: number[] = [];
    // The top and side edges only: the body under the face moves as it breathes and talks.
    for (let y = r; y < h * 0.75; y += GRID) {
      for (let x = r; x < w - r; x += GRID) {
        const atBorder = y < margin || x < margin || x >= w - margin;
        const nearFace = x >= keep.x && x <= keep.x + keep.width && y >= keep.y && y <= keep.y + keep.height;
        if (atBorder && !nearFace) points.push(y * w + x);
      }
    }
    let border = NaN;
    if (points.length) {
      border = Infinity;
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const off = dy * w + dx;
          let sum = 0;
          for (const i of points) sum += Math.abs(grey[i]! - prev[i - off]!);
          border = Math.min(border, sum / points.length);
        }
      }
    }
    return { border, face: nf ? inFace / nf : NaN };
  }

  /** The head's mesh moved by the tracked shift: eye shade reads the eyes where they are now. */
  shiftedMesh(): Point[] {
    const { x, y } = this.shift;
    return this.geometry.mesh.map((p) => [p[0] + x, p[1] + y] as const);
  }

  measure(frame: YuvFrame): FrameMeasures {
    const grey = frame.y;
    this.track(grey);
    const mesh = this.shiftedMesh();
    const { border, face } = this.changes(grey);
    this.previous = grey;
    this.previousShift = { ...this.shift };
    return {
      shiftX: this.shift.x,
      shiftY: this.shift.y,
      gap: this.mouthGap(frame),
      rightShade: eyePlaneLuma(grey, this.width, this.height, mesh, RIGHT_EYE, 0.1),
      leftShade: eyePlaneLuma(grey, this.width, this.height, mesh, LEFT_EYE, 0.1),
      rightBright: eyePlaneLuma(grey, this.width, this.height, mesh, RIGHT_EYE, 0.9),
      leftBright: eyePlaneLuma(grey, this.width, this.height, mesh, LEFT_EYE, 0.9),
      borderChange: border,
      faceChange: face,
      edgeTexture: this.edge(grey),
    };
  }
}
