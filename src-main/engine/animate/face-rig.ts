import Delaunator from 'delaunator';
import { LOWER_LID_LIFT } from './eyelids.js';
import { at, boundsOf, CHIN, eyeCenter, FACE_OVAL, interocularDistance, IRIS_FIRST, LEFT_EYE, LIPS, RIGHT_EYE, type EyeIndices, type Point } from '../face/landmarks.js';
import { buildHeadDepth } from './head-pose.js';
import { cornerLiftWeights } from './mood.js';
import { deformRig } from './deform.js';
import { CORNER_SHARE, lipMotion } from './lip-motion.js';

/**
 * The face as a rubber sheet: control points (the 468-point mesh, two rings around the
 * head, and the fixed border of the region that may move), a triangulation of them, and
 * how each point moves for each motion parameter. Pixels outside the region are never
 * touched, and the fixed border means there is no seam where warped meets still.
 */
export interface FaceRig {
  /** Region of the frame that is redrawn each frame (even-aligned for 4:2:0 chroma). */
  roi: { x: number; y: number; width: number; height: number };
  /** Control points in frame pixels, x/y interleaved. */
  source: Float64Array;
  triangles: Uint32Array;
  pointCount: number;
  iod: number;
  /** Unit vectors: across the face (eye line) and down the face. */
  across: Point;
  down: Point;
  /**
   * How far each point moves along `down` as the mouth opens: `lipGain` × the pose's gap at
   * the centre (px) − `lipOffset`, plus `jawShare` × the jaw's drop beyond the photo's gap.
   * The lips follow the gap (each inner-lip point its own column's share of it, so the lips
   * meet evenly when closing), the chin and jaw the jaw.
   */
  lipGain: Float32Array;
  lipOffset: Float32Array;
  jawShare: Float32Array;
  /** Share of the jaw's drop beyond the photo's own gap that a point under the chin follows (none as the jaw closes from it). */
  underChinJaw: Float32Array;
  /** Source gap at the mouth centre, pixels. */
  sourceCenterGap: number;
  /** Horizontal offset from the mouth centre (px) times the point's width weight. */
  widthLever: Float32Array;
  /**
   * The same for rounding, which also carries the skin around the mouth's corners: the
   * corner's shadow and the smile's fold move in with the lips (the tracker, and a viewer,
   * read the corners there), and along `down`, px, how far the point drops at full rounding
   * as a smile relaxes (the corners of a smile sit above the mouth's middle).
   */
  roundLever: Float32Array;
  smileDrop: Float32Array;
  /** Full-blink displacement, x/y interleaved. */
  blinkVector: Float64Array;
  /** Brow-lift weight (0–1). */
  browWeight: Float32Array;
  /** How much of the head's rigid motion a point follows (1 on the face, 0 on the border). */
  headWeight: Float32Array;
  /** Pivot of head rotation: the top of the neck. */
  pivot: Point;
  /** Depth of each point relative to the pivot, px (head-pose.ts), and how much of a turn or nod it follows. */
  depth: Float32Array;
  turnWeight: Float32Array;
  /** Share of the mood's corner lift each point follows (mood.ts). */
  cornerLift: Float32Array;
  /** Inner-lip contour indices (upper corner→corner then lower back), for painting the mouth. */
  mouthPolygon: number[];
  /** How many of mouthPolygon's points are the upper lip's line, corner to corner. */
  mouthUpperCount: number;
  /** The lips' outer line, corner to corner along the upper lip then the lower one (slots, as mouthPolygon). */
  lipOutline: number[];
  faceWidth: number;
}

/** How far from a corner (IOD) the skin still follows part of its drop. */
const CORNER_REACH_IOD = 0.35;
/** The inner ring of points around the face, as a multiple of the face's outline about its middle. */
const INNER_RING_SCALE = 1.22;
/**
 * The inner ring's points under the chin follow this share of the jaw's drop past the
 * photo's own opening (as the jaw closes from an open photo they stay put). Held still,
 * the band of skin between them and the chin was squeezed as the jaw dropped, and on the
 * bundled sample's widest openings the chin's edge over the collar broke into steps and
 * notches; a fifth of the drop spreads the squeeze over that band and the one below it.
 * The collar under the chin moves by a fifth of the jaw's drop at most, fading to none
 * at the outer ring (the rigidity targets hold: tests/engine/head-motion-targets.test.ts).
 */
const RING_UNDER_CHIN_JAW_SHARE = 0.2;

/** How much of the jaw's drop the skin follows across the face (u, IOD from the mouth's middle): all of it across the chin, none past the cheeks. */
function acrossChin(u: number): number {
  return 1 - smoothstep(0.45, 1.15, Math.abs(u));
}

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

function alignEven(value: number, mode: 'floor' | 'ceil'): number {
  return mode === 'floor' ? Math.floor(value / 2) * 2 : Math.ceil(value / 2) * 2;
}

/**
 * `mouthToOuterCorners`: the painted mouth reaches the outer lip corners (a photo whose lips
 * were closed over its teeth, see mouth-cover.ts) rather than the mesh's inner corners.
 */
export function buildFaceRig(mesh: readonly Point[], frameWidth: number, frameHeight: number, options: { mouthToOuterCorners?: boolean; depth?: readonly number[] } = {}): FaceRig {
  const face = boundsOf(mesh, IRIS_FIRST);
  const size = Math.max(face.width, face.height);
  const iod = interocularDistance(mesh);
  const right = eyeCenter(mesh, RIGHT_EYE);
  const left = eyeCenter(mesh, LEFT_EYE);
  const acrossLen = Math.hypot(left[0] - right[0], left[1] - right[1]) || 1;
  const across: Point = [(left[0] - right[0]) / acrossLen, (left[1] - right[1]) / acrossLen];
  const down: Point = [-across[1], across[0]];
  const mouthTop = at(mesh, LIPS.innerTop);
  const mouthBottom = at(mesh, LIPS.innerBottom);
  const mouth: Point = [(mouthTop[0] + mouthBottom[0]) / 2, (mouthTop[1] + mouthBottom[1]) / 2];
  const toFace = (p: Point): Point => {
    const dx = p[0] - mouth[0];
    const dy = p[1] - mouth[1];
    return [(dx * across[0] + dy * across[1]) / iod, (dx * down[0] + dy * down[1]) / iod];
  };

  // Region: the head with hair above, neck below, margin for sway.
  // Margins hold the outer ring (1.6× the face outline) plus room for sway.
  const roiX0 = Math.max(0, alignEven(face.x - 0.42 * size, 'floor'));
  const roiY0 = Math.max(0, alignEven(face.y - 0.5 * size, 'floor'));
  const roiX1 = Math.min(frameWidth, alignEven(face.x + face.width + 0.42 * size, 'ceil'));
  const roiY1 = Math.min(frameHeight, alignEven(face.y + face.height + 0.45 * size, 'ceil'));
  const roi = { x: roiX0, y: roiY0, width: roiX1 - roiX0, height: roiY1 - roiY0 };

  const points: Array<{ p: Point; head: number; kind: 'mesh' | 'ring' | 'border'; index: number; ring?: { scale: number; belowChin: boolean } }> = [];
  for (let i = 0; i < IRIS_FIRST; i++) points.push({ p: at(mesh, i), head: 1, kind: 'mesh', index: i });
  const center: Point = [face.x + face.width / 2, face.y + face.height / 2];
  const chinV = toFace(at(mesh, CHIN))[1];
  const inside = (p: Point): boolean => p[0] > roiX0 + 1 && p[0] < roiX1 - 1 && p[1] > roiY0 + 1 && p[1] < roiY1 - 1;
  for (const [scale, weight] of [
    [INNER_RING_SCALE, 0.9],
    [1.6, 0.45],
  ] as const) {
    for (const index of FACE_OVAL) {
      const o = at(mesh, index);
      const p: Point = [center[0] + (o[0] - center[0]) * scale, center[1] + (o[1] - center[1]) * scale];
      // The neck and shoulders do not turn with the head.
      const below = toFace(p)[1] > chinV ? 0.55 : 1;
      if (inside(p)) points.push({ p, head: weight * below, kind: 'ring', index: -1, ring: { scale, belowChin: below < 1 } });
    }
  }
  const step = Math.max(24, Math.round(size / 6));
  const pushBorder = (x: number, y: number): void => {
    points.push({ p: [x, y], head: 0, kind: 'border', index: -1 });
  };
  for (let x = roiX0; x < roiX1; x += step) {
    pushBorder(x, roiY0);
    pushBorder(x, roiY1);
  }
  for (let y = roiY0 + step; y < roiY1; y += step) {
    pushBorder(roiX0, y);
    pushBorder(roiX1, y);
  }
  pushBorder(roiX1, roiY0);
  pushBorder(roiX1, roiY1);

  const n = points.length;
  const source = new Float64Array(n * 2);
  points.forEach((pt, i) => {
    source[i * 2] = pt.p[0];
    source[i * 2 + 1] = pt.p[1];
  });

  const lipGain = new Float32Array(n);
  const lipOffset = new Float32Array(n);
  const jawShare = new Float32Array(n);
  const underChinJaw = new Float32Array(n);
  const onLips = new Uint8Array(n);
  const widthLever = new Float32Array(n);
  const roundLever = new Float32Array(n);
  const smileDrop = new Float32Array(n);
  const blinkVector = new Float64Array(n * 2);
  const browWeight = new Float32Array(n);
  const headWeight = new Float32Array(n);
  const sourceCenterGap = Math.max(0, (mouthBottom[0] - mouthTop[0]) * down[0] + (mouthBottom[1] - mouthTop[1]) * down[1]);

  const outerCornerU = Math.abs(toFace(at(mesh, LIPS.cornerLeft))[0] - toFace(at(mesh, LIPS.cornerRight))[0]) / 2 || 0.45;
  // How far a smile lifts the corners above the mouth's middle (IOD; 0 for a straight or downturned mouth).
  const smileLift = Math.max(0, -(toFace(at(mesh, LIPS.cornerLeft))[1] + toFace(at(mesh, LIPS.cornerRight))[1]) / 2);

  const faceOutline = FACE_OVAL.map((i) => toFace(at(mesh, i)));
  const motionOfLips = lipMotion({ mesh, toFace, down, iod, sourceCenterGap, mouthToOuterCorners: Boolean(options.mouthToOuterCorners) });
  const cornerRightFace = toFace(at(mesh, LIPS.cornerRight));
  const cornerLeftFace = toFace(at(mesh, LIPS.cornerLeft));
  for (let i = 0; i < n; i++) {
    const pt = points[i]!;
    headWeight[i] = pt.head;
    if (pt.kind === 'ring' && pt.ring?.belowChin && pt.ring.scale === INNER_RING_SCALE) {
      // Under the chin, across the chin's width as the jaw's own share fades.
      underChinJaw[i] = RING_UNDER_CHIN_JAW_SHARE * acrossChin(toFace(pt.p)[0]);
    }
    if (pt.kind !== 'mesh') continue;
    const idx = pt.index;
    const [u, v] = toFace(pt.p);
    const motion = motionOfLips(idx);
    if (motion) {
      onLips[i] = 1;
      lipGain[i] = motion[0];
      lipOffset[i] = motion[1];
    } else {
      // Chin and jaw: full below the mouth, fading towards the cheeks and down the neck.
      const horizontal = acrossChin(u);
      const vertical = smoothstep(-0.05, 0.3, v) * (1 - smoothstep(chinV + 0.05, chinV + 0.5, v));
      jawShare[i] = 0.85 * horizontal * vertical;
      // The skin beside a corner goes down with it (the modiolus, where the cheek's muscles
      // meet the lips, moves as one): a corner that dropped alone past the skin beside it
      // folded the corner's shadow into the cheek.
      const fromCorner = Math.min(Math.hypot(u - cornerRightFace[0], v - cornerRightFace[1]), Math.hypot(u - cornerLeftFace[0], v - cornerLeftFace[1]));
      const share = CORNER_SHARE * (1 - smoothstep(0.04, CORNER_REACH_IOD, fromCorner)) * (1 - jawShare[i]! / 0.85);
      lipGain[i] = share;
      lipOffset[i] = share * sourceCenterGap;
    }
    const lipArea = onLips[i] === 1;
    const nearMouth = Math.hypot(u, v) < 0.8 ? 1 - smoothstep(0.3, 0.8, Math.hypot(u, v)) : 0;
    widthLever[i] = u * iod * (lipArea ? 1 : nearMouth * 0.6);
    // Rounding reaches further: the skin just beyond the corners follows fully (a corner that
    // moved alone stretched its shadow into dark wedges), fading out before the face's edge
    // (on a turned face the cheek's outline is close to the mouth, and moved the background).
    const fromOutline = Math.min(...faceOutline.map((o) => Math.hypot(o[0] - u, o[1] - v)));
    const around = lipArea ? 1 : (1 - smoothstep(0.55, 1.15, Math.hypot(u, v * 1.4))) * smoothstep(0.05, 0.3, fromOutline);
    roundLever[i] = u * iod * around;
    smileDrop[i] = smileLift * iod * around * Math.min(1, (Math.abs(u) / outerCornerU) ** 2);
  }

  const meshSlot = new Map<number, number>();
  points.forEach((pt, i) => {
    if (pt.kind === 'mesh') meshSlot.set(pt.index, i);
  });
  const setBlink = (eye: EyeIndices): void => {
    eye.upperLid.forEach((upper, i) => {
      const lower = eye.lowerLid[i]!;
      const a = at(mesh, upper);
      const b = at(mesh, lower);
      const sl = meshSlot.get(lower)!;
      // Only the lower lid moves in the warp, rising a little to meet the upper one: the
      // upper lid is painted sliding down over the eye (eyelids.ts). Pulling the upper lid's
      // points down squashed the eye towards its lower lid and stretched the fold's skin.
      blinkVector[sl * 2] = (a[0] - b[0]) * LOWER_LID_LIFT;
      blinkVector[sl * 2 + 1] = (a[1] - b[1]) * LOWER_LID_LIFT;
    });
    for (const b of eye.brow) browWeight[meshSlot.get(b)!] = 1;
    for (const c of eye.crease) browWeight[meshSlot.get(c)!] = 0.35;
  };
  setBlink(RIGHT_EYE);
  setBlink(LEFT_EYE);
  // Forehead above the brows follows part of a brow lift.
  const browV = Math.min(...RIGHT_EYE.brow.concat(LEFT_EYE.brow).map((b) => toFace(at(mesh, b))[1]));
  points.forEach((pt, i) => {
    if (pt.kind !== 'mesh' || browWeight[i]! > 0) return;
    const v = toFace(pt.p)[1];
    if (v < browV) browWeight[i] = 0.6 * smoothstep(browV - 0.7, browV, v);
  });

  const chin = at(mesh, CHIN);
  const pivot: Point = [chin[0] + down[0] * size * 0.3, chin[1] + down[1] * size * 0.3];
  // Corner to corner along the inner lips. On a smile closed over its teeth the mesh's inner
  // corners sit inside the visible ones, and the skin between them stretched as the mouth
  // opened into flat wedges ("fangs") unless the painted inside reaches the outer corners;
  // there the inner corners are points of the seam on the upper lip's line (lip-motion.ts).
  const upperLine = options.mouthToOuterCorners ? [LIPS.cornerRight, ...LIPS.upperInner, LIPS.cornerLeft] : [...LIPS.upperInner];
  const lowerLine = [...LIPS.lowerInner].reverse().slice(1, -1);
  const mouthPolygon = [...upperLine, ...lowerLine].map((idx) => meshSlot.get(idx)!);
  const lipOutline = [...LIPS.upperOuter, ...[...LIPS.lowerOuter].reverse().slice(1, -1)].map((idx) => meshSlot.get(idx)!);

  const rig: FaceRig = {
    roi,
    source,
    triangles: new Uint32Array(0),
    pointCount: n,
    iod,
    across,
    down,
    lipGain,
    lipOffset,
    jawShare,
    underChinJaw,
    sourceCenterGap,
    widthLever,
    roundLever,
    smileDrop,
    blinkVector,
    browWeight,
    headWeight,
    pivot,
    ...buildHeadDepth(mesh, options.depth, source, n, (i) => points[i]!.ring, size),
    cornerLift: cornerLiftWeights(mesh, source, n, IRIS_FIRST, iod, across, down),
    mouthPolygon,
    mouthUpperCount: upperLine.length,
    lipOutline,
    faceWidth: size,
  };
  rig.triangles = triangulateOpen(rig);
  return rig;
}

/** The lips' gap (IOD) the mesh is triangulated at: about the widest the visemes open (viseme-track's MAX_GAP_IOD). */
const TRIANGULATION_GAP_IOD = 0.3;

/**
 * The triangles, made with the mouth open. At rest the two inner-lip lines lie within a
 * pixel of each other (on a closed photo, and on a smile closed by the cover), so a
 * triangulation of the still's points joined an outer-lip point straight to a point of the
 * other lip across the lip line: as the lips parted, those triangles spanned lip and gap,
 * and stretched the one-pixel lip line into the saw-toothed upper edge and the vertical
 * streaks down the lower lip. Made with the lips apart, every triangle stays on one lip or
 * inside the opening, and each lip's inner line is an edge of the mesh (the painted
 * mouth's edge runs along the same straight segments). Closing the mouth only flattens the
 * opening's triangles onto the seam.
 */
function triangulateOpen(rig: FaceRig): Uint32Array {
  const gap = Math.max(TRIANGULATION_GAP_IOD * rig.iod, rig.sourceCenterGap + 6) / rig.iod;
  const open = deformRig(rig, { mouthGap: gap, jawOpen: gap, mouthWidth: 0, blink: 0, browLift: 0, headRoll: 0, headX: 0, headY: 0, headScale: 0 }, new Float64Array(rig.pointCount * 2));
  return new Uint32Array(new Delaunator(open).triangles);
}
