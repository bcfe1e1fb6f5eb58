/**
 * Piecewise-affine backward warp of one image plane: for every triangle of the moved mesh,
 * each destination pixel inside it is sampled (bilinear) from where it came from in the
 * still frame. Works on Y'CbCr planes directly, so the luma is warped at full resolution,
 * the chroma at quarter resolution, and no colour conversion runs per frame.
 */

export interface Plane {
  data: Buffer;
  /** Byte offset of the plane's first pixel inside `data`. */
  offset: number;
  width: number;
  height: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Copies a rectangle of `from` into the same place in `to` (both planes of equal size). */
export function copyRect(from: Plane, to: Plane, rect: Rect): void {
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    const start = from.offset + y * from.width + rect.x;
    from.data.copy(to.data, to.offset + y * to.width + rect.x, start, start + rect.width);
  }
}

/**
 * Warps `source` into `target` inside `clip`. `from` and `to` are the control points
 * (x/y interleaved) in this plane's pixel coordinates; triangles whose corners did not
 * move are skipped (the caller has already copied the still pixels there).
 *
 * `twin` is a second plane of the same size in the same buffers (V beside U): it moves
 * exactly like the first, so it is sampled at the same positions in the same pass, and
 * the triangle and row set-up is paid once for both (a third of the frame's warp time).
 */
export function warpPlane(source: Plane, target: Plane, clip: Rect, triangles: Uint32Array, from: Float64Array, to: Float64Array, twin?: { source: Plane; target: Plane }): void {
  const src = source.data;
  const dst = target.data;
  if (twin && (twin.source.data !== src || twin.target.data !== dst || twin.source.width !== source.width || twin.target.width !== target.width)) {
    throw new Error('a twin plane must share its buffers and size with the first');
  }
  const twinSrc = twin ? twin.source.offset - source.offset : 0;
  const twinDst = twin ? twin.target.offset - target.offset : 0;
  const stride = source.width;
  const srcBase = source.offset;
  const maxX = source.width - 1.0001;
  const maxY = source.height - 1.0001;
  const clipX0 = clip.x;
  const clipX1 = clip.x + clip.width - 1;
  const clipY0 = clip.y;
  const clipY1 = clip.y + clip.height - 1;
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
    if (Math.abs(xa - sxa) + Math.abs(ya - sya) + Math.abs(xb - sxb) + Math.abs(yb - syb) + Math.abs(xc - sxc) + Math.abs(yc - syc) < 0.01) {
      continue;
    }
    const den = (yb - yc) * (xa - xc) + (xc - xb) * (ya - yc);
    if (Math.abs(den) < 1e-9) continue;
    // Source position is affine in the destination pixel: sx = ax·x + bx·y + cx.
    const ux = sxa - sxc;
    const vx = sxb - sxc;
    const uy = sya - syc;
    const vy = syb - syc;
    const ax = ((yb - yc) * ux + (yc - ya) * vx) / den;
    const bx = ((xc - xb) * ux + (xa - xc) * vx) / den;
    const cx = sxc - ax * xc - bx * yc;
    const ay = ((yb - yc) * uy + (yc - ya) * vy) / den;
    const by = ((xc - xb) * uy + (xa - xc) * vy) / den;
    const cy = syc - ay * xc - by * yc;

    // Row spans: sort corners by y, then walk the long edge against the two short ones.
    let x0 = xa,
      y0 = ya,
      x1 = xb,
      y1 = yb,
      x2 = xc,
      y2 = yc;
    if (y1 < y0) [x0, y0, x1, y1] = [x1, y1, x0, y0];
    if (y2 < y0) [x0, y0, x2, y2] = [x2, y2, x0, y0];
    if (y2 < y1) [x1, y1, x2, y2] = [x2, y2, x1, y1];
    const rowStart = Math.max(clipY0, Math.ceil(y0));
    const rowEnd = Math.min(clipY1, Math.floor(y2));
    const longSlope = y2 > y0 ? (x2 - x0) / (y2 - y0) : 0;
    const upperSlope = y1 > y0 ? (x1 - x0) / (y1 - y0) : 0;
    const lowerSlope = y2 > y1 ? (x2 - x1) / (y2 - y1) : 0;
    for (let y = rowStart; y <= rowEnd; y++) {
      const xLong = x0 + (y - y0) * longSlope;
      const xShort = y < y1 ? x0 + (y - y0) * upperSlope : x1 + (y - y1) * lowerSlope;
      let left = Math.ceil(Math.min(xLong, xShort) - 1e-7);
      let right = Math.floor(Math.max(xLong, xShort) + 1e-7);
      if (left < clipX0) left = clipX0;
      if (right > clipX1) right = clipX1;
      if (left > right) continue;
      let sx = ax * left + bx * y + cx;
      let sy = ay * left + by * y + cy;
      let out = target.offset + y * target.width + left;
      // The source position is linear along the span: when both ends sample inside the
      // plane, every pixel between does, and the per-pixel clamps can go (most spans).
      const ex = sx + ax * (right - left);
      const ey = sy + ay * (right - left);
      const inside = sx >= 0 && sy >= 0 && ex >= 0 && ey >= 0 && sx <= maxX && ex <= maxX && sy <= maxY && ey <= maxY;
      if (twin) {
        for (let x = left; x <= right; x++, sx += ax, sy += ay, out++) {
          const px = inside ? sx : sx < 0 ? 0 : sx > maxX ? maxX : sx;
          const py = inside ? sy : sy < 0 ? 0 : sy > maxY ? maxY : sy;
          const ix = px | 0;
          const iy = py | 0;
          const fx = px - ix;
          const fy = py - iy;
          const p = srcBase + iy * stride + ix;
          let top = src[p]! + (src[p + 1]! - src[p]!) * fx;
          let bottom = src[p + stride]! + (src[p + stride + 1]! - src[p + stride]!) * fx;
          dst[out] = top + (bottom - top) * fy + 0.5;
          const q = p + twinSrc;
          top = src[q]! + (src[q + 1]! - src[q]!) * fx;
          bottom = src[q + stride]! + (src[q + stride + 1]! - src[q + stride]!) * fx;
          dst[out + twinDst] = top + (bottom - top) * fy + 0.5;
        }
        continue;
      }
      if (inside) {
        for (let x = left; x <= right; x++, sx += ax, sy += ay, out++) {
          const ix = sx | 0;
          const iy = sy | 0;
          const fx = sx - ix;
          const fy = sy - iy;
          const p = srcBase + iy * stride + ix;
          const top = src[p]! + (src[p + 1]! - src[p]!) * fx;
          const bottom = src[p + stride]! + (src[p + stride + 1]! - src[p + stride]!) * fx;
          dst[out] = top + (bottom - top) * fy + 0.5;
        }
        continue;
      }
      for (let x = left; x <= right; x++, sx += ax, sy += ay, out++) {
        const px = sx < 0 ? 0 : sx > maxX ? maxX : sx;
        const py = sy < 0 ? 0 : sy > maxY ? maxY : sy;
        const ix = px | 0;
        const iy = py | 0;
        const fx = px - ix;
        const fy = py - iy;
        const p = srcBase + iy * stride + ix;
        const top = src[p]! + (src[p + 1]! - src[p]!) * fx;
        const bottom = src[p + stride]! + (src[p + stride + 1]! - src[p + stride]!) * fx;
        dst[out] = top + (bottom - top) * fy + 0.5;
      }
    }
  }
}

/** Control points in 4:2:0 chroma coordinates (samples sit at the centre of each 2×2 block). */
export function toChroma(points: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < points.length; i++) out[i] = (points[i]! - 0.5) * 0.5;
  return out;
}
