import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../tests/support/fixtures.js';
import { analyzeFaces } from '../face/face-analysis.js';
import { deformRig, type FramePose } from './deform.js';
import { buildFaceRig } from './face-rig.js';
import { layoutFrame, renderStillFrame, toFrame } from './frame-layout.js';
import { allocYuv, planesOf, rgbToYuvRegion } from '../encode/yuv.js';
import { copyRect, toChroma, warpPlane } from './warp.js';

const REST: FramePose = { mouthGap: 0, mouthWidth: 0, blink: 0, browLift: 0, headRoll: 0, headX: 0, headY: 0, headScale: 0 };

async function setup() {
  const { data, info } = await sharp(fixture('portrait-biden-tall.jpg')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const photo = { rgb: data, width: info.width, height: info.height };
  const face = (await analyzeFaces(photo)).chosen;
  const layout = layoutFrame(photo.width, photo.height, face.box, 360, 640);
  const still = await renderStillFrame(photo, layout);
  const rig = buildFaceRig(toFrame(layout, face.mesh), 360, 640);
  return { still, rig };
}

/** Draws one pose and returns the luma of the moving region, row-major. */
function draw(still: Buffer, rig: Awaited<ReturnType<typeof setup>>['rig'], pose: FramePose): Buffer {
  const base = allocYuv(360, 640);
  rgbToYuvRegion(still, 360, { x: 0, y: 0, width: 360, height: 640 }, base);
  const frame = allocYuv(360, 640);
  const from = planesOf(base).y;
  const to = planesOf(frame).y;
  copyRect(from, to, rig.roi);
  warpPlane(from, to, rig.roi, rig.triangles, rig.source, deformRig(rig, pose, new Float64Array(rig.pointCount * 2)));
  const out = Buffer.alloc(rig.roi.width * rig.roi.height);
  for (let y = 0; y < rig.roi.height; y++) {
    const start = (rig.roi.y + y) * 360 + rig.roi.x;
    frame.data.copy(out, y * rig.roi.width, start, start + rig.roi.width);
  }
  return out;
}

function meanAbsDiff(a: Buffer, b: Buffer, pick: (i: number) => boolean): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    if (!pick(i)) continue;
    sum += Math.abs(a[i]! - b[i]!);
    n++;
  }
  return n ? sum / n : 0;
}

describe('face warp', () => {
  it('reproduces the still photo exactly when nothing moves', async () => {
    const { still, rig } = await setup();
    // The photo's own lip gap: the jaw stays where it is.
    const rest = draw(still, rig, { ...REST, mouthGap: rig.sourceCenterGap / rig.iod });
    const base = allocYuv(360, 640);
    rgbToYuvRegion(still, 360, { x: 0, y: 0, width: 360, height: 640 }, base);
    const copy = Buffer.alloc(rest.length);
    for (let y = 0; y < rig.roi.height; y++) {
      const start = (rig.roi.y + y) * 360 + rig.roi.x;
      base.data.copy(copy, y * rig.roi.width, start, start + rig.roi.width);
    }
    expect(meanAbsDiff(rest, copy, () => true)).toBeLessThan(0.05);
  });

  it('moves the mouth and chin when the jaw opens, not the forehead', async () => {
    const { still, rig } = await setup();
    const rest = draw(still, rig, REST);
    const open = draw(still, rig, { ...REST, mouthGap: 0.3 });
    const { width } = rig.roi;
    const rowOf = (i: number): number => Math.floor(i / width);
    const mouthY = rig.source[14 * 2 + 1]! - rig.roi.y;
    const browY = rig.source[105 * 2 + 1]! - rig.roi.y;
    const mouthBand = meanAbsDiff(rest, open, (i) => Math.abs(rowOf(i) - mouthY) < rig.iod * 0.3);
    const browBand = meanAbsDiff(rest, open, (i) => Math.abs(rowOf(i) - browY) < rig.iod * 0.15);
    expect(mouthBand).toBeGreaterThan(1.5);
    expect(browBand).toBeLessThan(0.5);
  });

  it('leaves the border of the moving region untouched under head motion (no seam)', async () => {
    const { still, rig } = await setup();
    const rest = draw(still, rig, REST);
    const turned = draw(still, rig, { ...REST, headRoll: 0.03, headX: 0.05, headY: 0.03, headScale: 0.01 });
    const { width, height } = rig.roi;
    const onBorder = (i: number): boolean => {
      const x = i % width;
      const y = Math.floor(i / width);
      return x < 2 || y < 2 || x >= width - 2 || y >= height - 2;
    };
    expect(meanAbsDiff(rest, turned, onBorder)).toBeLessThan(1.5);
    expect(meanAbsDiff(rest, turned, (i) => !onBorder(i))).toBeGreaterThan(1);
  });

  it('warps V beside U in one pass exactly as two passes do', async () => {
    const { still, rig } = await setup();
    const base = allocYuv(360, 640);
    rgbToYuvRegion(still, 360, { x: 0, y: 0, width: 360, height: 640 }, base);
    // A lively pose: every part of the rig moves.
    const dest = deformRig(rig, { ...REST, mouthGap: 0.25, mouthWidth: -0.8, blink: 1, headRoll: 0.06, headX: 0.2, headY: -0.15, headScale: 0.03 }, new Float64Array(rig.pointCount * 2));
    const from = toChroma(rig.source, new Float64Array(rig.pointCount * 2));
    const to = toChroma(dest, new Float64Array(rig.pointCount * 2));
    const clip = { x: 0, y: 0, width: 180, height: 320 };
    const still2 = planesOf(base);
    const apart = allocYuv(360, 640);
    const together = allocYuv(360, 640);
    const a = planesOf(apart);
    const t = planesOf(together);
    warpPlane(still2.u, a.u, clip, rig.triangles, from, to);
    warpPlane(still2.v, a.v, clip, rig.triangles, from, to);
    warpPlane(still2.u, t.u, clip, rig.triangles, from, to, { source: still2.v, target: t.v });
    expect(together.data.subarray(together.vOffset).some((b) => b !== 0)).toBe(true);
    expect(Buffer.compare(together.data, apart.data)).toBe(0);
  });
});
