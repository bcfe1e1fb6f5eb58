import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../tests/support/fixtures.js';
import { detectFacesHere } from './face-detector.js';
import { faceModel } from './face-model.js';
import type { Point } from './landmarks.js';

/**
 * The face model's memory (a wasm heap: it grows to hold the largest input and never
 * shrinks) stays small on a creator's full-size photo, so the thread can be kept for the
 * render's check (photo-and-voice.ts): the whole photo is only looked at shrunk, for the
 * faces' boxes, and each face is meshed on its own crop. Met whole, a 3278×4096 photo grew
 * it from 16 to 560 MB; now 197 MB (the first pass at 2400 px, the crop at 1024). Runs in its
 * own file: the heap is the process's.
 */
const SAMPLE = path.join(REPO_ROOT, 'resources/samples/portrait.jpg');

async function rgbOf(image: ReturnType<typeof sharp>) {
  const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height };
}

function wasmHeapMb(model: unknown): number {
  const backend = (model as { tf: { backend(): { wasm?: { HEAPU8?: Uint8Array } } } }).tf.backend();
  return (backend.wasm?.HEAPU8?.length ?? Number.NaN) / 2 ** 20;
}

describe('the face model on a full-size photo', () => {
  it('finds and meshes the face of a 4096-pixel photo as on the photo itself, with the model holding under 250 MB', async () => {
    const small = await rgbOf(sharp(SAMPLE));
    const big = await rgbOf(sharp(SAMPLE).resize({ height: 4096 }));
    const scale = big.height / small.height;
    const [onBig] = await detectFacesHere(big);
    expect(wasmHeapMb(await faceModel())).toBeLessThan(250);
    const [onSmall] = await detectFacesHere(small);
    expect(onBig).toBeDefined();
    expect(onSmall).toBeDefined();
    // The same face: its eye distance and its mouth corners where the small photo has them, scaled.
    expect(Math.abs(onBig!.interocularPx / scale - onSmall!.interocularPx)).toBeLessThan(0.03 * onSmall!.interocularPx);
    const corner = (mesh: readonly Point[], i: number): Point => mesh[i]!;
    for (const i of [61, 291]) {
      const [bx, by] = corner(onBig!.mesh, i);
      const [sx, sy] = corner(onSmall!.mesh, i);
      expect(Math.hypot(bx / scale - sx, by / scale - sy)).toBeLessThan(0.03 * onSmall!.interocularPx);
    }
  });
});
