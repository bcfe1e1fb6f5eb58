import { describe, expect, it } from 'vitest';
import { FrameCutter } from './frame-cutter.js';

describe('cutting ffmpeg’s raw video into frames', () => {
  it('gives whole frames however the chunks fall, each a copy', () => {
    const cutter = new FrameCutter(4);
    const chunk = Buffer.from([1, 2, 3, 4, 5, 6]);
    const first = cutter.push(chunk);
    expect(first.map((f) => [...f])).toEqual([[1, 2, 3, 4]]);
    first[0]![0] = 99;
    expect(chunk[0]).toBe(1);
    expect(cutter.push(Buffer.from([7]))).toEqual([]);
    expect(cutter.push(Buffer.from([8, 9, 10, 11, 12, 13, 14, 15, 16])).map((f) => [...f])).toEqual([
      [5, 6, 7, 8],
      [9, 10, 11, 12],
      [13, 14, 15, 16],
    ]);
    expect(cutter.leftover).toBe(0);
  });

  it('holds a frame cut short until the rest comes', () => {
    const cutter = new FrameCutter(6);
    expect(cutter.push(Buffer.alloc(5))).toEqual([]);
    expect(cutter.leftover).toBe(5);
  });

  it('refuses a frame size that is not a positive whole number', () => {
    expect(() => new FrameCutter(0)).toThrow(RangeError);
    expect(() => new FrameCutter(1.5)).toThrow(RangeError);
  });
});
