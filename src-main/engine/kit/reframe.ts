import type { SafeArea } from '../../../src-shared/platforms.js';

/**
 * Face-aware reframing of the master video for one platform: which rectangle of the
 * master becomes the rendition. The whole head (hair to chin, ear to ear) is always in
 * the frame; the face is placed inside the platform's safe area (where its buttons and
 * text do not cover it) as far as the master's picture allows. Only where the master
 * cannot hold the head in the frame does the rectangle reach past its edges, and the
 * rendition fills that part with a blurred copy, never black bars. The safe area alone
 * never causes fill: a band of blur above a forehead looks worse than a label over hair.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Reframe {
  /** In master pixels; may extend past the master where `fill` is 'blur'. */
  crop: Rect;
  /** Output pixels per master pixel. */
  scale: number;
  fill: 'none' | 'blur';
  /** The head box (in master pixels, clipped to the master) this crop was built around. */
  head: Rect;
}

/**
 * The head around a face-mesh box: hair above (about half a face), ears beside, chin and
 * a little neck below. Proportions from the fixtures' meshes (the mesh stops near the
 * hairline and between the ears; the sample portrait's hair reaches 0.35 face heights higher).
 */
export function headBox(face: Rect): Rect {
  const top = face.height * 0.4;
  const side = face.width * 0.22;
  const bottom = face.height * 0.18;
  return { x: face.x - side, y: face.y - top, width: face.width + 2 * side, height: face.height + top + bottom };
}

const MAX_HEAD_SHARE = { width: 0.85, height: 0.8 };

/** Where the face's centre sits vertically inside the usable (safe) height: eyes near the upper third. */
const FACE_CENTER_IN_SAFE = 0.42;

/** What of `rect` lies inside the master's picture: hair a photo cut off cannot be framed. */
function clipTo(rect: Rect, master: { width: number; height: number }): Rect {
  const x = Math.max(0, rect.x);
  const y = Math.max(0, rect.y);
  return { x, y, width: Math.max(1, Math.min(master.width, rect.x + rect.width) - x), height: Math.max(1, Math.min(master.height, rect.y + rect.height) - y) };
}

export function reframe(master: { width: number; height: number }, face: Rect, target: { width: number; height: number }, safe: SafeArea): Reframe {
  const head = clipTo(headBox(face), master);
  const aspect = target.width / target.height;
  const safeW = Math.max(0.2, 1 - (safe.left + safe.right) / 100);
  const safeH = Math.max(0.2, 1 - (safe.top + safe.bottom) / 100);
  // Largest crop of the target's aspect that fits inside the master…
  let width = Math.min(master.width, master.height * aspect);
  let height = width / aspect;
  // …grown only when the head would crowd the frame (this is where fill begins): a head
  // taller than 80% of the frame is an uncomfortable close-up, whatever the platform.
  if (width * MAX_HEAD_SHARE.width < head.width || height * MAX_HEAD_SHARE.height < head.height) {
    const grow = Math.max(head.width / (width * MAX_HEAD_SHARE.width), head.height / (height * MAX_HEAD_SHARE.height));
    width *= grow;
    height *= grow;
  }
  const faceCx = face.x + face.width / 2;
  const faceCy = face.y + face.height / 2;
  const safeLeft = (safe.left / 100) * width;
  const safeTop = (safe.top / 100) * height;
  let x = faceCx - (safeLeft + (safeW * width) / 2);
  let y = faceCy - (safeTop + FACE_CENTER_IN_SAFE * safeH * height);
  // Stay inside the master where the crop fits in it; centre the master where it does not.
  x = width <= master.width ? clamp(x, 0, master.width - width) : (master.width - width) / 2;
  y = height <= master.height ? clamp(y, 0, master.height - height) : (master.height - height) / 2;
  // Clamping or centring may have pushed the head out of the frame: bring it back.
  x = clamp(x, head.x + head.width - width, head.x);
  y = clamp(y, head.y + head.height - height, head.y);
  const crop = { x, y, width, height };
  const fill = x < -0.5 || y < -0.5 || x + width > master.width + 0.5 || y + height > master.height + 0.5 ? 'blur' : 'none';
  return { crop, scale: target.width / width, fill, head };
}

function clamp(value: number, lo: number, hi: number): number {
  return lo > hi ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, value));
}
