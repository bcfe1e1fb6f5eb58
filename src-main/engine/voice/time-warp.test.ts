import { describe, expect, it } from 'vitest';
import { rowToColumn, warpPath, type FeatureSequence } from './time-warp.js';

/** A 2-D feature track tracing a distinct curve, sampled at the given times. */
function track(times: number[]): FeatureSequence {
  const data = new Float32Array(times.length * 2);
  times.forEach((t, i) => {
    data[i * 2] = Math.sin(t * 1.7) + 0.5 * Math.sin(t * 5.3);
    data[i * 2 + 1] = Math.cos(t * 2.3) + 0.3 * Math.cos(t * 0.37);
  });
  return { data, frames: times.length, dims: 2 };
}

describe('time warp', () => {
  it('recovers a known non-linear warp between two long sequences', () => {
    // b is a played 30 % slower in its first half and 20 % faster in its second.
    const n = 3000;
    const aTimes = Array.from({ length: n }, (_, i) => i * 0.01);
    const warp = (t: number): number => (t < 15 ? t * 1.3 : 19.5 + (t - 15) * 0.8);
    const bFrames = Math.round(warp(aTimes.at(-1)!) / 0.01) + 1;
    const bTimes = Array.from({ length: bFrames }, (_, j) => {
      const target = j * 0.01;
      return target < 19.5 ? target / 1.3 : 15 + (target - 19.5) / 0.8;
    });
    const map = rowToColumn(warpPath(track(aTimes), track(bTimes)), n);
    const errors = aTimes.map((t, i) => Math.abs(map[i]! * 0.01 - warp(t)));
    errors.sort((x, y) => x - y);
    expect(errors[Math.floor(errors.length * 0.95)]).toBeLessThan(0.03);
    for (let i = 1; i < n; i += 1) expect(map[i]).toBeGreaterThanOrEqual(map[i - 1]!);
  });

  it('warps an empty sequence to nothing', () => {
    expect(warpPath({ data: new Float32Array(0), frames: 0, dims: 2 }, track([0, 1]))).toEqual([]);
  });
});
