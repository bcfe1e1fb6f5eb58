/**
 * The face warp on WebAssembly SIMD (warp-kernel.ts): half the CPU of the JavaScript
 * reference (warp.ts's `warpPlane`; 1.9–2.0 ms against 4.2 for a 720×1280 frame's face,
 * luma and chroma) and within one code value of it. The pixels
 * the kernel reads and writes live in its own memory: `prepareStillWarp` copies the still
 * frame there once per video, and each frame only the redrawn region is copied out
 * (tens of microseconds beside milliseconds of sampling). Where a runtime lacks
 * WebAssembly SIMD, the callers keep the reference.
 */
import type { YuvFrame } from '../encode/yuv.js';
import { FIXED_ONE, SCRATCH_BYTES, TRIANGLE_BYTES, warpKernelModule } from './warp-kernel.js';
import { type Plane, type Rect, warpPlane } from './warp.js';

type KernelWarp = (table: number, count: number, clipX0: number, clipX1: number, srcBase: number, dstBase: number, stride: number, maxX: number, maxY: number, twin: number) => void;

const PAGE = 65536;
/** Below this total displacement (px, over three corners) a triangle counts as still, as in warpPlane. */
const STILL_TRIANGLE = 0.01;

/** One instance of the kernel with its memory: its constants, the triangle table, then the pixel planes. */
class WarpKernel {
  private readonly memory: WebAssembly.Memory;
  private readonly run: KernelWarp;
  /** A view of the whole memory (re-made when it grows). */
  bytes: Buffer;
  private table: Float64Array;

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, {});
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.run = instance.exports.warp as KernelWarp;
    this.bytes = Buffer.from(this.memory.buffer);
    this.table = new Float64Array(this.memory.buffer);
  }

  /** Grows the memory to at least `size` bytes (growing detaches the old views). */
  reserve(size: number): void {
    const more = Math.ceil(size / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (more <= 0) return;
    this.memory.grow(more);
    this.bytes = Buffer.from(this.memory.buffer);
    this.table = new Float64Array(this.memory.buffer);
  }

  /**
   * Writes one table entry per triangle that moved and has rows inside `clip` (the same
   * set-up as warpPlane: its affine map from destination to source and its sorted edges) and
   * returns how many it wrote.
   */
  fillTable(triangles: Uint32Array, from: Float64Array, to: Float64Array, clip: Rect): number {
    const table = this.table;
    const clipY0 = clip.y;
    const clipY1 = clip.y + clip.height - 1;
    let count = 0;
    for (let t = 0; t < triangles.length; t += 3) {
      const a = triangles[t]! * 2;
      const b = triangles[t + 1]! * 2;
      const c = triangles[t + 2]! * 2;
      const xa = to[a]!;
      const ya = to[a + 1]!;
      const xb = to[b]!;
      const yb = to[b + 1]!;
      const xc = to[c]!;
      const yc = to[c + 1]!;
      const sxa = from[a]!;
      const sya = from[a + 1]!;
      const sxb = from[b]!;
      const syb = from[b + 1]!;
      const sxc = from[c]!;
      const syc = from[c + 1]!;
      if (Math.abs(xa - sxa) + Math.abs(ya - sya) + Math.abs(xb - sxb) + Math.abs(yb - syb) + Math.abs(xc - sxc) + Math.abs(yc - syc) < STILL_TRIANGLE) continue;
      const den = (yb - yc) * (xa - xc) + (xc - xb) * (ya - yc);
      // Also drops corners that are not finite numbers: the kernel's float-to-int step assumes them.
      if (!(Math.abs(den) >= 1e-9 && Math.abs(den) < Infinity)) continue;
      // Sort the corners by y without allocating: 0 is the top, 2 the bottom.
      let x0 = xa,
        y0 = ya,
        x1 = xb,
        y1 = yb,
        x2 = xc,
        y2 = yc,
        swap = 0;
      if (y1 < y0) {
        swap = x0;
        x0 = x1;
        x1 = swap;
        swap = y0;
        y0 = y1;
        y1 = swap;
      }
      if (y2 < y0) {
        swap = x0;
        x0 = x2;
        x2 = swap;
        swap = y0;
        y0 = y2;
        y2 = swap;
      }
      if (y2 < y1) {
        swap = x1;
        x1 = x2;
        x2 = swap;
        swap = y1;
        y1 = y2;
        y2 = swap;
      }
      const rowStart = Math.max(clipY0, Math.ceil(y0));
      const rowEnd = Math.min(clipY1, Math.floor(y2));
      if (rowStart > rowEnd) continue;
      const ux = sxa - sxc;
      const vx = sxb - sxc;
      const uy = sya - syc;
      const vy = syb - syc;
      const ax = ((yb - yc) * ux + (yc - ya) * vx) / den;
      const bx = ((xc - xb) * ux + (xa - xc) * vx) / den;
      const ay = ((yb - yc) * uy + (yc - ya) * vy) / den;
      const by = ((xc - xb) * uy + (xa - xc) * vy) / den;
      const e = (SCRATCH_BYTES + count * TRIANGLE_BYTES) / 8;
      table[e] = x0;
      table[e + 1] = y0;
      table[e + 2] = x1;
      table[e + 3] = y1;
      table[e + 4] = y2 > y0 ? (x2 - x0) / (y2 - y0) : 0;
      table[e + 5] = y1 > y0 ? (x1 - x0) / (y1 - y0) : 0;
      table[e + 6] = y2 > y1 ? (x2 - x1) / (y2 - y1) : 0;
      table[e + 7] = ax;
      table[e + 8] = bx;
      table[e + 9] = sxc - ax * xc - bx * yc;
      table[e + 10] = ay;
      table[e + 11] = by;
      table[e + 12] = syc - ay * xc - by * yc;
      table[e + 13] = rowStart;
      table[e + 14] = rowEnd;
      count++;
    }
    return count;
  }

  /** Warps the plane at `srcBase` into the one at `dstBase` (both `width`×`height`, in this memory). */
  warp(count: number, clip: Rect, srcBase: number, dstBase: number, width: number, height: number, twin: number): void {
    // The reference's clamp (warpPlane's maxX), so the last column's right neighbour is still in the row.
    const largest = (size: number): number => Math.floor((size - 1.0001) * FIXED_ONE);
    if (count > 0) this.run(SCRATCH_BYTES, count, clip.x, clip.x + clip.width - 1, srcBase, dstBase, width, largest(width), largest(height), twin);
  }
}

const tableBytes = (triangles: Uint32Array): number => SCRATCH_BYTES + Math.ceil(((triangles.length / 3) * TRIANGLE_BYTES) / 16) * 16;

function newKernel(): WarpKernel | null {
  const module = warpKernelModule();
  return module ? new WarpKernel(module) : null;
}

/** Rows [first, end) of a plane that a warp from these source points into `rect` reads: theirs and the region's, two rows to spare. */
function rowsRead(sources: Float64Array, rect: Rect, planeHeight: number): [number, number] {
  let low = rect.y;
  let high = rect.y + rect.height;
  for (let i = 1; i < sources.length; i += 2) {
    const y = sources[i]!;
    if (!Number.isFinite(y)) return [0, planeHeight];
    if (y < low) low = y;
    if (y > high) high = y;
  }
  return [Math.max(0, Math.floor(low) - 2), Math.min(planeHeight, Math.ceil(high) + 3)];
}

/** The still frame of one video held in the kernel's memory, drawn from at every pose. */
export interface StillWarp {
  /**
   * Redraws the moving region of `frame`: the still picture there, then every moved
   * triangle warped from it, luma at `dest` and both chroma planes at `destChroma`: what
   * copyRect and warpPlane draw, within one code value.
   */
  draw(frame: YuvFrame, dest: Float64Array, destChroma: Float64Array): void;
}

/**
 * Prepares the SIMD warp for one video's still frame and mesh; null where WebAssembly SIMD
 * is unavailable (the caller then draws with copyRect and warpPlane). `still` must not
 * change afterwards: the kernel reads its copy.
 */
export function prepareStillWarp(still: YuvFrame, roi: Rect, chromaRoi: Rect, triangles: Uint32Array, source: Float64Array, sourceChroma: Float64Array): StillWarp | null {
  const kernel = newKernel();
  if (!kernel) return null;
  const frameBytes = still.data.length;
  const stillAt = tableBytes(triangles);
  const drawnAt = stillAt + frameBytes;
  kernel.reserve(drawnAt + frameBytes);
  const { width, height, uOffset, vOffset } = still;
  const chromaWidth = width / 2;
  const stillPlanes = [
    { at: 0, width, height, rect: roi, sources: source },
    { at: uOffset, width: chromaWidth, height: height / 2, rect: chromaRoi, sources: sourceChroma },
    { at: vOffset, width: chromaWidth, height: height / 2, rect: chromaRoi, sources: sourceChroma },
  ];
  // Only the rows the warp can read are copied in: every sample lies inside a source triangle,
  // so between its corners' rows (and the next, for the blend). The memory's other pages stay
  // untouched, so they cost no resident memory (a 1080×1920 frame's face band is about half of it).
  for (const plane of stillPlanes) {
    const [first, end] = rowsRead(plane.sources, plane.rect, plane.height);
    kernel.bytes.set(still.data.subarray(plane.at + first * plane.width, plane.at + end * plane.width), stillAt + plane.at + first * plane.width);
  }
  return {
    draw(frame, dest, destChroma) {
      if (frame.width !== width || frame.height !== height) throw new Error('the frame must have the still frame’s size');
      const memory = kernel.bytes;
      // The still picture under the region, as whole rows (one move per plane)...
      for (const { at, width: rowWidth, rect } of stillPlanes) {
        const start = at + rect.y * rowWidth;
        memory.copyWithin(drawnAt + start, stillAt + start, stillAt + start + rect.height * rowWidth);
      }
      kernel.warp(kernel.fillTable(triangles, source, dest, roi), roi, stillAt, drawnAt, width, height, 0);
      kernel.warp(kernel.fillTable(triangles, sourceChroma, destChroma, chromaRoi), chromaRoi, stillAt + uOffset, drawnAt + uOffset, chromaWidth, height / 2, vOffset - uOffset);
      // ...and out to the frame only the region itself, as copyRect would: nothing else of the frame is touched.
      for (const { at, width: rowWidth, rect } of stillPlanes) {
        for (let y = rect.y; y < rect.y + rect.height; y++) {
          const start = at + y * rowWidth + rect.x;
          memory.copy(frame.data, start, drawnAt + start, drawnAt + start + rect.width);
        }
      }
    },
  };
}

let shared: WarpKernel | null | undefined;

/**
 * `warpPlane`'s drop-in on the SIMD kernel, for any planes: copies them into the kernel's
 * memory on every call, so it suits tests and one-off warps; the per-frame path is
 * `prepareStillWarp`. Falls back to `warpPlane` where SIMD is unavailable.
 */
export function warpPlaneSimd(source: Plane, target: Plane, clip: Rect, triangles: Uint32Array, from: Float64Array, to: Float64Array, twin?: { source: Plane; target: Plane }): void {
  if (shared === undefined) shared = newKernel();
  if (!shared) return warpPlane(source, target, clip, triangles, from, to, twin);
  if (source.width !== target.width || source.height !== target.height || (twin && (twin.source.width !== source.width || twin.target.width !== source.width))) {
    throw new Error('the planes must all have the same size');
  }
  const size = source.width * source.height;
  const planes = twin ? 2 : 1;
  const srcAt = tableBytes(triangles);
  const dstAt = srcAt + planes * size;
  shared.reserve(dstAt + planes * size);
  const count = shared.fillTable(triangles, from, to, clip);
  const memory = shared.bytes;
  const pairs: Array<[Plane, Plane]> = twin
    ? [
        [source, target],
        [twin.source, twin.target],
      ]
    : [[source, target]];
  pairs.forEach(([from, into], index) => {
    memory.set(from.data.subarray(from.offset, from.offset + size), srcAt + index * size);
    memory.set(into.data.subarray(into.offset, into.offset + size), dstAt + index * size);
  });
  shared.warp(count, clip, srcAt, dstAt, source.width, source.height, twin ? size : 0);
  pairs.forEach(([, into], index) => into.data.set(memory.subarray(dstAt + index * size, dstAt + (index + 1) * size), into.offset));
}
