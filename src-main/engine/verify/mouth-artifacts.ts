import { LIPS, type Point } from '../face/landmarks.js';
import type { RgbImage } from '../face/face-detector.js';

/**
 * Teeth where the lips should be: when a smiling photo's mouth closes, the lips must
 * cover the teeth, not squash them into shards and fangs. Counts tooth-coloured pixels
 * (bright, nearly grey) inside the outer lip contour of a frame whose lips are shut.
 */

export interface LipBandTeeth {
  /** Pixels inside the outer lip contour, how many of them look like teeth, and their share. */
  lipPixels: number;
  toothPixels: number;
  share: number;
}

/**
 * A closed mouth may show at most this share of tooth-coloured pixels in its lip band:
 * lip highlights make a few (measured 0–0.5% on shut lips of the fixtures); the bundled
 * sample's smile shows 15–25% teeth.
 */
export const MAX_TOOTH_SHARE_CLOSED = 0.02;

/**
 * Teeth are nearly colourless: HSV saturation of the bright pixels inside the open mouths
 * of the bundled sample (median 0.085) and the open-mouth fixture (median 0.09, 90th
 * percentile 0.19), while pale lip highlights stay pink (the sample's shut lips: 10th
 * percentile 0.27, none at or below 0.2). At 0.3 those highlights counted 3% of a shut
 * lip band that shows no tooth by eye.
 */
const MAX_TOOTH_SATURATION = 0.2;

/** Even-odd rule: is (x, y) inside the polygon? */
export function insidePolygon(x: number, y: number, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Luma and saturation (HSV's) of one pixel, 0–255 and 0–1. */
function lumaAndSaturation(r: number, g: number, b: number): [number, number] {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  return [0.299 * r + 0.587 * g + 0.114 * b, max > 0 ? (max - min) / max : 0];
}

export function teethInLipBand(image: RgbImage, mesh: readonly Point[]): LipBandTeeth {
  const polygon: Point[] = [...LIPS.upperOuter.map((i) => mesh[i]!), ...[...LIPS.lowerOuter].reverse().map((i) => mesh[i]!)];
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of polygon) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const inside: Array<[number, number]> = [];
  const lumas: number[] = [];
  for (let y = Math.max(0, Math.floor(y0)); y <= Math.min(image.height - 1, Math.ceil(y1)); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x <= Math.min(image.width - 1, Math.ceil(x1)); x++) {
      if (!insidePolygon(x + 0.5, y + 0.5, polygon)) continue;
      const o = (y * image.width + x) * 3;
      const ls = lumaAndSaturation(image.rgb[o]!, image.rgb[o + 1]!, image.rgb[o + 2]!);
      inside.push(ls);
      lumas.push(ls[0]);
    }
  }
  lumas.sort((a, b) => a - b);
  const lipLuma = lumas.length ? lumas[Math.floor(lumas.length / 2)]! : 0;
  // Teeth are well above the lips' own brightness and nearly colourless; lips, even lit, stay pink.
  let teeth = 0;
  for (const [luma, saturation] of inside) if (luma >= Math.max(140, lipLuma + 40) && saturation <= MAX_TOOTH_SATURATION) teeth++;
  return { lipPixels: inside.length, toothPixels: teeth, share: inside.length ? teeth / inside.length : 0 };
}
