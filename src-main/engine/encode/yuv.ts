/**
 * RGB → Y'CbCr 4:2:0, BT.709 limited range: what HD players assume for H.264 and what the
 * encoder tags the stream with. Converting here means only the moving region is
 * converted per frame, not the whole picture.
 */

import type { Plane } from '../animate/warp.js';

const KR = 0.2126;
const KB = 0.0722;
const KG = 1 - KR - KB;

/** One colour's limited-range BT.709 code values, into `out` (Y', Cb, Cr): called a pixel at a time, so it allocates nothing. */
export function rgbToYuvInto(r: number, g: number, b: number, out: Float64Array): void {
  const luma = KR * r + KG * g + KB * b;
  out[0] = 16 + (219 / 255) * luma;
  out[1] = 128 + (224 / 255) * ((b - luma) / (2 * (1 - KB)));
  out[2] = 128 + (224 / 255) * ((r - luma) / (2 * (1 - KR)));
}

export interface YuvFrame {
  width: number;
  height: number;
  /** Y plane, then U, then V (ffmpeg's yuv420p layout). */
  data: Buffer;
  uOffset: number;
  vOffset: number;
}

export function allocYuv(width: number, height: number): YuvFrame {
  const ySize = width * height;
  const cSize = (width / 2) * (height / 2);
  return { width, height, data: Buffer.alloc(ySize + 2 * cSize), uOffset: ySize, vOffset: ySize + cSize };
}

/** The frame's three planes, for code that works plane by plane. */
export function planesOf(frame: YuvFrame): { y: Plane; u: Plane; v: Plane } {
  const cw = frame.width / 2;
  const ch = frame.height / 2;
  return {
    y: { data: frame.data, offset: 0, width: frame.width, height: frame.height },
    u: { data: frame.data, offset: frame.uOffset, width: cw, height: ch },
    v: { data: frame.data, offset: frame.vOffset, width: cw, height: ch },
  };
}

/**
 * Writes an RGB rectangle (even x, y, width, height) into the YUV frame at (x, y).
 * Chroma is the average of each 2×2 block.
 */
export function rgbToYuvRegion(rgb: Buffer, rgbWidth: number, rect: { x: number; y: number; width: number; height: number }, frame: YuvFrame): void {
  const { data, width: fw, uOffset, vOffset } = frame;
  const cw = fw / 2;
  for (let y = 0; y < rect.height; y++) {
    let src = y * rgbWidth * 3;
    let dst = (rect.y + y) * fw + rect.x;
    for (let x = 0; x < rect.width; x++, src += 3, dst++) {
      const luma = KR * rgb[src]! + KG * rgb[src + 1]! + KB * rgb[src + 2]!;
      data[dst] = 16 + (219 / 255) * luma + 0.5;
    }
  }
  for (let y = 0; y < rect.height; y += 2) {
    for (let x = 0; x < rect.width; x += 2) {
      const p = (y * rgbWidth + x) * 3;
      const q = p + rgbWidth * 3;
      const r = (rgb[p]! + rgb[p + 3]! + rgb[q]! + rgb[q + 3]!) / 4;
      const g = (rgb[p + 1]! + rgb[p + 4]! + rgb[q + 1]! + rgb[q + 4]!) / 4;
      const b = (rgb[p + 2]! + rgb[p + 5]! + rgb[q + 2]! + rgb[q + 5]!) / 4;
      const luma = KR * r + KG * g + KB * b;
      const c = ((rect.y + y) / 2) * cw + (rect.x + x) / 2;
      data[uOffset + c] = 128 + (224 / 255) * ((b - luma) / (2 * (1 - KB))) + 0.5;
      data[vOffset + c] = 128 + (224 / 255) * ((r - luma) / (2 * (1 - KR))) + 0.5;
    }
  }
}
