import sharp from 'sharp';
import type { PhotoRegion } from '../../src-main/engine/enhance/photo-quality.js';

/**
 * Photos damaged on purpose, the way a bad enhancement damages them, and the figures a
 * test compares two photos by. Every damage is deterministic (a fixed-seed generator), so
 * a figure measured once is measured again.
 */

export interface RawPhoto {
  rgb: Buffer;
  width: number;
  height: number;
}

/** Faces as the app's face analyser boxes them (analyzeFaces' chosen box). */
export const FIXTURE_FACES = {
  'portrait-biden-tall.jpg': { x: 426, y: 235, width: 282, height: 324 },
  'portrait-obama.jpg': { x: 374, y: 129, width: 234, height: 284 },
  'two-faces.jpg': { x: 789, y: 79, width: 149, height: 172 },
} as const satisfies Record<string, PhotoRegion>;

export type Damage = 'speckles' | 'wrapped-sharpen' | 'halos' | 'posterised' | 'grain';
export const DAMAGES: readonly Damage[] = ['speckles', 'wrapped-sharpen', 'halos', 'posterised', 'grain'];

export async function damage(photo: RawPhoto, kind: Damage, face?: PhotoRegion): Promise<Buffer> {
  switch (kind) {
    case 'speckles':
      return speckles(photo, face, 3800);
    case 'wrapped-sharpen':
      return wrappedSharpen(photo, 1.8);
    case 'halos':
      return sharp(photo.rgb, raw(photo)).sharpen({ sigma: 1.5, m1: 1, m2: 4 }).raw().toBuffer();
    case 'posterised':
      return posterise(photo.rgb, 32);
    case 'grain':
      return withGrain(photo.rgb, 4);
  }
}

/**
 * The damage: green and purple dots (alternately) over the face box grown by a
 * quarter on each side, which takes in the hair, eyes, ears and mouth corners.
 */
export function speckles(photo: RawPhoto, face: PhotoRegion | undefined, count: number): Buffer {
  const out = Buffer.from(photo.rgb);
  const random = seeded(7);
  const box = face ? { x: face.x - face.width / 4, y: face.y - face.height / 4, width: face.width * 1.5, height: face.height * 1.5 } : { x: 0, y: 0, width: photo.width, height: photo.height };
  for (let k = 0; k < count; k++) {
    const x = clamp(Math.floor(box.x + random() * box.width), 0, photo.width - 1);
    const y = clamp(Math.floor(box.y + random() * box.height), 0, photo.height - 1);
    out.set(k % 2 === 0 ? [190, 40, 200] : [40, 220, 40], (y * photo.width + x) * 3);
  }
  return out;
}

/**
 * The strong retry's unsharp mask before it was clamped: each channel kept only its low
 * 8 bits, so 262 became 6 and −3 became 253 along every crisp edge.
 */
export async function wrappedSharpen(photo: RawPhoto, amount: number): Promise<Buffer> {
  const sharpened = await sharp(photo.rgb, raw(photo)).sharpen({ sigma: 1, m1: 0.5, m2: 2, x1: 2, y2: 10, y3: 20 }).raw().toBuffer();
  const out = Buffer.alloc(photo.rgb.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(photo.rgb[i]! + amount * (sharpened[i]! - photo.rgb[i]!)) & 255;
  return out;
}

/** Each channel cut to `levels` evenly spaced levels. */
export function posterise(rgb: Buffer, levels: number): Buffer {
  const step = 256 / levels;
  const out = Buffer.alloc(rgb.length);
  for (let i = 0; i < rgb.length; i++) out[i] = Math.min(255, Math.round(Math.floor(rgb[i]! / step) * step + step / 2));
  return out;
}

/** Zero-mean grain of the given per-channel sigma (a sum of four uniforms, close to Gaussian). */
export function withGrain(rgb: Buffer, sigma: number): Buffer {
  const random = seeded(12345);
  const out = Buffer.alloc(rgb.length);
  for (let i = 0; i < rgb.length; i++) {
    const gaussian = (random() + random() + random() + random() - 2) * Math.sqrt(3);
    out[i] = clamp(Math.round(rgb[i]! + sigma * gaussian), 0, 255);
  }
  return out;
}

/** Mean absolute difference per channel value, in levels (0–255). */
export function meanAbsoluteDifference(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) throw new Error('meanAbsoluteDifference: the photos differ in size');
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/**
 * SSIM (Wang et al. 2004) of the luma on non-overlapping 8×8 blocks, averaged: 1 for the
 * same picture, about 0.99 for a change that is hard to see at 100 %, 0.93 for a sigma-1.2 blur.
 */
export function blockSsim(a: Buffer, b: Buffer, width: number, height: number): number {
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  const luma = (img: Buffer, i: number): number => 0.299 * img[3 * i]! + 0.587 * img[3 * i + 1]! + 0.114 * img[3 * i + 2]!;
  let total = 0;
  let blocks = 0;
  for (let by = 0; by + 8 <= height; by += 8) {
    for (let bx = 0; bx + 8 <= width; bx += 8) {
      let sa = 0,
        sb = 0,
        saa = 0,
        sbb = 0,
        sab = 0;
      for (let y = by; y < by + 8; y++) {
        for (let x = bx, i = y * width + bx; x < bx + 8; x++, i++) {
          const p = luma(a, i);
          const q = luma(b, i);
          sa += p;
          sb += q;
          saa += p * p;
          sbb += q * q;
          sab += p * q;
        }
      }
      const ma = sa / 64,
        mb = sb / 64;
      const va = saa / 64 - ma * ma,
        vb = sbb / 64 - mb * mb,
        cov = sab / 64 - ma * mb;
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      blocks++;
    }
  }
  return total / blocks;
}

export function raw(photo: { width: number; height: number }) {
  return { raw: { width: photo.width, height: photo.height, channels: 3 as const } };
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
