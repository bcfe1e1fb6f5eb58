import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../tests/support/fixtures.js';
import { analyzeFaces } from '../face/face-analysis.js';
import { deformRig, type FramePose } from './deform.js';
import { buildFaceRig } from './face-rig.js';
import { layoutFrame, renderStillFrame, toFrame } from './frame-layout.js';
import { copyRegion, warpRegion } from './warp.js';

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

function draw(still: Buffer, rig: Awaited<ReturnType<typeof setup>>['rig'], pose: FramePose): Buffer {
  const out = Buffer.alloc(rig.roi.width * rig.roi.height * 3);
  copyRegion(still, 360, rig.roi, out);
  warpRegion(still, 360, 640, rig, deformRig(rig, pose, new Float64Array(rig.pointCount * 2)), out);
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
    const rest = draw(still, rig, REST);
    const copy = Buffer.alloc(rest.length);
    copyRegion(still, 360, rig.roi, copy);
    expect(meanAbsDiff(rest, copy, () => true)).toBeLessThan(0.6);
  });

  it('moves the mouth and chin when the jaw opens, not the forehead', async () => {
    const { still, rig } = await setup();
    const rest = draw(still, rig, REST);
    const open = draw(still, rig, { ...REST, mouthGap: 0.3 });
    const { width } = rig.roi;
    const rowOf = (i: number): number => Math.floor(i / 3 / width);
    const mouthY = rig.source[14 * 2 + 1]! - rig.roi.y;
    const browY = rig.source[105 * 2 + 1]! - rig.roi.y;
    const mouthBand = meanAbsDiff(rest, open, (i) => Math.abs(rowOf(i) - mouthY) < rig.iod * 0.3);
    const browBand = meanAbsDiff(rest, open, (i) => Math.abs(rowOf(i) - browY) < rig.iod * 0.15);
    expect(mouthBand).toBeGreaterThan(3);
    expect(browBand).toBeLessThan(0.5);
  });

  it('leaves the border of the moving region untouched under head motion (no seam)', async () => {
    const { still, rig } = await setup();
    const rest = draw(still, rig, REST);
    const turned = draw(still, rig, { ...REST, headRoll: 0.03, headX: 0.05, headY: 0.03, headScale: 0.01 });
    const { width, height } = rig.roi;
    const onBorder = (i: number): boolean => {
      const p = Math.floor(i / 3);
      const x = p % width;
      const y = Math.floor(p / width);
      return x < 2 || y < 2 || x >= width - 2 || y >= height - 2;
    };
    expect(meanAbsDiff(rest, turned, onBorder)).toBeLessThan(1.5);
    expect(meanAbsDiff(rest, turned, (i) => !onBorder(i))).toBeGreaterThan(1);
  });
});
