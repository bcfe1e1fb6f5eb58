import type { FaceRig } from './face-rig.js';

/**
 * Piecewise-affine backward warp: for every triangle of the moved mesh, each destination
 * pixel inside it is sampled (bilinear) from where it came from in the still frame.
 * Only the rig's region is written; `out` is that region, RGB, row-major.
 */
export function warpRegion(
  still: Buffer,
  frameWidth: number,
  frameHeight: number,
  rig: FaceRig,
  dest: Float64Array,
  out: Buffer,
): void {
  const { roi, source, triangles } = rig;
  const maxX = frameWidth - 1;
  const maxY = frameHeight - 1;
  for (let t = 0; t < triangles.length; t += 3) {
    const a = triangles[t]! * 2;
    const b = triangles[t + 1]! * 2;
    const c = triangles[t + 2]! * 2;
    const xa = dest[a]!;
    const ya = dest[a + 1]!;
    const xb = dest[b]!;
    const yb = dest[b + 1]!;
    const xc = dest[c]!;
    const yc = dest[c + 1]!;
    const den = (yb - yc) * (xa - xc) + (xc - xb) * (ya - yc);
    if (Math.abs(den) < 1e-9) continue;
    const x0 = Math.max(roi.x, Math.floor(Math.min(xa, xb, xc)));
    const x1 = Math.min(roi.x + roi.width - 1, Math.ceil(Math.max(xa, xb, xc)));
    const y0 = Math.max(roi.y, Math.floor(Math.min(ya, yb, yc)));
    const y1 = Math.min(roi.y + roi.height - 1, Math.ceil(Math.max(ya, yb, yc)));
    if (x0 > x1 || y0 > y1) continue;
    const sxa = source[a]!;
    const sya = source[a + 1]!;
    const sxb = source[b]!;
    const syb = source[b + 1]!;
    const sxc = source[c]!;
    const syc = source[c + 1]!;
    // Identity triangles (the still border area) keep the copy already in `out`.
    if (sxa === xa && sya === ya && sxb === xb && syb === yb && sxc === xc && syc === yc) continue;
    const inv = 1 / den;
    const d1x = (yb - yc) * inv;
    const d2x = (yc - ya) * inv;
    // Source position is affine in the destination pixel: step it along the row.
    const ux = sxa - sxc;
    const vx = sxb - sxc;
    const uy = sya - syc;
    const vy = syb - syc;
    const dsx = d1x * ux + d2x * vx;
    const dsy = d1x * uy + d2x * vy;
    const eps = -1e-6;
    for (let y = y0; y <= y1; y++) {
      let l1 = ((yb - yc) * (x0 - xc) + (xc - xb) * (y - yc)) * inv;
      let l2 = ((yc - ya) * (x0 - xc) + (xa - xc) * (y - yc)) * inv;
      let sxRow = sxc + l1 * ux + l2 * vx;
      let syRow = syc + l1 * uy + l2 * vy;
      let row = ((y - roi.y) * roi.width + (x0 - roi.x)) * 3;
      for (let x = x0; x <= x1; x++, l1 += d1x, l2 += d2x, sxRow += dsx, syRow += dsy, row += 3) {
        if (l1 < eps || l2 < eps || 1 - l1 - l2 < eps) continue;
        const sx = sxRow < 0 ? 0 : sxRow > maxX ? maxX : sxRow;
        const sy = syRow < 0 ? 0 : syRow > maxY ? maxY : syRow;
        const ix = sx | 0;
        const iy = sy | 0;
        const fx = sx - ix;
        const fy = sy - iy;
        const ix1 = ix < maxX ? 1 : 0;
        const iy1 = iy < maxY ? frameWidth : 0;
        const p00 = (iy * frameWidth + ix) * 3;
        const p10 = p00 + ix1 * 3;
        const p01 = p00 + iy1 * 3;
        const p11 = p01 + ix1 * 3;
        const w00 = (1 - fx) * (1 - fy);
        const w10 = fx * (1 - fy);
        const w01 = (1 - fx) * fy;
        const w11 = fx * fy;
        out[row] = w00 * still[p00]! + w10 * still[p10]! + w01 * still[p01]! + w11 * still[p11]! + 0.5;
        out[row + 1] = w00 * still[p00 + 1]! + w10 * still[p10 + 1]! + w01 * still[p01 + 1]! + w11 * still[p11 + 1]! + 0.5;
        out[row + 2] = w00 * still[p00 + 2]! + w10 * still[p10 + 2]! + w01 * still[p01 + 2]! + w11 * still[p11 + 2]! + 0.5;
      }
    }
  }
}

/** Copies the rig's region out of the still frame (the starting point of every frame). */
export function copyRegion(still: Buffer, frameWidth: number, roi: FaceRig['roi'], out: Buffer): void {
  for (let y = 0; y < roi.height; y++) {
    const from = ((roi.y + y) * frameWidth + roi.x) * 3;
    still.copy(out, y * roi.width * 3, from, from + roi.width * 3);
  }
}
