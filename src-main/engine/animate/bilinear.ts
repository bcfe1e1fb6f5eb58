/**
 * The colour at a fractional position of a packed RGB image, blended from its four
 * neighbours; positions outside the image read its nearest edge.
 */
export function sampleBilinear(rgb: Uint8Array, width: number, height: number, x: number, y: number, out: number[]): void {
  const px = Math.min(width - 1.001, Math.max(0, x));
  const py = Math.min(height - 1.001, Math.max(0, y));
  const ix = px | 0;
  const iy = py | 0;
  const fx = px - ix;
  const fy = py - iy;
  const p = (iy * width + ix) * 3;
  const q = p + width * 3;
  for (let c = 0; c < 3; c++) {
    const top = rgb[p + c]! + (rgb[p + 3 + c]! - rgb[p + c]!) * fx;
    const bottom = rgb[q + c]! + (rgb[q + 3 + c]! - rgb[q + c]!) * fx;
    out[c] = top + (bottom - top) * fy;
  }
}
