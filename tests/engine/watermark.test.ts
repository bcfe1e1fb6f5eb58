import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { renderProject } from '../../src-main/engine/pipeline/render-project.js';
import { mkdirSync } from 'node:fs';
import { fixture, REPO_ROOT, tempDir } from '../support/fixtures.js';
import { frameAt } from '../support/media.js';

const work = tempDir('tp-watermark-');
mkdirSync(path.join(REPO_ROOT, 'test-results'), { recursive: true });
afterAll(() => work.cleanup());

const W = 320;
const H = 568;

/** Mean brightness difference between two RGB frames inside a box. */
function difference(a: Buffer, b: Buffer, box: { x: number; y: number; width: number; height: number }): number {
  let sum = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const i = (y * W + x) * 3;
      sum += Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!);
    }
  }
  return sum / (box.width * box.height * 3);
}

describe('the free plan’s watermark', () => {
  it('marks the top-left corner of the video and leaves the face untouched', async () => {
    const render = (name: string, watermark: boolean) =>
      renderProject({ photoPath: fixture('portrait-obama.jpg'), script: 'Half price this week.', outDir: path.join(work.dir, name), width: W, height: H, verify: false, watermark, route: 'local' });
    const [plain, marked] = await Promise.all([render('plain', false), render('marked', true)]);
    const a = await frameAt(path.join(work.dir, 'plain', 'video.mp4'), 5, W, H);
    const b = await frameAt(path.join(work.dir, 'marked', 'video.mp4'), 5, W, H);
    if (process.env.TP_SCREENSHOTS !== '0')
      await sharp(b, { raw: { width: W, height: H, channels: 3 } })
        .png()
        .toFile(path.join(REPO_ROOT, 'test-results', 'watermark.png'));
    const corner = { x: Math.round(W * 0.03), y: Math.round(H * 0.03), width: Math.round(W * 0.4), height: Math.round(H * 0.04) };
    const face = plain.face.boxInVideo;
    expect(marked.face.boxInVideo).toEqual(face);
    // The encoder's own noise differs a little everywhere; the mark is far above it.
    const inFace = difference(a, b, { x: Math.round(face.x), y: Math.round(face.y + face.height * 0.3), width: Math.round(face.width), height: Math.round(face.height * 0.5) });
    expect(inFace).toBeLessThan(4);
    expect(difference(a, b, corner)).toBeGreaterThan(Math.max(8, 4 * inFace));
  });
});
