import { describe, expect, it } from 'vitest';
import { LEFT_EYE, RIGHT_EYE, type Point } from '../face/landmarks.js';
import { countClosedRuns, eyeShade, shadeClosedFrames } from './eye-shade.js';

const W = 120;
const H = 60;

/** Skin-coloured picture; an open eye shows a dark iris disc between its corners. */
function picture(open: boolean): Buffer {
  const rgb = Buffer.alloc(W * H * 3);
  for (let i = 0; i < W * H; i++) rgb.set([200, 160, 140], i * 3);
  if (open) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        if ((x - 30) ** 2 + (y - 30) ** 2 <= 36) rgb.set([40, 30, 25], (y * W + x) * 3);
      }
    }
  }
  return rgb;
}

function mesh(): Point[] {
  const points: Point[] = Array.from({ length: 478 }, () => [0, 0] as const);
  points[RIGHT_EYE.outerCorner] = [10, 30];
  points[RIGHT_EYE.innerCorner] = [50, 30];
  points[LEFT_EYE.outerCorner] = [110, 30];
  points[LEFT_EYE.innerCorner] = [70, 30];
  return points;
}

/** Repeatable jitter of about ±amplitude grey levels. */
function jitter(length: number, amplitude: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648 - 0.5) * 2 * amplitude;
  });
}

describe('eyeShade', () => {
  it('is dark where the iris shows and skin-bright once a lid covers it', () => {
    const open = eyeShade(picture(true), W, H, mesh(), RIGHT_EYE);
    const closed = eyeShade(picture(false), W, H, mesh(), RIGHT_EYE);
    expect(open).toBeLessThan(60);
    expect(closed).toBeGreaterThan(150);
  });
});

const countBlinks = (eyes: number[][], gap: number) => countClosedRuns(shadeClosedFrames(eyes), gap);

describe('blinks from the eyes\' shades', () => {
  const frames = 300;
  const right = jitter(frames, 4, 1).map((v) => 40 + v);
  const left = jitter(frames, 4, 2).map((v) => 30 + v);

  it('counts no blink in eyes that only jitter, nor in one eye brightening for a frame', () => {
    expect(countBlinks([right, left], 3)).toBe(0);
    const oneFrame = [...right];
    oneFrame[100] = oneFrame[100]! + 12;
    expect(countBlinks([oneFrame, left], 3)).toBe(0);
  });

  it('counts each lid closing over both eyes once, frames the mesh lost included', () => {
    const r = [...right];
    const l = [...left];
    for (const start of [50, 150, 250]) {
      for (let k = start; k < start + 4; k++) {
        r[k] = r[k]! + 25;
        l[k] = l[k]! + 20;
      }
    }
    r[151] = NaN;
    l[151] = NaN;
    expect(countBlinks([r, l], 3)).toBe(3);
  });
});
