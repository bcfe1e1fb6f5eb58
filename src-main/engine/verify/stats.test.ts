import { describe, expect, it } from 'vitest';
import { bestLaggedCorrelation, countDips, median, pearson, std } from './stats.js';

describe('verification statistics', () => {
  it('finds the lag at which one series follows another', () => {
    const leader = Array.from({ length: 100 }, (_, i) => Math.sin(i / 3));
    const follower = leader.map((_, i) => leader[i - 2] ?? 0);
    const { r, lag } = bestLaggedCorrelation(leader, follower, 3);
    expect(lag).toBe(2);
    expect(r).toBeGreaterThan(0.99);
  });

  it('counts a blink the mesh lost for one frame once', () => {
    const eyes = [0.2, 0.2, 0.15, 0.19, 0.14, 0.2, 0.2, 0.2, 0.2, 0.13, 0.2];
    expect(countDips(eyes, 0.17, 2)).toBe(2);
    expect(countDips(eyes, 0.17, 0)).toBe(3);
    expect(countDips([0.2, NaN, 0.2], 0.17, 2)).toBe(0);
  });

  it('computes the basics', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1);
    expect(pearson([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(median([3, 1, 2])).toBe(2);
    expect(std([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2);
  });
});
