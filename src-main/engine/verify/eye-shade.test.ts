import { describe, expect, it } from 'vitest';
import { LEFT_EYE, RIGHT_EYE, type Point } from '../face/landmarks.js';
import { countBlinks as blinksSeen, countClosedRuns, eyeShade, relevelMidBlinkAnchors, shadeClosedFrames, type EyeReadings } from './eye-shade.js';

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

describe("blinks from the eyes' shades", () => {
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

/**
 * The judge's blink count tells a lid from what only looks like one in a single eye's box or
 * for too long: the series are shaped like the ones the frame check read (in noise widths)
 * on the 240p photo drawn without blinks (its right eye's box slid off the iris as the head
 * moved: 15 noise widths for 23 frames, the left eye under 1, counted as 2 blinks), and on
 * rgba-speaker's glances (one eye's white dimmed 5–7 widths for 6 frames).
 */
describe("blinks counted from both eyes' dark and white", () => {
  const fps = 25;
  const frames = 300;
  const base = {
    dark: [jitter(frames, 4, 1).map((v) => 40 + v), jitter(frames, 4, 2).map((v) => 30 + v)] as [number[], number[]],
    bright: [jitter(frames, 4, 3).map((v) => 150 + v), jitter(frames, 4, 4).map((v) => 120 + v)] as [number[], number[]],
  };
  const copy = () => ({ dark: base.dark.map((s) => [...s]) as [number[], number[]], bright: base.bright.map((s) => [...s]) as [number[], number[]], fps });
  // A drawn blink: both eyes' dark lifts over four frames, peaking in the middle two.
  const blink = (series: ReturnType<typeof copy>, start: number, rise = [10, 25, 25, 10]) => {
    rise.forEach((d, i) => {
      series.dark[0][start + i]! += d;
      series.dark[1][start + i]! += d * 0.8;
    });
  };

  it("counts one eye's box sliding off its iris as no blink, short or long", () => {
    const slip = copy();
    for (let k = 54; k < 77; k++) slip.dark[0][k]! += 30;
    slip.dark[0][25]! += 30;
    expect(blinksSeen(slip).count).toBe(0);
  });

  it("counts a glance that dims one eye's white as no blink", () => {
    const glance = copy();
    for (let k = 276; k < 282; k++) glance.bright[1][k]! -= 40;
    expect(blinksSeen(glance).count).toBe(0);
  });

  it('counts both boxes off the eyes for longer than half a second as no blink, nor a one-frame flicker', () => {
    const off = copy();
    for (let k = 100; k < 120; k++) {
      off.dark[0][k]! += 30;
      off.dark[1][k]! += 30;
    }
    off.dark[0][200]! += 30;
    off.dark[1][200]! += 30;
    expect(blinksSeen(off).count).toBe(0);
  });

  it('counts each lid closing over both eyes, in the dark or the white, and no frame where the face jumped', () => {
    const drawn = copy();
    blink(drawn, 50);
    blink(drawn, 150);
    // A lid that leaves its lash line in view hides only the white (rgba-speaker's).
    for (let k = 250; k < 254; k++) {
      drawn.bright[0][k]! -= 50;
      drawn.bright[1][k]! -= 50;
    }
    const seen = blinksSeen(drawn);
    expect(seen.count).toBe(3);
    expect(seen.closed.slice(50, 54).some(Boolean)).toBe(true);
    expect(seen.closed.slice(100, 140).some(Boolean)).toBe(false);
    const jumped = Array.from({ length: frames }, (_, k) => k >= 150 && k < 154);
    expect(blinksSeen({ ...drawn, jumped }).count).toBe(2);
  });

  it('counts a blink the face was lost in the middle of once', () => {
    const lost = copy();
    blink(lost, 80, [10, 25, 25, 25, 10]);
    lost.dark[0][82] = NaN;
    lost.dark[1][82] = NaN;
    expect(blinksSeen(lost).count).toBe(1);
  });
});

/**
 * Real talking faces, as the frame check measured them (LivePortrait's d10, SadTalker's AOC
 * example; each eye's dark and white in its own noise widths, frame by frame,
 * copied from the check's series, the clips themselves never part of the repository). Looked
 * at frame by frame, d10's stretch is a glance sideways; AOC's is a blink.
 */
describe('blinks on real faces', () => {
  const fps = 25;
  const frames = 300;
  const base = {
    dark: [jitter(frames, 4, 5).map((v) => 40 + v), jitter(frames, 4, 6).map((v) => 30 + v)] as [number[], number[]],
    bright: [jitter(frames, 4, 7).map((v) => 150 + v), jitter(frames, 4, 8).map((v) => 120 + v)] as [number[], number[]],
  };
  const middle = (series: number[]) => [...series].sort((a, b) => a - b)[Math.floor(series.length / 2)]!;
  /** One noise width of a series, as countBlinks measures it (1.4826 × the median absolute deviation). */
  const width = (series: number[]) => {
    const mid = middle(series);
    return Math.max(1, 1.4826 * middle(series.map((v) => Math.abs(v - mid))));
  };
  /** The base series with a measured stretch (rows: right dark, left dark, right white hidden, left white hidden) from frame `at`. */
  function withStretch(at: number, rows: Array<[number, number, number, number]>) {
    const dark = base.dark.map((s) => [...s]) as [number[], number[]];
    const bright = base.bright.map((s) => [...s]) as [number[], number[]];
    // The measured values replace the base's (they carry their own noise).
    rows.forEach(([dr, dl, wr, wl], i) => {
      dark[0][at + i] = middle(base.dark[0]) + dr * width(base.dark[0]);
      dark[1][at + i] = middle(base.dark[1]) + dl * width(base.dark[1]);
      bright[0][at + i] = middle(base.bright[0]) - wr * width(base.bright[0]);
      bright[1][at + i] = middle(base.bright[1]) - wl * width(base.bright[1]);
    });
    return { dark, bright, fps };
  }

  it('counts a glance sideways, one iris filling its box as the other leaves, as no blink (d10 at 8.4 s)', () => {
    const glance = withStretch(100, [
      [-5.9, 1.9, 6.6, 6.4],
      [-7.4, 5.8, 5.4, 2.3],
      [-7.4, 5.8, 5.4, 2.3],
      [-8.4, 7.8, 1.3, 0.3],
      [-8.1, 8.0, 2.2, 0.5],
    ]);
    expect(blinksSeen(glance).count).toBe(0);
  });

  it('still counts a real blink (AOC at 1.1 s)', () => {
    const real = withStretch(100, [
      [1.1, 4.0, 0.0, -0.7],
      [2.7, 6.7, -1.2, -2.1],
      [2.5, 4.0, -1.4, -2.1],
      [-1.1, -1.0, -1.2, -3.9],
    ]);
    expect(blinksSeen(real).count).toBe(1);
  });
});

describe('eye readings after a mesh anchor taken mid-blink', () => {
  // The frame check's readings on the 240p photo drawn at 432×768 (eyelids with a dark shut
  // lash line): open, the dark ends sit near 46 and 37, the bright ends near 121 and 110, with
  // about ±2 grey levels of noise; at a blink's middle the dark ends reach 95 and 89 and the
  // bright ends fall by about 15. The anchor at frame 150 fell on a blink's middle: levelled
  // by that frame, the stretch after it read 49 and 52 grey levels too dark, and the judge
  // counted 1 of the 3 blinks drawn.
  const fps = 30;
  const length = 300;
  const blinks = [50, 150, 250];
  const shape = [0.35, 0.8, 1, 0.8, 0.35];
  function readings(): EyeReadings[] {
    const noise = [jitter(length, 2, 11), jitter(length, 2, 12), jitter(length, 2, 13), jitter(length, 2, 14)];
    return Array.from({ length }, (_, k) => {
      const depth = blinks.reduce((d, b) => Math.max(d, shape[k - b + 2] ?? 0), 0);
      return { rightShade: 46 + 49 * depth + noise[0]![k]!, leftShade: 37 + 52 * depth + noise[1]![k]!, rightBright: 121 - 15 * depth + noise[2]![k]!, leftBright: 110 - 15 * depth + noise[3]![k]! };
    });
  }
  /** What the frame check hands on: each stretch levelled by its anchor frame's own reading. */
  function anchoredAt(frames: EyeReadings[], anchor: number): { frames: EyeReadings[]; stretchOf: number[] } {
    const keys = ['rightShade', 'leftShade', 'rightBright', 'leftBright'] as const;
    const out = frames.map((m, k) => (k < anchor ? { ...m } : (Object.fromEntries(keys.map((key) => [key, m[key] - frames[anchor]![key] + frames[0]![key]])) as unknown as EyeReadings)));
    return { frames: out, stretchOf: frames.map((_, k) => (k < anchor ? 0 : 1)) };
  }
  const seen = (frames: EyeReadings[]) =>
    blinksSeen({ dark: [frames.map((m) => m.rightShade), frames.map((m) => m.leftShade)], bright: [frames.map((m) => m.rightBright), frames.map((m) => m.leftBright)], fps }).count;

  it('misses the blinks after it when levelled by the anchor frame alone', () => {
    expect(seen(anchoredAt(readings(), 150).frames)).toBeLessThan(3);
  });

  it('counts every blink once the stretch is levelled by its open eyes', () => {
    const { frames, stretchOf } = anchoredAt(readings(), 150);
    expect(relevelMidBlinkAnchors(frames, stretchOf)).toEqual([1]);
    expect(seen(frames)).toBe(3);
  });

  it('leaves a stretch whose anchor fell on open eyes as it is', () => {
    const { frames, stretchOf } = anchoredAt(readings(), 120);
    const before = frames.map((m) => ({ ...m }));
    expect(relevelMidBlinkAnchors(frames, stretchOf)).toEqual([]);
    expect(frames).toEqual(before);
    expect(seen(frames)).toBe(3);
  });
});
