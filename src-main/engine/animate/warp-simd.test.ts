import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fixture, REPO_ROOT } from '../../../tests/support/fixtures.js';
import { allocYuv, type YuvFrame } from '../encode/yuv.js';
import { analyzeFaces } from '../face/face-analysis.js';
import { deformRig, type FramePose } from './deform.js';
import { buildFaceScene, drawPose, warpStillInJs } from './face-scene.js';
import { type Plane, type Rect, warpPlane } from './warp.js';
import { warpKernelBytes } from './warp-kernel.js';
import { prepareStillWarp, warpPlaneSimd } from './warp-simd.js';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A plane of noise over a gradient: sharp steps everywhere, the worst case for a resampler's rounding. */
function noisePlane(width: number, height: number, random: () => number, offset = 0): Plane {
  const data = Buffer.alloc(offset + width * height);
  for (let i = 0; i < width * height; i++) data[offset + i] = random() < 0.5 ? Math.floor(random() * 256) : (i % width) * 2;
  return { data, offset, width, height };
}

/**
 * A grid mesh over the plane with every inner point moved at random by up to `jitter` px.
 * `overhang` px puts the source grid's outer points beyond the plane, so the warp must clamp.
 */
function randomMesh(width: number, height: number, random: () => number, jitter: number, overhang = 0): { triangles: Uint32Array; from: Float64Array; to: Float64Array } {
  const columns = 9;
  const rows = 7;
  const from: number[] = [];
  const to: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const x = (c / (columns - 1)) * (width - 1);
      const y = (r / (rows - 1)) * (height - 1);
      const edge = r === 0 || c === 0 || r === rows - 1 || c === columns - 1;
      to.push(x, y);
      from.push(edge ? x + Math.sign(x - width / 2) * overhang : x + (random() - 0.5) * 2 * jitter, edge ? y + Math.sign(y - height / 2) * overhang : y + (random() - 0.5) * 2 * jitter);
    }
  }
  const triangles: number[] = [];
  for (let r = 0; r < rows - 1; r++) {
    for (let c = 0; c < columns - 1; c++) {
      const i = r * columns + c;
      triangles.push(i, i + 1, i + columns, i + 1, i + columns + 1, i + columns);
    }
  }
  return { triangles: Uint32Array.from(triangles), from: Float64Array.from(from), to: Float64Array.from(to) };
}

function copyOf(plane: Plane): Plane {
  return { ...plane, data: Buffer.from(plane.data) };
}

type Mesh = ReturnType<typeof randomMesh>;

/** The same warp drawn over copies of `before` by the JavaScript reference and by the SIMD kernel. */
function bothWarps(source: Plane, before: Plane, clip: Rect, mesh: Mesh): { reference: Plane; fast: Plane } {
  const reference = copyOf(before);
  const fast = copyOf(before);
  warpPlane(source, reference, clip, mesh.triangles, mesh.from, mesh.to);
  warpPlaneSimd(source, fast, clip, mesh.triangles, mesh.from, mesh.to);
  return { reference, fast };
}

function largestDifference(a: Buffer, b: Buffer): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i]! - b[i]!));
  return largest;
}

function countAbove(a: Buffer, b: Buffer, limit: number): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) > limit) count++;
  return count;
}

function psnr(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255 * a.length) / sum);
}

describe('SIMD face warp', () => {
  it('builds a WebAssembly module this runtime accepts (Node 20 and Electron have SIMD)', () => {
    expect(WebAssembly.validate(warpKernelBytes())).toBe(true);
  });

  it('matches the JavaScript warp within one code value on random meshes, odd sizes and clips', () => {
    const random = randomFrom(15);
    for (const [width, height, clip] of [
      [97, 61, { x: 0, y: 0, width: 97, height: 61 }],
      [160, 90, { x: 13, y: 7, width: 101, height: 59 }],
      [33, 250, { x: 0, y: 3, width: 31, height: 240 }],
    ] as Array<[number, number, Rect]>) {
      for (let round = 0; round < 4; round++) {
        const source = noisePlane(width, height, random);
        const before = noisePlane(width, height, random, 5);
        const mesh = randomMesh(width, height, random, 1 + round * 4);
        const { reference, fast } = bothWarps(source, before, clip, mesh);
        // The warp did draw: the frame is not what it was.
        expect(Buffer.compare(fast.data, before.data)).not.toBe(0);
        expect(largestDifference(fast.data, reference.data)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('clamps at the plane edges as the JavaScript warp does when the sources lie beyond them', () => {
    const random = randomFrom(7);
    const source = noisePlane(120, 80, random);
    const mesh = randomMesh(120, 80, random, 3, 6);
    const { reference, fast } = bothWarps(source, noisePlane(120, 80, random), { x: 0, y: 0, width: 120, height: 80 }, mesh);
    expect(largestDifference(fast.data, reference.data)).toBeLessThanOrEqual(1);
  });

  it('leaves the triangles of a corner that is not a number undrawn, as the JavaScript warp does', () => {
    const random = randomFrom(3);
    const source = noisePlane(64, 48, random);
    const mesh = randomMesh(64, 48, random, 3);
    mesh.to[2 * 20] = Number.NaN;
    mesh.to[2 * 30 + 1] = Number.NaN;
    const { reference, fast } = bothWarps(source, noisePlane(64, 48, random), { x: 0, y: 0, width: 64, height: 48 }, mesh);
    expect(largestDifference(fast.data, reference.data)).toBeLessThanOrEqual(1);
  });

  it('warps the twin plane (V beside U) at the same positions as the first, within one code value of two reference passes', () => {
    const random = randomFrom(42);
    const [width, height] = [90, 70];
    const frame = Buffer.alloc(width * height * 2);
    const sourceFrame = Buffer.concat([noisePlane(width, height, random).data, noisePlane(width, height, random).data]);
    const u = { data: sourceFrame, offset: 0, width, height };
    const v = { data: sourceFrame, offset: width * height, width, height };
    const mesh = randomMesh(width, height, random, 5, 2);
    const clip = { x: 4, y: 2, width: 80, height: 64 };
    const apart = Buffer.from(frame);
    warpPlane(u, { data: apart, offset: 0, width, height }, clip, mesh.triangles, mesh.from, mesh.to);
    warpPlane(v, { data: apart, offset: width * height, width, height }, clip, mesh.triangles, mesh.from, mesh.to);
    const together = Buffer.from(frame);
    const target = { data: together, offset: 0, width, height };
    warpPlaneSimd(u, target, clip, mesh.triangles, mesh.from, mesh.to, { source: v, target: { data: together, offset: width * height, width, height } });
    expect(together.subarray(width * height).some((b) => b !== 0)).toBe(true);
    expect(largestDifference(together, apart)).toBeLessThanOrEqual(1);
  });
});

describe('the still frame warped for a video (what drawPose uses)', () => {
  const WIDTH = 360;
  const HEIGHT = 640;
  const LIVELY: FramePose = { mouthGap: 0.28, mouthWidth: -0.6, blink: 0.7, browLift: 0.4, headRoll: 0.05, headX: 0.15, headY: -0.1, headScale: 0.02 };

  async function sceneOf(file: string) {
    const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const photo = { rgb: data, width: info.width, height: info.height };
    const face = (await analyzeFaces(photo)).chosen;
    return buildFaceScene(photo, face.mesh, face.box, WIDTH, HEIGHT, face.depth);
  }

  it('is what copyRect and warpPlane draw, within one code value, and touches nothing outside the moving region', async () => {
    const scene = await sceneOf(fixture('portrait-biden-tall.jpg'));
    expect(scene.warp).not.toBeNull();
    const { rig, chromaRoi } = scene;
    const dest = deformRig(rig, LIVELY, new Float64Array(rig.pointCount * 2));
    const destChroma = new Float64Array(dest.length);
    for (let i = 0; i < dest.length; i++) destChroma[i] = (dest[i]! - 0.5) * 0.5;
    const marked = (): YuvFrame => {
      const frame = allocYuv(WIDTH, HEIGHT);
      frame.data.fill(7);
      return frame;
    };
    const reference = marked();
    warpStillInJs(scene, reference, dest, destChroma);
    const fast = marked();
    // A different pose first: the second frame must keep nothing of it.
    const warp = prepareStillWarp(scene.base, rig.roi, chromaRoi, rig.triangles, rig.source, scene.sourceChroma)!;
    warp.draw(
      fast,
      deformRig(rig, { ...LIVELY, mouthGap: 0, headX: -0.2 }, new Float64Array(dest.length)),
      destChroma.map((v) => v + 1),
    );
    warp.draw(fast, dest, destChroma);
    expect(largestDifference(fast.data, reference.data)).toBeLessThanOrEqual(1);
    // The copy above drew the region; outside it the marker is intact in both.
    expect(fast.data[0]).toBe(7);
    expect(fast.data[fast.data.length - 1]).toBe(7);
  });

  it('draws every pose of drawPose on the smiling sample as the JavaScript path does', async () => {
    const scene = await sceneOf(path.join(REPO_ROOT, 'resources/samples/portrait.jpg'));
    expect(scene.warp).not.toBeNull();
    const fast = allocYuv(WIDTH, HEIGHT);
    const reference = allocYuv(WIDTH, HEIGHT);
    scene.base.data.copy(fast.data);
    scene.base.data.copy(reference.data);
    for (const pose of [LIVELY, { ...LIVELY, mouthGap: 0, blink: 1 }, { ...LIVELY, mouthGap: 0.4, headRoll: -0.06 }]) {
      drawPose(scene, pose, fast);
      drawPose({ ...scene, warp: null }, pose, reference);
      // The eyelids and irises are painted over the warped pixels by thresholds, so a one-level
      // difference can grow there on a pixel or two: visibly equal, measured as the bench does.
      expect(psnr(fast.data, reference.data)).toBeGreaterThan(60);
      expect(countAbove(fast.data, reference.data, 1)).toBeLessThan(fast.data.length / 10000);
    }
  });
});
